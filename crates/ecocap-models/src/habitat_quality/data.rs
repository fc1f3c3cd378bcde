//! The checks of a habitat-quality run before it computes (see
//! [`crate::data`]).

use ecocap_spec::{Args, Problem};

use super::scenario::{threat_source, Classes};
use super::threats::{read_sensitivity, read_threats};
use super::SCENARIOS;
use crate::data::{codes_in_table, open_classes, Depth, Found};
use crate::io::layer::require_projected;

/// The land-cover maps open (integer, the current one projected); the
/// threats and sensitivity tables read (a column per threat, values in
/// range); every threat has an openable raster for each scenario the run
/// computes; at [`Depth::Full`] every land-cover code of every map (on the
/// current map's grid) has a row in the sensitivity table.
pub fn check_data(args: &Args, depth: Depth) -> Vec<Problem> {
    let mut f = Found::default();
    let maps: Vec<_> = SCENARIOS
        .iter()
        .map(|(_, id, _)| {
            args.path(id).and_then(|p| {
                let r = open_classes(id, &p).and_then(|s| {
                    if *id == "lulc_cur_path" {
                        require_projected(id, &s)?;
                    }
                    Ok(s)
                });
                f.take(id, r)
            })
        })
        .collect();
    let Some(tpath) = args.path("threats_table_path") else {
        return f.0;
    };
    let Some(threats) = f.take("threats_table_path", read_threats(&tpath)) else {
        return f.0;
    };
    for (s, (_, id, _)) in SCENARIOS.iter().enumerate() {
        // baseline quality is skipped (with a note) when a baseline
        // threat raster is missing, as InVEST does
        let skipped = s == 2 && threats.iter().any(|t| t.paths[2].is_none());
        if !args.is_given(id) || skipped {
            continue;
        }
        for t in &threats {
            f.take("threats_table_path", threat_source(t, s));
        }
    }
    let Some(spath) = args.path("sensitivity_table_path") else {
        return f.0;
    };
    let sens =
        read_sensitivity(&spath, &threats).and_then(|sens| Classes::new(&sens).map(|_| sens));
    let Some(sens) = f.take("sensitivity_table_path", sens) else {
        return f.0;
    };
    let (Depth::Full, Some(Some(cur))) = (depth, maps.first()) else {
        return f.0;
    };
    for ((_, id, _), src) in SCENARIOS.iter().zip(&maps) {
        if let Some(src) = src {
            let r = codes_in_table(
                src,
                id,
                &cur.grid,
                "sensitivity_table_path",
                &spath,
                sens.habitat.keys(),
            );
            f.take("sensitivity_table_path", r);
        }
    }
    f.0
}
