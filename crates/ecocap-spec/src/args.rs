//! Argument values for one run, keyed by input id, as InVEST's `args`.
//!
//! Values are JSON values because InVEST datastacks are JSON and store
//! numbers either as numbers or as strings (`"0.5"`); the typed getters
//! accept both. Empty strings and `null` count as "not given", as in InVEST.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::spec::ModelSpec;

/// A value of the wrong type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{input}: value {value} is not {expected}\nhint: give {expected}")]
pub struct ArgsError {
    /// input id
    pub input: String,
    /// the value as given
    pub value: String,
    /// what was expected ("a number", "true or false", ...)
    pub expected: &'static str,
}

/// The arguments of one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Args {
    values: BTreeMap<String, Value>,
}

impl Args {
    /// Arguments from a JSON object (InVEST's `args`).
    pub fn from_map(values: serde_json::Map<String, Value>) -> Args {
        Args {
            values: values.into_iter().collect(),
        }
    }

    /// Set one value.
    pub fn set(&mut self, id: &str, v: Value) {
        self.values.insert(id.to_string(), v);
    }

    /// All ids given (including empty ones).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// The raw value, or None when absent, null or an empty string.
    pub fn get(&self, id: &str) -> Option<&Value> {
        match self.values.get(id) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => Some(v),
        }
    }

    /// True when a non-empty value is given.
    pub fn is_given(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    fn bad(&self, id: &str, expected: &'static str) -> ArgsError {
        ArgsError {
            input: id.to_string(),
            value: self.get(id).map(render).unwrap_or_default(),
            expected,
        }
    }

    /// A boolean (`true`, `false`, `"true"`, `"1"`, `0`, ...).
    pub fn bool(&self, id: &str) -> Result<Option<bool>, ArgsError> {
        let Some(v) = self.get(id) else {
            return Ok(None);
        };
        match v {
            Value::Bool(b) => Ok(Some(*b)),
            Value::Number(n) if n.as_f64() == Some(0.0) => Ok(Some(false)),
            Value::Number(n) if n.as_f64() == Some(1.0) => Ok(Some(true)),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(Some(true)),
                "false" | "0" | "no" => Ok(Some(false)),
                _ => Err(self.bad(id, "true or false")),
            },
            _ => Err(self.bad(id, "true or false")),
        }
    }

    /// True when the boolean is given and true (a bad value counts as false;
    /// [`crate::validate`] reports it).
    pub fn flag(&self, id: &str) -> bool {
        matches!(self.bool(id), Ok(Some(true)))
    }

    /// A finite number (number or numeric string).
    pub fn number(&self, id: &str) -> Result<Option<f64>, ArgsError> {
        let Some(v) = self.get(id) else {
            return Ok(None);
        };
        let x = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        match x {
            Some(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(self.bad(id, "a number")),
        }
    }

    /// Text (numbers are rendered as text).
    pub fn text(&self, id: &str) -> Option<String> {
        self.get(id).map(render)
    }

    /// A path as given.
    pub fn path(&self, id: &str) -> Option<PathBuf> {
        match self.get(id) {
            Some(Value::String(s)) => Some(PathBuf::from(s.trim())),
            _ => None,
        }
    }

    /// Resolve every relative path of a path-kind input against `base`
    /// (the folder of the datastack or args file). Other values, such as
    /// `"MFD"`, are left alone because the spec says they are not paths.
    pub fn resolve_paths(&mut self, spec: &ModelSpec, base: &Path) {
        for input in &spec.inputs {
            if !input.kind.is_path() {
                continue;
            }
            if let Some(p) = self.path(input.id) {
                if p.is_relative() {
                    let joined = base.join(&p);
                    self.set(input.id, Value::String(joined.display().to_string()));
                }
            }
        }
    }
}

fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_strings_and_null_are_not_given() {
        let mut a = Args::default();
        a.set("x", json!(""));
        a.set("y", Value::Null);
        a.set("z", json!("  "));
        assert!(!a.is_given("x") && !a.is_given("y") && !a.is_given("z"));
    }

    #[test]
    fn numbers_from_numbers_and_strings() {
        let mut a = Args::default();
        a.set("n", json!(5));
        a.set("s", json!(" 0.5 "));
        a.set("bad", json!("five"));
        assert_eq!(a.number("n"), Ok(Some(5.0)));
        assert_eq!(a.number("s"), Ok(Some(0.5)));
        let e = a.number("bad").unwrap_err();
        assert_eq!(e.input, "bad");
        assert!(e.to_string().contains("five"));
    }

    #[test]
    fn booleans_in_their_spellings() {
        let mut a = Args::default();
        a.set("a", json!(true));
        a.set("b", json!("False"));
        a.set("c", json!(1));
        a.set("d", json!("maybe"));
        assert_eq!(a.bool("a"), Ok(Some(true)));
        assert_eq!(a.bool("b"), Ok(Some(false)));
        assert_eq!(a.bool("c"), Ok(Some(true)));
        assert!(a.bool("d").is_err());
        assert!(!a.flag("d"));
    }
}
