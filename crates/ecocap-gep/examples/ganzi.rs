//! Reproduce the Ganzi 2010 GEP (白玛卓嘎 et al. 2017, Table 3) from its
//! published physical quantities and print computed vs published values.
//!
//! `cargo run -p ecocap-gep --example ganzi -- OUT_DIR`

use std::path::{Path, PathBuf};

fn main() -> anyhow::Result<()> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ganzi2017");
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| std::env::temp_dir().join("ganzi_gep"), PathBuf::from);
    let s = ecocap_gep::run(&ecocap_gep::RunOptions {
        quantities: fixtures.join("quantities.csv"),
        out: out.clone(),
        ..Default::default()
    })?;
    let expected = std::fs::read_to_string(fixtures.join("expected.csv"))?;
    println!(
        "{:<34} {:>14} {:>14} {:>9}",
        "item", "computed 1e8", "published 1e8", "diff %"
    );
    for line in expected.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let published: f64 = c[2].parse()?;
        let computed = match c[0] {
            "indicator" => s
                .account
                .line("甘孜州", 2010, c[1])
                .map_or(f64::NAN, |l| l.value),
            "service" => s
                .account
                .lines
                .iter()
                .filter(|l| l.indicator.service == c[1])
                .map(|l| l.value)
                .sum(),
            "category" => s
                .account
                .zone_years
                .first()
                .and_then(|z| {
                    z.by_category
                        .iter()
                        .find(|(k, _)| k.id() == c[1])
                        .map(|(_, v)| *v)
                })
                .unwrap_or(f64::NAN),
            _ => s.account.zone_years.first().map_or(f64::NAN, |z| z.gep),
        } / 1e8;
        println!(
            "{:<34} {:>14.4} {:>14.4} {:>9.4}",
            format!("{} {}", c[0], c[1]),
            computed,
            published,
            (computed / published - 1.0) * 100.0
        );
    }
    eprintln!("reports written to {}", out.display());
    Ok(())
}
