//! `report.html`: one self-contained page (no scripts, no external
//! files) with the summary, the sources of the discount rates, and three
//! inline SVG charts: cumulative discounted net benefit, the NPV
//! histogram of the Monte Carlo, and a tornado of rank correlations.

use super::CbaResults;
use crate::error::AppError;
use ecocap_cba::economic::Analysis;
use std::fmt::Write;
use std::path::Path;

const COLORS: [&str; 6] = [
    "#1b7837", "#2166ac", "#b2182b", "#762a83", "#e08214", "#4d4d4d",
];
const W: f64 = 640.0;
const H: f64 = 260.0;
const PAD: f64 = 48.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if a >= 1e8 {
        format!("{:.3e}", v)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.2} %", x * 100.0)).unwrap_or_default()
}

/// Map a value range to the vertical pixel range.
fn scale(lo: f64, hi: f64) -> impl Fn(f64) -> f64 {
    let span = if hi > lo { hi - lo } else { 1.0 };
    move |v| H - PAD / 2.0 - (v - lo) / span * (H - PAD)
}

fn axis(svg: &mut String, lo: f64, hi: f64, y: &dyn Fn(f64) -> f64) {
    let _ = write!(
        svg,
        r##"<line x1="{PAD}" y1="{0}" x2="{1}" y2="{0}" stroke="#999"/>"##,
        y(0.0f64.clamp(lo, hi)),
        W - 10.0
    );
    for v in [lo, 0.0f64.clamp(lo, hi), hi] {
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>"##,
            PAD - 4.0,
            y(v) + 3.0,
            num(v)
        );
    }
}

fn cumulative(r: &CbaResults) -> String {
    let Some(first) = r.built.schedules.first() else {
        return String::new();
    };
    let evs: Vec<_> = r
        .evaluations
        .iter()
        .filter(|e| e.discount == first.id && e.analysis == Analysis::Economic)
        .collect();
    let series: Vec<Vec<f64>> = evs
        .iter()
        .map(|e| {
            e.net
                .iter()
                .zip(&e.df)
                .scan(0.0, |c, (x, d)| {
                    *c += x * d;
                    Some(*c)
                })
                .collect()
        })
        .collect();
    let all = series.iter().flatten();
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(*v), b.max(*v)));
    let y = scale(lo, hi);
    let n = series.first().map_or(1, Vec::len).max(2) - 1;
    let x = |t: usize| PAD + t as f64 / n as f64 * (W - PAD - 10.0);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" role="img" aria-label="cumulative discounted net benefit">"#
    );
    axis(&mut svg, lo, hi, &y);
    for (k, (s, e)) in series.iter().zip(&evs).enumerate() {
        let pts: Vec<String> = s
            .iter()
            .enumerate()
            .map(|(t, v)| format!("{:.1},{:.1}", x(t), y(*v)))
            .collect();
        let c = COLORS[k % COLORS.len()];
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{c}" stroke-width="2" points="{}"/><text x="{}" y="{}" font-size="11" fill="{c}">{}</text>"#,
            pts.join(" "),
            PAD + 6.0,
            14.0 + 13.0 * k as f64,
            esc(&e.alternative)
        );
    }
    let p = &r.built.project;
    let _ = write!(
        svg,
        r#"<text x="{PAD}" y="{}" font-size="10">{}</text><text x="{}" y="{}" font-size="10" text-anchor="end">{}</text></svg>"#,
        H - 4.0,
        p.start_year,
        W - 10.0,
        H - 4.0,
        p.end_year
    );
    format!(
        "<h2>Cumulative discounted net benefit 累计折现净效益 ({}, economic)</h2>{svg}",
        esc(&first.id)
    )
}

