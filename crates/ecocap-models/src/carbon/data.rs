//! The checks of a carbon run before it computes (see [`crate::data`]).

use ecocap_spec::{Args, Problem};

use super::{read_pools, same_size};
use crate::data::{codes_in_table, open_classes, Depth, Found};
use crate::io::layer::require_projected;

/// The checks of a run before it computes (see [`crate::data`]): both
/// maps open, integer and projected, of one size; the pools table read
/// with its ranges; at [`Depth::Full`] every code of both maps in it.
pub fn check_data(args: &Args, depth: Depth) -> Vec<Problem> {
    let mut f = Found::default();
    let bas = args.path("lulc_bas_path").and_then(|p| {
        let r = open_classes("lulc_bas_path", &p)
            .and_then(|s| require_projected("lulc_bas_path", &s).map(|_| s));
        f.take("lulc_bas_path", r)
    });
    let alt = args.path("lulc_alt_path").and_then(|p| {
        let r = open_classes("lulc_alt_path", &p).and_then(|s| match &bas {
            Some(b) => same_size(&s, &b.grid).map(|_| s),
            None => Ok(s),
        });
        f.take("lulc_alt_path", r)
    });
    let pools = args
        .path("carbon_pools_path")
        .and_then(|_| f.take("carbon_pools_path", read_pools(args)));
    if let (Depth::Full, Some((path, pools))) = (depth, pools) {
        for (id, src) in [("lulc_bas_path", bas), ("lulc_alt_path", alt)] {
            if let Some(src) = src {
                let r = codes_in_table(
                    &src,
                    id,
                    &src.grid,
                    "carbon_pools_path",
                    &path,
                    pools.keys(),
                );
                f.take("carbon_pools_path", r);
            }
        }
    }
    f.0
}
