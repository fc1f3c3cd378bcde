//! Number formatting for legends and labels: thousands separators and
//! M (10⁶) / bn (10⁹) in English, 万 (10⁴) and 亿 (10⁸) scaling in Chinese.

use crate::Lang;

/// `v` rounded to `sig` significant digits.
pub fn round_sig(v: f64, sig: u32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor() as i32;
    let p = 10f64.powi(sig as i32 - 1 - mag);
    (v * p).round() / p
}

/// `v` rounded to `sig` significant digits, trailing zeros after the
/// decimal point dropped.
///
/// English: `12,300`, `12.5`, `0.042`, from 10⁶ in M (`1.23 M`, `391 M`),
/// from 10⁹ in bn (`1.04 bn`). Chinese: below 10 000 plain
/// (`8500`, `12.5`); from 10 000 in 万 (`1.25万`, `3,400万`); from 10⁸ in 亿
/// (`2.3亿`). The unit is chosen after rounding, so 9 999.7 shows as `1万`.
pub fn format_sig(v: f64, sig: u32, lang: Lang) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let r = round_sig(v, sig);
    let (scaled, suffix) = match lang {
        Lang::Zh if r.abs() >= 1e8 => (r / 1e8, "亿"),
        Lang::Zh if r.abs() >= 1e4 => (r / 1e4, "万"),
        Lang::En if r.abs() >= 1e9 => (r / 1e9, " bn"),
        Lang::En if r.abs() >= 1e6 => (r / 1e6, " M"),
        _ => (r, ""),
    };
    let decimals = if scaled == 0.0 {
        0
    } else {
        let mag = scaled.abs().log10().floor() as i32;
        (sig as i32 - 1 - mag).max(0) as usize
    };
    let separators = lang == Lang::En || !suffix.is_empty();
    let mut s = format_fixed(scaled, decimals, separators);
    s.push_str(suffix);
    s
}

/// Labels for class breaks: the fewest significant digits (1 to 6) that show
/// every value exactly (breaks are already rounded), and more if that is
/// needed to keep neighbours apart. So `[1200, 1250]` reads "1,200", "1,250",
/// never "1,200", "1,300".
pub fn format_breaks(values: &[f64], lang: Lang) -> Vec<String> {
    let exact = |sig: u32| {
        values
            .iter()
            .all(|&v| (round_sig(v, sig) - v).abs() <= 1e-9 * v.abs())
    };
    let mut sig = (1..=6).find(|&s| exact(s)).unwrap_or(6);
    loop {
        let out: Vec<String> = values.iter().map(|&v| format_sig(v, sig, lang)).collect();
        if sig >= 10 || out.windows(2).all(|w| w[0] != w[1]) {
            return out;
        }
        sig += 1;
    }
}

/// `v` with `decimals` decimals, trailing zeros trimmed, and a comma every
/// three integer digits when `separators`.
fn format_fixed(v: f64, decimals: usize, separators: bool) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let int = if separators { group(&int) } else { int };
    let zero = int.chars().all(|c| c == '0' || c == ',') && frac.is_empty();
    let sign = if v < 0.0 && !zero { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

fn group(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_uses_thousands_separators_and_m_bn() {
        assert_eq!(format_sig(123_456.0, 6, Lang::En), "123,456");
        assert_eq!(format_sig(123_456.0, 3, Lang::En), "123,000");
        assert_eq!(format_sig(1_234_567.0, 3, Lang::En), "1.23 M");
        assert_eq!(format_sig(391_000_000.0, 3, Lang::En), "391 M");
        assert_eq!(format_sig(1.04e9, 3, Lang::En), "1.04 bn");
        assert_eq!(format_sig(2.5e13, 3, Lang::En), "25,000 bn");
        assert_eq!(format_sig(1_234_567.0, 2, Lang::En), "1.2 M");
        assert_eq!(format_sig(999.0, 3, Lang::En), "999");
        assert_eq!(format_sig(12.5, 3, Lang::En), "12.5");
        assert_eq!(format_sig(0.04213, 2, Lang::En), "0.042");
        assert_eq!(format_sig(2.50, 3, Lang::En), "2.5");
        assert_eq!(format_sig(0.0, 3, Lang::En), "0");
        assert_eq!(format_sig(-45_600.0, 3, Lang::En), "-45,600");
    }

    #[test]
    fn chinese_scales_to_wan_and_yi() {
        assert_eq!(format_sig(8500.0, 3, Lang::Zh), "8500");
        assert_eq!(format_sig(12_500.0, 3, Lang::Zh), "1.25万");
        assert_eq!(format_sig(34_000_000.0, 3, Lang::Zh), "3,400万");
        assert_eq!(format_sig(230_000_000.0, 2, Lang::Zh), "2.3亿");
        assert_eq!(format_sig(1.5e12, 3, Lang::Zh), "15,000亿");
        assert_eq!(format_sig(-12_000.0, 3, Lang::Zh), "-1.2万");
    }

    #[test]
    fn unit_is_chosen_after_rounding() {
        assert_eq!(format_sig(9_999.7, 3, Lang::Zh), "1万");
        assert_eq!(format_sig(99_999_999.0, 2, Lang::Zh), "1亿");
        assert_eq!(format_sig(999.96, 3, Lang::En), "1,000");
        assert_eq!(format_sig(999_999.0, 3, Lang::En), "1 M");
    }

    #[test]
    fn distinct_labels_add_digits_only_where_needed() {
        assert_eq!(
            format_breaks(&[1000.0, 2000.0, 5000.0], Lang::En),
            ["1,000", "2,000", "5,000"]
        );
        assert_eq!(
            format_breaks(&[1200.0, 1250.0], Lang::En),
            ["1,200", "1,250"]
        );
        assert_eq!(
            format_breaks(&[0.123456789, 0.123457], Lang::En),
            ["0.1234568", "0.123457"]
        );
        assert_eq!(
            format_breaks(&[12_000.0, 12_500.0, 30_000.0], Lang::Zh),
            ["1.2万", "1.25万", "3万"]
        );
    }
}
