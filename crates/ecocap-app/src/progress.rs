//! Progress reporting, implemented by front ends (the CLI uses indicatif).

/// A sink for progress of long steps.
pub trait Progress: Sync {
    /// A step starts; `total` units of work (cells, windows) are expected.
    fn start(&self, label: &str, total: u64);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// The current step is done.
    fn finish(&self);
    /// A one-line message about what was done (e.g. an alignment).
    fn note(&self, message: &str);
    /// A timed step of a run begins (the account's LS, passes, valuation…);
    /// front ends that measure memory per step reset their counters here.
    fn step_begin(&self, _name: &str) {}
    /// A timed step ended after `seconds` of wall time.
    fn step_end(&self, _name: &str, _seconds: f64) {}
}

/// Progress that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
    fn note(&self, _: &str) {}
}
