//! docs/MODELS.md carries the spec tables generated from the registry
//! (declare once, generate the rest). Regenerate with
//! `ECOCAP_UPDATE_DOCS=1 cargo test -p ecocap-models --test docs`.
#![allow(clippy::unwrap_used)]

const BEGIN: &str = "<!-- generated: model specs (ecocap-models tests/docs.rs) -->\n";
const END: &str = "<!-- end of generated model specs -->\n";

#[test]
fn models_md_spec_tables_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/MODELS.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let generated: String = ecocap_models::registry()
        .iter()
        .map(|m| (m.spec)().to_markdown())
        .collect::<Vec<_>>()
        .join("\n");
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        panic!("docs/MODELS.md lacks the generated-spec markers");
    };
    let current = &text[b + BEGIN.len()..e];
    if current != generated {
        if std::env::var_os("ECOCAP_UPDATE_DOCS").is_some() {
            let new = format!(
                "{}{BEGIN}{generated}{END}{}",
                &text[..b],
                &text[e + END.len()..]
            );
            std::fs::write(&path, new).unwrap();
        } else {
            panic!("docs/MODELS.md spec tables are stale; run ECOCAP_UPDATE_DOCS=1 cargo test -p ecocap-models --test docs");
        }
    }
}
