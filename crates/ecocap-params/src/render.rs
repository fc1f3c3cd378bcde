//! Plain-text rendering for `ecocap params list` and `ecocap params show`.

use std::fmt::Write as _;

use crate::equivalent::EquivalentTable;
use crate::error::ParamsError;
use crate::mapping::ClassMapping;
use crate::price::PriceTable;
use crate::provenance::TableProvenance;
use crate::registry::{BuiltinTable, Registry, RegistryEntry};
use crate::textable::TextTable;
use crate::unit_value::UnitValueTable;

impl Registry {
    /// One line per shipped table: name, kind, version, units, price year,
    /// verification; then the source of each.
    pub fn render_list(&self) -> String {
        let mut t = TextTable::new(&["name", "kind", "version", "units", "price year"]);
        for e in self.entries() {
            t.row(vec![
                e.name.clone(),
                e.kind.to_string(),
                e.version.clone(),
                e.units.clone(),
                e.price_year.clone(),
            ]);
        }
        let mut out = t.render();
        out.push_str("\nVerification:\n");
        for e in self.entries() {
            let _ = writeln!(out, "  {:<22}{}", e.name, e.verification);
        }
        out.push_str("\nSources:\n");
        for e in self.entries() {
            let _ = writeln!(out, "  {:<22}{}", e.name, e.source);
        }
        out.push_str("\nShow one table with `ecocap params show NAME`.\n");
        out
    }

    /// Everything about one table: header (units, price year, source,
    /// verification, checksum), the values, legends and source notes.
    ///
    /// # Errors
    /// [`ParamsError::UnknownName`] with the nearest name.
    pub fn render_table(&self, name: &str) -> Result<String, ParamsError> {
        let entry = self.entry(name)?;
        let (body, provenance, notes) = match self.get(name)? {
            BuiltinTable::Equivalent(t) => (render_equivalent(t), &t.provenance, &t.notes),
            BuiltinTable::UnitValue(t) => (render_unit_values(t), &t.provenance, &t.notes),
            BuiltinTable::Price(t) => (render_prices(t), &t.provenance, &t.notes),
            BuiltinTable::Mapping(m) => (render_mapping(m), &m.provenance, &m.notes),
        };
        let mut out = header(entry, provenance);
        out.push('\n');
        out.push_str(&body);
        if !notes.is_empty() {
            out.push_str("\nSource notes:\n");
            for n in notes {
                let _ = writeln!(out, "  {n}");
            }
        }
        Ok(out)
    }
}

fn header(e: &RegistryEntry, p: &TableProvenance) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", e.name, e.kind);
    let _ = writeln!(out, "  version:      {}", e.version);
    let _ = writeln!(out, "  units:        {}", e.units);
    let _ = writeln!(out, "  price year:   {}", e.price_year);
    let _ = writeln!(out, "  source:       {}", e.source);
    let _ = writeln!(out, "  verification: {}", e.verification);
    let _ = writeln!(
        out,
        "  origin:       {} ({}, sha256 {})",
        p.origin, p.encoding, p.sha256
    );
    out
}

/// Short column labels: first word of the id, at most 8 characters,
/// falling back to `s<k>` if two would collide.
fn short_labels(ids: &[&str]) -> Vec<String> {
    let mut labels: Vec<String> = ids
        .iter()
        .map(|id| id.split('_').next().unwrap_or(id).chars().take(8).collect())
        .collect();
    let dupes: Vec<bool> = labels
        .iter()
        .map(|l| labels.iter().filter(|m| *m == l).count() > 1)
        .collect();
    for (k, (l, d)) in labels.iter_mut().zip(dupes).enumerate() {
        if d {
            *l = format!("s{}", k + 1);
        }
    }
    labels
}

fn render_equivalent(t: &EquivalentTable) -> String {
    let ids: Vec<&str> = t.services.iter().map(|s| s.id.as_str()).collect();
    let labels = short_labels(&ids);
    let mut headers = vec!["type".to_string(), "名称".to_string()];
    headers.extend(labels.iter().cloned());
    headers.extend(["sum".to_string(), "verified".to_string()]);
    let mut tt = TextTable::new(&headers);
    for k in 0..=t.services.len() {
        tt = tt.right(2 + k);
    }
    for (i, ty) in t.types.iter().enumerate() {
        let mut row = vec![ty.id.clone(), ty.name_cn.clone()];
        row.extend(t.row(i).iter().map(|v| format!("{v:.2}")));
        row.push(format!("{:.2}", t.row_sum(i)));
        row.push(if ty.verification.verified {
            format!("yes ({})", ty.verification.sources)
        } else {
            format!("NO: single source ({})", ty.verification.sources)
        });
        tt.row(row);
    }
    let mut out = format!("{}\n{}\n\n", t.title, t.unit);
    out.push_str(&tt.render());
    out.push_str("\nServices:\n");
    let mut legend = TextTable::new(&["column", "id", "名称", "name", "group"]);
    for (s, l) in t.services.iter().zip(&labels) {
        legend.row(vec![
            l.clone(),
            s.id.clone(),
            s.name_cn.clone(),
            s.name_en.clone(),
            s.group.to_string(),
        ]);
    }
    out.push_str(&legend.render());
    let unverified = t.unverified_types();
    if !unverified.is_empty() {
        out.push_str("\nVerification notes:\n");
        for ty in unverified {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                ty.id,
                ty.name_cn,
                ty.verification.reason.as_deref().unwrap_or("unverified")
            );
        }
    }
    if !t.level2 {
        out.push_str("\nXie 2015 level-2 ids are also accepted (level-2 → level-1 correspondence, docs/PARAMS.md).\n");
    }
    out.push_str("The pseudo-type `none` (e.g. built-up land) is valued at zero.\n");
    out
}

