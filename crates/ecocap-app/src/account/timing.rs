//! Wall time of each step of an account run, kept for the manifest's
//! `timings` and the command's closing line, and announced to the
//! [`Progress`] sink so a benchmark can measure memory per step.

use crate::progress::Progress;
use std::time::Instant;

/// The steps timed so far.
pub struct Steps<'a> {
    list: Vec<(String, f64)>,
    progress: &'a dyn Progress,
}

impl<'a> Steps<'a> {
    /// No steps yet; `progress` hears of each step's start and end.
    pub fn new(progress: &'a dyn Progress) -> Steps<'a> {
        Steps {
            list: Vec::new(),
            progress,
        }
    }

    /// Run `f` as the step `name` and record its wall time (also when it
    /// fails, so a failed run's manifest is never written anyway).
    pub fn run<T>(&mut self, name: impl Into<String>, f: impl FnOnce() -> T) -> T {
        let name = name.into();
        self.progress.step_begin(&name);
        let t = Instant::now();
        let out = f();
        let s = t.elapsed().as_secs_f64();
        self.progress.step_end(&name, s);
        self.list.push((name, s));
        out
    }

    /// The sink steps are announced to.
    pub fn progress(&self) -> &'a dyn Progress {
        self.progress
    }

    /// The steps in the order they ran, with seconds.
    pub fn into_list(self) -> Vec<(String, f64)> {
        self.list
    }
}

/// One compact line: `LS 2.1 s · pass 2000 1.4 s · … · total 9.8 s`.
pub fn compact_line(steps: &[(String, f64)]) -> String {
    let total: f64 = steps.iter().map(|(_, s)| s).sum();
    let mut parts: Vec<String> = steps
        .iter()
        .map(|(n, s)| format!("{n} {}", seconds(*s)))
        .collect();
    parts.push(format!("total {}", seconds(total)));
    parts.join(" · ")
}

fn seconds(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;
    use std::sync::Mutex;

    struct Heard(Mutex<Vec<String>>);
    impl Progress for Heard {
        fn start(&self, _: &str, _: u64) {}
        fn advance(&self, _: u64) {}
        fn finish(&self) {}
        fn note(&self, _: &str) {}
        fn step_begin(&self, name: &str) {
            self.0.lock().unwrap().push(format!("begin {name}"));
        }
        fn step_end(&self, name: &str, seconds: f64) {
            assert!(seconds >= 0.0);
            self.0.lock().unwrap().push(format!("end {name}"));
        }
    }

    #[test]
    fn steps_are_recorded_in_order_and_announced() {
        let heard = Heard(Mutex::new(Vec::new()));
        let mut steps = Steps::new(&heard);
        let v = steps.run("LS", || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            7
        });
        assert_eq!(v, 7);
        steps.run("valuation", || ());
        let list = steps.into_list();
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].0.as_str(), list[1].0.as_str()),
            ("LS", "valuation")
        );
        assert!(list[0].1 >= 0.02, "LS took {} s", list[0].1);
        assert_eq!(
            *heard.0.lock().unwrap(),
            ["begin LS", "end LS", "begin valuation", "end valuation"]
        );
    }

    #[test]
    fn compact_line_lists_steps_and_total() {
        let line = compact_line(&[("LS".into(), 2.0), ("report".into(), 12.34)]);
        assert_eq!(line, "LS 2.00 s · report 12.3 s · total 14.3 s");
        let mut s = Steps::new(&NoProgress);
        s.run("x", || ());
        assert_eq!(s.into_list().len(), 1);
    }
}
