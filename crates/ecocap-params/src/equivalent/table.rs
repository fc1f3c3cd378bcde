//! The equivalent-factor table type.

use serde::Serialize;

use crate::error::{valid_list, ParamsError};
use crate::provenance::TableProvenance;
use crate::service::Service;
use crate::suggest::nearest;

/// How well a row of a shipped table is verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// True when the row was read identically in at least two independent
    /// sources (see `docs/GEP.md` and the table's source notes).
    pub verified: bool,
    /// Status as written in the table (e.g. `2+`, `1`, `2 (A,B derived)`).
    pub status: String,
    /// Source keys (e.g. `S1;S2`), explained in the table's notes.
    pub sources: String,
    /// Why the row is not verified, for warnings; `None` when verified.
    pub reason: Option<String>,
}

/// One ecosystem type (one row of coefficients).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EcosystemType {
    /// Stable id: the `level2_en` id for Xie 2015 (e.g. `dry_land`), the
    /// level-1 id for Xie 2008/2003 (e.g. `farmland`).
    pub id: String,
    /// Chinese name of the row (二级类 for Xie 2015).
    pub name_cn: String,
    /// English name, e.g. "dry land".
    pub name_en: String,
    /// Level-1 id (e.g. `farmland`); equals `id` in level-1 tables.
    pub level1_id: String,
    /// Level-1 Chinese name (e.g. 农田).
    pub level1_cn: String,
    /// The table's own `row_sum` column (rounded, as published).
    pub published_row_sum: Option<f64>,
    /// Verification of this row.
    pub verification: Verification,
}

/// An equivalent-factor table: ecosystem types × services, dimensionless.
///
/// # Units
/// Coefficients are dimensionless equivalents; multiply by the value of
/// one standard equivalent (yuan/hm²/yr, with its price year) and by an
/// area in hm² to get yuan/yr.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquivalentTable {
    /// Table name, e.g. `xie2015`.
    pub name: String,
    /// Publication year of the table (the version); `None` for user tables.
    pub year: Option<u16>,
    /// Short title, e.g. "Xie et al. 2015 equivalent factors (14 types × 11 services)".
    pub title: String,
    /// Full citation of the original paper.
    pub citation: String,
    /// Unit note: see [`crate::equivalent::EQUIVALENT_UNIT`].
    pub unit: String,
    /// Source notes (the `#` header comments of the CSV).
    pub notes: Vec<String>,
    /// Services (columns), in the paper's order.
    pub services: Vec<Service>,
    /// Ecosystem types (rows), in the paper's order.
    pub types: Vec<EcosystemType>,
    /// Row-major coefficients, `types.len() × services.len()`.
    pub(crate) coefficients: Vec<f64>,
    /// True when `types` are Xie 2015 level-2 types; false for level-1
    /// tables (which also accept level-2 ids, see [`crate::equivalent::LEVEL2_TO_LEVEL1`]).
    pub level2: bool,
    /// Where the table came from.
    pub provenance: TableProvenance,
}

impl EquivalentTable {
    /// Coefficients of the row at `type_index`, one per service (an
    /// out-of-range index gives an empty slice).
    pub fn row(&self, type_index: usize) -> &[f64] {
        let n = self.services.len();
        self.coefficients
            .get(type_index * n..(type_index + 1) * n)
            .unwrap_or(&[])
    }

    /// Coefficient of one type and service, by index.
    pub fn coefficient(&self, type_index: usize, service_index: usize) -> Option<f64> {
        if service_index >= self.services.len() {
            return None;
        }
        self.row(type_index).get(service_index).copied()
    }

    /// Sum of the row's coefficients (total equivalents per hm²).
    pub fn row_sum(&self, type_index: usize) -> f64 {
        self.row(type_index).iter().sum()
    }

    /// Index of a type by its own id (exact, case-insensitive, trimmed).
    pub fn type_index(&self, id: &str) -> Option<usize> {
        let id = id.trim();
        self.types
            .iter()
            .position(|t| t.id.eq_ignore_ascii_case(id))
    }

    /// Index of a service by id.
    ///
    /// # Errors
    /// [`ParamsError::UnknownService`] with the nearest id.
    pub fn service_index(&self, id: &str) -> Result<usize, ParamsError> {
        let key = id.trim();
        self.services
            .iter()
            .position(|s| s.id.eq_ignore_ascii_case(key))
            .ok_or_else(|| {
                let ids: Vec<&str> = self.services.iter().map(|s| s.id.as_str()).collect();
                ParamsError::UnknownService {
                    table: self.name.clone(),
                    id: id.to_string(),
                    suggestion: nearest(id, &ids),
                    valid: valid_list(&ids),
                }
            })
    }

    /// Ids of all types, in order.
    pub fn type_ids(&self) -> Vec<&str> {
        self.types.iter().map(|t| t.id.as_str()).collect()
    }

    /// Types whose rows are not verified (Xie 2015: `needleleaf`,
    /// `steppe`, `meadow`, `glacier_snow` come from a single source).
    pub fn unverified_types(&self) -> Vec<&EcosystemType> {
        self.types
            .iter()
            .filter(|t| !t.verification.verified)
            .collect()
    }

    /// A warning to show when any of `used_type_ids` is an unverified row,
    /// or `None` when every used row is verified.
    ///
    /// Ids that are not rows of this table are ignored.
    pub fn verification_warning<S: AsRef<str>>(&self, used_type_ids: &[S]) -> Option<String> {
        let mut hit: Vec<&EcosystemType> = self
            .unverified_types()
            .into_iter()
            .filter(|t| {
                used_type_ids
                    .iter()
                    .any(|u| u.as_ref().trim().eq_ignore_ascii_case(&t.id))
            })
            .collect();
        hit.dedup_by(|a, b| a.id == b.id);
        if hit.is_empty() {
            return None;
        }
        let ids: Vec<String> = hit
            .iter()
            .map(|t| format!("`{}` ({})", t.id, t.name_cn))
            .collect();
        let reason = hit
            .first()
            .and_then(|t| t.verification.reason.clone())
            .unwrap_or_default();
        Some(format!(
            "warning: table `{}` rows {} come from a single source and are not verified against the original paper: {}",
            self.name,
            ids.join(", "),
            reason
        ))
    }
}
