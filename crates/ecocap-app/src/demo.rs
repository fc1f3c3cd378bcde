//! The demo: a small synthetic basin built deterministically (no download),
//! then a raster-mode ESV account with NPP and precipitation adjustments.
//!
//! The basin is 600 × 600 cells of 30 m in UTM zone 50N (EPSG:32650), a
//! valley draining east, with land cover in the CLCD class scheme (Yang &
//! Huang 2021: 1 cropland, 2 forest, 3 shrub, 4 grassland, 5 water,
//! 7 barren, 8 impervious, 9 wetland) for 2000 and 2020 (the town grows,
//! steep cropland returns to forest), a DEM, annual precipitation and an
//! NPP-like raster, and three county polygons.

use crate::error::AppError;
use crate::esv::{
    run_esv, BasisSpec, EsvInput, EsvOptions, EsvOutcome, FactorRaster, MappingSpec, RasterInput,
};
use crate::progress::Progress;
use ecocap_accounts::esv::{Factor, StandardValue};
use ecocap_raster::{Grid, TiffWriter, Window, WriteType};
use gdal::spatial_ref::SpatialRef;
use std::path::{Path, PathBuf};

pub mod wind;

/// Side of the demo grid, cells.
pub const SIZE: usize = 600;
const CELL: f64 = 30.0;
const X0: f64 = 500_000.0;
const Y0: f64 = 3_400_000.0;

