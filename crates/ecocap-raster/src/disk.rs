//! Is the disk of an output full? Asked after a write failed, because
//! GDAL and libtiff do not pass on the system's reason (`ENOSPC`).

use std::path::Path;

/// Below this many free bytes a failed write is blamed on a full disk.
const FULL_BELOW: u64 = 4 << 20;

/// True when the file system holding `path` (or its nearest existing
/// parent) has less than [`FULL_BELOW`] bytes available.
#[cfg(unix)]
pub(crate) fn is_full(path: &Path) -> bool {
    let mut p = Some(path);
    while let Some(q) = p {
        if q.as_os_str().is_empty() {
            return check(Path::new("."));
        }
        if q.exists() {
            return check(q);
        }
        p = q.parent();
    }
    false
}

#[cfg(unix)]
fn check(p: &Path) -> bool {
    match rustix::fs::statvfs(p) {
        Ok(s) => s.f_bavail.saturating_mul(s.f_frsize) < FULL_BELOW,
        Err(_) => false,
    }
}

/// Elsewhere the free space is not asked; the write error says what GDAL
/// reported.
#[cfg(not(unix))]
pub(crate) fn is_full(_path: &Path) -> bool {
    false
}
