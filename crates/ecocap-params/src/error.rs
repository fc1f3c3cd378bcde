//! The error type of the parameter library.
//!
//! Every message is a plain sentence naming the file (or table), the
//! column and the offending value, followed by a `hint:` where a fix is
//! known. Front ends map [`ParamsError::is_user_error`] to exit status 2.

use std::path::PathBuf;

use crate::suggest::{did_you_mean, quoted_list};

/// One unknown ecosystem-type id found while validating a class mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTypeRow {
    /// 1-based line number in the file.
    pub line: u64,
    /// The class code or name on that line.
    pub class: String,
    /// The unknown ecosystem-type id.
    pub ecosystem_type: String,
    /// Nearest valid id, if any is close.
    pub suggestion: Option<String>,
}

fn render_unknown_rows(rows: &[UnknownTypeRow]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "\n  line {}: class `{}` -> unknown ecosystem type `{}`;{}",
                r.line,
                r.class,
                r.ecosystem_type,
                if r.suggestion.is_some() {
                    did_you_mean(&r.suggestion)
                } else {
                    " no close match".to_string()
                }
            )
        })
        .collect()
}

/// Errors raised while loading, validating or looking up parameter tables.
#[derive(Debug, thiserror::Error)]
pub enum ParamsError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}\nhint: check that the path exists and is readable", .path.display())]
    Io {
        /// File path.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },

    /// The file has no content.
    #[error("`{file}` is empty\nhint: a table needs a header line and at least one data line")]
    EmptyFile {
        /// File label (path or builtin table name).
        file: String,
    },

    /// The file is UTF-16 (Excel "Unicode text"), which is not supported.
    #[error("`{file}` is UTF-16 text (byte-order mark {bom}), not CSV in UTF-8 or GBK\nhint: in Excel use \"Save as\" -> \"CSV UTF-8 (comma delimited)\"")]
    Utf16 {
        /// File label.
        file: String,
        /// The BOM found, e.g. `FF FE`.
        bom: String,
    },

    /// The bytes are neither valid UTF-8 nor valid GB18030.
    #[error("`{file}` is neither valid UTF-8 nor valid GBK/GB18030 text (first invalid UTF-8 byte at offset {offset}: {bytes})\nhint: re-save the file as \"CSV UTF-8\"; binary files (e.g. .xlsx) must be exported to CSV first")]
    UndecodableText {
        /// File label.
        file: String,
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
        /// Up to 4 bytes at that offset, in hex.
        bytes: String,
    },

    /// The CSV reader rejected the text (e.g. a wrong number of fields).
    #[error("`{file}` line {line}: {message}\nhint: every line must have the same number of comma-separated fields as the header; quote fields that contain commas")]
    Csv {
        /// File label.
        file: String,
        /// 1-based line number, 0 when unknown.
        line: u64,
        /// Message from the CSV reader.
        message: String,
    },

    /// The file has a header but no data lines.
    #[error(
        "`{file}` has a header but no data lines\nhint: add at least one row below the header"
    )]
    NoRows {
        /// File label.
        file: String,
    },

    /// A required column is missing.
    #[error("`{file}` has no column `{column}` (columns found: {found}){}\nhint: the header must contain `{column}`; names are matched ignoring case and surrounding spaces", did_you_mean(.suggestion))]
    MissingColumn {
        /// File label.
        file: String,
        /// The required column.
        column: String,
        /// Columns found, rendered as a list.
        found: String,
        /// Nearest found column.
        suggestion: Option<String>,
    },

    /// A cell that must be a number is not.
    #[error(
        "`{file}` line {line}, column `{column}`: `{value}` is not a valid number\nhint: {hint}"
    )]
    BadNumber {
        /// File label.
        file: String,
        /// 1-based line number.
        line: u64,
        /// Column name.
        column: String,
        /// Offending cell text.
        value: String,
        /// What to do.
        hint: String,
    },

    /// A required cell is blank.
    #[error("`{file}` line {line}, column `{column}` is blank\nhint: fill in a value (use `none` for land that carries no ecosystem-service value)")]
    EmptyCell {
        /// File label.
        file: String,
        /// 1-based line number.
        line: u64,
        /// Column name.
        column: String,
    },

    /// The same key appears twice.
    #[error("`{file}` line {line}: `{value}` in column `{column}` was already given on line {first_line}\nhint: keep one line per {column}")]
    DuplicateKey {
        /// File label.
        file: String,
        /// Line of the duplicate.
        line: u64,
        /// Key column.
        column: String,
        /// Duplicated value.
        value: String,
        /// Line of the first occurrence.
        first_line: u64,
    },

    /// An ecosystem-type id is not in the table.
    #[error("unknown ecosystem type `{id}` for table `{table}`;{}\nhint: valid ids are {valid}, or `none` for land valued at zero", did_you_mean(.suggestion))]
    UnknownEcosystemType {
        /// Table name.
        table: String,
        /// The id asked for.
        id: String,
        /// Nearest valid id.
        suggestion: Option<String>,
        /// All valid ids, rendered.
        valid: String,
    },

    /// A class mapping refers to ecosystem types the table does not have.
    #[error("`{file}`: {} class(es) map to ecosystem types unknown to table `{table}`:{}\nhint: use the type ids of `{table}` ({valid}) or `none`", .rows.len(), render_unknown_rows(.rows))]
    UnknownTypesInMapping {
        /// File label.
        file: String,
        /// Table validated against.
        table: String,
        /// Each offending line.
        rows: Vec<UnknownTypeRow>,
        /// All valid ids, rendered.
        valid: String,
    },

    /// A service id is not in the table.
    #[error("unknown service `{id}` for table `{table}`;{}\nhint: valid services are {valid}", did_you_mean(.suggestion))]
    UnknownService {
        /// Table name.
        table: String,
        /// The id asked for.
        id: String,
        /// Nearest valid id.
        suggestion: Option<String>,
        /// All valid ids, rendered.
        valid: String,
    },

    /// No shipped table or mapping has this name.
    #[error("no builtin {kind} named `{name}`;{}\nhint: available: {available} (run `ecocap params list`)", did_you_mean(.suggestion))]
    UnknownName {
        /// What was looked up: "table" or "class mapping".
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// Nearest name.
        suggestion: Option<String>,
        /// All names, rendered.
        available: String,
    },

    /// A declared property of a user table is invalid (currency, year...).
    #[error("invalid {what} `{value}` for `{file}`\nhint: {hint}")]
    BadDeclaration {
        /// File label.
        file: String,
        /// What was declared, e.g. "price year".
        what: &'static str,
        /// The declared value.
        value: String,
        /// What to do.
        hint: String,
    },

    /// A shipped table does not have the layout the code expects. This is
    /// a bug in ecocap, not in user input.
    #[error("builtin table `{file}` does not have the expected layout: {message}\nhint: this is a bug in ecocap; please report it")]
    BuiltinLayout {
        /// Table file.
        file: String,
        /// What is wrong.
        message: String,
    },
}

