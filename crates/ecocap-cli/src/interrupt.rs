//! SIGINT and SIGTERM: remove the staging folder, the output lock and what
//! the interrupted run created (`ecocap_app::clean_up_interrupted`), then
//! end the process as the signal would have (exit status 128 + signal).
//! The signals are received on a thread of their own (signal-hook's
//! iterator), so the cleanup runs as ordinary code, not in a handler.

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Install the cleanup for SIGINT and SIGTERM (best effort: without it a
/// signal ends the process as before and the next run sweeps the leftovers).
pub fn install() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            ecocap_app::clean_up_interrupted();
            let _ = signal_hook::low_level::emulate_default_handler(sig);
            std::process::exit(128 + sig);
        }
    });
}
