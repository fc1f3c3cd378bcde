//! Coefficient of sensitivity (CS) of the account to each type's values.
//!
//! CS = |(ESVⱼ − ESVᵢ)/ESVᵢ| / |(VCⱼₖ − VCᵢₖ)/VCᵢₖ|, with the value
//! coefficients VC of type k raised and lowered by 50 % (Kreuter et al.
//! 2001, Ecological Economics 39: 333-346, eq. 3; used in most Chinese
//! equivalent-factor papers). CS < 1 means the account is inelastic to that
//! type's coefficients, i.e. robust to their uncertainty.

use super::account::EsvAccount;
use super::adjust::Adjustments;
use super::areas::AreaTable;
use super::basis::ValueBasis;
use super::error::EsvError;
use serde::Serialize;
use std::collections::BTreeMap;

/// CS of one type in one year (all zones together).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityRow {
    /// year
    pub year: Option<i32>,
    /// ecosystem type
    pub ecosystem_type: String,
    /// account total, currency
    pub esv: f64,
    /// total with the type's coefficients × 1.5
    pub esv_plus_50: f64,
    /// total with the type's coefficients × 0.5
    pub esv_minus_50: f64,
    /// coefficient of sensitivity for +50 %
    pub cs_plus: f64,
    /// coefficient of sensitivity for −50 %
    pub cs_minus: f64,
}

fn scaled(basis: &ValueBasis, t: usize, k: f64) -> ValueBasis {
    let mut b = basis.clone();
    for v in &mut b.per_ha[t] {
        *v *= k;
    }
    b
}

/// Recompute the account with each used type's coefficients at ±50 %.
pub fn sensitivity(
    account: &EsvAccount,
    areas: &AreaTable,
    mapping: &BTreeMap<String, String>,
    basis: &ValueBasis,
    adj: &Adjustments,
) -> Result<Vec<SensitivityRow>, EsvError> {
    let mut out = Vec::new();
    for ty in account.types.iter().filter(|t| t.as_str() != "none") {
        let Some(t) = basis.types.iter().position(|b| &b.id == ty) else {
            continue;
        };
        let plus = EsvAccount::compute(areas, mapping, &scaled(basis, t, 1.5), adj)?;
        let minus = EsvAccount::compute(areas, mapping, &scaled(basis, t, 0.5), adj)?;
        for &year in &account.years {
            let base = account.grand_total(year);
            let p = plus.grand_total(year);
            let m = minus.grand_total(year);
            let cs = |x: f64| {
                if base == 0.0 {
                    0.0
                } else {
                    ((x - base) / base).abs() / 0.5
                }
            };
            out.push(SensitivityRow {
                year,
                ecosystem_type: ty.clone(),
                esv: base,
                esv_plus_50: p,
                esv_minus_50: m,
                cs_plus: cs(p),
                cs_minus: cs(m),
            });
        }
    }
    Ok(out)
}
