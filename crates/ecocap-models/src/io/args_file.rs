//! Arguments from an InVEST datastack (`.invs.json`) or a TOML file.
//!
//! A datastack is `{"args": {...}, "model_id": "...", "invest_version": "..."}`
//! (natcap.invest.datastack). A TOML args file holds the same keys, either
//! at top level or under `[args]`, with an optional `model_id`. Relative
//! paths are resolved against the folder of the file, for path inputs only.

use std::path::Path;

use ecocap_spec::{Args, ModelSpec};
use serde_json::Value;

use crate::error::{ModelError, Result};

/// Arguments read from a file, and the model id it names (if any).
#[derive(Debug, Clone)]
pub struct ArgsFile {
    /// `model_id` in the file
    pub model_id: Option<String>,
    /// the arguments, paths not yet resolved
    pub args: Args,
}

fn bad(path: &Path, detail: String, hint: &str) -> ModelError {
    ModelError::input(path.display().to_string(), detail, hint)
}

/// Read a datastack (`.json`) or TOML (`.toml`) args file.
pub fn read_args_file(path: &Path) -> Result<ArgsFile> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        bad(
            path,
            format!("cannot read the file ({e})"),
            "check the path; the file must be UTF-8 text",
        )
    })?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let root: Value = if is_toml {
        let t: toml::Value = toml::from_str(&text)
            .map_err(|e| bad(path, format!("not valid TOML: {e}"), "fix the TOML syntax"))?;
        serde_json::to_value(t).map_err(|e| bad(path, e.to_string(), "fix the TOML values"))?
    } else {
        serde_json::from_str(&text).map_err(|e| {
            bad(
                path,
                format!("not valid JSON: {e}"),
                "give an InVEST datastack (.invs.json) or a .toml args file",
            )
        })?
    };
    let Value::Object(mut map) = root else {
        return Err(bad(
            path,
            "the file is not a JSON/TOML object".into(),
            "see an InVEST datastack for the layout",
        ));
    };
    let model_id = match map.remove("model_id").or_else(|| map.remove("model_name")) {
        Some(Value::String(s)) => Some(s.rsplit('.').next().unwrap_or(&s).to_string()),
        _ => None,
    };
    let args = match map.remove("args") {
        Some(Value::Object(a)) => a,
        Some(_) => {
            return Err(bad(
                path,
                "\"args\" is not an object".into(),
                "write args as key = value pairs",
            ))
        }
        None => {
            map.remove("invest_version");
            map
        }
    };
    Ok(ArgsFile {
        model_id,
        args: Args::from_map(args),
    })
}

/// Read `path` and resolve its relative paths for `spec`.
pub fn load_args(path: &Path, spec: &ModelSpec) -> Result<ArgsFile> {
    let mut f = read_args_file(path)?;
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    f.args.resolve_paths(spec, base);
    Ok(f)
}
