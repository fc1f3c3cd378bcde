//! One `[[alternative.flow]]` and one `[[uncertainty.variable]]` of the
//! config turned into domain values, each problem naming the key.

use super::config::{FlowConfig, Values, VariableConfig};
use super::esv;
use crate::error::AppError;
use ecocap_cba::economic::{Conversion, Perspective};
use ecocap_cba::flow::{Amounts, Category, Flow, Kind, Range};
use ecocap_cba::montecarlo::Dist;
use ecocap_cba::prices::Prices;
use std::path::PathBuf;

pub(super) fn years(v: &Values, input: &str) -> Result<Vec<(i32, f64)>, AppError> {
    match v {
        Values::Pairs(p) => Ok(p.clone()),
        Values::Table(t) => t
            .iter()
            .map(|(k, v)| {
                k.trim().parse::<i32>().map(|y| (y, *v)).map_err(|_| {
                    AppError::input(
                        format!("{input}, values"),
                        format!("key '{k}' is not a year"),
                        "write values = { 2025 = 100, 2026 = 50 }",
                    )
                })
            })
            .collect(),
    }
}

pub(super) fn pick<T: Copy>(
    s: &str,
    options: &[(&str, T)],
    input: &str,
    key: &str,
) -> Result<T, AppError> {
    options
        .iter()
        .find(|(k, _)| *k == s)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
            let near = ecocap_cba::error::nearest(s, names.iter().copied())
                .map(|n| format!(" (did you mean '{n}'?)"))
                .unwrap_or_default();
            AppError::input(
                format!("{input}, {key}"),
                format!("unknown value '{s}'{near}"),
                format!("{key} is one of {}", names.join(", ")),
            )
        })
}

pub(super) fn flow(
    cfg: &FlowConfig,
    input: &str,
    label: &str,
    inputs: &mut Vec<(String, PathBuf)>,
    notes: &mut Vec<String>,
) -> Result<Flow, AppError> {
    let kind = pick(
        &cfg.kind,
        &[("cost", Kind::Cost), ("benefit", Kind::Benefit)],
        input,
        "kind",
    )?;
    let category = pick(
        &cfg.category,
        &Category::ALL.map(|(c, id)| (id, c)),
        input,
        "category",
    )?;
    let mut values = match &cfg.values {
        Some(v) => years(v, input)?,
        None => Vec::new(),
    };
    let mut amount = cfg.amount;
    let mut price_year = cfg.price_year;
    if let Some(fe) = &cfg.from_esv {
        let ch = esv::change(fe, &format!("{label}: {input}, from_esv"))?;
        inputs.extend(ch.files.iter().cloned());
        if let (Some(a), Some(b)) = (price_year, ch.price_year) {
            if a != b {
                return Err(AppError::input(
                    format!("{input}, price_year"),
                    format!("price_year = {a} but the ESV runs are in {b} prices"),
                    "leave price_year out: it is taken from the ESV manifests",
                ));
            }
        }
        price_year = price_year.or(ch.price_year);
        if cfg.from.is_some() {
            if amount.is_some() || ch.by_year.len() > 1 {
                return Err(AppError::input(
                    format!("{input}, from_esv"),
                    "with from/to the ESV change must give one annual amount, but `amount` is also set or the runs share several years",
                    "leave `amount` out and give from_esv.year",
                ));
            }
            amount = ch.by_year.first().map(|p| p.1);
        } else {
            values.extend(ch.by_year.iter().copied());
        }
        notes.push(format!(
            "{input}: ESV change {} per year ({}, price year {})",
            ch.by_year
                .iter()
                .map(|(y, v)| format!("{y}: {v:.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            ch.currency.unwrap_or_default(),
            price_year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "not recorded".into())
        ));
    }
    let range = match (cfg.from, cfg.to, amount) {
        (None, None, _) if cfg.from_esv.is_some() || amount.is_none() => None,
        (Some(from), Some(to), Some(amount)) => Some(Range {
            from,
            to,
            amount,
            growth: cfg.growth.unwrap_or(0.0),
            ramp_years: cfg.ramp_years.unwrap_or(0),
        }),
        _ => {
            return Err(AppError::input(
                input,
                format!(
                    "from = {:?}, to = {:?}, amount = {:?}: a range needs all three",
                    cfg.from, cfg.to, amount
                ),
                "give from, to and amount together (or values = { year = amount })",
            ))
        }
    };
    if values.is_empty() && range.is_none() && cfg.residual.is_none() {
        return Err(AppError::input(
            input,
            "the flow has no amounts",
            "give values = { 2025 = 100 } or from/to/amount",
        ));
    }
    let mut f = Flow::new(&cfg.name, kind, category, Amounts { values, range });
    f.prices = match cfg.prices.as_deref().unwrap_or("real") {
        "real" => Prices::Real { price_year },
        "nominal" => Prices::Nominal,
        other => pick(
            other,
            &[
                ("real", Prices::Real { price_year }),
                ("nominal", Prices::Nominal),
            ],
            input,
            "prices",
        )?,
    };
    f.residual = cfg.residual;
    f.transfer_share = cfg.transfer_share.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&f.transfer_share) {
        return Err(AppError::input(
            format!("{input}, transfer_share"),
            format!("{} is outside 0–1", f.transfer_share),
            "give the share of the amounts that is tax or subsidy, e.g. 0.13",
        ));
    }
    if let Some(p) = &cfg.perspective {
        f.perspective = pick(
            p,
            &[
                ("both", Perspective::Both),
                ("financial", Perspective::Financial),
                ("economic", Perspective::Economic),
            ],
            input,
            "perspective",
        )?;
    }
    f.conversion = match &cfg.conversion {
        None => Conversion::Default,
        Some(toml::Value::Float(x)) => Conversion::Factor(*x),
        Some(toml::Value::Integer(x)) => Conversion::Factor(*x as f64),
        Some(toml::Value::String(s)) => pick(
            s,
            &[
                ("default", Conversion::Default),
                ("standard", Conversion::Standard),
                ("wage", Conversion::Wage),
                ("foreign_exchange", Conversion::ForeignExchange),
                ("none", Conversion::None),
            ],
            input,
            "conversion",
        )?,
        Some(v) => return Err(AppError::input(
            format!("{input}, conversion"),
            format!("{v} is neither a name nor a number"),
            "give \"standard\", \"wage\", \"foreign_exchange\", \"none\" or a factor such as 0.9",
        )),
    };
    f.shares = cfg.shares.clone().unwrap_or_default().into_iter().collect();
    Ok(f)
}

