//! The final error message: the user's paths only (never the staging
//! folder a run writes into), every hint on its own `hint:` line, a full
//! disk said as such, and the exit status of failures of the user's system
//! (disk, file size) as 2.

use std::path::Path;

/// Prefix of the staging folders of a run (`ecocap_app::staging`).
const STAGING: &str = ".ecocap-partial-";

/// Prefixes of the internal folders taken out of messages: the staging
/// folder and the zones' temporary raster folder (`ecocap_raster::Zones`).
const INTERNAL: [&str; 2] = [STAGING, ".ecocap-zones-"];

/// The message and exit status for `msg` (the error chain, formatted),
/// `code` (from the error's kind) and the command's output folder.
pub fn render(msg: &str, code: u8, output: Option<(&Path, &str)>) -> (String, u8) {
    // one hint style: `hint: …` on its own line
    let msg = without_staging(msg).replace("; hint: ", "\nhint: ");
    if is_disk_full(&msg) {
        if let Some((dir, flag)) = output {
            return (
                format!(
                    "disk full at {}\nhint: free space on that disk, or give {flag} a folder on another disk",
                    dir.display()
                ),
                2,
            );
        }
        return (msg, 2);
    }
    // the system refused a write or read of the user's files
    let system = [
        "(os error 27)",
        "(os error 5)",
        "(os error 122)",
        "(os error 30)",
    ];
    if system.iter().any(|s| msg.contains(s)) {
        return (msg, 2);
    }
    (msg, code)
}

fn is_disk_full(msg: &str) -> bool {
    msg.starts_with("disk full at ")
        || msg.contains("\ndisk full at ")
        || msg.contains(": disk full at ")
        || msg.contains("(os error 28)")
        || msg.contains("No space left on device")
}

/// `msg` with every staging folder taken out of the paths in it:
/// `ws/.ecocap-partial-123/out.tif` becomes `ws/out.tif`, where the file
/// would have been written.
pub fn without_staging(msg: &str) -> String {
    INTERNAL
        .iter()
        .fold(msg.to_string(), |m, prefix| without_folder(&m, prefix))
}

/// `msg` without the path segments that start with `prefix`.
fn without_folder(msg: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(prefix) {
        let after = &rest[i + prefix.len()..];
        let digits = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let tail = &after[digits..];
        let head = &rest[..i];
        if let Some(t) = tail.strip_prefix(['/', '\\']) {
            // `dir/.ecocap-partial-N/file` → `dir/file`
            out.push_str(head);
            rest = t;
        } else {
            // `dir/.ecocap-partial-N` → `dir`
            out.push_str(head.strip_suffix(['/', '\\']).unwrap_or(head));
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_folders_are_taken_out() {
        assert_eq!(
            without_staging("ws/.ecocap-partial-29302/.spill-usle: cannot write"),
            "ws/.spill-usle: cannot write"
        );
        assert_eq!(
            without_staging("in ws/.ecocap-partial-12 and out/.ecocap-partial-7/a/b.tif"),
            "in ws and out/a/b.tif"
        );
        assert_eq!(without_staging("nothing here"), "nothing here");
        assert_eq!(
            without_staging("ws/.ecocap-partial-3/.ecocap-zones-Ab12/zones.tif: x"),
            "ws/zones.tif: x"
        );
    }

    #[test]
    fn full_disk_names_the_output_folder() {
        let (m, c) = render(
            "ws/.ecocap-partial-1/x.csv: cannot write output (No space left on device (os error 28))",
            1,
            Some((Path::new("ws"), "--workspace")),
        );
        assert_eq!(c, 2);
        assert!(m.starts_with("disk full at ws\nhint: "), "{m}");
        assert!(!m.contains(STAGING), "{m}");
    }
}
