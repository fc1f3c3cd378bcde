//! Render the catalog for people: `ecocap gep catalog` and the tables of
//! docs/GEP_ENGINE.md are generated here, never written by hand.

use std::fmt::Write as _;
use std::str::FromStr;

use super::{Catalog, Indicator, PriceSpec};
use crate::error::GepError;

/// Output format of the catalog listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CatalogFormat {
    /// aligned plain text (Chinese and English)
    #[default]
    Text,
    /// a Markdown table
    Markdown,
    /// CSV, one row per indicator
    Csv,
    /// the whole catalog as JSON
    Json,
}

impl FromStr for CatalogFormat {
    type Err = GepError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(CatalogFormat::Text),
            "markdown" | "md" => Ok(CatalogFormat::Markdown),
            "csv" => Ok(CatalogFormat::Csv),
            "json" => Ok(CatalogFormat::Json),
            _ => Err(GepError::Usage(format!(
                "unknown catalog format '{s}'; hint: use text, markdown, csv or json"
            ))),
        }
    }
}

fn price_text(p: &PriceSpec) -> String {
    let year = p
        .year
        .map_or("year not stated".to_string(), |y| y.to_string());
    format!("{} {} ({year})", fmt_num(p.value), p.unit)
}

fn fmt_num(v: f64) -> String {
    let s = format!("{v}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

fn price_source(cat: &Catalog, p: &PriceSpec) -> String {
    format!(
        "{}; {} [{}]",
        cat.citation(&p.source),
        p.locator,
        p.verification
    )
}

fn params_text(ind: &Indicator) -> String {
    ind.params
        .iter()
        .map(|p| format!("{}={} {}", p.id, fmt_num(p.value), p.unit))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Render the catalog.
pub fn render_catalog(cat: &Catalog, format: CatalogFormat) -> Result<String, GepError> {
    let mut out = String::new();
    match format {
        CatalogFormat::Json => {
            out =
                serde_json::to_string_pretty(cat).map_err(|e| GepError::Catalog(e.to_string()))?;
            out.push('\n');
        }
        CatalogFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let header = [
                "id",
                "name_zh",
                "name_en",
                "category",
                "seea",
                "mea",
                "unit",
                "method",
                "price",
                "price_unit",
                "price_year",
                "price_source",
                "verification",
                "params",
                "formula",
            ];
            w.write_record(header)
                .map_err(|e| GepError::Catalog(e.to_string()))?;
            for ind in &cat.indicators {
                let (pv, pu, py, ps, pver) = match &ind.price {
                    Some(p) => (
                        fmt_num(p.value),
                        p.unit.clone(),
                        p.year.map(|y| y.to_string()).unwrap_or_default(),
                        format!("{}; {}", cat.citation(&p.source), p.locator),
                        p.verification.clone(),
                    ),
                    None => Default::default(),
                };
                let rec = [
                    ind.id.clone(),
                    ind.zh.clone(),
                    ind.en.clone(),
                    ind.category.id().to_string(),
                    ind.seea.id().to_string(),
                    ind.mea.id().to_string(),
                    ind.unit.clone(),
                    ind.method.en().to_string(),
                    pv,
                    pu,
                    py,
                    ps,
                    pver,
                    params_text(ind),
                    ind.formula.clone(),
                ];
                w.write_record(&rec)
                    .map_err(|e| GepError::Catalog(e.to_string()))?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| GepError::Catalog(e.to_string()))?;
            out = String::from_utf8_lossy(&bytes).into_owned();
        }
        CatalogFormat::Markdown => {
            let _ = writeln!(out, "Catalog version {}\n", cat.version);
            out.push_str("| id | 中文 | English | category | SEEA / MEA | unit | method | default price | parameters |\n");
            out.push_str("|---|---|---|---|---|---|---|---|---|\n");
            for ind in &cat.indicators {
                let none = if ind.unit == "yuan" {
                    "— (value in yuan)"
                } else {
                    "— (give one in --prices)"
                };
                let price = ind.price.as_ref().map_or(none.to_string(), price_text);
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} / {} | {} | {} ({}) | {} | {} |",
                    ind.id,
                    ind.zh,
                    ind.en,
                    ind.category.id(),
                    ind.seea.id(),
                    ind.mea.id(),
                    ind.unit,
                    ind.method.en(),
                    ind.method.zh(),
                    price,
                    params_text(ind)
                );
            }
        }
        CatalogFormat::Text => {
            let _ = writeln!(out, "ecocap GEP indicator catalog, version {}", cat.version);
            for cat_ in crate::classes::Category::ALL {
                let _ = writeln!(out, "\n== {} {} ==", cat_.zh(), cat_.en());
                for ind in cat.indicators.iter().filter(|i| i.category == cat_) {
                    let _ = writeln!(out, "{:<34} {} / {}", ind.id, ind.zh, ind.en);
                    let _ = writeln!(
                        out,
                        "    unit {}; method {} {}; SEEA {}, MEA {}",
                        ind.unit,
                        ind.method.zh(),
                        ind.method.en(),
                        ind.seea.id(),
                        ind.mea.id()
                    );
                    let _ = writeln!(out, "    formula: {}", ind.formula);
                    match &ind.price {
                        Some(p) => {
                            let _ = writeln!(out, "    default price: {}", price_text(p));
                            let _ = writeln!(out, "      source: {}", price_source(cat, p));
                        }
                        None => {
                            let _ = writeln!(out, "    default price: none (give one in --prices, or a value in yuan)");
                        }
                    }
                    for p in &ind.alt_prices {
                        let _ = writeln!(
                            out,
                            "    other published price: {} — {}",
                            price_text(p),
                            price_source(cat, p)
                        );
                    }
                    for p in &ind.params {
                        let _ = writeln!(
                            out,
                            "    param {} = {} {} ({} / {}) — {}; {}",
                            p.id,
                            fmt_num(p.value),
                            p.unit,
                            p.zh,
                            p.en,
                            cat.citation(&p.source),
                            p.locator
                        );
                    }
                }
            }
        }
    }
    Ok(out)
}
