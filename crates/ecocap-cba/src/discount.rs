//! Discount schedules and the presets of China, the UK and the US.
//!
//! Year 0 is the project's `start_year` and is not discounted. A flow in
//! year *t* (= calendar year − `start_year`) is multiplied by
//!
//! `DF_t = Π_{s=1..t} 1 / (1 + r_s)`
//!
//! with `r_s` the rate of the segment holding year *s*. For a constant
//! rate this is `(1 + r)^−t`; for the Green Book's declining schedule it is
//! the cumulative factor the Green Book prescribes (HM Treasury 2022,
//! Annex A6: the lower rate applies to the years of its band only, so the
//! factor is continuous where the rate steps down). A 2026 edition of the
//! Green Book has been published; the UK presets are the 2022 Annex A6
//! schedules (still the ones cited for the STPR by the CRAN package
//! `greenbook` 0.1.0, 2026) — check the 2026 edition before relying on them.

use crate::error::{nearest, CbaError};
use serde::Serialize;

/// One band of a schedule: years `from..=to` (open-ended when `to` is None).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Segment {
    /// first year of the band (≥ 1; year 0 is never discounted)
    pub from: u32,
    /// last year, inclusive (None: every later year)
    pub to: Option<u32>,
    /// rate as a ratio (0.035, not 3.5)
    pub rate: f64,
}

/// A discount schedule: an id, its source and its bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// id shown in the outputs (`china-8`, `uk-green-book`, ...)
    pub id: String,
    /// where the rates come from (author, year, section)
    pub source: String,
    /// status note (e.g. rescinded), empty when none
    pub status: String,
    /// contiguous bands from year 1
    pub segments: Vec<Segment>,
}

const CN_METHOD: &str = "国家发展改革委、建设部《建设项目经济评价方法与参数》(第三版), 2006 (发改投资[2006]1325号), 社会折现率 8 %";
const CN_SL72: &str = "SL 72-2013《水利建设项目经济评价规范》: 社会折现率 8 %; projects that are or include public-interest works (flood control, ecological restoration) may also be evaluated at 6 %; 6 % is also the floor the national method allows for long-lived projects with large, low-risk long-term benefits";
const GREEN_BOOK: &str = "HM Treasury (2022) The Green Book, Annex A6 (Discounting): STPR 3.5 % declining, 0–30 y 3.5 %, 31–75 y 3.0 %, 76–125 y 2.5 %, 126–200 y 2.0 %, 201–300 y 1.5 %, 301+ y 1.0 %";
const GREEN_BOOK_HEALTH: &str = "HM Treasury (2022) The Green Book, Annex A6: health discount rate 1.5 % (STPR without the wealth effect μg), declining 1.50 / 1.29 / 1.07 / 0.86 / 0.64 / 0.43 % over the same bands";
const A4_2003: &str = "OMB Circular A-4 (17 Sept 2003), section E 'Discount rates': real rates of 3 % and 7 %, both reported";
const A4_2023: &str = "OMB Circular A-4 (9 Nov 2023), section 'Discount rates': real rate 2.0 %";
const A4_2023_STATUS: &str = "rescinded in 2025: Executive Order 14192 'Unleashing Prosperity Through Deregulation' (31 Jan 2025, 90 Fed. Reg. 9065) directs OMB to repeal the 2023 revision and reinstate the 2003 Circular A-4 (3 % and 7 %); kept only to reproduce analyses made under it";

/// Every preset name accepted by [`preset`].
pub const PRESETS: [&str; 9] = [
    "china-8",
    "china-6",
    "uk-green-book",
    "uk-health",
    "us-a4-2003",
    "us-a4-2003-3",
    "us-a4-2003-7",
    "us-a4-2023",
    "constant",
];

/// The Green Book's bands (HM Treasury 2022, Annex A6), with the year-0
/// band starting at 1 because year 0 is not discounted.
const BANDS: [(u32, Option<u32>); 6] = [
    (1, Some(30)),
    (31, Some(75)),
    (76, Some(125)),
    (126, Some(200)),
    (201, Some(300)),
    (301, None),
];

fn banded(id: &str, source: &str, rates: [f64; 6]) -> Schedule {
    Schedule {
        id: id.into(),
        source: source.into(),
        status: String::new(),
        segments: BANDS
            .iter()
            .zip(rates)
            .map(|(&(from, to), rate)| Segment { from, to, rate })
            .collect(),
    }
}

