//! Run the Monte Carlo: apply each draw to the flows and recompute NPVs.

use crate::discount::Schedule;
use crate::economic::Analysis;
use crate::error::CbaError;
use crate::montecarlo::{draw, Draws, Effect, Variable};
use crate::project::Project;

/// Check that every target names an existing flow (and, for `amount`,
/// one with a from/to range) and every distribution is valid.
pub fn check_variables(p: &Project, vars: &[Variable]) -> Result<(), CbaError> {
    for v in vars {
        let what = format!("[[uncertainty.variable]] '{}'", v.name);
        v.dist.validate(&what)?;
        if v.targets.is_empty() {
            return Err(CbaError::input(
                &what,
                "the variable targets no flow",
                "add `flows = [\"alternative/flow\"]` (or just \"flow\" for every alternative)",
            ));
        }
        for (alt, flow) in &v.targets {
            let mut found = 0;
            for a in &p.alternatives {
                if alt.as_ref().is_some_and(|n| n != &a.name) {
                    continue;
                }
                for f in a.flows.iter().filter(|f| &f.name == flow) {
                    found += 1;
                    if v.effect == Effect::Amount && f.amounts.range.is_none() {
                        return Err(CbaError::input(
                            &what,
                            format!("effect = \"amount\" but flow '{flow}' of '{}' has no from/to range", a.name),
                            "use effect = \"scale\", or give the flow as from/to/amount",
                        ));
                    }
                }
            }
            if found == 0 {
                let names: Vec<&str> = p
                    .alternatives
                    .iter()
                    .flat_map(|a| a.flows.iter().map(|f| f.name.as_str()))
                    .collect();
                let target = match alt {
                    Some(a) => format!("{a}/{flow}"),
                    None => flow.clone(),
                };
                return Err(CbaError::input(
                    &what,
                    format!(
                        "target '{target}' names no flow{}",
                        crate::error::nearest(flow, names)
                            .map(|n| format!(" (did you mean '{n}'?)"))
                            .unwrap_or_default()
                    ),
                    "targets are \"alternative/flow\" or \"flow\"",
                ));
            }
        }
    }
    Ok(())
}

/// Apply one draw (`values[v]`) to a copy of the project.
pub fn apply(p: &Project, vars: &[Variable], values: &[f64]) -> Project {
    let mut q = p.clone();
    for (v, &x) in vars.iter().zip(values) {
        for (alt, flow) in &v.targets {
            for a in q.alternatives.iter_mut() {
                if alt.as_ref().is_some_and(|n| n != &a.name) {
                    continue;
                }
                for f in a.flows.iter_mut().filter(|f| &f.name == flow) {
                    match v.effect {
                        Effect::Scale => {
                            for (_, amount) in f.amounts.values.iter_mut() {
                                *amount *= x;
                            }
                            if let Some(r) = f.amounts.range.as_mut() {
                                r.amount *= x;
                            }
                            if let Some(rv) = f.residual.as_mut() {
                                *rv *= x;
                            }
                        }
                        Effect::Amount => {
                            if let Some(r) = f.amounts.range.as_mut() {
                                r.amount = x;
                            }
                        }
                    }
                }
            }
        }
    }
    q
}

/// NPV of every alternative for `runs` seeded draws, under `schedule`
/// in analysis `a`.
pub fn simulate(
    p: &Project,
    vars: &[Variable],
    schedule: &Schedule,
    a: Analysis,
    runs: usize,
    seed: u64,
) -> Result<Draws, CbaError> {
    check_variables(p, vars)?;
    let values = draw(vars, runs, seed);
    let mut npv = vec![Vec::with_capacity(runs); p.alternatives.len()];
    let mut row = vec![0.0; vars.len()];
    for r in 0..runs {
        for (k, v) in values.iter().enumerate() {
            row[k] = v[r];
        }
        let q = apply(p, vars, &row);
        for (i, alt) in q.alternatives.iter().enumerate() {
            npv[i].push(q.npv(alt, schedule, a)?);
        }
    }
    Ok(Draws {
        variables: vars.iter().map(|v| v.name.clone()).collect(),
        values,
        alternatives: p.alternatives.iter().map(|a| a.name.clone()).collect(),
        npv,
    })
}
