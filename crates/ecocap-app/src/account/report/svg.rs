//! Inline SVG charts for the HTML report: stacked bars and intervals.
//! Plain SVG text, so the report needs no script and no network.

use ecocap_seea::table::html_escape as esc;

/// Colours of the stacked series (material, regulating, cultural, …).
pub const SERIES: [&str; 6] = [
    "#e6a23c", "#2f855a", "#3182ce", "#9f7aea", "#dd6b20", "#718096",
];

/// One bar: a label and its stacked parts (≥ 0).
pub struct Bar {
    /// label under (or beside) the bar
    pub label: String,
    /// stacked values, in series order
    pub parts: Vec<f64>,
}

/// A "nice" axis maximum ≥ `v` (1, 2, 2.5 or 5 × 10ⁿ).
pub fn nice_max(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

fn fmt_tick(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{}", (v * 100.0).round() / 100.0)
    } else {
        format!("{v:.3}")
    }
}

/// Horizontal stacked bars with a legend; values in the unit of `axis`.
pub fn stacked_bars(bars: &[Bar], series: &[String], axis: &str) -> String {
    let row = 26.0;
    let (left, right, top) = (190.0, 30.0, 34.0);
    let width = 760.0;
    let plot_w = width - left - right;
    let height = top + row * bars.len() as f64 + 40.0;
    let max = nice_max(
        bars.iter()
            .map(|b| b.parts.iter().filter(|v| **v > 0.0).sum::<f64>())
            .fold(0.0, f64::max),
    );
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    );
    // legend
    let mut x = left;
    for (k, name) in series.iter().enumerate() {
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"18\">{}</text>\n",
            SERIES[k % SERIES.len()],
            x + 16.0,
            esc(name)
        ));
        x += 24.0 + 8.0 * name.chars().count() as f64 + 20.0;
    }
    // grid and ticks
    for t in 0..=4 {
        let v = max * f64::from(t) / 4.0;
        let gx = left + plot_w * f64::from(t) / 4.0;
        let gy = top + row * bars.len() as f64;
        s.push_str(&format!(
            "<line x1=\"{gx:.1}\" y1=\"{top}\" x2=\"{gx:.1}\" y2=\"{gy}\" stroke=\"#ddd\"/>\
             <text x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            gy + 14.0,
            fmt_tick(v)
        ));
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
        left + plot_w / 2.0,
        height - 6.0,
        esc(axis)
    ));
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64 + 4.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            left - 6.0,
            y + 13.0,
            esc(&b.label)
        ));
        let mut x = left;
        for (k, v) in b.parts.iter().enumerate() {
            if *v <= 0.0 {
                continue;
            }
            let w = plot_w * v / max;
            s.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\">\
                 <title>{}: {}</title></rect>\n",
                row - 8.0,
                SERIES[k % SERIES.len()],
                esc(series.get(k).map_or("", String::as_str)),
                fmt_tick(*v)
            ));
            x += w;
        }
    }
    s.push_str("</svg>\n");
    s
}

/// One interval: label, P5, P50, P95.
pub struct Interval {
    /// label
    pub label: String,
    /// 5th percentile
    pub p5: f64,
    /// median
    pub p50: f64,
    /// 95th percentile
    pub p95: f64,
}

/// Horizontal P5–P95 whiskers with the median marked.
pub fn intervals(items: &[Interval], axis: &str) -> String {
    let row = 24.0;
    let (left, right, top) = (190.0, 30.0, 10.0);
    let width = 760.0;
    let plot_w = width - left - right;
    let height = top + row * items.len() as f64 + 40.0;
    let max = nice_max(items.iter().map(|i| i.p95).fold(0.0, f64::max));
    let xs = |v: f64| left + plot_w * (v / max).clamp(0.0, 1.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    );
    let bottom = top + row * items.len() as f64;
    for t in 0..=4 {
        let v = max * f64::from(t) / 4.0;
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#ddd\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            bottom + 14.0,
            fmt_tick(v),
            x = xs(v)
        ));
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
        left + plot_w / 2.0,
        height - 6.0,
        esc(axis)
    ));
    for (i, it) in items.iter().enumerate() {
        let y = top + row * i as f64 + row / 2.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#2f855a\" stroke-width=\"3\"/>\
             <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#1a202c\"/>\n",
            left - 6.0,
            y + 4.0,
            esc(&it.label),
            xs(it.p5),
            xs(it.p95),
            xs(it.p50)
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axis_maxima() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.3), 10.0);
        assert_eq!(nice_max(2.1), 2.5);
        assert_eq!(nice_max(180.0), 200.0);
        assert_eq!(nice_max(5.0), 5.0);
        assert!((nice_max(0.042) - 0.05).abs() < 1e-15);
    }

    #[test]
    fn bars_scale_to_the_axis_and_escape_labels() {
        let bars = [
            Bar {
                label: "甲 <A>".into(),
                parts: vec![1.0, 3.0],
            },
            Bar {
                label: "B".into(),
                parts: vec![2.0, 0.0],
            },
        ];
        let s = stacked_bars(&bars, &["m".into(), "r".into()], "亿元");
        assert!(s.contains("甲 &lt;A&gt;"));
        // the longest bar (4) fills the 540-px plot of a nice max of 5: 1 → 108 px, 3 → 324 px
        assert!(s.contains("width=\"108.0\""), "{s}");
        assert!(s.contains("width=\"324.0\""));
        assert_eq!(s.matches("<rect").count(), 2 + 3, "legend 2 + bars 3");
    }
}
