//! Discount schedules and net present value.
//!
//! SEEA EA 2021 ch. 10 values ecosystem assets as the net present value of
//! the expected future flows of ecosystem services over the asset life
//! (paras 8.13, 8.20 on exchange values and NPV); the rate is a user
//! parameter and the choice is reported. Presets:
//!
//! - `china8` / `china6`: the social discount rate of 8 %, and the floor
//!   of 6 % allowed for long-lived projects with large long-term benefits,
//!   in 国家发展改革委、建设部《建设项目经济评价方法与参数》(第三版, 2006).
//! - `green_book`: HM Treasury (2022), *The Green Book: appraisal and
//!   evaluation in central government*, Annex A6 "Discounting", declining
//!   long-term discount rate: 3.5 % for years 0–30, 3.0 % for 31–75,
//!   2.5 % for 76–125, 2.0 % for 126–200, 1.5 % for 201–300 and 1.0 %
//!   from 301 (table number in the 2020/2022 editions to be checked [M]).
//!
//! A declining schedule is applied year by year (the Green Book's
//! convention): the discount factor of year *t* is
//! `D_t = Π_{s=1..t} 1 / (1 + r_s)` with `r_s` the rate of the segment
//! containing year *s*, so the factor is continuous across segment ends.

use crate::error::SeeaError;
use serde::Serialize;

/// One segment of a schedule: years `from..=to` (open-ended when `to` is None).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RateSegment {
    /// first year of the segment (0 = the accounting date)
    pub from: u32,
    /// last year, inclusive (None: every later year)
    pub to: Option<u32>,
    /// rate as a ratio (0.035, not 3.5)
    pub rate: f64,
}

/// A discount schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscountSchedule {
    /// id (`china8`, `green_book`, `user`, ...)
    pub id: String,
    /// where the rates come from
    pub source: String,
    /// contiguous segments from year 0
    pub segments: Vec<RateSegment>,
}

const CHINA: &str = "国家发展改革委、建设部《建设项目经济评价方法与参数》(第三版), 2006: social discount rate 8 %, not below 6 % for long-lived projects";
const GREEN_BOOK: &str =
    "HM Treasury (2022) The Green Book, Annex A6: declining long-term discount rate";

/// Names of the preset schedules.
pub const PRESETS: [&str; 3] = ["china8", "china6", "green_book"];

impl DiscountSchedule {
    /// A constant rate.
    pub fn constant(id: &str, rate: f64, source: &str) -> DiscountSchedule {
        DiscountSchedule {
            id: id.to_string(),
            source: source.to_string(),
            segments: vec![RateSegment {
                from: 0,
                to: None,
                rate,
            }],
        }
    }

    /// A preset by name (`china8`, `china6`, `green_book`).
    pub fn preset(name: &str) -> Option<DiscountSchedule> {
        match name {
            "china8" => Some(DiscountSchedule::constant("china8", 0.08, CHINA)),
            "china6" => Some(DiscountSchedule::constant("china6", 0.06, CHINA)),
            "green_book" => {
                let seg = |from, to, rate| RateSegment { from, to, rate };
                Some(DiscountSchedule {
                    id: "green_book".into(),
                    source: GREEN_BOOK.into(),
                    segments: vec![
                        seg(0, Some(30), 0.035),
                        seg(31, Some(75), 0.030),
                        seg(76, Some(125), 0.025),
                        seg(126, Some(200), 0.020),
                        seg(201, Some(300), 0.015),
                        seg(301, None, 0.010),
                    ],
                })
            }
            _ => None,
        }
    }

    /// A user schedule; checked for gaps, overlaps and rates.
    pub fn user(
        segments: Vec<RateSegment>,
        life: u32,
        input: &str,
    ) -> Result<DiscountSchedule, SeeaError> {
        let s = DiscountSchedule {
            id: "user".into(),
            source: format!("user-defined in {input}"),
            segments,
        };
        s.validate(life, input)?;
        Ok(s)
    }