pub(super) fn dist(v: &VariableConfig, input: &str) -> Result<Dist, AppError> {
    let need = |x: Option<f64>, k: &str| {
        x.ok_or_else(|| {
            AppError::input(
                input,
                format!("distribution '{}' needs `{k}`", v.distribution),
                "see docs/CBA.md, Monte Carlo: the keys of each distribution",
            )
        })
    };
    let ci = v.lower.zip(v.upper);
    let d = match v.distribution.as_str() {
        "const" => Dist::Const {
            value: need(v.value, "value")?,
        },
        "uniform" | "unif" => match ci {
            Some((l, u)) => Dist::Uniform { min: l, max: u },
            None => Dist::Uniform {
                min: need(v.min, "min")?,
                max: need(v.max, "max")?,
            },
        },
        "triangular" | "tri" => Dist::Triangular {
            min: need(v.min, "min")?,
            mode: need(v.mode, "mode")?,
            max: need(v.max, "max")?,
        },
        "normal" | "norm" => match ci {
            Some((l, u)) => Dist::normal_90(l, u),
            None => Dist::Normal {
                mean: need(v.mean, "mean")?,
                sd: need(v.sd, "sd")?,
            },
        },
        "lognormal" | "lnorm" => match ci {
            Some((l, u)) if l > 0.0 && u > l => Dist::lognormal_90(l, u),
            Some((l, u)) => {
                return Err(AppError::input(
                    input,
                    format!("lower = {l}, upper = {u}"),
                    "a lognormal 90 % interval needs 0 < lower < upper",
                ))
            }
            None => Dist::LogNormal {
                meanlog: need(v.meanlog, "meanlog")?,
                sdlog: need(v.sdlog, "sdlog")?,
            },
        },
        other => {
            let names = [
                "const",
                "uniform",
                "triangular",
                "normal",
                "lognormal",
                "unif",
                "tri",
                "norm",
                "lnorm",
            ];
            pick(other, &names.map(|n| (n, ())), input, "distribution")?;
            unreachable_dist()?
        }
    };
    Ok(d)
}

/// A finite number above zero.
pub(super) fn positive(x: f64) -> bool {
    x > 0.0 && x.is_finite()
}

fn unreachable_dist() -> Result<Dist, AppError> {
    Err(AppError::Internal(
        "distribution name accepted but not handled".into(),
    ))
}
