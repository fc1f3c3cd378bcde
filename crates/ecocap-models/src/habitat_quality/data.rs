//! The checks of a habitat-quality run before it computes (see
//! [`crate::data`]).

use ecocap_raster::RasterSource;
use ecocap_spec::{Args, Constraint, Problem};

use super::access;
use super::scenario::{threat_source, Classes};
use super::threats::{read_sensitivity, read_threats};
use super::SCENARIOS;
use crate::data::{codes_in_table, open_classes, Depth, Found};
use crate::error::ModelError;
use crate::io::layer::require_projected;
use crate::ranges::scan;

/// Threat rasters hold values in [0, 1] (0 and nodata: no threat).
fn threat_values(f: &mut Found, input: &str, src: &RasterSource) {
    let rules = [
        Constraint::Min {
            min: 0.0,
            exclusive: false,
        },
        Constraint::Max {
            max: 1.0,
            exclusive: false,
        },
    ];
    let Some(s) = f.take("threats_table_path", scan(input, src, &rules)) else {
        return;
    };
    if let Some(x) = s.first {
        let e = ModelError::input(
            "threats_table_path",
            format!(
                "{}: {} threat value(s) outside [0, 1] {}, the first {x}",
                src.path.display(),
                s.outside,
                input.trim_start_matches("threats_table_path "),
            ),
            "threat rasters hold 1 (or a value in (0, 1]) where the threat is and 0 elsewhere; declare the nodata value if it is a nodata marker",
        );
        f.push("threats_table_path", &e);
    }
}

/// The land-cover maps open (integer, the current one projected); access
/// values in [0, 1]; the
/// threats and sensitivity tables read (a column per threat, values in
/// range); every threat has an openable raster for each scenario the run
/// computes (at [`Depth::Full`] with values in [0, 1]); at [`Depth::Full`] every land-cover code of every map (on the
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
    if let (Some(p), Some(Some(cur))) = (args.path("access_vector_path"), maps.first()) {
        let r = access::check_values(&p, &cur.grid.crs_wkt);
        f.take("access_vector_path", r);
    }
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
            let Some((input, src)) = f.take("threats_table_path", threat_source(t, s)) else {
                continue;
            };
            if depth == Depth::Full {
                // the run stops at the first threat value outside [0, 1]
                threat_values(&mut f, &input, &src);
            }
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
