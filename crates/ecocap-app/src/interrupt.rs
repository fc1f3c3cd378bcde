//! What to remove when the process is interrupted (SIGINT, SIGTERM).
//!
//! Every open [`crate::Staging`] registers its staging folder, its output
//! lock and whatever it created in the output folder; a front end's signal
//! handler calls [`clean_up_interrupted`] and then ends the process. A
//! commit in progress holds the registry, so an interruption waits for the
//! commit to finish instead of leaving half-swapped outputs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The paths one run removes when interrupted, in this order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cleanup {
    /// folders removed with their contents (the staging folder, a cache
    /// the run created)
    pub trees: Vec<PathBuf>,
    /// files removed (the lock)
    pub files: Vec<PathBuf>,
    /// folders removed only when empty (an output folder the run created)
    pub empty_dirs: Vec<PathBuf>,
}

impl Cleanup {
    /// Remove everything, ignoring what is already gone.
    pub fn run(&self) {
        for t in &self.trees {
            let _ = std::fs::remove_dir_all(t);
        }
        for f in &self.files {
            let _ = std::fs::remove_file(f);
        }
        for d in &self.empty_dirs {
            let _ = std::fs::remove_dir(d);
        }
    }
}

static ACTIVE: Mutex<BTreeMap<u64, Cleanup>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(1);

fn active() -> MutexGuard<'static, BTreeMap<u64, Cleanup>> {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Register a run's cleanup; returns its id.
pub(crate) fn register(cleanup: Cleanup) -> u64 {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    active().insert(id, cleanup);
    id
}

/// Replace the cleanup of run `id`.
pub(crate) fn update(id: u64, cleanup: Cleanup) {
    active().insert(id, cleanup);
}

/// Forget run `id` (committed or cleaned up by itself).
pub(crate) fn unregister(id: u64) {
    active().remove(&id);
}

/// Hold the registry while outputs are being swapped in: an interruption
/// waits until the guard is dropped.
pub(crate) struct CommitGuard {
    _held: MutexGuard<'static, BTreeMap<u64, Cleanup>>,
}

/// See [`CommitGuard`].
pub(crate) fn hold() -> CommitGuard {
    CommitGuard { _held: active() }
}

/// Remove the staging folders, output locks, caches and empty output
/// folders of every run of this process that has not committed (waiting
/// for a commit in progress to finish). For a SIGINT/SIGTERM handler: the
/// caller ends the process right after; no run of this process can commit
/// afterwards.
pub fn clean_up_interrupted() {
    let guard = active();
    for c in guard.values() {
        c.run();
    }
    // keep the registry locked: a commit starting now would wait for ever,
    // and the process is about to end
    std::mem::forget(guard);
}
