//! The raster route: land-cover rasters (one per year), optional zones and
//! adjustment-factor rasters, streamed window by window into areas by
//! zone × year × class, with optional per-cell ESV density rasters.

use crate::error::AppError;
use crate::plausible;
use crate::progress::Progress;
use ecocap_accounts::esv::{Adjustments, AreaKey, AreaSums, AreaTable, Factor, ValueBasis};
use ecocap_raster::{
    align_to_grid, cell_area_ha_by_row, plan_windows, process_windows, Pixels, RasterError,
    RasterSource, ReadAs, Resampling, TiffWriter, WriteType, ZoneShapes,
};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// An adjustment factor given as rasters: one for all years or one per year.
#[derive(Debug, Clone)]
pub struct FactorRaster {
    /// which factor
    pub factor: Factor,
    /// one path, or one per year
    pub paths: Vec<PathBuf>,
    /// reference mean the cell values are divided by (e.g. the national
    /// mean NPP); when absent, the mean of the raster's valid cells
    pub reference_mean: Option<f64>,
}

/// Raster inputs of an ESV run.
#[derive(Debug, Clone)]
pub struct RasterInput {
    /// land-cover rasters, one per year
    pub landcover: Vec<PathBuf>,
    /// the years
    pub years: Vec<i32>,
    /// nodata code to use when the rasters declare none (or override)
    pub nodata: Option<f64>,
    /// zones: vector file and id field
    pub zones: Option<(PathBuf, String)>,
    /// adjustment factors as rasters
    pub factors: Vec<FactorRaster>,
    /// align inputs whose grid differs to the first land-cover grid
    pub align: bool,
}

/// What the raster pass found besides the areas.
#[derive(Debug, Clone, Default)]
pub struct PassStats {
    /// cells with a class
    pub valid: u64,
    /// nodata cells
    pub nodata: u64,
    /// cells outside every zone
    pub outside: u64,
    /// valid cells where a factor raster had no data (factor 1 used)
    pub factor_gaps: u64,
}

/// Output of the raster route.
pub struct RasterAreas {
    /// areas by zone × year × class
    pub areas: AreaTable,
    /// cell counts per year
    pub stats: Vec<(i32, PassStats)>,
    /// what was done to inputs (alignment, means)
    pub notes: Vec<String>,
    /// density rasters written (in the staging directory)
    pub rasters: Vec<PathBuf>,
    /// all raster inputs (role, path) for the manifest
    pub inputs: Vec<(String, PathBuf)>,
    /// total cells processed
    pub cells: u64,
}

const ALIGN_HINT: &str = "add --align to resample it onto the first land-cover grid, or prepare the rasters on one grid (gdalwarp -te -tr -t_srs)";

fn aligned(
    src: RasterSource,
    reference: &RasterSource,
    resampling: Resampling,
    align: bool,
    work: &Path,
    notes: &mut Vec<String>,
) -> Result<RasterSource, AppError> {
    let diffs = src.grid.differences(&reference.grid);
    if diffs.is_empty() {
        return Ok(src);
    }
    if !align {
        src.require_same_grid(reference, ALIGN_HINT)?;
    }
    let name = src
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "input".into());
    let out = work.join(format!("{name}.aligned.{}.tif", notes.len()));
    let a = align_to_grid(&src, &reference.grid, resampling, &out)?;
    notes.push(format!(
        "{} aligned to the grid of {} by {} resampling ({})",
        src.path.display(),
        reference.path.display(),
        resampling.name(),
        diffs
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    ));
    Ok(a)
}

fn mean_of(src: &RasterSource, progress: &dyn Progress) -> Result<f64, AppError> {
    let windows = plan_windows(&src.grid, src.block_size);
    let nd = src.nodata;
    progress.start(
        &format!("mean of {}", src.path.display()),
        windows.len() as u64,
    );
    let (s, n) = process_windows(
        &[(src.clone(), ReadAs::F64)],
        &windows,
        || (0.0f64, 0u64),
        |acc, b| {
            for &v in b.pixels[0].as_f64() {
                if v.is_finite() && Some(v) != nd {
                    acc.0 += v;
                    acc.1 += 1;
                }
            }
            Ok(())
        },
        |a, b| (a.0 + b.0, a.1 + b.1),
        |_| progress.advance(1),
    )?;
    progress.finish();
    if n == 0 || s == 0.0 {
        return Err(AppError::input(
            src.path.display().to_string(),
            "the factor raster has no valid cells or a zero mean",
            "check its nodata value, or give the reference mean explicitly",
        ));
    }
    Ok(s / n as f64)
}

