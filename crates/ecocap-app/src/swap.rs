//! Moving a run's staged outputs into the output folder by whole-entry
//! renames: an existing file or sub-folder of the same name is renamed
//! aside (into `.ecocap-old-PID/`), the new one renamed in, and the old
//! ones removed once all are in. Nothing is ever merged into an old tree.
//! If a rename fails, what was already swapped is put back.

use crate::error::AppError;
use std::path::{Path, PathBuf};

fn fail(path: &Path, e: std::io::Error) -> AppError {
    AppError::OutDir {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Put back what [`swap_in`] already swapped: `done` holds (name, whether
/// an old entry was set aside), in order.
fn roll_back(staged: &Path, out: &Path, aside: &Path, done: &[(PathBuf, bool)]) {
    for (name, had_old) in done.iter().rev() {
        let _ = std::fs::rename(out.join(name), staged.join(name));
        if *had_old {
            let _ = std::fs::rename(aside.join(name), out.join(name));
        }
    }
}

/// Swap every entry of `staged` into `out` (`manifest.json` last); returns
/// the final paths in that order.
pub(crate) fn swap_in(staged: &Path, out: &Path) -> Result<Vec<PathBuf>, AppError> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(staged)
        .map_err(|e| fail(staged, e))?
        .filter_map(|e| e.ok().map(|e| PathBuf::from(e.file_name())))
        .collect();
    names.sort_by_key(|n| (n.as_os_str() == "manifest.json", n.clone()));
    let aside = out.join(format!(".ecocap-old-{}", std::process::id()));
    if aside.exists() {
        std::fs::remove_dir_all(&aside).map_err(|e| fail(&aside, e))?;
    }
    std::fs::create_dir(&aside).map_err(|e| fail(&aside, e))?;
    let mut done: Vec<(PathBuf, bool)> = Vec::new();
    for name in &names {
        let dest = out.join(name);
        let had_old = dest.symlink_metadata().is_ok();
        if had_old {
            if let Err(e) = std::fs::rename(&dest, aside.join(name)) {
                roll_back(staged, out, &aside, &done);
                let _ = std::fs::remove_dir_all(&aside);
                return Err(fail(&dest, e));
            }
        }
        if let Err(e) = std::fs::rename(staged.join(name), &dest) {
            if had_old {
                let _ = std::fs::rename(aside.join(name), &dest);
            }
            roll_back(staged, out, &aside, &done);
            let _ = std::fs::remove_dir_all(&aside);
            return Err(fail(&dest, e));
        }
        done.push((name.clone(), had_old));
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(names.iter().map(|n| out.join(n)).collect())
}

/// Remove the output `rel` of an earlier run (file or folder) and the
/// folders it leaves empty, up to `out`; what is already gone is ignored.
pub(crate) fn remove_output(out: &Path, rel: &str) {
    let p = out.join(rel);
    let Ok(meta) = p.symlink_metadata() else {
        return;
    };
    let _ = if meta.is_dir() {
        std::fs::remove_dir_all(&p)
    } else {
        std::fs::remove_file(&p)
    };
    let mut parent = p.parent();
    while let Some(d) = parent {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        parent = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, text: &str) {
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn sub_folders_are_replaced_whole_never_merged() {
        let d = tempfile::tempdir().expect("tempdir");
        let (out, staged) = (d.path().join("out"), d.path().join("staged"));
        write(&out.join("sub/old_only.tif"), "old");
        write(&out.join("sub/both.tif"), "old");
        write(&out.join("a.csv"), "old");
        write(&out.join("user_notes.txt"), "mine");
        write(&staged.join("sub/both.tif"), "new");
        write(&staged.join("sub/deeper/x.tif"), "new");
        write(&staged.join("a.csv"), "new");
        write(&staged.join("manifest.json"), "{}");
        let files = swap_in(&staged, &out).expect("swap");
        assert_eq!(files.last(), Some(&out.join("manifest.json")));
        let read = |p: &str| std::fs::read_to_string(out.join(p)).expect(p);
        assert_eq!(read("sub/both.tif"), "new");
        assert_eq!(read("sub/deeper/x.tif"), "new");
        assert_eq!(read("a.csv"), "new");
        assert_eq!(read("user_notes.txt"), "mine");
        assert!(!out.join("sub/old_only.tif").exists());
        assert_eq!(
            std::fs::read_dir(&out).expect("out").count(),
            4,
            "no aside folder left"
        );
    }

    #[test]
    fn removing_an_output_removes_the_folders_it_empties() {
        let d = tempfile::tempdir().expect("tempdir");
        let out = d.path();
        write(&out.join("a/b/c.tif"), "x");
        write(&out.join("a/keep.tif"), "x");
        remove_output(out, "a/b/c.tif");
        assert!(!out.join("a/b").exists());
        assert!(out.join("a/keep.tif").exists());
        remove_output(out, "a/b/c.tif");
    }
}