fn render_unit_values(t: &UnitValueTable) -> String {
    let mut tt = TextTable::new(&[
        "type",
        "name",
        &format!("value ({})", t.unit()),
        "ref. area (10^6 ha)",
        "note",
    ])
    .right(2)
    .right(3);
    for e in &t.entries {
        tt.row(vec![
            e.ecosystem_type.clone(),
            e.name.clone(),
            format!("{:.0}", e.value),
            e.reference_area_mha
                .map(|a| format!("{a:.0}"))
                .unwrap_or_default(),
            e.note.clone(),
        ]);
    }
    let global: f64 = t
        .entries
        .iter()
        .map(|e| e.value * e.reference_area_mha.unwrap_or(0.0))
        .sum::<f64>()
        / 1e6;
    let mut out = format!("{}\n\n", t.title);
    out.push_str(&tt.render());
    let _ = writeln!(
        out,
        "\nΣ value × reference area = {global:.1} trillion {} {}/yr",
        t.price_year, t.currency
    );
    out
}

fn render_prices(t: &PriceTable) -> String {
    let mut tt =
        TextTable::new(&["#", "indicator", "price", "unit", "base year", "verified"]).right(2);
    for (k, r) in t.rows.iter().enumerate() {
        tt.row(vec![
            (k + 1).to_string(),
            r.indicator.clone(),
            r.price_text.clone(),
            r.unit.clone(),
            r.base_year_text.clone(),
            if r.is_verified() { "yes" } else { "no" }.to_string(),
        ]);
    }
    let mut out = format!("{}\n\n", t.title);
    out.push_str(&tt.render());
    out.push_str("\nMethod, source and verification of each row:\n");
    for (k, r) in t.rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}. {}; {}; {}",
            k + 1,
            r.method,
            r.source,
            r.verification
        );
    }
    out
}

fn render_mapping(m: &ClassMapping) -> String {
    let mut tt = TextTable::new(&["code", "label", "名称", "ecosystem type", "why"]).right(0);
    for e in &m.entries {
        tt.row(vec![
            e.class.clone(),
            e.label_en.clone(),
            e.label_cn.clone(),
            e.ecosystem_type.clone(),
            e.note.clone(),
        ]);
    }
    let mut out = format!("{}\n\n", m.scheme);
    out.push_str(&tt.render());
    out.push_str("\nCodes not listed (e.g. no-data) are refused, never valued silently. Override with --mapping FILE (columns class,ecosystem_type).\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_shows_every_table_with_units_and_sources() {
        let r = Registry::builtin().unwrap();
        let s = r.render_list();
        for name in r.names() {
            assert!(s.contains(name), "{name}");
        }
        assert!(s.contains("2007 USD/ha/yr"));
        assert!(s.contains("Sources:"));
        assert!(s.contains("谢高地"));
    }

    #[test]
    fn show_every_table() {
        let r = Registry::builtin().unwrap();
        for name in r.names() {
            let s = r.render_table(name).unwrap();
            assert!(
                s.contains("units:") && s.contains("source:") && s.contains("verification:"),
                "{name}"
            );
            assert!(s.contains("sha256"), "{name}");
        }
        let x = r.render_table("xie2015").unwrap();
        assert!(x.contains("NO: single source (S1)"), "{x}");
        assert!(x.contains("Verification notes:"));
        assert!(x.contains("-2.63") && x.contains("102.24"));
        let c = r.render_table("costanza2014").unwrap();
        assert!(c.contains("trillion 2007 USD/yr"), "{c}");
        let e = r.render_table("xie2016").unwrap_err();
        assert!(e.to_string().contains("did you mean"), "{e}");
    }

    #[test]
    fn short_labels_unique() {
        assert_eq!(
            short_labels(&["food_production", "water_supply"]),
            vec!["food", "water"]
        );
        assert_eq!(short_labels(&["soil_a", "soil_b"]), vec!["s1", "s2"]);
    }
}
