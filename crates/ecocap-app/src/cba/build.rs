//! Config → domain: the project, its schedules, groups and variables.
//! Every problem names the file, the alternative, the flow and the key.

use super::config::{CbaConfig, RateOrSeries};
use super::flows::{dist, flow, pick, positive, years};
use crate::error::AppError;
use ecocap_cba::discount::{self, Schedule, Segment};
use ecocap_cba::economic::Factors;
use ecocap_cba::flow::{Amounts, Flow, Range};
use ecocap_cba::groups::{Gender, Group, Weights};
use ecocap_cba::montecarlo::{Effect, Variable};
use ecocap_cba::prices::Inflation;
use ecocap_cba::project::{Alternative, Effect as Quantity, Project};
use ecocap_cba::CbaError;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A CBA error as an input error of the config file.
pub fn cba_err(label: &str, e: CbaError) -> AppError {
    let text = e.to_string();
    let (detail, hint) = text
        .split_once("\nhint: ")
        .map_or((text.as_str(), "see docs/CBA.md"), |(d, h)| (d, h));
    AppError::input(label, detail, hint)
}

/// Everything the run needs, built from the config.
pub struct Built {
    /// the project
    pub project: Project,
    /// schedules, in the order asked
    pub schedules: Vec<Schedule>,
    /// groups and weights (None when no [distribution])
    pub groups: Vec<Group>,
    /// weighting parameters
    pub weights: Option<Weights>,
    /// Monte Carlo variables
    pub variables: Vec<Variable>,
    /// files read (ESV runs)
    pub inputs: Vec<(String, PathBuf)>,
    /// notes for the user
    pub notes: Vec<String>,
}

/// Build the project and everything else from a parsed config.
pub fn build(cfg: &CbaConfig, label: &str) -> Result<Built, AppError> {
    let mut inputs = Vec::new();
    let mut notes = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut alternatives = Vec::new();
    for a in &cfg.alternative {
        if names.contains(&a.name.as_str()) {
            return Err(AppError::input(
                label,
                format!("alternative '{}' is given twice", a.name),
                "give each [[alternative]] a unique name",
            ));
        }
        names.push(&a.name);
        let mut flows: Vec<Flow> = Vec::new();
        for f in &a.flow {
            let input = format!("alternative '{}', flow '{}'", a.name, f.name);
            if flows.iter().any(|g| g.name == f.name) {
                return Err(AppError::input(
                    format!("{label}: {input}"),
                    "the flow name is used twice",
                    "give each flow of an alternative a unique name",
                ));
            }
            flows.push(
                flow(f, &input, label, &mut inputs, &mut notes).map_err(|e| prefix(label, e))?,
            );
        }
        let effect = match &a.effect {
            Some(e) => {
                let input = format!("alternative '{}', effect", a.name);
                let values = e
                    .values
                    .as_ref()
                    .map(|v| years(v, &input))
                    .transpose()?
                    .unwrap_or_default();
                let range = match (e.from, e.to, e.amount) {
                    (Some(from), Some(to), Some(amount)) => Some(Range {
                        from,
                        to,
                        amount,
                        growth: 0.0,
                        ramp_years: 0,
                    }),
                    _ => None,
                };
                Some(Quantity {
                    unit: e.unit.clone(),
                    amounts: Amounts { values, range },
                })
            }
            None => None,
        };
        alternatives.push(Alternative {
            name: a.name.clone(),
            flows,
            effect,
        });
    }
    let inflation = match &cfg.prices.inflation {
        None => Inflation::None,
        Some(RateOrSeries::Rate(r)) => Inflation::Rate(*r),
        Some(RateOrSeries::Series(m)) => {
            let mut s = BTreeMap::new();
            for (k, v) in m {
                let y = k.trim().parse::<i32>().map_err(|_| {
                    AppError::input(
                        format!("{label}: [prices] inflation"),
                        format!("key '{k}' is not a year"),
                        "write inflation = { 2025 = 0.02, 2026 = 0.021 }",
                    )
                })?;
                s.insert(y, *v);
            }
            Inflation::Series(s)
        }
    };
    let e = &cfg.economic;
    let factors = Factors {
        standard: e.standard_conversion_factor.unwrap_or(1.0),
        wage: e.shadow_wage_factor.unwrap_or(1.0),
        foreign_exchange: e.shadow_exchange_factor.unwrap_or(1.0),
    };
    for (k, v) in [
        ("standard_conversion_factor", factors.standard),
        ("shadow_wage_factor", factors.wage),
        ("shadow_exchange_factor", factors.foreign_exchange),
    ] {
        if !positive(v) {
            return Err(AppError::input(format!("{label}: [economic] {k}"), format!("{v} is not a positive factor"), "conversion factors are positive ratios (shadow price / market price), typically 0.5–1.2"));
        }
    }
    let project = Project {
        start_year: cfg.start_year,
        end_year: cfg.end_year,
        price_year: cfg.price_year.unwrap_or(cfg.start_year),
        currency: cfg.currency.clone().unwrap_or_else(|| "yuan".into()),
        inflation,
        factors,
        alternatives,
    };
    let mut groups = Vec::new();
    for g in &cfg.group {
        let input = format!("{label}: [[group]] '{}'", g.id);
        if !positive(g.income) {
            return Err(AppError::input(
                input,
                format!("income = {}", g.income),
                "give a positive income (same unit as reference_income)",
            ));
        }
        let gender = pick(
            g.gender.as_deref().unwrap_or("unspecified"),
            &[
                ("female", Gender::Female),
                ("male", Gender::Male),
                ("unspecified", Gender::Unspecified),
            ],
            &input,
            "gender",
        )?;
        groups.push(Group {
            id: g.id.clone(),
            income: g.income,
            gender,
        });
    }
    let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
    project.validate(&ids).map_err(|e| cba_err(label, e))?;
    let weights = match &cfg.distribution {
        Some(d) => {
            if !positive(d.reference_income) {
                return Err(AppError::input(format!("{label}: [distribution] reference_income"), format!("{}", d.reference_income), "give a positive reference income, e.g. the median equivalised household income"));
            }
            Some(Weights {
                reference_income: d.reference_income,
                elasticity: d.elasticity.unwrap_or(1.3),
            })
        }
        None => None,
    };
    let schedules = schedules(cfg, label)?;
    for s in &schedules {
        if !s.status.is_empty() {
            notes.push(format!("discount {}: {}", s.id, s.status));
        }
    }
    let mut variables = Vec::new();
    for v in cfg.uncertainty.iter().flat_map(|u| &u.variable) {
        let input = format!("{label}: [[uncertainty.variable]] '{}'", v.name);
        let effect = pick(
            v.effect.as_deref().unwrap_or("scale"),
            &[("scale", Effect::Scale), ("amount", Effect::Amount)],
            &input,
            "effect",
        )?;
        let targets = v
            .flows
            .iter()
            .map(|t| match t.split_once('/') {
                Some((a, f)) => (Some(a.to_string()), f.to_string()),
                None => (None, t.clone()),
            })
            .collect();
        variables.push(Variable {
            name: v.name.clone(),
            dist: dist(v, &input)?,
            targets,
            effect,
        });
    }
    ecocap_cba::simulate::check_variables(&project, &variables).map_err(|e| cba_err(label, e))?;
    Ok(Built {
        project,
        schedules,
        groups,
        weights,
        variables,
        inputs,
        notes,
    })
}

