//! The raster route agrees with the table route and with a hand
//! computation of the adjustment factors.
#![allow(clippy::unwrap_used)]

use ecocap_accounts::esv::{Factor, StandardValue};
use ecocap_app::esv::{
    run_esv, BasisSpec, EsvInput, EsvOptions, FactorRaster, MappingSpec, RasterInput,
};
use ecocap_app::NoProgress;
use ecocap_raster::{Grid, RasterSource, WriteType};
use ecocap_units::AreaUnit;
use gdal::spatial_ref::SpatialRef;
use std::path::Path;

mod common;
use common::write_nd as write;

fn options(input: EsvInput, mapping: &Path, out: &Path) -> EsvOptions {
    EsvOptions {
        input,
        mapping: MappingSpec::File(mapping.to_path_buf()),
        basis: BasisSpec::Equivalent {
            table: "xie2015".into(),
            standard: StandardValue::direct(1000.0, None).unwrap(),
        },
        regional: 1.0,
        factor_table: None,
        factor_map: vec![],
        pixel_rasters: true,
        out: out.to_path_buf(),
        force: false,
    }
}

#[test]
fn raster_equals_table_and_factors_apply_per_cell() {
    let dir = tempfile::tempdir().unwrap();
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    // 100 m cells = 1 ha; 40 × 30 cells: left half paddy (1), right half broadleaf (2), one nodata row
    let grid = Grid::north_up(40, 30, 500_000.0, 3_000_000.0, 100.0, wkt);
    let lc = dir.path().join("lc.tif");
    write(&lc, &grid, WriteType::U8, Some(255.0), |r, c| {
        if r == 0 {
            255.0
        } else if c < 20 {
            1.0
        } else {
            2.0
        }
    });
    let mapping = dir.path().join("m.csv");
    std::fs::write(&mapping, "class,ecosystem_type\n1,paddy\n2,broadleaf\n").unwrap();
    let raster = RasterInput {
        landcover: vec![lc.clone()],
        years: vec![2020],
        nodata: None,
        zones: None,
        factors: vec![],
        align: false,
    };
    let r = run_esv(
        &options(
            EsvInput::Rasters(raster.clone()),
            &mapping,
            &dir.path().join("r"),
        ),
        &NoProgress,
    )
    .unwrap();
    // the same areas as a table: 29 rows × 20 cells × 1 ha each
    let areas = dir.path().join("a.csv");
    std::fs::write(&areas, "year,class,area\n2020,1,580\n2020,2,580\n").unwrap();
    let t = run_esv(
        &options(
            EsvInput::Areas {
                path: areas,
                unit: AreaUnit::Hectare,
            },
            &mapping,
            &dir.path().join("t"),
        ),
        &NoProgress,
    )
    .unwrap();
    let (rt, tt) = (
        r.account.grand_total(Some(2020)),
        t.account.grand_total(Some(2020)),
    );
    assert!((rt - tt).abs() < 1e-6 * tt, "{rt} vs {tt}");
    assert!((tt - 580.0 * (3.89 + 22.95) * 1000.0).abs() < 1e-6 * tt);

    // NPP factor raster: 2× the reference mean on the left half, 1× on the right
    let npp = dir.path().join("npp.tif");
    write(&npp, &grid, WriteType::F32, Some(-9999.0), |_, c| {
        if c < 20 {
            800.0
        } else {
            400.0
        }
    });
    let with_npp = RasterInput {
        factors: vec![FactorRaster {
            factor: Factor::Npp,
            paths: vec![npp],
            reference_mean: Some(400.0),
        }],
        ..raster
    };
    let f = run_esv(
        &options(EsvInput::Rasters(with_npp), &mapping, &dir.path().join("f")),
        &NoProgress,
    )
    .unwrap();
    // default map: water_supply and hydrological_regulation → precipitation (not given: 1),
    // soil_conservation → soil (1), every other service → NPP
    let paddy = [
        1.36, 0.09, -2.63, 1.11, 0.57, 0.17, 2.72, 0.01, 0.19, 0.21, 0.09,
    ];
    let npp_governed: f64 = paddy
        .iter()
        .enumerate()
        .filter(|(i, _)| ![2, 6, 7].contains(i))
        .map(|(_, v)| v)
        .sum();
    let expect = t.account.grand_total(Some(2020)) + 580.0 * 1000.0 * npp_governed; // paddy NPP services doubled
    let got = f.account.grand_total(Some(2020));
    assert!((got - expect).abs() < 1e-6 * expect, "{got} vs {expect}");
    // the density raster holds the per-hectare value of each cell
    let dens = RasterSource::open(dir.path().join("f/esv_density_2020.tif")).unwrap();
    let ds = gdal::Dataset::open(&dens.path).unwrap();
    let band = ds.rasterband(1).unwrap();
    let mut buf = vec![0f32; grid.cells()];
    band.read_into_slice::<f32>((0, 0), (40, 30), (40, 30), &mut buf, None)
        .unwrap();
    let left = (3.89 + npp_governed) * 1000.0;
    assert!((f64::from(buf[40 + 3]) - left).abs() < 1e-2, "{}", buf[43]);
    assert!((f64::from(buf[40 + 30]) - 22.95 * 1000.0).abs() < 1e-2);
    assert_eq!(
        buf[5],
        f32::MIN,
        "nodata cells are nodata in the density raster"
    );
    let sum: f64 = buf
        .iter()
        .filter(|v| **v > f32::MIN)
        .map(|v| f64::from(*v))
        .sum();
    assert!(
        (sum - got).abs() < 1e-5 * got,
        "density × 1 ha sums to the account"
    );
}
