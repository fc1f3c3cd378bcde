//! The run manifest: inputs with checksums, tables with sources,
//! parameters, version and timings (`manifest.json`).

use crate::error::AppError;
use ecocap_params::TableProvenance;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputRecord {
    /// what the file is for (e.g. "landcover 2020")
    pub role: String,
    /// path as given
    pub path: PathBuf,
    /// bytes
    pub bytes: u64,
    /// SHA-256, lower-case hex
    pub sha256: String,
}

/// SHA-256 of a file (streamed).
pub fn file_sha256(path: &Path) -> Result<(String, u64), AppError> {
    let mut f = std::fs::File::open(path).map_err(|e| {
        AppError::input(path.display().to_string(), e.to_string(), "check the path")
    })?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f
            .read(&mut buf)
            .map_err(|e| AppError::Internal(format!("{}: {e}", path.display())))?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((format!("{:x}", h.finalize()), n))
}

/// The manifest of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// "ecocap"
    pub tool: String,
    /// crate version
    pub version: String,
    /// the use case (e.g. "esv")
    pub command: String,
    /// inputs with checksums
    pub inputs: Vec<InputRecord>,
    /// parameter tables used (builtin or user files)
    pub tables: Vec<TableProvenance>,
    /// every parameter of the run
    pub parameters: serde_json::Value,
    /// output files (relative to the output directory)
    pub outputs: Vec<String>,
    /// seconds per step
    pub timings: Vec<(String, f64)>,
    /// notes and warnings shown to the user
    pub notes: Vec<String>,
}

impl Manifest {
    /// A new manifest for `command`.
    pub fn new(command: &str) -> Manifest {
        Manifest {
            tool: "ecocap".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            command: command.into(),
            inputs: Vec::new(),
            tables: Vec::new(),
            parameters: serde_json::Value::Null,
            outputs: Vec::new(),
            timings: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Record an input file with its checksum.
    pub fn add_input(&mut self, role: impl Into<String>, path: &Path) -> Result<(), AppError> {
        let (sha256, bytes) = file_sha256(path)?;
        self.inputs.push(InputRecord {
            role: role.into(),
            path: path.to_path_buf(),
            bytes,
            sha256,
        });
        Ok(())
    }

    /// Record several input files, hashed in parallel (one file per task),
    /// in the order given.
    pub fn add_inputs(&mut self, items: &[(String, PathBuf)]) -> Result<(), AppError> {
        use rayon::prelude::*;
        let hashed: Vec<(String, u64)> = items
            .par_iter()
            .map(|(_, p)| file_sha256(p))
            .collect::<Result<_, _>>()?;
        for ((role, path), (sha256, bytes)) in items.iter().zip(hashed) {
            self.inputs.push(InputRecord {
                role: role.clone(),
                path: path.clone(),
                bytes,
                sha256,
            });
        }
        Ok(())
    }

    /// Write `manifest.json` into `dir`.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, AppError> {
        let p = dir.join("manifest.json");
        let text =
            serde_json::to_string_pretty(self).map_err(|e| AppError::Internal(e.to_string()))?;
        std::fs::write(&p, text).map_err(|e| AppError::OutDir {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        Ok(p)
    }
}
