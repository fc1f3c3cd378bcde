//! Errors of the cost–benefit engine. Every message names the
//! alternative, flow, year or key and the offending value, and ends with a
//! `hint:` line saying what to do.

/// Everything building or evaluating a CBA can fail with (all bad input).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CbaError {
    /// A flow has an amount in a year outside `start_year..=end_year`.
    #[error("alternative '{alternative}', flow '{flow}': year {year} lies outside the horizon {start}–{end}\nhint: move the amount inside the horizon or widen start_year/end_year")]
    OutsideHorizon {
        /// alternative name
        alternative: String,
        /// flow name
        flow: String,
        /// offending year
        year: i32,
        /// first year of the horizon
        start: i32,
        /// last year of the horizon
        end: i32,
    },
    /// The same year appears twice in one flow.
    #[error("alternative '{alternative}', flow '{flow}': year {year} is given twice ({first} and {second})\nhint: give each year once (values and from/to ranges must not overlap)")]
    DuplicateYear {
        /// alternative name
        alternative: String,
        /// flow name
        flow: String,
        /// offending year
        year: i32,
        /// first amount
        first: f64,
        /// second amount
        second: f64,
    },
    /// A rate (discount, growth, inflation) is out of its allowed range.
    #[error("{key} = {value}: {detail}\nhint: {hint}")]
    Rate {
        /// where the rate was given (e.g. `discount schedule 'mine', segment 2`)
        key: String,
        /// the offending value (ratio, 0.035 = 3.5 %)
        value: f64,
        /// what is wrong
        detail: String,
        /// what to do
        hint: String,
    },
    /// A discount schedule leaves years uncovered or covers a year twice.
    #[error("discount schedule '{schedule}': {detail}\nhint: segments must start at year 1 and follow each other without gaps or overlaps (from = previous to + 1); leave `to` out of the last one")]
    Schedule {
        /// schedule id
        schedule: String,
        /// what is wrong (names the years)
        detail: String,
    },
    /// The shares of a flow over groups do not sum to one.
    #[error("alternative '{alternative}', flow '{flow}': shares over groups sum to {sum} instead of 1\nhint: make the shares of each flow add up to 1 (e.g. 0.6 and 0.4)")]
    Shares {
        /// alternative name
        alternative: String,
        /// flow name
        flow: String,
        /// the sum found
        sum: f64,
    },
    /// A preset name is not known.
    #[error("unknown discount preset '{name}'{}\nhint: presets are {known}", suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    UnknownPreset {
        /// the name given
        name: String,
        /// the nearest known name
        suggestion: Option<String>,
        /// every known name, comma-separated
        known: String,
    },
    /// An IRR was asked of net flows that never change sign.
    #[error("alternative '{alternative}' ({analysis}): an IRR was asked but the net flows never change sign (all {sign}), so no rate makes NPV zero\nhint: set `irr = \"auto\"` under [measures] to leave the IRR empty when undefined, or check the signs of the flows")]
    NoSignChange {
        /// alternative name
        alternative: String,
        /// financial or economic
        analysis: String,
        /// "positive" or "negative"
        sign: String,
    },
    /// Any other bad input.
    #[error("{context}: {detail}\nhint: {hint}")]
    Input {
        /// the alternative, flow, variable or key
        context: String,
        /// what is wrong, with the value
        detail: String,
        /// what to do
        hint: String,
    },
}

impl CbaError {
    /// Shorthand for [`CbaError::Input`].
    pub fn input(
        context: impl Into<String>,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> CbaError {
        CbaError::Input {
            context: context.into(),
            detail: detail.into(),
            hint: hint.into(),
        }
    }
}

/// The known name nearest to `name` (Jaro–Winkler ≥ 0.7), for "did you mean".
pub fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(s, _)| *s >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.to_string())
}
