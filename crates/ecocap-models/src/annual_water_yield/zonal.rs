//! Per-watershed sums and the InVEST results tables.
//!
//! Means are over valid pixels of each raster whose centre falls in the
//! polygon (pygeoprocessing `zonal_statistics`); `wyield_vol` uses the
//! polygon's own area, `wyield_mn · area / 1000` (m³), as InVEST does.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{ModelError, Result};

use super::kernel::{hydropower, Valuation};

/// Running sums for one zone: [precip, pet, aet, wyield, demand] × (sum, count).
#[derive(Debug, Clone, Default)]
pub struct ZoneSums {
    /// sums of valid values
    pub sum: [f64; 5],
    /// counts of valid values
    pub count: [u64; 5],
}

impl ZoneSums {
    /// Add one valid value to field `i`.
    pub fn add(&mut self, i: usize, v: f32) {
        self.sum[i] += v as f64;
        self.count[i] += 1;
    }

    /// Add another zone's sums (a part of the same zone).
    pub fn merge(&mut self, o: &ZoneSums) {
        for i in 0..5 {
            self.sum[i] += o.sum[i];
            self.count[i] += o.count[i];
        }
    }

    fn mean(&self, i: usize) -> Option<f64> {
        (self.count[i] > 0).then(|| self.sum[i] / self.count[i] as f64)
    }
}

/// One row of a results table: field name → value (None = no valid pixel).
pub type Row = Vec<(&'static str, Option<f64>)>;

/// Build the row of one zone.
pub fn row(z: &ZoneSums, area_m2: f64, with_demand: bool, val: Option<&Valuation>) -> Row {
    let wyield_mn = z.mean(3);
    let wyield_vol = wyield_mn.map(|m| m * area_m2 / 1000.0);
    let mut r: Row = vec![
        ("precip_mn", z.mean(0)),
        ("PET_mn", z.mean(1)),
        ("AET_mn", z.mean(2)),
        ("wyield_mn", wyield_mn),
        ("wyield_vol", wyield_vol),
    ];
    if with_demand {
        let consum_vol = Some(z.sum[4]);
        let consum_mn = z.mean(4);
        let rsupply_vl = wyield_vol.zip(consum_vol).map(|(a, b)| a - b);
        r.push(("consum_vol", consum_vol));
        r.push(("consum_mn", consum_mn));
        r.push(("rsupply_vl", rsupply_vl));
        r.push(("rsupply_mn", wyield_mn.zip(consum_mn).map(|(a, b)| a - b)));
        if let Some(v) = val {
            let hp = rsupply_vl.map(|rs| hydropower(v, rs));
            r.push(("hp_energy", hp.map(|h| h.0)));
            r.push(("hp_val", hp.map(|h| h.1)));
        }
    }
    r
}

/// InVEST's CSV (a GDAL CSV copy of its shapefile): id quoted, numbers
/// with 11 decimals.
pub fn csv(id_field: &str, rows: &BTreeMap<usize, (String, Row)>) -> String {
    let mut s = String::from(id_field);
    if let Some((_, (_, first))) = rows.iter().next() {
        for (name, _) in first {
            s.push(',');
            s.push_str(name);
        }
    }
    s.push('\n');
    for (id, r) in rows.values() {
        s.push_str(&format!("\"{id}\""));
        for (_, v) in r {
            s.push(',');
            if let Some(v) = v {
                s.push_str(&format!("{v:.11}"));
            }
        }
        s.push('\n');
    }
    s
}

/// The results as InVEST's vector file: the (sub-)watershed polygons with
/// their id and every field of the rows (ESRI Shapefile for `.shp`).
pub fn write_vector(
    src: &Path,
    id_field: &str,
    workspace: &Path,
    rel: &str,
    rows: &BTreeMap<usize, (String, Row)>,
) -> Result<String> {
    let Some((_, (_, first))) = rows.iter().next() else {
        return Ok(rel.to_string());
    };
    let fields: Vec<&str> = first.iter().map(|(n, _)| *n).collect();
    let by_id: BTreeMap<&str, Vec<Option<f64>>> = rows
        .values()
        .map(|(id, r)| (id.as_str(), r.iter().map(|(_, v)| *v).collect()))
        .collect();
    let dst = workspace.join(rel);
    if let Some(parent) = dst.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ModelError::Write {
            path: parent.to_path_buf(),
            detail: e.to_string(),
        })?;
    }
    ecocap_raster::write_polygon_table(src, id_field, &dst, &fields, &|id| by_id.get(id).cloned())
        .map_err(ModelError::raster(rel))?;
    Ok(rel.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_from_polygon_area_and_demand() {
        let mut z = ZoneSums::default();
        z.add(3, 990_000.0);
        z.add(4, 50.0);
        let r = row(&z, 1.0, true, None);
        let get = |n: &str| r.iter().find(|(k, _)| *k == n).and_then(|(_, v)| *v);
        assert_eq!(get("wyield_vol"), Some(990.0));
        assert_eq!(get("rsupply_vl"), Some(940.0));
        assert_eq!(get("precip_mn"), None);
        let mut rows = BTreeMap::new();
        rows.insert(0, ("7".to_string(), r));
        let text = csv("ws_id", &rows);
        assert!(text.starts_with("ws_id,precip_mn,PET_mn"));
        assert!(text.contains("\"7\",,,,990000.00000000000,990.00000000000"));
    }
}