impl Schedule {
    /// A constant rate from year 1 on.
    pub fn constant(id: &str, rate: f64, source: &str) -> Schedule {
        Schedule {
            id: id.into(),
            source: source.into(),
            status: String::new(),
            segments: vec![Segment {
                from: 1,
                to: None,
                rate,
            }],
        }
    }

    /// A user schedule, checked ([`Schedule::validate`]).
    pub fn user(id: &str, segments: Vec<Segment>) -> Result<Schedule, CbaError> {
        let s = Schedule {
            id: id.into(),
            source: format!("user schedule '{id}'"),
            status: String::new(),
            segments,
        };
        s.validate()?;
        Ok(s)
    }

    /// Bands start at year 1, follow each other without gaps or overlaps,
    /// the last one is open-ended, and rates are ≥ 0 and < 1.
    pub fn validate(&self) -> Result<(), CbaError> {
        let gap = |detail: String| CbaError::Schedule {
            schedule: self.id.clone(),
            detail,
        };
        let first = self
            .segments
            .first()
            .ok_or_else(|| gap("the schedule has no segments".into()))?;
        if first.from != 1 {
            return Err(gap(format!(
                "the first segment starts at year {}, not 1",
                first.from
            )));
        }
        for (i, s) in self.segments.iter().enumerate() {
            check_discount_rate(
                &format!("discount schedule '{}', segment {}", self.id, i + 1),
                s.rate,
            )?;
            if let Some(to) = s.to {
                if to < s.from {
                    return Err(gap(format!(
                        "segment {} ends (year {to}) before it starts (year {})",
                        i + 1,
                        s.from
                    )));
                }
            }
            match (s.to, self.segments.get(i + 1)) {
                (Some(to), Some(next)) if next.from != to + 1 => {
                    return Err(gap(format!(
                        "segment {} ends at year {to} but segment {} starts at year {} ({})",
                        i + 1,
                        i + 2,
                        next.from,
                        if next.from > to + 1 {
                            "a gap"
                        } else {
                            "an overlap"
                        }
                    )))
                }
                (None, Some(_)) => {
                    return Err(gap(format!(
                        "segment {} is open-ended but more segments follow",
                        i + 1
                    )))
                }
                (Some(to), None) => {
                    return Err(gap(format!(
                        "the last segment ends at year {to}; later years have no rate"
                    )))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Rate of year `t` (≥ 1); the last band's rate beyond the bands.
    pub fn rate(&self, t: u32) -> f64 {
        self.segments
            .iter()
            .find(|s| t >= s.from && s.to.is_none_or(|to| t <= to))
            .or(self.segments.last())
            .map_or(0.0, |s| s.rate)
    }

    /// Discount factors `DF_0 ..= DF_n` (`DF_0 = 1`).
    ///
    /// `DF_t = Π_{s=1..t} 1/(1 + r_s)` (HM Treasury 2022, Annex A6).
    pub fn factors(&self, n: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(n + 1);
        let mut df = 1.0;
        out.push(df);
        for t in 1..=n {
            df /= 1.0 + self.rate(t as u32);
            out.push(df);
        }
        out
    }

    /// True when every band has the same rate.
    pub fn constant_rate(&self) -> Option<f64> {
        let r = self.segments.first()?.rate;
        self.segments.iter().all(|s| s.rate == r).then_some(r)
    }
}

/// Discount rates must be ≥ 0 and < 1 (ratios, not percent).
pub fn check_discount_rate(key: &str, rate: f64) -> Result<(), CbaError> {
    if !rate.is_finite() || rate < 0.0 {
        return Err(CbaError::Rate {
            key: key.into(),
            value: rate,
            detail: "a discount rate must not be negative".into(),
            hint: "give the rate as a ratio ≥ 0 (0.035 for 3.5 %)".into(),
        });
    }
    if rate >= 1.0 {
        return Err(CbaError::Rate {
            key: key.into(),
            value: rate,
            detail: "a discount rate of 100 % or more is almost surely a percentage".into(),
            hint: "give the rate as a ratio (0.035 for 3.5 %, not 3.5)".into(),
        });
    }
    Ok(())
}

/// The schedules of a preset. `us-a4-2003` gives two (3 % and 7 %, both
/// 2003); `constant` needs `rate`.
pub fn preset(name: &str, rate: Option<f64>) -> Result<Vec<Schedule>, CbaError> {
    let one = |s: Schedule| Ok(vec![s]);
    match name {
        "china-8" => one(Schedule::constant("china-8", 0.08, CN_METHOD)),
        "china-6" => one(Schedule::constant("china-6", 0.06, CN_SL72)),
        "uk-green-book" => one(banded(
            "uk-green-book",
            GREEN_BOOK,
            [0.035, 0.030, 0.025, 0.020, 0.015, 0.010],
        )),
        "uk-health" => one(banded(
            "uk-health",
            GREEN_BOOK_HEALTH,
            [0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043],
        )),
        "us-a4-2003" => Ok(vec![
            Schedule::constant("us-a4-2003-3", 0.03, A4_2003),
            Schedule::constant("us-a4-2003-7", 0.07, A4_2003),
        ]),
        "us-a4-2003-3" => one(Schedule::constant("us-a4-2003-3", 0.03, A4_2003)),
        "us-a4-2003-7" => one(Schedule::constant("us-a4-2003-7", 0.07, A4_2003)),
        "us-a4-2023" => {
            let mut s = Schedule::constant("us-a4-2023", 0.02, A4_2023);
            s.status = A4_2023_STATUS.into();
            one(s)
        }
        "constant" => {
            let r = rate.ok_or_else(|| {
                CbaError::input(
                    "[discount] presets = [\"constant\"]",
                    "the constant preset needs a rate",
                    "add `rate = 0.05` under [discount] (a ratio: 0.05 = 5 %)",
                )
            })?;
            check_discount_rate("[discount] rate", r)?;
            one(Schedule::constant(
                &format!("constant-{}", r * 100.0),
                r,
                "constant rate given by the user",
            ))
        }
        _ => Err(CbaError::UnknownPreset {
            name: name.into(),
            suggestion: nearest(name, PRESETS),
            known: PRESETS.join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn green_book_factors_by_hand() {
        let s = &preset("uk-green-book", None).unwrap()[0];
        let df = s.factors(130);
        // DF_30 = 1.035^-30; DF_31 = DF_30 / 1.03; DF_75 = DF_30 · 1.03^-45;
        // DF_76 = DF_75 / 1.025; DF_125 = DF_75 · 1.025^-50
        let d30 = 1.035f64.powi(-30);
        let d75 = d30 * 1.03f64.powi(-45);
        assert!(close(df[30], d30));
        assert!((df[30] - 0.356_278_410_6).abs() < 1e-9);
        assert!(close(df[31], d30 / 1.03));
        assert!(close(df[75], d75));
        assert!(close(df[76], d75 / 1.025));
        assert!(close(df[125], d75 * 1.025f64.powi(-50)));
        assert!((df[31] - 0.345_901_369_5).abs() < 1e-9);
        assert!((df[76] - 0.091_915_875_7).abs() < 1e-9);
        assert!((df[125] - 0.027_410_763_0).abs() < 1e-9);
        assert!((df[75] - 0.094_213_772_6).abs() < 1e-9);
    }

    #[test]
    fn us_2003_gives_two_and_2023_has_status() {
        let s = preset("us-a4-2003", None).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].constant_rate(), Some(0.07));
        let s = preset("us-a4-2023", None).unwrap();
        assert!(s[0].status.contains("rescinded"));
    }

    #[test]
    fn unknown_preset_suggests() {
        let e = preset("uk-greenbook", None).unwrap_err();
        assert!(
            e.to_string().contains("did you mean 'uk-green-book'"),
            "{e}"
        );
        assert!(e.to_string().contains("hint:"));
    }

    #[test]
    fn gaps_and_negative_rates_refused() {
        let seg = |from, to, rate| Segment { from, to, rate };
        let e =
            Schedule::user("mine", vec![seg(1, Some(10), 0.05), seg(12, None, 0.03)]).unwrap_err();
        assert!(e.to_string().contains("a gap"), "{e}");
        let e = Schedule::user("mine", vec![seg(1, None, -0.01)]).unwrap_err();
        assert!(e.to_string().contains("-0.01"), "{e}");
        let e = preset("constant", Some(3.5)).unwrap_err();
        assert!(e.to_string().contains("percentage"), "{e}");
    }
}