fn histogram(r: &CbaResults) -> String {
    let Some(mc) = &r.mc else {
        return String::new();
    };
    let mut out = format!(
        "<h2>NPV distribution 净现值分布 ({} runs, seed {}, {}, {})</h2>",
        mc.runs,
        mc.seed,
        esc(&mc.discount),
        mc.analysis.id()
    );
    for (k, (a, v)) in mc.draws.alternatives.iter().zip(&mc.draws.npv).enumerate() {
        let (lo, hi) = v
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
        let bins = 30;
        let width = if hi > lo {
            (hi - lo) / bins as f64
        } else {
            1.0
        };
        let mut count = vec![0usize; bins];
        for x in v {
            count[(((x - lo) / width) as usize).min(bins - 1)] += 1;
        }
        let top = count.iter().copied().max().unwrap_or(1).max(1) as f64;
        let bw = (W - PAD - 10.0) / bins as f64;
        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{}" role="img" aria-label="NPV histogram {}">"#,
            H - 60.0,
            esc(a)
        );
        let c = COLORS[k % COLORS.len()];
        for (i, n) in count.iter().enumerate() {
            let h = *n as f64 / top * (H - 110.0);
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{c}"/>"#,
                PAD + i as f64 * bw,
                H - 80.0 - h,
                bw - 1.0
            );
        }
        if lo < 0.0 && hi > 0.0 {
            let z = PAD + (0.0 - lo) / (hi - lo) * (W - PAD - 10.0);
            let _ = write!(
                svg,
                r##"<line x1="{z:.1}" y1="10" x2="{z:.1}" y2="{}" stroke="#000" stroke-dasharray="3 3"/>"##,
                H - 80.0
            );
        }
        let p = ecocap_cba::montecarlo::p_positive(v);
        let _ = write!(
            svg,
            r#"<text x="{PAD}" y="{}" font-size="10">{}</text><text x="{}" y="{}" font-size="10" text-anchor="end">{}</text><text x="{}" y="14" font-size="11" text-anchor="end">{}: P(NPV &gt; 0) = {:.1} %</text></svg>"#,
            H - 66.0,
            num(lo),
            W - 10.0,
            H - 66.0,
            num(hi),
            W - 10.0,
            esc(a),
            p * 100.0
        );
        out.push_str(&svg);
    }
    out
}

fn tornado(r: &CbaResults) -> String {
    let Some(mc) = &r.mc else {
        return String::new();
    };
    let mut out = format!("<h2>Sensitivity 敏感性 (Spearman rank correlation with NPV) and EVPI</h2><p>EVPI of all variables together: {}</p>", num(mc.evpi));
    for (k, a) in mc.draws.alternatives.iter().enumerate() {
        let mut bars: Vec<(String, f64, f64)> = mc
            .draws
            .variables
            .iter()
            .enumerate()
            .map(|(v, name)| (name.clone(), mc.rank[v][k].unwrap_or(0.0), mc.evppi[v]))
            .collect();
        bars.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
        let rowh = 20.0;
        let hh = rowh * bars.len() as f64 + 30.0;
        // labels in the left 310 px, bars for ρ in −1…1 around the axis
        let wt = 760.0;
        let half = (wt - 320.0) / 2.0;
        let mid = 310.0 + half;
        let mut svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{wt}" height="{hh}" role="img" aria-label="tornado {}"><text x="{mid}" y="12" font-size="11" text-anchor="middle">{}</text><line x1="{mid}" y1="16" x2="{mid}" y2="{hh}" stroke="#999"/>"##,
            esc(a),
            esc(a)
        );
        for (i, (name, rho, evppi)) in bars.iter().enumerate() {
            let y = 20.0 + i as f64 * rowh;
            let w = rho.abs() * half;
            let x = if *rho < 0.0 { mid - w } else { mid };
            let c = if *rho < 0.0 { "#b2182b" } else { "#2166ac" };
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{}" fill="{c}"/><text x="{}" y="{}" font-size="11">{} (ρ = {:.2}, EVPI {})</text>"#,
                rowh - 4.0,
                4.0,
                y + 12.0,
                esc(name),
                rho,
                num(*evppi)
            );
        }
        svg.push_str("</svg>");
        out.push_str(&svg);
    }
    out
}

