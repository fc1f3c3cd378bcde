//! Where a table came from, so the run manifest can record it.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::text::TextEncoding;

/// Origin of a table: shipped inside the binary, or read from a user file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "path", rename_all = "snake_case")]
pub enum Origin {
    /// Embedded in the `ecocap-params` crate (a shipped table).
    Builtin,
    /// Read from a user-supplied file (an override).
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Builtin => write!(f, "builtin"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Provenance of one parameter table, as recorded in `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableProvenance {
    /// Table name (e.g. `xie2015`, or the name the user gave an override).
    pub name: String,
    /// Shipped or user file.
    pub origin: Origin,
    /// Text encoding the table was decoded from.
    pub encoding: TextEncoding,
    /// SHA-256 of the raw bytes, lower-case hex.
    pub sha256: String,
}

impl TableProvenance {
    /// Provenance of an embedded (UTF-8) table.
    pub fn builtin(name: &str, text: &str) -> Self {
        TableProvenance {
            name: name.to_string(),
            origin: Origin::Builtin,
            encoding: TextEncoding::Utf8,
            sha256: sha256_hex(text.as_bytes()),
        }
    }

    /// True when the table is a user override rather than a shipped table.
    pub fn is_user_override(&self) -> bool {
        matches!(self.origin, Origin::File(_))
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn builtin_is_not_override() {
        let p = TableProvenance::builtin("x", "a,b\n");
        assert!(!p.is_user_override());
        let json = serde_json::to_string(&p.origin).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"builtin"}"#);
    }
}