impl ParamsError {
    /// True for errors caused by user input (exit status 2), false for
    /// internal errors (exit status 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, ParamsError::BuiltinLayout { .. })
    }
}

/// Render a list of valid names for a message.
pub(crate) fn valid_list<S: AsRef<str>>(items: &[S]) -> String {
    quoted_list(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_column_message_names_everything() {
        let e = ParamsError::MissingColumn {
            file: "areas.csv".into(),
            column: "ecosystem_type".into(),
            found: "`class`, `ecosytem_type`".into(),
            suggestion: Some("ecosytem_type".into()),
        };
        let m = e.to_string();
        assert!(m.contains("areas.csv"), "{m}");
        assert!(m.contains("`ecosystem_type`"), "{m}");
        assert!(m.contains("did you mean `ecosytem_type`?"), "{m}");
        assert!(m.contains("hint:"), "{m}");
        assert!(e.is_user_error());
    }

    #[test]
    fn unknown_rows_listed_with_lines() {
        let e = ParamsError::UnknownTypesInMapping {
            file: "m.csv".into(),
            table: "xie2015".into(),
            rows: vec![UnknownTypeRow {
                line: 3,
                class: "1".into(),
                ecosystem_type: "dryland".into(),
                suggestion: Some("dry_land".into()),
            }],
            valid: "`dry_land`".into(),
        };
        let m = e.to_string();
        assert!(
            m.contains(
                "line 3: class `1` -> unknown ecosystem type `dryland`; did you mean `dry_land`?"
            ),
            "{m}"
        );
    }
}
