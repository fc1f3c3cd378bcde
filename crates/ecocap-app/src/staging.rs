//! Outputs are written to a hidden staging directory inside the output
//! directory and moved into place only when the whole run succeeded, so a
//! failed run never leaves files that look finished.

use crate::error::AppError;
use std::path::{Path, PathBuf};

/// A staging area for one run's outputs.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Create `out` if needed and a staging directory inside it.
    pub fn new(out: &Path) -> Result<Staging, AppError> {
        let fail = |e: std::io::Error| AppError::OutDir {
            path: out.to_path_buf(),
            detail: e.to_string(),
        };
        if out.exists() && !out.is_dir() {
            return Err(AppError::OutDir {
                path: out.to_path_buf(),
                detail: "it exists and is not a directory".into(),
            });
        }
        std::fs::create_dir_all(out).map_err(fail)?;
        let dir = out.join(format!(".ecocap-partial-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(fail)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// Directory to write outputs into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Final output directory.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Move every staged file and sub-directory into the output directory
    /// (`manifest.json` last) and remove the staging directory. Returns the
    /// final paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, AppError> {
        let fail = |e: std::io::Error| AppError::OutDir {
            path: self.out.clone(),
            detail: e.to_string(),
        };
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map_err(fail)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort_by_key(|p| p.file_name().map(|n| n == "manifest.json").unwrap_or(false));
        let mut out = Vec::new();
        for p in names {
            if let Some(name) = p.file_name() {
                let dest = self.out.join(name);
                // a sub-directory of outputs replaces the previous run's
                if p.is_dir() && dest.is_dir() {
                    std::fs::remove_dir_all(&dest).map_err(fail)?;
                }
                std::fs::rename(&p, &dest).map_err(fail)?;
                out.push(dest);
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        self.committed = true;
        Ok(out)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
