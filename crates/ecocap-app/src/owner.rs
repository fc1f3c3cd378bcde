//! Who owns an output folder: the `command` of its `manifest.json`, and
//! the outputs that manifest lists. A run replaces the outputs of an
//! earlier run of the same command and never touches another command's.

use crate::error::AppError;
use std::path::{Component, Path};

/// What the manifest of an earlier run says.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// the command of that run (e.g. "esv", "run carbon"); None without a
    /// readable manifest
    pub command: Option<String>,
    /// its outputs, relative to the folder
    pub outputs: Vec<String>,
}

/// The command that wrote `manifest` (its `command` field; `gep` manifests
/// of earlier versions say `"tool": "ecocap gep"`).
fn command_of(manifest: &serde_json::Value) -> Option<String> {
    if let Some(c) = manifest.get("command").and_then(|c| c.as_str()) {
        return Some(c.to_string());
    }
    match manifest.get("tool").and_then(|t| t.as_str()) {
        Some("ecocap gep") => Some("gep".into()),
        _ => None,
    }
}

/// The outputs a manifest lists: names, or `{ "file": name }` objects.
pub fn manifest_outputs(manifest: &serde_json::Value) -> Vec<String> {
    manifest
        .get("outputs")
        .and_then(|o| o.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| {
                    v.as_str()
                        .or_else(|| v.get("file").and_then(|f| f.as_str()))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Read `dir/manifest.json` (None when there is none or it is not JSON).
pub fn read_manifest(dir: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The earlier run in `out`, checked against `command`: a manifest of
/// another command (or one that is not ecocap's) is refused unless `force`;
/// with `force` its files are left alone (an empty [`Previous`]).
pub fn check_owner(out: &Path, command: &str, force: bool) -> Result<Previous, AppError> {
    if !out.join("manifest.json").exists() {
        return Ok(Previous::default());
    }
    let manifest = read_manifest(out);
    let other = manifest.as_ref().and_then(command_of);
    if other.as_deref() == Some(command) {
        return Ok(Previous {
            command: other,
            outputs: manifest.as_ref().map(manifest_outputs).unwrap_or_default(),
        });
    }
    if force {
        return Ok(Previous::default());
    }
    let who = match &other {
        Some(c) => format!("the outputs of `ecocap {c}`"),
        None => "a manifest.json that ecocap did not write".into(),
    };
    Err(AppError::input(
        out.display().to_string(),
        format!("this folder holds {who}; writing `ecocap {command}` there would replace its manifest.json and orphan its files"),
        "choose another output folder, or add --force to write there anyway (the other files are kept, manifest.json is replaced)",
    ))
}

/// A manifest entry that may be removed: relative, no `..`, not hidden,
/// not the manifest itself.
pub fn is_removable(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty()
        && rel != "manifest.json"
        && p.components().all(|c| match c {
            Component::Normal(n) => !n.to_string_lossy().starts_with('.'),
            _ => false,
        })
}

/// Every file under `dir` (relative, `/`-separated, sorted), hidden
/// entries and the top-level `manifest.json` left out: what a manifest's
/// `outputs` lists.
pub fn list_outputs(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            let p = e.path();
            if p.is_dir() {
                walk(&p, &format!("{rel}/"), out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out.retain(|f| f != "manifest.json");
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removable_entries_stay_inside_the_folder() {
        assert!(is_removable("a.tif"));
        assert!(is_removable("output/per_pixel/x.tif"));
        for bad in [
            "",
            "manifest.json",
            "../x",
            "/etc/passwd",
            ".ecocap-cache",
            "a/.x",
        ] {
            assert!(!is_removable(bad), "{bad}");
        }
    }

    #[test]
    fn another_commands_folder_is_refused_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("manifest.json"),
            r#"{"command": "esv", "outputs": ["esv_total.csv"]}"#,
        )
        .expect("write");
        let e = check_owner(dir.path(), "gep", false).expect_err("refused");
        let text = e.to_string();
        assert!(
            text.contains("ecocap esv") && text.contains("--force"),
            "{text}"
        );
        assert!(check_owner(dir.path(), "gep", true)
            .expect("forced")
            .outputs
            .is_empty());
        let same = check_owner(dir.path(), "esv", false).expect("same command");
        assert_eq!(same.outputs, vec!["esv_total.csv".to_string()]);
    }

    #[test]
    fn gep_manifests_list_objects() {
        let m = serde_json::json!({"tool": "ecocap gep", "outputs": [{"file": "gep_total.csv", "sha256": "00"}]});
        assert_eq!(command_of(&m).as_deref(), Some("gep"));
        assert_eq!(manifest_outputs(&m), vec!["gep_total.csv".to_string()]);
    }
}