fn summary(r: &CbaResults) -> String {
    let cur = esc(&r.built.project.currency);
    let mut s = format!("<table><tr><th>alternative 方案</th><th>discount 折现</th><th>analysis</th><th>NPV ({cur})</th><th>PV benefits</th><th>PV costs</th><th>BCR</th><th>IRR</th><th>MIRR</th><th>payback (y)</th><th>EAV</th></tr>");
    for e in &r.evaluations {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&e.alternative), esc(&e.discount), e.analysis.id(), num(e.npv), num(e.pv_benefits), num(e.pv_costs), e.bcr.map(|b| format!("{b:.3}")).unwrap_or_default(), pct(e.irr.unique()), pct(e.mirr), e.payback.map(|p| p.to_string()).unwrap_or_default(), e.eav.map(num).unwrap_or_default());
    }
    s.push_str("</table>");
    s
}

fn distribution(r: &CbaResults) -> String {
    if r.built.groups.is_empty() {
        return String::new();
    }
    let mut s = String::from("<h2>Who gains and who pays 受益与受损群体 (economic analysis)</h2>");
    if let Some(w) = &r.built.weights {
        let _ = write!(s, "<p>Weights w = (y_ref / y)<sup>e</sup>, y_ref = {}, e = {} (HM Treasury Green Book 2022, Annex A3). Weighted results are shown next to, not instead of, the unweighted ones.</p>", num(w.reference_income), w.elasticity);
    }
    s.push_str("<table><tr><th>alternative</th><th>discount</th><th>group</th><th>gender</th><th>weight</th><th>NPV</th><th>weighted NPV</th></tr>");
    for (a, d, rows) in &r.distribution {
        for g in rows {
            let _ = write!(s, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.3}</td><td>{}</td><td>{}</td></tr>", esc(a), esc(d), esc(&g.group), g.gender.id(), g.weight, num(g.npv), num(g.weighted_npv));
        }
    }
    s.push_str("</table>");
    s
}

/// Write `report.html` into `dir`.
pub fn write(dir: &Path, r: &CbaResults) -> Result<(), AppError> {
    let p = &r.built.project;
    let mut html = format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title><style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}}table{{border-collapse:collapse;font-size:12px}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}td:first-child{{text-align:left}}</style></head><body><h1>{0}</h1><p>Horizon 计算期 {1}–{2} (year 0 = {1}, not discounted), prices of {3}, {4}. Economic analysis at shadow prices (conversion factors SCF {5}, wage {6}, foreign exchange {7}; transfers removed); financial analysis at market prices.</p>", esc(&r.title), p.start_year, p.end_year, p.price_year, esc(&p.currency), p.factors.standard, p.factors.wage, p.factors.foreign_exchange);
    html.push_str("<h2>Summary 汇总</h2>");
    html.push_str(&summary(r));
    html.push_str("<h2>Discount rates and sources 折现率及来源</h2><ul>");
    for s in &r.built.schedules {
        let _ = write!(
            html,
            "<li><b>{}</b>: {}{}</li>",
            esc(&s.id),
            esc(&s.source),
            if s.status.is_empty() {
                String::new()
            } else {
                format!(" <i>Status: {}</i>", esc(&s.status))
            }
        );
    }
    html.push_str("</ul>");
    html.push_str(&cumulative(r));
    html.push_str(&histogram(r));
    html.push_str(&tornado(r));
    html.push_str(&distribution(r));
    if !r.notes.is_empty() {
        html.push_str("<h2>Notes 说明</h2><ul>");
        for n in &r.notes {
            let _ = write!(html, "<li>{}</li>", esc(n));
        }
        html.push_str("</ul>");
    }
    html.push_str("</body></html>\n");
    let path = dir.join("report.html");
    std::fs::write(&path, html).map_err(|e| AppError::OutDir {
        path,
        detail: e.to_string(),
    })
}