/// Per-(zone, class) density coefficients: [plain, npp, precip, soil]
/// in currency/ha; the factor terms are multiplied by the cell's ratio.
fn density_coefficients(
    basis: &ValueBasis,
    adj: &Adjustments,
    code_type: &HashMap<i32, Option<usize>>,
    zone_ids: &[String],
) -> HashMap<(i32, i32), [f64; 4]> {
    let mut out = HashMap::new();
    for (zi, zone) in zone_ids.iter().enumerate() {
        for (&code, t) in code_type {
            let mut c = [0.0; 4];
            if let Some(t) = t {
                for (s, svc) in basis.services.iter().enumerate() {
                    let v = adj.regional * basis.per_ha[*t][s];
                    match adj.factor_map.factor_of(&svc.id) {
                        None => c[0] += v,
                        Some(f) if adj.raster_factors.contains(&f) => c[1 + f.index()] += v,
                        Some(f) => c[0] += v * adj.scalar(zone, f),
                    }
                }
            }
            out.insert((zi as i32 + 1, code), c);
        }
    }
    out
}

struct Acc {
    sums: HashMap<(i32, i32), AreaSums>,
    stats: PassStats,
    /// zone numbers of the current window (reused buffer)
    zbuf: Vec<i32>,
    /// class codes of the current window widened to i32 (reused buffer)
    cbuf: Vec<i32>,
}

