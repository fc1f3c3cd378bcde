//! Ecosystem extent account and ecosystem type change matrix.
//!
//! SEEA EA 2021 ch. 4 (UN et al. 2021, "Accounting for ecosystem extent"):
//! per ecosystem type, opening extent, additions (managed / unmanaged
//! expansion), reductions (managed / unmanaged reduction), net change and
//! closing extent; and the change matrix with opening types in rows and
//! closing types in columns, whose row sums are the opening extents and
//! whose column sums are the closing extents. Table numbers in the white
//! cover (4.1 extent account, 4.2 change matrix) are to be checked against
//! the PDF (SEEA.md marks them [M]).
//!
//! Everything is derived from one object, the transition areas
//! (zone, opening type, closing type, cause), so the identities hold by
//! construction and exactly (see [`crate::amount`]):
//! additions of type *t* = Σ column *t* off the diagonal, reductions =
//! Σ row *t* off the diagonal, closing = opening + additions − reductions.

use crate::amount::Amount;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why an area changed type (SEEA EA 2021 ch. 4: managed vs unmanaged
/// expansion and reduction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// the result of human activity (e.g. afforestation, urban expansion)
    Managed,
    /// natural processes (e.g. natural regeneration, fire, flood)
    Unmanaged,
    /// no attribution given
    Unattributed,
}

impl Cause {
    /// All causes, in table order.
    pub const ALL: [Cause; 3] = [Cause::Managed, Cause::Unmanaged, Cause::Unattributed];

    /// Index in [`Cause::ALL`].
    pub fn index(self) -> usize {
        match self {
            Cause::Managed => 0,
            Cause::Unmanaged => 1,
            Cause::Unattributed => 2,
        }
    }

    /// Parse `managed` / `unmanaged` (and 人为 / 自然).
    pub fn parse(s: &str) -> Option<Cause> {
        match s.trim().to_ascii_lowercase().as_str() {
            "managed" | "人为" | "managed_expansion" | "managed_reduction" => {
                Some(Cause::Managed)
            }
            "unmanaged" | "natural" | "自然" => Some(Cause::Unmanaged),
            "unattributed" | "" => Some(Cause::Unattributed),
            _ => None,
        }
    }
}

/// Area that moved from one type to another (or stayed) in one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// zone id
    pub zone: String,
    /// ecosystem type at the opening date
    pub from: String,
    /// ecosystem type at the closing date
    pub to: String,
    /// why (ignored on the diagonal)
    pub cause: Cause,
    /// area, ha
    pub area: Amount,
}

/// Extent account entries of one type in one zone (ha).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ExtentEntries {
    /// opening extent
    pub opening: Amount,
    /// additions by cause (managed, unmanaged, unattributed)
    pub additions: [Amount; 3],
    /// reductions by cause (managed, unmanaged, unattributed)
    pub reductions: [Amount; 3],
    /// closing extent
    pub closing: Amount,
}

impl ExtentEntries {
    /// Total additions.
    pub fn total_additions(&self) -> Amount {
        self.additions.iter().sum()
    }
    /// Total reductions.
    pub fn total_reductions(&self) -> Amount {
        self.reductions.iter().sum()
    }
    /// Net change = additions − reductions.
    pub fn net_change(&self) -> Amount {
        self.total_additions() - self.total_reductions()
    }
}

/// The change matrix of one zone: `cells[from][to][cause]`, ha.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeMatrix {
    /// area by opening type, closing type and cause
    pub cells: Vec<Vec<[Amount; 3]>>,
}

impl ChangeMatrix {
    fn new(n: usize) -> ChangeMatrix {
        ChangeMatrix {
            cells: vec![vec![[Amount::ZERO; 3]; n]; n],
        }
    }
    /// Area from `i` to `j`, all causes.
    pub fn area(&self, i: usize, j: usize) -> Amount {
        self.cells[i][j].iter().sum()
    }
    /// Row sum (opening extent of type `i`).
    pub fn row_sum(&self, i: usize) -> Amount {
        (0..self.cells.len()).map(|j| self.area(i, j)).sum()
    }
    /// Column sum (closing extent of type `j`).
    pub fn col_sum(&self, j: usize) -> Amount {
        (0..self.cells.len()).map(|i| self.area(i, j)).sum()
    }
}

/// Label for the all-zones total in tables.
pub const ALL_ZONES: &str = "(all zones)";

/// The extent account of every zone (and of all zones together).
#[derive(Debug, Clone, Serialize)]
pub struct ExtentAccount {
    /// opening year
    pub opening_year: i32,
    /// closing year
    pub closing_year: i32,
    /// ecosystem types, in column order
    pub types: Vec<String>,
    /// zones, in order, then [`ALL_ZONES`] when there is more than one
    pub zones: Vec<String>,
    /// change matrix per zone (same order as `zones`)
    pub matrices: Vec<ChangeMatrix>,
}

