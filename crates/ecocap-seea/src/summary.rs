//! All tables of one run, written as CSV, one XLSX workbook, and a
//! Markdown and HTML summary.

use crate::asset::AssetAccount;
use crate::condition::ConditionAccount;
use crate::error::SeeaError;
use crate::extent::{ExtentAccount, ALL_ZONES};
use crate::servicemap::ServiceMap;
use crate::supply_use::SupplyUse;
use crate::table::{html_escape, write_xlsx, Cell, Table};
use crate::tables::{
    asset_tables, condition_tables, extent_tables, sensitivity_table, supply_use_tables, Labels,
};
use std::path::{Path, PathBuf};

/// The accounts of one run.
#[derive(Debug, Clone)]
pub struct SeeaAccounts {
    /// extent account and change matrix
    pub extent: ExtentAccount,
    /// condition account, when condition variables were given
    pub condition: Option<ConditionAccount>,
    /// supply and use tables, when services were given
    pub supply_use: Option<SupplyUse>,
    /// the service reference list and mapping used
    pub services: ServiceMap,
    /// monetary asset account, when services were given
    pub asset: Option<AssetAccount>,
    /// asset value by discount schedule and zone: (schedule, zone, opening, closing)
    pub asset_sensitivity: Vec<(String, String, crate::Amount, crate::Amount)>,
    /// title of the accounts (e.g. the accounting area), shown in summaries
    pub title: Option<String>,
    /// labels of types
    pub labels: Labels,
    /// currency of monetary tables (e.g. "yuan (2010 prices)")
    pub currency: String,
}

impl SeeaAccounts {
    /// Every table, in workbook order.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = extent_tables(&self.extent, &self.labels);
        if let Some(c) = &self.condition {
            t.extend(condition_tables(c));
        }
        if let Some(su) = &self.supply_use {
            t.extend(supply_use_tables(su, &self.services, &self.labels));
        }
        if let Some(a) = &self.asset {
            t.extend(asset_tables(
                a,
                &self.labels,
                &self.currency,
                &self.extent.types,
            ));
            if !self.asset_sensitivity.is_empty() {
                t.push(sensitivity_table(&self.asset_sensitivity, &self.currency));
            }
        }
        t
    }

    /// The zone shown in summaries: all zones, or the only one.
    fn headline_zone(&self) -> String {
        self.extent
            .zones
            .last()
            .cloned()
            .unwrap_or_else(|| ALL_ZONES.to_string())
    }

    /// Write every table as CSV, `seea.xlsx`, `summary.md` and
    /// `summary.html` into `dir`. Returns the files written.
    pub fn write_all(&self, dir: &Path, notes: &[String]) -> Result<Vec<PathBuf>, SeeaError> {
        let tables = self.tables();
        let mut files = Vec::new();
        for t in &tables {
            files.push(t.write_csv(dir)?);
        }
        let x = dir.join("seea.xlsx");
        write_xlsx(&x, &tables)?;
        files.push(x);
        let zone = self.headline_zone();
        let keep =
            |r: &[Cell]| matches!(r.first(), Some(Cell::Text(z)) if *z == zone) || zone.is_empty();
        let shown = [
            "extent_account",
            "condition_zone_index",
            "supply_monetary",
            "use_monetary",
            "asset_account_monetary",
        ];
        let title = format!(
            "{}SEEA 生态系统核算 Ecosystem Accounting {}–{}",
            self.title
                .as_ref()
                .map(|t| format!("{t}: "))
                .unwrap_or_default(),
            self.extent.opening_year,
            self.extent.closing_year
        );
        let intro = format!(
            "Tables in the layout of SEEA Ecosystem Accounting (UN et al. 2021). Shown here: {zone}. \
             Every table for every zone is in the CSV files and `seea.xlsx` (中英文表头). \
             Identities hold exactly: closing = opening + additions − reductions; change-matrix \
             margins = opening/closing extent; total supply = total use; asset account reconciles."
        );
        let mut md = format!("# {title}\n\n{intro}\n\n");
        let mut html = format!(
            "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{t}</title>\
             <style>body{{font-family:sans-serif;max-width:80em;margin:auto}}table{{border-collapse:collapse;margin-bottom:1em}}\
             td,th{{border:1px solid #999;padding:2px 6px}}td.n{{text-align:right}}</style></head><body>\n<h1>{t}</h1>\n<p>{i}</p>\n",
            t = html_escape(&title),
            i = html_escape(&intro)
        );
        for t in tables.iter().filter(|t| shown.contains(&t.id.as_str())) {
            md.push_str(&t.to_markdown(&keep, 40));
            html.push_str(&t.to_html(&keep, 40));
        }
        if !notes.is_empty() {
            md.push_str("## Notes 说明\n\n");
            html.push_str("<h2>Notes 说明</h2>\n<ul>\n");
            for n in notes {
                md.push_str(&format!("- {n}\n"));
                html.push_str(&format!("<li>{}</li>\n", html_escape(n)));
            }
            html.push_str("</ul>\n");
        }
        md.push_str("\n## Files 文件\n\n");
        for t in &tables {
            md.push_str(&format!(
                "- `{}.csv`: {} {}\n",
                t.id, t.title_zh, t.title_en
            ));
        }
        html.push_str("</body></html>\n");
        for (name, text) in [("summary.md", md), ("summary.html", html)] {
            let p = dir.join(name);
            std::fs::write(&p, text).map_err(|e| SeeaError::Write {
                path: p.clone(),
                detail: e.to_string(),
            })?;
            files.push(p);
        }
        Ok(files)
    }
}