/// Stream the rasters into areas (and density rasters into `out_dir` when given).
#[allow(clippy::too_many_lines)]
pub fn raster_areas(
    input: &RasterInput,
    mapping: &BTreeMap<String, String>,
    basis: &ValueBasis,
    adj: &Adjustments,
    work: &Path,
    density_dir: Option<&Path>,
    progress: &dyn Progress,
) -> Result<RasterAreas, AppError> {
    if input.landcover.is_empty() {
        return Err(AppError::input(
            "--landcover",
            "no land-cover raster given",
            "give one raster per year",
        ));
    }
    if input.years.len() != input.landcover.len() {
        return Err(AppError::input(
            "--years",
            format!(
                "{} years for {} land-cover rasters",
                input.years.len(),
                input.landcover.len()
            ),
            "give one year per land-cover raster, in the same order, e.g. --years 2000,2020",
        ));
    }
    let mut seen = BTreeMap::new();
    for (k, y) in input.years.iter().enumerate() {
        if let Some(first) = seen.insert(*y, k) {
            return Err(AppError::input(
                "--years",
                format!(
                    "year {y} is given twice (positions {} and {}: {} and {}); their areas would be added into one year",
                    first + 1,
                    k + 1,
                    input.landcover[first].display(),
                    input.landcover[k].display()
                ),
                "give each year once, one per land-cover raster, e.g. --years 2000,2020",
            ));
        }
    }
    let mut notes = Vec::new();
    let mut roles = Vec::new();
    let reference = RasterSource::open(&input.landcover[0])?.with_nodata(input.nodata);
    let mut lcs = vec![reference.clone()];
    for (p, y) in input.landcover.iter().zip(&input.years).skip(1) {
        let s = RasterSource::open(p)?.with_nodata(input.nodata);
        let resampling =
            if s.grid.geo_transform[1].abs() >= reference.grid.geo_transform[1].abs() * 0.999 {
                Resampling::Nearest
            } else {
                Resampling::Mode
            };
        let s = aligned(s, &reference, resampling, input.align, work, &mut notes)?;
        let _ = y;
        lcs.push(s);
    }
    for (lc, (p, y)) in lcs.iter().zip(input.landcover.iter().zip(&input.years)) {
        roles.push((format!("landcover {y}"), p.clone()));
        if !lc.is_integer {
            return Err(AppError::input(
                p.display().to_string(),
                format!(
                    "land cover has floating-point cells ({}); classes must be integers",
                    lc.data_type
                ),
                "give the classified land-cover raster (integer codes), not a continuous layer",
            ));
        }
    }
    let code_type: HashMap<i32, Option<usize>> = mapping
        .iter()
        .filter_map(|(k, v)| Some((k.trim().parse::<i32>().ok()?, basis.resolve(v).ok()?)))
        .collect();
    let zones = match &input.zones {
        Some((path, field)) => {
            roles.push(("zones".into(), path.clone()));
            let z = ZoneShapes::read(path, field, &reference.grid)
                .map_err(|e| e.with_raster(&reference.path))?;
            notes.extend(z.repaired.iter().map(|r| format!("WARNING: {r}")));
            Some(z)
        }
        None => None,
    };
    let zone_ids: Vec<String> = match &zones {
        Some(z) => z.ids.clone(),
        None => vec!["all".to_string()],
    };
    // factor rasters per year, aligned, with their reference means
    let mut factor_srcs: Vec<(Factor, Vec<RasterSource>, f64)> = Vec::new();
    for f in &input.factors {
        if f.paths.len() != 1 && f.paths.len() != input.years.len() {
            return Err(AppError::input(
                format!("--{}", f.factor.id()),
                format!("{} rasters for {} years", f.paths.len(), input.years.len()),
                "give one raster for all years or one per year",
            ));
        }
        let mut srcs = Vec::new();
        let mut own_mean = None;
        for p in &f.paths {
            roles.push((format!("factor {}", f.factor.id()), p.clone()));
            let s = RasterSource::open(p)?;
            if let Some(range) = plausible::range_of(f.factor.id()) {
                let (scan, warning) =
                    plausible::check_raster(&s, &format!("--{}", f.factor.id()), range, progress)?;
                notes.extend(warning);
                if own_mean.is_none() {
                    own_mean = Some(scan.mean());
                }
            }
            srcs.push(aligned(
                s,
                &reference,
                Resampling::Bilinear,
                input.align,
                work,
                &mut notes,
            )?);
        }
        let mean = match f.reference_mean {
            Some(m) if m.is_finite() && m > 0.0 => {
                plausible::check_value(f.factor.id(), &format!("--{}-mean", f.factor.id()), m)?;
                m
            }
            Some(m) => {
                return Err(AppError::input(
                    format!("--{}-mean", f.factor.id()),
                    format!("reference mean {m} must be positive"),
                    "give the reference (e.g. national) mean in the raster's unit",
                ))
            }
            None => {
                // the mean of the checked cells when the raster is used as
                // it is; the aligned copy's own mean otherwise
                let m = match own_mean {
                    Some(m) if srcs[0].path == f.paths[0] && m.is_finite() && m > 0.0 => m,
                    _ => mean_of(&srcs[0], progress)?,
                };
                notes.push(format!(
                    "{} factor: reference mean not given; used the mean of {} over its valid cells ({m:.4})",
                    f.factor.id(),
                    srcs[0].path.display()
                ));
                m
            }
        };
        factor_srcs.push((f.factor, srcs, mean));
    }
    let coeffs = density_coefficients(basis, adj, &code_type, &zone_ids);
    let row_area = cell_area_ha_by_row(&reference.grid);
    if reference.grid.is_geographic() {
        notes
            .push("geographic (lat/lon) grid: cell areas computed per row on the ellipsoid".into());
    }
    let windows = plan_windows(&reference.grid, reference.block_size);
    let mut areas = AreaTable::default();
    let mut stats = Vec::new();
    let mut rasters = Vec::new();
    for (yi, (lc, year)) in lcs.iter().zip(&input.years).enumerate() {
        // Byte rasters are read as they are stored (no conversion in GDAL)
        let read_lc = if lc.data_type == "Byte" {
            ReadAs::U8
        } else {
            ReadAs::I32
        };
        let mut sources = vec![(lc.clone(), read_lc)];
        let mut factor_slots: Vec<(Factor, usize, f64, Option<f64>)> = Vec::new();
        for (f, srcs, mean) in &factor_srcs {
            let s = if srcs.len() == 1 { &srcs[0] } else { &srcs[yi] };
            sources.push((s.clone(), ReadAs::F64));
            factor_slots.push((*f, sources.len() - 1, *mean, s.nodata));
        }
        let nodata = lc.nodata.filter(|v| v.fract() == 0.0).map(|v| v as i32);
        let writer = match density_dir {
            Some(dir) => {
                let p = dir.join(format!("esv_density_{year}.tif"));
                Some(Mutex::new(TiffWriter::create(
                    &p,
                    &reference.grid,
                    WriteType::F32,
                    Some(f32::MIN as f64),
                )?))
            }
            None => None,
        };
        progress.start(&format!("ESV {year}"), reference.grid.cells() as u64);
        let acc = process_windows(
            &sources,
            &windows,
            || Acc {
                sums: HashMap::new(),
                stats: PassStats::default(),
                zbuf: Vec::new(),
                cbuf: Vec::new(),
            },
            |acc, b| {
                let w = b.window;
                let mut cbuf = std::mem::take(&mut acc.cbuf);
                let lcv: &[i32] = match &b.pixels[0] {
                    Pixels::U8(v) => {
                        cbuf.clear();
                        cbuf.extend(v.iter().map(|&c| i32::from(c)));
                        &cbuf
                    }
                    p => p.as_i32(),
                };
                let mut zbuf = std::mem::take(&mut acc.zbuf);
                if let Some(z) = &zones {
                    z.burn(&reference.grid, &w, &mut zbuf)?;
                }
                let zv = zones.as_ref().map(|_| zbuf.as_slice());
                let mut density = if writer.is_some() {
                    vec![f32::MIN; w.cells()]
                } else {
                    Vec::new()
                };
                let mut last: Option<(i32, i32)> = None;
                let mut run = AreaSums::default();
                // Locals, not fields of `acc`, so the hot loop keeps them in
                // registers; the run of equal (zone, class) cells is summed
                // before touching the hash map.
                let (mut n_valid, mut n_nodata, mut n_outside, mut n_gaps) =
                    (0u64, 0u64, 0u64, 0u64);
                let fast = factor_slots.is_empty() && density.is_empty();
                let mut coef = [0.0f64; 4];
                for r in 0..w.height {
                    let a = row_area[w.row + r];
                    let row = r * w.width..(r + 1) * w.width;
                    for (i, &code) in row.clone().zip(&lcv[row]) {
                        if Some(code) == nodata {
                            n_nodata += 1;
                            continue;
                        }
                        let zone = zv.map_or(1, |z| z[i]);
                        if zone <= 0 {
                            n_outside += 1;
                            continue;
                        }
                        n_valid += 1;
                        let key = (zone, code);
                        if last != Some(key) {
                            if let Some(k) = last {
                                acc.sums.entry(k).or_default().add(&run);
                            }
                            run = AreaSums::default();
                            last = Some(key);
                            coef = coeffs.get(&key).copied().unwrap_or([f64::NAN; 4]);
                        }
                        run.area_ha += a;
                        run.cells += 1;
                        if fast {
                            continue;
                        }
                        let mut ratios = [1.0f64; 3];
                        for (f, slot, mean, fnd) in &factor_slots {
                            let v = b.pixels[*slot].as_f64()[i];
                            if v.is_finite() && Some(v) != *fnd {
                                ratios[f.index()] = v / mean;
                            } else {
                                n_gaps += 1;
                            }
                        }
                        for (w, r) in run.weighted.iter_mut().zip(ratios) {
                            *w += a * r;
                        }
                        if !density.is_empty() && !coef[0].is_nan() {
                            let d = coef[0]
                                + coef[1] * ratios[0]
                                + coef[2] * ratios[1]
                                + coef[3] * ratios[2];
                            density[i] = d as f32;
                        }
                    }
                }
                acc.stats.valid += n_valid;
                acc.stats.nodata += n_nodata;
                acc.stats.outside += n_outside;
                acc.stats.factor_gaps += n_gaps;
                if let Some(k) = last {
                    acc.sums.entry(k).or_default().add(&run);
                }
                acc.zbuf = zbuf;
                acc.cbuf = cbuf;
                if let Some(wr) = &writer {
                    let mut wr = wr.lock().map_err(|_| RasterError::Write {
                        path: PathBuf::from("density raster"),
                        detail: "a worker panicked while writing".into(),
                    })?;
                    wr.write_f32(&w, &density)?;
                }
                Ok(())
            },
            |mut a, b| {
                for (k, v) in b.sums {
                    a.sums.entry(k).or_default().add(&v);
                }
                a.stats.valid += b.stats.valid;
                a.stats.nodata += b.stats.nodata;
                a.stats.outside += b.stats.outside;
                a.stats.factor_gaps += b.stats.factor_gaps;
                a
            },
            |win| progress.advance(win.cells() as u64),
        )?;
        progress.finish();
        if let Some(wr) = writer {
            let wr = wr
                .into_inner()
                .map_err(|_| AppError::Internal("density writer poisoned".into()))?;
            rasters.push(wr.finish()?);
        }
        if acc.stats.valid == 0 && acc.stats.outside == 0 {
            return Err(plausible::empty_landcover(
                &input.landcover[yi],
                lc.nodata,
                *year,
                acc.stats.nodata,
            ));
        }
        if let Some(z) = &zones {
            if acc.stats.valid == 0 {
                let ext = reference.grid.extent();
                return Err(RasterError::ZonesNoOverlap {
                    path: z.path.clone(),
                    raster: lc.path.clone(),
                    zone_extent: "no cell centre inside any zone".into(),
                    raster_extent: format!(
                        "[{:.4}, {:.4}, {:.4}, {:.4}]",
                        ext[0], ext[1], ext[2], ext[3]
                    ),
                }
                .into());
            }
        }
        for ((zone, code), sums) in acc.sums {
            let zid = zone_ids[(zone - 1) as usize].clone();
            let mut s = sums;
            for g in Factor::ALL {
                if !factor_srcs.iter().any(|f| f.0 == g) {
                    s.weighted[g.index()] = s.area_ha;
                }
            }
            areas.add(
                AreaKey {
                    zone: zid,
                    year: Some(*year),
                    class: code.to_string(),
                },
                s,
            );
        }
        stats.push((*year, acc.stats));
    }
    Ok(RasterAreas {
        areas,
        stats,
        notes,
        rasters,
        inputs: roles,
        cells: reference.grid.cells() as u64 * input.years.len() as u64,
    })
}