impl ExtentAccount {
    /// Build the account from transitions. `type_order` fixes the column
    /// order; types found only in the data follow, sorted.
    pub fn from_transitions(
        opening_year: i32,
        closing_year: i32,
        type_order: &[String],
        transitions: &[Transition],
    ) -> ExtentAccount {
        let mut types: Vec<String> = Vec::new();
        let found: BTreeSet<&str> = transitions
            .iter()
            .flat_map(|t| [t.from.as_str(), t.to.as_str()])
            .collect();
        for t in type_order {
            if found.contains(t.as_str()) && !types.contains(t) {
                types.push(t.clone());
            }
        }
        for t in found {
            if !types.iter().any(|x| x == t) {
                types.push(t.to_string());
            }
        }
        let idx: BTreeMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        let mut zones: Vec<String> = Vec::new();
        let mut by_zone: BTreeMap<String, ChangeMatrix> = BTreeMap::new();
        let mut total = ChangeMatrix::new(types.len());
        for t in transitions {
            if !zones.contains(&t.zone) {
                zones.push(t.zone.clone());
            }
            let (i, j) = (idx[t.from.as_str()], idx[t.to.as_str()]);
            // on the diagonal nothing changed: no cause applies
            let c = if i == j { Cause::Unattributed } else { t.cause };
            let m = by_zone
                .entry(t.zone.clone())
                .or_insert_with(|| ChangeMatrix::new(types.len()));
            m.cells[i][j][c.index()] += t.area;
            total.cells[i][j][c.index()] += t.area;
        }
        let mut matrices: Vec<ChangeMatrix> =
            zones.iter().filter_map(|z| by_zone.remove(z)).collect();
        if zones.len() > 1 {
            zones.push(ALL_ZONES.to_string());
            matrices.push(total);
        }
        ExtentAccount {
            opening_year,
            closing_year,
            types,
            zones,
            matrices,
        }
    }

    /// Account entries of type index `t` in zone index `z`.
    pub fn entries(&self, z: usize, t: usize) -> ExtentEntries {
        let m = &self.matrices[z];
        let n = self.types.len();
        let mut e = ExtentEntries {
            opening: m.row_sum(t),
            closing: m.col_sum(t),
            ..Default::default()
        };
        for k in 0..n {
            if k == t {
                continue;
            }
            for c in 0..3 {
                e.additions[c] += m.cells[k][t][c];
                e.reductions[c] += m.cells[t][k][c];
            }
        }
        e
    }

    /// Area of type `t` in zone `z` at the opening (`closing = false`) or closing date.
    pub fn area(&self, z: usize, t: usize, closing: bool) -> Amount {
        let e = self.entries(z, t);
        if closing {
            e.closing
        } else {
            e.opening
        }
    }

    /// Index of a zone.
    pub fn zone_index(&self, zone: &str) -> Option<usize> {
        self.zones.iter().position(|z| z == zone)
    }

    /// Index of a type.
    pub fn type_index(&self, ty: &str) -> Option<usize> {
        self.types.iter().position(|t| t == ty)
    }

    /// The zones that are real zones (without the all-zones total).
    pub fn real_zones(&self) -> &[String] {
        if self.zones.len() > 1 {
            &self.zones[..self.zones.len() - 1]
        } else {
            &self.zones
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tr(zone: &str, from: &str, to: &str, cause: Cause, ha: f64) -> Transition {
        Transition {
            zone: zone.into(),
            from: from.into(),
            to: to.into(),
            cause,
            area: Amount::from_f64(ha),
        }
    }

    #[test]
    fn worked_example() {
        let t = vec![
            tr("a", "forest", "forest", Cause::Unattributed, 100.0),
            tr("a", "crop", "forest", Cause::Managed, 10.0),
            tr("a", "forest", "urban", Cause::Managed, 2.5),
            tr("a", "crop", "crop", Cause::Unattributed, 50.0),
            tr("a", "forest", "crop", Cause::Unmanaged, 1.0),
        ];
        let acc = ExtentAccount::from_transitions(2000, 2020, &["crop".into()], &t);
        assert_eq!(acc.types, vec!["crop", "forest", "urban"]);
        let f = acc.entries(0, 1);
        assert_eq!(f.opening, Amount::from_f64(103.5));
        assert_eq!(f.additions[0], Amount::from_f64(10.0));
        assert_eq!(f.reductions[0], Amount::from_f64(2.5));
        assert_eq!(f.reductions[1], Amount::from_f64(1.0));
        assert_eq!(f.closing, Amount::from_f64(110.0));
        assert_eq!(f.net_change(), Amount::from_f64(6.5));
        assert_eq!(acc.zones, vec!["a"]);
    }

    fn arb_transitions() -> impl Strategy<Value = Vec<Transition>> {
        let zones = prop::sample::select(vec!["z1", "z2", "z3"]);
        let types = prop::sample::select(vec!["crop", "forest", "grass", "water", "urban"]);
        let cause = prop::sample::select(Cause::ALL.to_vec());
        prop::collection::vec((zones, types.clone(), types, cause, 0.0f64..1.0e6), 0..60).prop_map(
            |v| {
                v.into_iter()
                    .map(|(z, a, b, c, x)| tr(z, a, b, c, x))
                    .collect()
            },
        )
    }

    proptest! {
        /// closing = opening + additions − reductions, matrix row sums =
        /// opening, column sums = closing, and zones add up to the total;
        /// all exactly.
        #[test]
        fn identities_hold_exactly(t in arb_transitions()) {
            let acc = ExtentAccount::from_transitions(2000, 2020, &[], &t);
            for z in 0..acc.zones.len() {
                let m = &acc.matrices[z];
                for k in 0..acc.types.len() {
                    let e = acc.entries(z, k);
                    prop_assert_eq!(e.closing, e.opening + e.total_additions() - e.total_reductions());
                    prop_assert_eq!(m.row_sum(k), e.opening);
                    prop_assert_eq!(m.col_sum(k), e.closing);
                }
                let opening: Amount = (0..acc.types.len()).map(|k| acc.entries(z, k).opening).sum();
                let closing: Amount = (0..acc.types.len()).map(|k| acc.entries(z, k).closing).sum();
                // a zone's total area does not change
                prop_assert_eq!(opening, closing);
            }
            if acc.zones.len() > 1 {
                let last = acc.zones.len() - 1;
                for k in 0..acc.types.len() {
                    let sum: Amount = (0..last).map(|z| acc.entries(z, k).closing).sum();
                    prop_assert_eq!(sum, acc.entries(last, k).closing);
                }
            }
        }
    }
}
