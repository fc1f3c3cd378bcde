//! One run at a time per output folder: `.ecocap-lock` in the folder holds
//! the PID of the run writing there, under an exclusive advisory lock of
//! the file (`flock` on Unix) that the system releases when the process
//! ends, however it ends. A second run is refused at once with the PID of
//! the holder; a lock file left by a killed run is simply taken over.
//! Where the file system has no such locks, the PID decides: a lock of a
//! process that no longer exists is stale and taken over.

use crate::error::AppError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Name of the lock file inside an output folder.
pub const LOCK_FILE: &str = ".ecocap-lock";

/// The lock of one output folder, released (and its file removed) on drop.
#[derive(Debug)]
pub struct OutLock {
    path: PathBuf,
    file: Option<File>,
}

/// Whether process `pid` exists (a zombie counts as existing).
pub fn pid_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    // elsewhere on Unix `kill -0` asks the same without unsafe code; when
    // it cannot be asked, the process is taken to be alive (nothing swept)
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(true)
}

fn read_pid(path: &Path) -> Option<u32> {
    let mut s = String::new();
    File::open(path).ok()?.read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

/// The open file is still the one at `path` (its holder may have removed
/// it between our open and our lock).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn busy(out: &Path, lock: &Path, pid: Option<u32>) -> AppError {
    let who = match pid {
        Some(p) if p == std::process::id() => format!("PID {p}, this process"),
        Some(p) => format!("PID {p}"),
        None => "PID unknown".into(),
    };
    AppError::input(
        out.display().to_string(),
        format!("another ecocap run ({who}) is writing into this output folder"),
        format!(
            "wait for that run to finish (or stop it), or choose another output folder; the lock ({}) is released when the process ends",
            lock.display()
        ),
    )
}

impl OutLock {
    /// Lock `out` (an existing folder) for this process, or refuse with the
    /// PID of the run holding it.
    pub fn acquire(out: &Path) -> Result<OutLock, AppError> {
        let path = out.join(LOCK_FILE);
        let fail = |e: std::io::Error| AppError::OutDir {
            path: out.to_path_buf(),
            detail: format!("{}: {e}", LOCK_FILE),
        };
        for _ in 0..5 {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(fail)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(busy(out, &path, read_pid(&path))),
                // no advisory locks here: a live PID in the file holds it
                Err(TryLockError::Error(_)) => {
                    if let Some(pid) = read_pid(&path) {
                        if pid != std::process::id() && pid_alive(pid) {
                            return Err(busy(out, &path, Some(pid)));
                        }
                    }
                }
            }
            if !same_file(&file, &path) {
                continue;
            }
            let mut lock = OutLock {
                path,
                file: Some(file),
            };
            lock.write_pid().map_err(fail)?;
            return Ok(lock);
        }
        Err(busy(out, &path, read_pid(&path)))
    }

    fn write_pid(&mut self) -> std::io::Result<()> {
        if let Some(f) = &mut self.file {
            f.set_len(0)?;
            f.write_all(format!("{}\n", std::process::id()).as_bytes())?;
            f.flush()?;
        }
        Ok(())
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // remove the file while still holding the lock, then unlock
        let _ = std::fs::remove_file(&self.path);
        self.file = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_with_the_pid_and_released_on_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = OutLock::acquire(dir.path()).expect("first lock");
        let text = std::fs::read_to_string(first.path()).expect("lock file");
        assert_eq!(text.trim(), std::process::id().to_string());
        let e = OutLock::acquire(dir.path()).expect_err("second lock");
        assert!(
            e.to_string().contains(&std::process::id().to_string()),
            "{e}"
        );
        assert!(e.to_string().contains("hint:"), "{e}");
        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists());
        let again = OutLock::acquire(dir.path()).expect("lock after release");
        drop(again);
    }

    #[test]
    fn a_lock_file_left_by_a_dead_run_is_taken_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        // no process holds it: as after kill -9
        std::fs::write(dir.path().join(LOCK_FILE), "999999999\n").expect("write");
        let lock = OutLock::acquire(dir.path()).expect("stale lock taken over");
        let text = std::fs::read_to_string(lock.path()).expect("lock file");
        assert_eq!(text.trim(), std::process::id().to_string());
    }
}
