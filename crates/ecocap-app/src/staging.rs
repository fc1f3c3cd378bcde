//! Outputs are written to a hidden staging directory inside the output
//! directory and moved into place only when the whole run succeeded, so a
//! failed run never leaves files that look finished.
//!
//! A [`Staging`] also holds the output folder's lock ([`OutLock`]) for the
//! whole run, refuses a folder that holds another command's outputs
//! (unless forced), and sweeps the staging folders of dead runs. Its
//! commit replaces exactly what the run owns: each top-level file or
//! sub-folder of the staging directory is swapped in by rename (the old
//! one renamed aside first, removed after), never merged into an old tree;
//! outputs the previous run of the same command listed and this run did
//! not produce are removed, with a note. A run that fails or is
//! interrupted removes its staging folder, its lock, and the output folder
//! and cache it created.

use crate::error::AppError;
use crate::interrupt::{self, Cleanup};
use crate::outlock::{pid_alive, OutLock};
use crate::owner::{self, Previous};
use std::path::{Path, PathBuf};

/// Prefixes of the per-process folders in an output folder (the PID
/// follows): staging, old outputs being replaced, the GEP engine's staging.
const PER_PROCESS: [&str; 3] = [".ecocap-partial-", ".ecocap-old-", ".gep-staging-"];

/// A staging area for one run's outputs.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    command: String,
    previous: Previous,
    owned_dirs: Vec<String>,
    cleanup: Cleanup,
    notes: Vec<String>,
    id: u64,
    committed: bool,
    lock: Option<OutLock>,
}

/// What a commit did.
#[derive(Debug, Clone, Default)]
pub struct Committed {
    /// final paths of the top-level files and folders moved in
    /// (`manifest.json` last)
    pub files: Vec<PathBuf>,
    /// what the user should know (leftovers removed)
    pub notes: Vec<String>,
}

