//! Re-running an account after a parameter or price change reuses the
//! raster work: each year's pass (the per-zone, per-type sums every
//! quantity is computed from) is stored under a key made of the content
//! hashes of everything it depends on — the rasters, zones, mapping, which
//! indicators are computed and which types have parameters — and of the
//! ecocap version. Prices, photosynthesis coefficients, runoff and heat
//! values, AC days and C·P enter only after the pass, so changing them
//! reruns no raster work; changing any input raster reruns its year.

use super::pass::TypeSums;
use crate::error::AppError;
use crate::manifest::file_sha256;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A year's pass as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedYear {
    /// (zone, type index, sums)
    pub sums: Vec<(String, usize, TypeSums)>,
    /// notes the pass produced
    pub notes: Vec<String>,
    /// input files (role, path)
    pub inputs: Vec<(String, PathBuf)>,
}

impl CachedYear {
    /// The sums as a map.
    pub fn map(&self) -> BTreeMap<(String, usize), TypeSums> {
        self.sums
            .iter()
            .map(|(z, t, s)| ((z.clone(), *t), *s))
            .collect()
    }
}

/// A derived raster found in the cache, or where to keep it once computed.
pub enum Derived {
    /// kept from an earlier run
    Kept(ecocap_raster::RasterSource),
    /// not kept yet: the path to keep it at
    Missing(PathBuf),
}

impl Derived {
    /// Whether it has to be computed.
    pub fn is_missing(&self) -> bool {
        matches!(self, Derived::Missing(_))
    }

    /// The kept raster, or `compute` it and keep a copy in `cache`.
    pub fn or_compute(
        self,
        cache: &PassCache,
        compute: impl FnOnce() -> Result<ecocap_raster::RasterSource, AppError>,
    ) -> Result<ecocap_raster::RasterSource, AppError> {
        match self {
            Derived::Kept(s) => Ok(s),
            Derived::Missing(kept) => {
                let s = compute()?;
                cache.keep(&s.path, &kept);
                Ok(s)
            }
        }
    }
}

/// The cache directory of an output directory.
pub struct PassCache {
    dir: PathBuf,
}

impl PassCache {
    /// `out/.ecocap-cache` (created on first store).
    pub fn new(out: &Path) -> PassCache {
        PassCache {
            dir: out.join(".ecocap-cache"),
        }
    }

    /// A key from labelled parts; files are hashed by content.
    pub fn key(parts: &[(String, Option<&Path>)]) -> Result<String, AppError> {
        let mut h = Sha256::new();
        h.update(concat!("ecocap ", env!("CARGO_PKG_VERSION"), " account-pass v2").as_bytes());
        for (label, file) in parts {
            h.update(label.as_bytes());
            h.update([0u8]);
            if let Some(f) = file {
                h.update(file_sha256(f)?.0.as_bytes());
            }
            h.update([1u8]);
        }
        Ok(format!("{:x}", h.finalize()))
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("pass-{key}.json"))
    }

    /// A stored pass, if any (a damaged entry counts as absent).
    pub fn load(&self, key: &str) -> Option<CachedYear> {
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Where a derived raster (the LS factor) is kept under `key`.
    pub fn raster(&self, stem: &str, key: &str) -> PathBuf {
        self.dir.join(format!("{stem}-{key}.tif"))
    }

    /// Keep a copy of `from` as `to` (from [`PassCache::raster`]); failures
    /// only cost a recomputation next time.
    pub fn keep(&self, from: &Path, to: &Path) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = to.with_extension("tif.partial");
        if std::fs::copy(from, &tmp).is_ok() {
            let _ = std::fs::rename(&tmp, to);
        }
    }

    /// A derived raster (LS, K', the TI term) from the cache when the files
    /// and labels in `parts` are unchanged; else `compute` it and keep a copy.
    pub fn derived(
        &self,
        stem: &str,
        parts: &[(String, Option<&Path>)],
        compute: impl FnOnce() -> Result<ecocap_raster::RasterSource, AppError>,
    ) -> Result<ecocap_raster::RasterSource, AppError> {
        self.lookup(stem, parts)?.or_compute(self, compute)
    }

    /// Whether a derived raster is kept, without computing it (so that the
    /// routing LS and TI share runs only when one of them is missing).
    pub fn lookup(
        &self,
        stem: &str,
        parts: &[(String, Option<&Path>)],
    ) -> Result<Derived, AppError> {
        let kept = self.raster(stem, &PassCache::key(parts)?);
        Ok(match ecocap_raster::RasterSource::open(&kept) {
            Ok(s) => Derived::Kept(s),
            Err(_) => Derived::Missing(kept),
        })
    }

    /// Store a pass; failures only cost a recomputation next time.
    pub fn store(&self, key: &str, year: &CachedYear) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        if let Ok(text) = serde_json::to_string(year) {
            let tmp = self.path(key).with_extension("json.partial");
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, self.path(key));
            }
        }
    }
}