fn prefix(label: &str, e: AppError) -> AppError {
    match e {
        AppError::Input {
            input,
            detail,
            hint,
        } if !input.starts_with(label) => AppError::Input {
            input: format!("{label}: {input}"),
            detail,
            hint,
        },
        other => other,
    }
}

fn schedules(cfg: &CbaConfig, label: &str) -> Result<Vec<Schedule>, AppError> {
    let mut out: Vec<Schedule> = Vec::new();
    if cfg.discount.presets.is_empty() {
        return Err(AppError::input(
            format!("{label}: [discount] presets"),
            "no preset given",
            "give e.g. presets = [\"china-8\", \"uk-green-book\"]",
        ));
    }
    for name in &cfg.discount.presets {
        if let Some(u) = cfg.discount.schedule.iter().find(|s| &s.name == name) {
            let segs = u
                .segments
                .iter()
                .map(|s| Segment {
                    from: s.from,
                    to: s.to,
                    rate: s.rate,
                })
                .collect();
            out.push(Schedule::user(name, segs).map_err(|e| cba_err(label, e))?);
            continue;
        }
        let r = discount::preset(name, cfg.discount.rate).map_err(|e| match e {
            CbaError::UnknownPreset {
                name,
                suggestion,
                known,
            } => {
                let user: Vec<&str> = cfg
                    .discount
                    .schedule
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                let suggestion =
                    suggestion.or_else(|| ecocap_cba::error::nearest(&name, user.iter().copied()));
                cba_err(
                    &format!("{label}: [discount] presets"),
                    CbaError::UnknownPreset {
                        name,
                        suggestion,
                        known: format!(
                            "{known}{}",
                            if user.is_empty() {
                                String::new()
                            } else {
                                format!(", and the schedules of this file: {}", user.join(", "))
                            }
                        ),
                    },
                )
            }
            other => cba_err(label, other),
        })?;
        out.extend(r);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cba::config::parse;

    const BASE: &str = "start_year = 2025\nend_year = 2030\n[[alternative]]\nname = \"a\"\n[[alternative.flow]]\nname = \"build\"\nkind = \"cost\"\ncategory = \"capital\"\nvalues = { 2025 = 100 }\n[[alternative.flow]]\nname = \"gain\"\nkind = \"benefit\"\ncategory = \"revenue\"\nfrom = 2026\nto = 2030\namount = 30\n";

    fn err(text: &str) -> String {
        let cfg = parse(text, "c.toml").unwrap();
        build(&cfg, "c.toml").err().unwrap().to_string()
    }

    #[test]
    fn builds_with_default_preset() {
        let b = build(&parse(BASE, "c.toml").unwrap(), "c.toml").unwrap();
        assert_eq!(b.schedules[0].id, "china-8");
        assert_eq!(b.project.price_year, 2025);
    }

    #[test]
    fn misspelled_values_suggest_the_nearest() {
        let e = err(&BASE.replace("\"capital\"", "\"capitol\""));
        assert!(
            e.contains("flow 'build', category") && e.contains("did you mean 'capital'"),
            "{e}"
        );
        let e = err(&format!("{BASE}[uncertainty]\n[[uncertainty.variable]]\nname = \"x\"\ndistribution = \"unif\"\nmin = 0.5\nmax = 1.5\nflows = [\"a/gian\"]\n"));
        assert!(
            e.contains("'a/gian' names no flow (did you mean 'gain'?)"),
            "{e}"
        );
        let e = err(&format!("{BASE}[uncertainty]\n[[uncertainty.variable]]\nname = \"x\"\ndistribution = \"gamma\"\nflows = [\"gain\"]\n"));
        assert!(e.contains("unknown value 'gamma'"), "{e}");
    }

    #[test]
    fn nominal_without_inflation_is_refused() {
        let e = err(&BASE.replace("amount = 30\n", "amount = 30\nprices = \"nominal\"\n"));
        assert!(e.contains("inflation") && e.contains("hint:"), "{e}");
    }
}