fn out_err(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |e| AppError::OutDir {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Remove the per-process folders of processes that no longer exist;
/// returns a note per folder removed.
fn sweep_dead(out: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else {
        return notes;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let pid = PER_PROCESS
            .iter()
            .find_map(|p| name.strip_prefix(p))
            .and_then(|rest| rest.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id()
                && !pid_alive(pid)
                && std::fs::remove_dir_all(e.path()).is_ok()
            {
                notes.push(format!(
                    "removed {}, left by an interrupted run (PID {pid})",
                    e.path().display()
                ));
            }
        }
    }
    notes
}

impl Staging {
    /// Create `out` if needed, lock it, check that it holds no other
    /// command's outputs (`command` is the manifest's `command`, e.g.
    /// "esv" or "run carbon"; `force` writes beside another command's
    /// files), sweep dead runs' staging folders and create this run's.
    pub fn new(out: &Path, command: &str, force: bool) -> Result<Staging, AppError> {
        if out.exists() && !out.is_dir() {
            return Err(AppError::OutDir {
                path: out.to_path_buf(),
                detail: "it exists and is not a directory".into(),
            });
        }
        // the folders this run creates, innermost first: removed again
        // (when empty) if the run fails
        let created: Vec<PathBuf> = out
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        let undo_created = || {
            for d in &created {
                let _ = std::fs::remove_dir(d);
            }
        };
        std::fs::create_dir_all(out)
            .map_err(out_err(out))
            .inspect_err(|_| undo_created())?;
        let lock = OutLock::acquire(out).inspect_err(|_| undo_created())?;
        let mut cleanup = Cleanup {
            files: vec![lock.path().to_path_buf()],
            empty_dirs: created.clone(),
            ..Cleanup::default()
        };
        let previous = match owner::check_owner(out, command, force) {
            Ok(p) => p,
            Err(e) => {
                drop(lock);
                undo_created();
                return Err(e);
            }
        };
        let notes = sweep_dead(out);
        let dir = out.join(format!(".ecocap-partial-{}", std::process::id()));
        cleanup.trees.push(dir.clone());
        let id = interrupt::register(cleanup.clone());
        // from here on Drop undoes everything
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            command: command.to_string(),
            previous,
            owned_dirs: Vec::new(),
            cleanup,
            notes,
            id,
            committed: false,
            lock: Some(lock),
        };
        if staging.dir.exists() {
            std::fs::remove_dir_all(&staging.dir).map_err(out_err(out))?;
        }
        std::fs::create_dir_all(&staging.dir).map_err(out_err(out))?;
        Ok(staging)
    }

    /// Directory to write outputs into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Final output directory.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Sub-folders of the output folder that this command owns: one the
    /// previous run of the same command left and this run does not write is
    /// removed at commit (for manifests that list folders, not files).
    pub fn own_dirs(&mut self, dirs: &[&str]) {
        self.owned_dirs.extend(dirs.iter().map(|d| d.to_string()));
    }

    /// Remove `out/name` (a folder) if the run fails or is interrupted and
    /// the folder did not exist when this was called (a cache the run
    /// creates on its way).
    pub fn discard_on_failure(&mut self, name: &str) {
        let p = self.out.join(name);
        if !p.exists() {
            self.cleanup.trees.push(p);
            interrupt::update(self.id, self.cleanup.clone());
        }
    }

    /// Outputs of the previous run of this command that this run (whose
    /// manifest lists `new`) does not produce, and that are still there.
    fn leftovers(&self, new: &[String]) -> Vec<String> {
        if self.previous.command.is_none() {
            return Vec::new();
        }
        let mut stale: Vec<String> = self
            .previous
            .outputs
            .iter()
            .filter(|p| owner::is_removable(p) && !new.contains(p))
            .filter(|p| self.out.join(p).symlink_metadata().is_ok())
            .cloned()
            .collect();
        for d in &self.owned_dirs {
            let produced = new.iter().any(|n| n.starts_with(&format!("{d}/")));
            if !produced
                && !stale.contains(d)
                && owner::is_removable(d)
                && self.out.join(d).is_dir()
                && !self.dir.join(d).exists()
            {
                stale.push(d.clone());
            }
        }
        stale.sort();
        stale.dedup();
        stale
    }

    /// Add `note` to the staged `manifest.json` (its `notes`).
    fn note_in_manifest(&self, note: &str) -> Result<(), AppError> {
        let path = self.dir.join("manifest.json");
        let Some(mut m) = owner::read_manifest(&self.dir) else {
            return Ok(());
        };
        let Some(obj) = m.as_object_mut() else {
            return Ok(());
        };
        let notes = obj
            .entry("notes")
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let Some(a) = notes.as_array_mut() {
            a.push(serde_json::Value::String(note.to_string()));
        }
        let text =
            serde_json::to_string_pretty(&m).map_err(|e| AppError::Internal(e.to_string()))?;
        std::fs::write(&path, text + "\n").map_err(out_err(&self.dir))
    }

    /// Swap every staged file and sub-folder into the output folder
    /// (`manifest.json` last), remove the previous run's leftovers and the
    /// staging folder, release the lock. Returns the final paths and notes.
    pub fn commit(mut self) -> Result<Committed, AppError> {
        let new = owner::read_manifest(&self.dir)
            .map(|m| owner::manifest_outputs(&m))
            .unwrap_or_default();
        let stale = self.leftovers(&new);
        let mut notes = std::mem::take(&mut self.notes);
        if !stale.is_empty() {
            let shown: Vec<&str> = stale.iter().take(12).map(String::as_str).collect();
            let more = if stale.len() > shown.len() {
                format!(" and {} more", stale.len() - shown.len())
            } else {
                String::new()
            };
            notes.push(format!(
                "removed {} output(s) of the previous `ecocap {}` run in {} that this run does not produce: {}{more}",
                stale.len(),
                self.command,
                self.out.display(),
                shown.join(", ")
            ));
        }
        for n in &notes {
            self.note_in_manifest(n)?;
        }
        let guard = interrupt::hold();
        let files = crate::swap::swap_in(&self.dir, &self.out)?;
        for s in &stale {
            crate::swap::remove_output(&self.out, s);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        self.committed = true;
        drop(guard);
        Ok(Committed { files, notes })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            interrupt::unregister(self.id);
            self.lock = None;
            return;
        }
        // the lock file is removed by the lock itself, before the folder
        let _ = std::fs::remove_dir_all(&self.dir);
        for t in &self.cleanup.trees {
            let _ = std::fs::remove_dir_all(t);
        }
        self.lock = None;
        for d in &self.cleanup.empty_dirs {
            let _ = std::fs::remove_dir(d);
        }
        interrupt::unregister(self.id);
    }
}