/// Deterministic noise in [0, 1) from integer coordinates (SplitMix64).
fn noise(x: u64, y: u64, seed: u64) -> f64 {
    let mut z =
        x.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ y.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth noise: bilinear interpolation of lattice noise at `scale` cells.
fn smooth(x: f64, y: f64, scale: f64, seed: u64) -> f64 {
    let (gx, gy) = (x / scale, y / scale);
    let (ix, iy) = (gx.floor() as u64, gy.floor() as u64);
    let (fx, fy) = (gx - gx.floor(), gy - gy.floor());
    let n = |a, b| noise(a, b, seed);
    let top = n(ix, iy) * (1.0 - fx) + n(ix + 1, iy) * fx;
    let bot = n(ix, iy + 1) * (1.0 - fx) + n(ix + 1, iy + 1) * fx;
    top * (1.0 - fy) + bot * fy
}

/// Elevation (m) at (row, col) in units of the 600-cell reference grid.
pub(crate) fn elevation(r: f64, c: f64) -> f64 {
    let (x, y) = (c, r);
    let valley = (y - SIZE as f64 / 2.0 - 40.0 * (x / 90.0).sin()).abs();
    200.0
        + 1.6 * valley
        + 0.25 * (SIZE as f64 - x)
        + 120.0 * smooth(x, y, 60.0, 7)
        + 40.0 * smooth(x, y, 15.0, 11)
}

pub(crate) fn landcover(r: f64, c: f64, year: i32) -> u8 {
    let z = elevation(r, c);
    let (x, y) = (c, r);
    let river = (y - SIZE as f64 / 2.0 - 40.0 * (x / 90.0).sin()).abs();
    let town = ((x - 420.0).powi(2) + (y - 300.0).powi(2)).sqrt();
    let town_radius = if year >= 2020 { 55.0 } else { 35.0 };
    let n = smooth(x, y, 25.0, 3);
    if river < 4.0 {
        5
    } else if river < 9.0 && n > 0.5 {
        9
    } else if town < town_radius + 10.0 * n {
        8
    } else if z < 420.0 {
        // steep low cropland was returned to forest by 2020 (退耕还林)
        if year >= 2020 && z > 390.0 && n > 0.45 {
            2
        } else {
            1
        }
    } else if z < 560.0 {
        if n > 0.62 {
            4
        } else {
            2
        }
    } else if z < 640.0 {
        if n > 0.5 {
            3
        } else {
            2
        }
    } else if n > 0.7 {
        7
    } else {
        4
    }
}

/// Paths of the demo inputs.
#[derive(Debug, Clone)]
pub struct DemoInputs {
    /// DEM (m)
    pub dem: PathBuf,
    /// land cover 2000 and 2020 (CLCD codes)
    pub landcover: Vec<PathBuf>,
    /// years
    pub years: Vec<i32>,
    /// annual precipitation (mm)
    pub precipitation: PathBuf,
    /// NPP (g C m⁻² yr⁻¹)
    pub npp: PathBuf,
    /// three counties (GeoJSON, field `county`)
    pub counties: PathBuf,
    /// actual evapotranspiration (mm/yr)
    pub et: PathBuf,
    /// water-surface evaporation (mm/yr)
    pub evaporation: PathBuf,
    /// rainfall erosivity R (MJ·mm/(ha·h·yr))
    pub erosivity: PathBuf,
    /// soil erodibility K (t·ha·h/(ha·MJ·mm))
    pub erodibility: PathBuf,
    /// sand fixation and water-retention inputs
    pub wind: wind::WindInputs,
}

pub(crate) fn write_grid(
    path: &Path,
    grid: &Grid,
    kind: WriteType,
    nodata: Option<f64>,
    f: impl Fn(f64, f64) -> f32,
) -> Result<(), AppError> {
    // the basin is defined on a 600-cell reference grid; finer grids sample
    // the same landscape (for benchmarks)
    let scale = SIZE as f64 / grid.width as f64;
    let mut w = TiffWriter::create(path, grid, kind, nodata)?;
    let rows = 256.min(grid.height);
    let mut row = 0;
    while row < grid.height {
        let h = rows.min(grid.height - row);
        let data: Vec<f32> = (0..h * grid.width)
            .map(|i| {
                let (r, c) = (row + i / grid.width, i % grid.width);
                f(r as f64 * scale, c as f64 * scale)
            })
            .collect();
        let win = Window {
            col: 0,
            row,
            width: grid.width,
            height: h,
        };
        w.write_f32(&win, &data)?;
        row += h;
    }
    w.finish()?;
    Ok(())
}

/// Build the synthetic basin's inputs in `dir`.
pub fn build_inputs(dir: &Path) -> Result<DemoInputs, AppError> {
    build_inputs_sized(dir, SIZE)
}

/// The same basin (same extent) on a `size` × `size` grid, for benchmarks.
pub fn build_inputs_sized(dir: &Path, size: usize) -> Result<DemoInputs, AppError> {
    std::fs::create_dir_all(dir).map_err(|e| AppError::OutDir {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    let wkt = SpatialRef::from_epsg(32650)
        .and_then(|s| s.to_wkt())
        .map_err(|e| AppError::Internal(format!("PROJ database unavailable: {e}")))?;
    let grid = Grid::north_up(size, size, X0, Y0, CELL * SIZE as f64 / size as f64, wkt);
    let dem = dir.join("dem.tif");
    write_grid(&dem, &grid, WriteType::F32, Some(-9999.0), |r, c| {
        elevation(r, c) as f32
    })?;
    let years = vec![2000, 2020];
    let mut lcs = Vec::new();
    for &y in &years {
        let p = dir.join(format!("landcover_{y}.tif"));
        // a nodata frame of 3 cells around the basin
        write_grid(&p, &grid, WriteType::U8, Some(0.0), |r, c| {
            if r < 3.0 || c < 3.0 || r >= SIZE as f64 - 3.0 || c >= SIZE as f64 - 3.0 {
                0.0
            } else {
                f32::from(landcover(r, c, y))
            }
        })?;
        lcs.push(p);
    }
    let precipitation = dir.join("precipitation.tif");
    write_grid(
        &precipitation,
        &grid,
        WriteType::F32,
        Some(-9999.0),
        |r, c| (650.0 + 0.35 * (elevation(r, c) - 200.0) + 60.0 * smooth(c, r, 80.0, 5)) as f32,
    )?;
    let npp = dir.join("npp.tif");
    write_grid(&npp, &grid, WriteType::F32, Some(-9999.0), |r, c| {
        let base = match landcover(r, c, 2020) {
            2 => 620.0,
            3 => 480.0,
            1 => 430.0,
            4 => 360.0,
            9 => 520.0,
            5 => 90.0,
            8 => 60.0,
            _ => 40.0,
        };
        (base * (0.85 + 0.3 * smooth(c, r, 40.0, 9))) as f32
    })?;
    let et = dir.join("et.tif");
    write_grid(&et, &grid, WriteType::F32, Some(-9999.0), |r, c| {
        // evapotranspiration rises with vegetation and falls with elevation
        let k = match landcover(r, c, 2020) {
            2 => 0.62,
            3 => 0.58,
            1 => 0.55,
            4 => 0.5,
            9 => 0.7,
            5 => 0.8,
            8 => 0.25,
            _ => 0.3,
        };
        let p = 650.0 + 0.35 * (elevation(r, c) - 200.0) + 60.0 * smooth(c, r, 80.0, 5);
        (k * p * (1.05 - 0.0002 * elevation(r, c))) as f32
    })?;
    let evaporation = dir.join("evaporation.tif");
    write_grid(
        &evaporation,
        &grid,
        WriteType::F32,
        Some(-9999.0),
        |r, c| (1050.0 + 80.0 * smooth(c, r, 120.0, 13)) as f32,
    )?;
    let erosivity = dir.join("erosivity.tif");
    write_grid(&erosivity, &grid, WriteType::F32, Some(-9999.0), |r, c| {
        // R ≈ 2.5 × annual precipitation, the relation the InVEST sample data follow
        (2.5 * (650.0 + 0.35 * (elevation(r, c) - 200.0) + 60.0 * smooth(c, r, 80.0, 5))) as f32
    })?;
    let erodibility = dir.join("erodibility.tif");
    write_grid(
        &erodibility,
        &grid,
        WriteType::F32,
        Some(-9999.0),
        |r, c| (0.025 + 0.01 * smooth(c, r, 50.0, 17)) as f32,
    )?;
    let counties = dir.join("counties.geojson");
    let (x1, y1) = (X0 + SIZE as f64 * CELL, Y0 - SIZE as f64 * CELL);
    let (a, b) = (X0 + 200.0 * CELL, X0 + 390.0 * CELL);
    let ring = |pts: &[(f64, f64)]| {
        let mut v: Vec<String> = pts.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
        v.push(v[0].clone());
        format!("[[{}]]", v.join(","))
    };
    let feats = [
        (
            "甲县 Jia",
            ring(&[(X0, Y0), (a + 600.0, Y0), (a - 900.0, y1), (X0, y1)]),
        ),
        (
            "乙县 Yi",
            ring(&[(a + 600.0, Y0), (b, Y0), (b + 450.0, y1), (a - 900.0, y1)]),
        ),
        (
            "丙县 Bing",
            ring(&[(b, Y0), (x1, Y0), (x1, y1), (b + 450.0, y1)]),
        ),
    ];
    let features: Vec<String> = feats
        .iter()
        .map(|(id, g)| format!(r#"{{"type":"Feature","properties":{{"county":"{id}"}},"geometry":{{"type":"Polygon","coordinates":{g}}}}}"#))
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(&counties, text).map_err(|e| AppError::OutDir {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    let wind = wind::build(dir, &grid, &years)?;
    Ok(DemoInputs {
        wind,
        dem,
        landcover: lcs,
        years,
        precipitation,
        npp,
        counties,
        et,
        evaporation,
        erosivity,
        erodibility,
    })
}

/// Write the GEP account configuration of the demo basin (a template users
/// can copy) with its parameter tables into `dir`; returns the config path.
///
/// The runoff coefficients and transpiration heat below are ILLUSTRATIVE
/// values for the synthetic basin, marked as such in the files; a real
/// account takes them from local measurements or the standard it follows.
pub fn write_account_config(inputs: &DemoInputs, dir: &Path) -> Result<PathBuf, AppError> {
    let w = |name: &str, text: &str| -> Result<PathBuf, AppError> {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| AppError::OutDir {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        Ok(p)
    };
    w(
        "runoff_coefficients.csv",
        "# ILLUSTRATIVE demo values (synthetic basin), not for real accounts\necosystem_type,coefficient\npaddy,0.15\ndry_land,0.2\nbroadleaf,0.05\nshrub,0.08\nshrub_grass,0.12\nwetland,0.1\nwater_system,0\nbare_land,0.4\ndesert,0.3\n",
    )?;
    w(
        "transpiration_heat.csv",
        "# ILLUSTRATIVE demo values (synthetic basin), not for real accounts; kJ per m2 per day\necosystem_type,kj_per_m2_day\npaddy,5000\ndry_land,4000\nbroadleaf,9000\nshrub,7000\nshrub_grass,5500\nwetland,8000\nwater_system,0\nbare_land,0\ndesert,0\n",
    )?;
    w(
        "usle.csv",
        "# ILLUSTRATIVE demo values (synthetic basin), not for real accounts\necosystem_type,usle_c,usle_p\npaddy,0.2,0.4\ndry_land,0.3,0.6\nbroadleaf,0.006,1\nshrub,0.02,1\nshrub_grass,0.05,1\nwetland,0,1\nwater_system,0,1\nbare_land,1,1\ndesert,0.8,1\n",
    )?;
    w(
        "statistics.csv",
        "zone,year,indicator,quantity,unit\n甲县 Jia,2000,agriculture,1.2,1e8 yuan\n甲县 Jia,2020,agriculture,1.9,1e8 yuan\n乙县 Yi,2000,agriculture,0.8,1e8 yuan\n乙县 Yi,2020,agriculture,1.1,1e8 yuan\n丙县 Bing,2000,recreation,0.21,1e8 yuan\n丙县 Bing,2020,recreation,0.58,1e8 yuan\n",
    )?;
    let rel = |p: &Path| {
        p.strip_prefix(dir)
            .unwrap_or(p)
            .display()
            .to_string()
            .replace('\\', "/")
    };
    let mut years = String::new();
    for (k, (y, lc)) in inputs.years.iter().zip(&inputs.landcover).enumerate() {
        years.push_str(&format!(
            "\n[[year]]\nyear = {y}\nlandcover = \"{}\"\nnpp = \"{}\"\nprecipitation = \"{}\"\net = \"{}\"\nevaporation = \"{}\"\nerosivity = \"{}\"\n",
            rel(lc), rel(&inputs.npp), rel(&inputs.precipitation), rel(&inputs.et), rel(&inputs.evaporation), rel(&inputs.erosivity)
        ));
        years.push_str(&wind::year_lines(&inputs.wind, k, &rel));
    }
    let models = wind::sections(&inputs.wind, dir, &rel)?;
    let text = format!(
        "# GEP account of the synthetic demo basin: copy and edit for your own region.\n\
         # Paths are relative to this file.\n\
         mapping = \"clcd\"\n\
         statistics = \"statistics.csv\"\n\
         zones = {{ path = \"{}\", field = \"county\" }}\n\
         dem = \"dem.tif\"\nerodibility = \"erodibility.tif\"\n{years}\n\
         [tables]\nrunoff_coefficients = \"runoff_coefficients.csv\"\ntranspiration_heat = \"transpiration_heat.csv\"\nusle = \"usle.csv\"\nvelocity_coefficients = \"velocity_coefficients.csv\"\n\n{models}\
         [parameters]\n# NPP in carbon: CO2 = C × 44/12 and O2 = C × 32/12 (national GEP specification); \"g DM/m2/yr\" uses 1.63 and 1.19 per g dry matter\nnpp_unit = \"g C/m2/yr\"\n# no soil heterotrophic respiration raster (rh) in the demo: both on NPP, stated\ncarbon_basis = \"npp\"\noxygen_basis = \"npp\"\n# days above the air-conditioning threshold (illustrative)\nac_days = 60\n\n\
         # Monte Carlo (ecocap account --monte-carlo N --seed S overrides runs and seed)\n\
         [uncertainty]\nruns = 50\nseed = 2024\n\n\
         [[uncertainty.parameter]]\nname = \"ac_days\"\ndistribution = \"uniform\"\nmin = 45\nmax = 75\n\n\
         # reservoir construction cost: published values 5.714, 7.06 and 7.53 yuan/m3 (gep_prices.csv)\n\
         [[uncertainty.parameter]]\nname = \"price:water_conservation\"\ndistribution = \"triangular\"\nmin = 5.714\nmode = 7.06\nmax = 7.53\n",
        rel(&inputs.counties)
    );
    w("account.toml", &text)
}

/// Build the basin under `out/inputs` and run the ESV account into `out/esv`
/// (`force`: even if that folder holds another command's outputs).
pub fn run_demo(
    out: &Path,
    force: bool,
    progress: &dyn Progress,
) -> Result<(DemoInputs, EsvOutcome), AppError> {
    let inputs = build_inputs(&out.join("inputs"))?;
    let opts = EsvOptions {
        input: EsvInput::Rasters(RasterInput {
            landcover: inputs.landcover.clone(),
            years: inputs.years.clone(),
            nodata: None,
            zones: Some((inputs.counties.clone(), "county".into())),
            factors: vec![
                FactorRaster {
                    factor: Factor::Npp,
                    paths: vec![inputs.npp.clone()],
                    reference_mean: None,
                },
                FactorRaster {
                    factor: Factor::Precipitation,
                    paths: vec![inputs.precipitation.clone()],
                    reference_mean: None,
                },
            ],
            align: false,
        }),
        mapping: MappingSpec::Builtin("clcd".into()),
        basis: BasisSpec::Equivalent {
            table: "xie2015".into(),
            standard: StandardValue::direct(3406.5, Some(2010))?,
        },
        regional: 1.0,
        factor_table: None,
        factor_map: Vec::new(),
        pixel_rasters: true,
        out: out.join("esv"),
        force,
    };
    let outcome = run_esv(&opts, progress)?;
    Ok((inputs, outcome))
}

/// Write the account configuration next to the demo inputs and run the GEP
/// account of the basin into `out/account`.
pub fn run_account_demo(
    out: &Path,
    inputs: &DemoInputs,
    force: bool,
    progress: &dyn Progress,
) -> Result<crate::account::AccountOutcome, AppError> {
    let dir = inputs
        .counties
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out.join("inputs"));
    let config = write_account_config(inputs, &dir)?;
    crate::account::run_account(
        &config,
        &out.join("account"),
        crate::account::AccountRun {
            force,
            ..Default::default()
        },
        progress,
    )
}
