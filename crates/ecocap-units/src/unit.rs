//! Units with dimensional analysis: parse what GEP teams write (`1e8 m3`,
//! `10^8 m3`, `亿立方米`, `万吨`, `yuan/t CO2`, `万元/hm2` …), convert
//! between units of one dimension, and refuse to mix dimensions.
//!
//! # Units
//! Every [`Unit`] is a scale times a product of base units (m, t, kWh, yuan,
//! person-trip; see [`crate::dims`]) and may carry a substance qualifier on
//! its mass (`t C` versus `t CO2`). Qualified masses of different substances
//! never convert into each other here: that needs a chemical or method
//! factor (44/12 for C → CO₂), which belongs to the caller's method.

use std::fmt;
use std::str::FromStr;

use crate::dims::Dims;
use crate::spellings::{self, CHINESE_MULTIPLIERS};

/// A parsed unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    scale: f64,
    dims: Dims,
    qualifier: Option<&'static str>,
    text: String,
}

/// Why a unit string or a conversion was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    /// The text is not a unit this crate knows.
    #[error("cannot parse unit '{text}'{}; hint: write e.g. m3, 1e8 m3, 亿立方米, t, 万吨, t CO2, kWh, hm2, 亩, yuan, 万元, yuan/m3, person-trips", .suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    Unknown {
        /// what the user wrote
        text: String,
        /// nearest known spelling, if any is close
        suggestion: Option<String>,
    },
    /// Two units of different dimensions (or substances) were asked to meet.
    #[error("unit '{from}' ({from_dims}) cannot be converted to '{to}' ({to_dims})")]
    Mismatch {
        /// source unit as written
        from: String,
        /// its dimension in words
        from_dims: String,
        /// target unit as written
        to: String,
        /// its dimension in words
        to_dims: String,
    },
}

impl Unit {
    /// Parse a unit string (same as [`FromStr`]).
    pub fn parse(text: &str) -> Result<Unit, UnitError> {
        let t = normalise(text);
        if t.is_empty() {
            return Err(unknown(text));
        }
        let (num, den) = split_ratio(&t);
        let n = parse_term(num).ok_or_else(|| unknown(text))?;
        let u = match den {
            None => n,
            Some(d) => {
                let d = parse_term(d).ok_or_else(|| unknown(text))?;
                Term {
                    scale: n.scale / d.scale,
                    dims: n.dims.div(d.dims),
                    qualifier: n.qualifier.or(d.qualifier),
                }
            }
        };
        if !(u.scale.is_finite() && u.scale > 0.0) {
            return Err(unknown(text));
        }
        Ok(Unit {
            scale: u.scale,
            dims: u.dims,
            qualifier: u.qualifier,
            text: text.trim().to_string(),
        })
    }

    /// A unit built from parts, for code that derives units (e.g. `yuan/m2`).
    pub fn from_parts(text: &str, scale: f64, dims: Dims, qualifier: Option<&'static str>) -> Unit {
        Unit {
            scale,
            dims,
            qualifier,
            text: text.to_string(),
        }
    }

    /// Base units per one of this unit (e.g. 1e8 for `亿立方米`).
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Dimension.
    pub fn dims(&self) -> Dims {
        self.dims
    }

    /// Substance qualifier (canonical: `C`, `CO2`, `O2`, `N`, `P`, `heat` …).
    pub fn qualifier(&self) -> Option<&'static str> {
        self.qualifier
    }

    /// The text the unit was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Is this an amount of money (yuan, 万元, 亿元 …)?
    pub fn is_money(&self) -> bool {
        self.dims == Dims::MONEY
    }

    /// Do two units measure the same thing (dimension, and substance when
    /// both name one)? See [`qualifiers_compatible`].
    pub fn compatible(&self, other: &Unit) -> bool {
        self.dims == other.dims && qualifiers_compatible(self.qualifier, other.qualifier)
    }

    /// Factor `f` such that `x self = x·f target`.
    pub fn factor_to(&self, target: &Unit) -> Result<f64, UnitError> {
        if !self.compatible(target) {
            return Err(self.mismatch(target));
        }
        Ok(self.scale / target.scale)
    }

    /// Convert `value` in this unit to `target`.
    pub fn convert(&self, value: f64, target: &Unit) -> Result<f64, UnitError> {
        Ok(value * self.factor_to(target)?)
    }

    /// The error naming both units, for callers that detect a mismatch
    /// by their own rule.
    pub fn mismatch(&self, target: &Unit) -> UnitError {
        UnitError::Mismatch {
            from: self.text.clone(),
            from_dims: self.describe(),
            to: target.text.clone(),
            to_dims: target.describe(),
        }
    }

    /// Dimension in words, with the substance: "mass of C", "money per volume".
    pub fn describe(&self) -> String {
        match self.qualifier {
            Some(q) => format!("{} of {q}", self.dims.describe()),
            None => self.dims.describe(),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Unit {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::parse(s)
    }
}

/// Substance qualifiers that change what is measured, so that an
/// unqualified unit never stands for them: `t soil` is not `t` of a
/// pollutant, `kJ heat` is not electricity.
pub const STRONG_QUALIFIERS: [&str; 2] = ["soil", "heat"];

/// May a quantity qualified `a` be read in a unit qualified `b`?
/// Equal qualifiers meet; an unqualified unit meets a qualified one (the
/// qualifier is optional information: `t` meets `t CO2`), except for the
/// [`STRONG_QUALIFIERS`]; different substances never meet.
pub fn qualifiers_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        (Some(x), None) | (None, Some(x)) => !STRONG_QUALIFIERS.contains(&x),
        (None, None) => true,
    }
}

