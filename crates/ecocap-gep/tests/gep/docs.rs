//! docs/GEP_ENGINE.md carries the catalog table generated from the
//! catalog; this test fails when it is stale (ECOCAP_BLESS=1 rewrites it).

use std::path::Path;

use ecocap_gep::catalog::{render_catalog, CatalogFormat};
use ecocap_gep::Catalog;

const START: &str = "<!-- catalog:start -->\n";
const END: &str = "<!-- catalog:end -->";

#[test]
fn docs_catalog_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/GEP_ENGINE.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let table = render_catalog(cat, CatalogFormat::Markdown).unwrap_or_else(|e| panic!("{e}"));
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        panic!("{}: catalog markers missing", path.display());
    };
    let current = &doc[a + START.len()..b];
    if current != table {
        if std::env::var_os("ECOCAP_BLESS").is_some() {
            let new = format!("{}{START}{table}{}", &doc[..a], &doc[b..]);
            std::fs::write(&path, new).unwrap_or_else(|e| panic!("{e}"));
        } else {
            panic!("docs/GEP_ENGINE.md catalog table is stale; run ECOCAP_BLESS=1 cargo test -p ecocap-gep docs");
        }
    }
}
