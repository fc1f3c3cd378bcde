//! Whole-catalog checks (habit 6 of STYLE.md: one registry, tested as a
//! whole). Run on every load; `tests.rs` asserts the built-in one passes.

use std::collections::HashSet;

use ecocap_units::{Dims, Unit};

use super::{Catalog, PriceSpec};

/// Every problem in the catalog, as sentences (empty when sound).
pub(super) fn check(cat: &Catalog) -> Vec<String> {
    let mut p = Vec::new();
    let mut ids = HashSet::new();
    for ind in &cat.indicators {
        let id = &ind.id;
        if !ids.insert(id.as_str()) {
            p.push(format!("duplicate indicator id '{id}'"));
        }
        if ind.zh.trim().is_empty() || ind.en.trim().is_empty() {
            p.push(format!("{id}: missing Chinese or English name"));
        }
        if !cat.services.contains_key(&ind.service) {
            p.push(format!("{id}: unknown service '{}'", ind.service));
        }
        let canonical = match Unit::parse(&ind.unit) {
            Ok(u) => Some(u),
            Err(e) => {
                p.push(format!("{id}: canonical unit: {e}"));
                None
            }
        };
        let prices = ind.price.iter().chain(ind.alt_prices.iter());
        for price in prices {
            check_price(
                cat,
                id,
                price,
                canonical.as_ref(),
                ind.conversion.is_some(),
                &mut p,
            );
        }
        let mut pids = HashSet::new();
        for par in &ind.params {
            if !pids.insert(par.id.as_str()) {
                p.push(format!("{id}: duplicate parameter '{}'", par.id));
            }
            if let Err(e) = Unit::parse(&par.unit) {
                p.push(format!("{id}.{}: unit: {e}", par.id));
            }
            if !(par.value.is_finite() && par.value > 0.0) {
                p.push(format!("{id}.{}: default must be > 0", par.id));
            }
            if !cat.sources.contains_key(&par.source) {
                p.push(format!("{id}.{}: unknown source '{}'", par.id, par.source));
            }
        }
        if let Some(c) = ind.conversion {
            for need in c.params() {
                if !ind.params.iter().any(|x| x.id == *need) {
                    p.push(format!("{id}: conversion {c:?} needs parameter '{need}'"));
                }
            }
        }
    }
    for r in &cat.double_counting {
        for x in [&r.indicator_a, &r.indicator_b] {
            if !ids.contains(x.as_str()) {
                p.push(format!(
                    "double-counting rule names unknown indicator '{x}'"
                ));
            }
        }
    }
    p
}

fn check_price(
    cat: &Catalog,
    id: &str,
    price: &PriceSpec,
    canonical: Option<&Unit>,
    has_conversion: bool,
    p: &mut Vec<String>,
) {
    if !cat.sources.contains_key(&price.source) {
        p.push(format!("{id}: price source '{}' unknown", price.source));
    }
    if !(price.value.is_finite() && price.value > 0.0) {
        p.push(format!("{id}: price must be > 0"));
    }
    match Unit::parse(&price.unit) {
        Err(e) => p.push(format!("{id}: price unit: {e}")),
        Ok(u) => {
            let per = Dims::MONEY.div(u.dims());
            if let Some(c) = canonical {
                // the price must meet the canonical quantity directly, or
                // through the indicator's method conversion
                if per != c.dims() && !has_conversion {
                    p.push(format!(
                        "{id}: price unit '{}' does not meet canonical unit '{}'",
                        price.unit,
                        c.text()
                    ));
                }
            }
            if u.dims().money != 1 {
                p.push(format!(
                    "{id}: price unit '{}' is not money per unit",
                    price.unit
                ));
            }
        }
    }
}