struct Term {
    scale: f64,
    dims: Dims,
    qualifier: Option<&'static str>,
}

fn unknown(text: &str) -> UnitError {
    let t = text.trim();
    let suggestion = spellings::all_spellings()
        .map(|s| (strsim_like(t, s), s))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s.to_string());
    UnitError::Unknown {
        text: t.to_string(),
        suggestion,
    }
}

/// Levenshtein distance over chars (kept here so the base crate needs no
/// string-metric dependency).
fn strsim_like(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Collapse spacing and the ways people write "per year" and "per".
fn normalise(text: &str) -> String {
    let mut t = text.trim().replace('　', " ");
    t = t.replace(" per ", "/").replace('／', "/");
    // Annual flows: an account is for one year, so `m3/a` is `m3`.
    for suffix in ["/a", "/yr", "/year", "/年", "·a⁻¹", " a-1", "·a-1"] {
        if t.len() > suffix.len() && t.ends_with(suffix) {
            t.truncate(t.len() - suffix.len());
            break;
        }
    }
    t.trim().to_string()
}

fn split_ratio(t: &str) -> (&str, Option<&str>) {
    match t.find('/') {
        Some(i) => {
            let den = t[i + 1..].trim();
            let den = den
                .strip_prefix('(')
                .and_then(|d| d.strip_suffix(')'))
                .unwrap_or(den);
            (t[..i].trim(), Some(den.trim()))
        }
        None => (t, None),
    }
}

/// One side of a ratio: `[multiplier] base [qualifier]`.
fn parse_term(s: &str) -> Option<Term> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(b) = spellings::lookup(s) {
        return Some(Term {
            scale: b.scale,
            dims: b.dims,
            qualifier: None,
        });
    }
    // numeric multiplier: 1e8, 10^8, 10⁸, 100
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        let (m, rest) = split_number(s)?;
        let inner = parse_term(rest.trim_start_matches(['*', '×', ' ']))?;
        return Some(Term {
            scale: m * inner.scale,
            ..inner
        });
    }
    // Chinese multiplier: 万吨, 亿立方米, 万人次
    for (p, m) in CHINESE_MULTIPLIERS {
        if let Some(rest) = s.strip_prefix(p) {
            if let Some(inner) = parse_term(rest) {
                return Some(Term {
                    scale: m * inner.scale,
                    ..inner
                });
            }
        }
    }
    // qualifier after the base: "t CO2", "tC", "t(N)", "吨碳"
    parse_qualified(s)
}

fn parse_qualified(s: &str) -> Option<Term> {
    let stripped = s.strip_suffix(')').or_else(|| s.strip_suffix('）'));
    let body = stripped.unwrap_or(s);
    for (i, _) in body.char_indices().skip(1) {
        let (base, q) = body.split_at(i);
        let q = q.trim();
        let q = if stripped.is_some() {
            q.strip_prefix('(').or_else(|| q.strip_prefix('（'))?
        } else {
            q
        };
        if let (Some(b), Some(qn)) = (
            spellings::lookup(base.trim()),
            spellings::lookup_qualifier(q.trim()),
        ) {
            // A substance names what a mass is of; `heat` names what an
            // energy is. Anything else ("m C") is a typo, not a unit.
            let fits = if qn == "heat" {
                b.dims == Dims::ENERGY
            } else {
                b.dims == Dims::MASS
            };
            if !fits {
                return None;
            }
            return Some(Term {
                scale: b.scale,
                dims: b.dims,
                qualifier: Some(qn),
            });
        }
    }
    None
}

/// Split a leading number (`1e8`, `10^8`, `10⁸`, `1.5`) from the rest.
fn split_number(s: &str) -> Option<(f64, &str)> {
    let mut end = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let next_is_num = chars
            .get(k + 1)
            .is_some_and(|(_, n)| n.is_ascii_digit() || *n == '-' || *n == '+');
        let ok = c.is_ascii_digit()
            || c == '.'
            || c == '^'
            || "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c)
            || ((c == 'e' || c == 'E') && next_is_num)
            || ((c == '-' || c == '+') && k > 0 && matches!(chars[k - 1].1, 'e' | 'E' | '^'));
        if !ok {
            break;
        }
        end = i + c.len_utf8();
        k += 1;
    }
    let (num, rest) = s.split_at(end);
    let value = if let Some((b, e)) = num.split_once('^') {
        b.parse::<f64>().ok()?.powi(e.parse::<i32>().ok()?)
    } else if let Some(pos) = num.find(|c: char| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c)) {
        let (b, e) = num.split_at(pos);
        let e: String = e
            .chars()
            .filter_map(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c))
            .map(|d| char::from(b'0' + d as u8))
            .collect();
        b.parse::<f64>().ok()?.powi(e.parse::<i32>().ok()?)
    } else {
        num.parse::<f64>().ok()?
    };
    Some((value, rest))
}
