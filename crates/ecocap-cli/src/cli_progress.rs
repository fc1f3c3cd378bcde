//! Progress bars on stderr (hidden automatically when stderr is not a terminal).

use ecocap_app::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;

/// indicatif-backed progress.
pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    quiet: bool,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            bar: Mutex::new(None),
            quiet,
        }
    }
}

impl Progress for Bars {
    fn start(&self, label: &str, total: u64) {
        if self.quiet {
            return;
        }
        let pb = ProgressBar::new(total);
        if let Ok(style) =
            ProgressStyle::with_template("{msg:24} [{bar:40}] {percent:>3}% {elapsed_precise}")
        {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(label.to_string());
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(pb);
        }
    }

    fn advance(&self, n: u64) {
        if let Ok(b) = self.bar.lock() {
            if let Some(pb) = b.as_ref() {
                pb.inc(n);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut b) = self.bar.lock() {
            if let Some(pb) = b.take() {
                pb.finish_and_clear();
            }
        }
    }

    fn note(&self, message: &str) {
        // loud warnings (unusual input values) are shown even with --quiet
        if let Some(w) = message.strip_prefix("WARNING: ") {
            eprintln!("WARNING: {w}");
        } else if !self.quiet {
            eprintln!("note: {message}");
        }
    }
}