    /// Segments must start at year 0, follow each other without gaps or
    /// overlaps, and cover the asset life; rates must lie in (−1, 1).
    pub fn validate(&self, life: u32, input: &str) -> Result<(), SeeaError> {
        let fail = |detail: String, hint: &str| Err(SeeaError::input(input, detail, hint));
        let Some(first) = self.segments.first() else {
            return fail(
                "the discount schedule has no segments".into(),
                "give at least one segment `{ from = 0, rate = 0.05 }`",
            );
        };
        if first.from != 0 {
            return fail(
                format!("the first segment starts at year {}, not 0", first.from),
                "start the schedule at year 0 (the accounting date)",
            );
        }
        let mut next = 0u32;
        for (i, s) in self.segments.iter().enumerate() {
            if !(s.rate.is_finite() && s.rate > -1.0 && s.rate < 1.0) {
                return fail(
                    format!("segment {} has rate {}", i + 1, s.rate),
                    "rates are ratios per year, e.g. 0.035 for 3.5 %",
                );
            }
            if s.from != next {
                let what = if s.from > next {
                    format!("a gap: years {next}–{} have no rate", s.from - 1)
                } else {
                    format!(
                        "an overlap: segment {} starts at year {} but year {} is already covered",
                        i + 1,
                        s.from,
                        s.from
                    )
                };
                return fail(
                    format!("the discount schedule has {what}"),
                    "make each segment start the year after the previous one ends",
                );
            }
            match s.to {
                Some(to) if to < s.from => {
                    return fail(
                        format!(
                            "segment {} ends (year {to}) before it starts (year {})",
                            i + 1,
                            s.from
                        ),
                        "give `to` ≥ `from`",
                    )
                }
                Some(to) => next = to + 1,
                None => {
                    if i + 1 != self.segments.len() {
                        return fail(
                            format!("segment {} is open-ended but more segments follow", i + 1),
                            "only the last segment may omit `to`",
                        );
                    }
                    return Ok(());
                }
            }
        }
        if next <= life {
            return fail(
                format!(
                    "the schedule ends at year {} but the asset life is {life} years",
                    next.saturating_sub(1)
                ),
                "extend the last segment (omit `to` to make it open-ended) or shorten asset_life",
            );
        }
        Ok(())
    }

    /// Rate of year `t`.
    pub fn rate(&self, t: u32) -> f64 {
        self.segments
            .iter()
            .find(|s| t >= s.from && s.to.is_none_or(|to| t <= to))
            .or(self.segments.last())
            .map_or(0.0, |s| s.rate)
    }

    /// Discount factors `D_1..=D_life`.
    pub fn factors(&self, life: u32) -> Vec<f64> {
        let mut d = 1.0;
        (1..=life)
            .map(|t| {
                d /= 1.0 + self.rate(t);
                d
            })
            .collect()
    }
}

/// NPV of a flow `f0` growing at `growth` per year for `trend_years`
/// years then held constant, received at the end of years 1..=life.
///
/// # Units
/// Same as `f0` (currency per year → currency).
pub fn npv(f0: f64, growth: f64, trend_years: u32, factors: &[f64]) -> f64 {
    let mut f = f0;
    let mut sum = 0.0;
    for (i, d) in factors.iter().enumerate() {
        if (i as u32) < trend_years {
            f *= 1.0 + growth;
        }
        sum += f * d;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_rate_annuity() {
        let s = DiscountSchedule::preset("china8").unwrap();
        let f = s.factors(20);
        let v = npv(100.0, 0.0, 0, &f);
        // annuity factor (1 − 1.08^-20) / 0.08 = 9.818147...
        assert!((v - 981.814_740_2).abs() < 1e-6, "{v}");
    }

    #[test]
    fn green_book_factors_at_segment_ends() {
        let s = DiscountSchedule::preset("green_book").unwrap();
        s.validate(500, "x").unwrap();
        let f = s.factors(76);
        let d30 = 1.035f64.powi(-30);
        assert!((f[29] - d30).abs() < 1e-15);
        assert!((f[30] - d30 / 1.03).abs() < 1e-15);
        let d75 = d30 * 1.03f64.powi(-45);
        assert!((f[74] - d75).abs() < 1e-15);
        assert!((f[75] - d75 / 1.025).abs() < 1e-15);
        assert_eq!(s.rate(301), 0.01);
        assert_eq!(s.rate(300), 0.015);
    }

    #[test]
    fn gaps_overlaps_and_short_schedules_are_refused() {
        let seg = |from, to, rate| RateSegment { from, to, rate };
        let gap = DiscountSchedule::user(
            vec![seg(0, Some(30), 0.04), seg(35, None, 0.03)],
            100,
            "cfg.toml [asset]",
        )
        .unwrap_err()
        .to_string();
        assert!(
            gap.contains("gap") && gap.contains("31–34") && gap.contains("cfg.toml"),
            "{gap}"
        );
        let overlap =
            DiscountSchedule::user(vec![seg(0, Some(30), 0.04), seg(20, None, 0.03)], 100, "c")
                .unwrap_err()
                .to_string();
        assert!(overlap.contains("overlap"), "{overlap}");
        let short = DiscountSchedule::user(vec![seg(0, Some(30), 0.04)], 100, "c")
            .unwrap_err()
            .to_string();
        assert!(short.contains("asset life"), "{short}");
        let pct = DiscountSchedule::user(vec![seg(0, None, 3.5)], 100, "c")
            .unwrap_err()
            .to_string();
        assert!(pct.contains("0.035"), "{pct}");
        assert!(
            DiscountSchedule::user(vec![seg(0, Some(9), 0.05), seg(10, None, 0.03)], 100, "c")
                .is_ok()
        );
    }

    #[test]
    fn trend_growth() {
        let f = DiscountSchedule::constant("c", 0.0, "").factors(3);
        // 100·1.1 + 100·1.21 + 100·1.21 (trend for 2 years, then flat)
        assert!((npv(100.0, 0.1, 2, &f) - 352.0).abs() < 1e-9);
    }
}
