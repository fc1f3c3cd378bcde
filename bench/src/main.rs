//! ESV raster benchmark: generates u8 land-cover rasters (tiled DEFLATE,
//! CLCD codes) of the requested sizes with three zones, runs the raster-mode
//! ESV account, and prints Mpixel/s and peak RSS.
//!
//! Usage: `cargo run --release -p ecocap-bench -- [SIZE ...] [--dir DIR] [--rasters]`
//! (default sizes 4000 8000 16000). Each size runs in a child process so
//! that its peak RSS is its own. `--rasters` also writes the per-cell
//! density raster (compression of float output dominates then).
//!
//! Baseline measured in the same run: a plain GDAL block read of the same
//! file (decompression only), so the ESV figure is quoted as a ratio of it.
//!
//! `--account N` instead runs the whole GEP account of the demo basin on an
//! N × N grid (every raster indicator, both DEM routings), twice (the second
//! reuses the cache), printing wall time and peak RSS per step beside two
//! same-run baselines (a bare read of the land cover; a read + write of one
//! float32 raster).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ecocap_accounts::esv::StandardValue;
use ecocap_app::esv::{run_esv, BasisSpec, EsvInput, EsvOptions, MappingSpec, RasterInput};
use ecocap_app::NoProgress;
use ecocap_raster::{
    plan_windows, process_windows, Grid, RasterSource, ReadAs, TiffWriter, Window, WriteType,
};
use gdal::spatial_ref::SpatialRef;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn generate(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let lc = dir.join(format!("lc_{n}.tif"));
    let zones = dir.join(format!("zones_{n}.geojson"));
    if lc.exists() && zones.exists() {
        return (lc, zones);
    }
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    let grid = Grid::north_up(n, n, 400_000.0, 4_000_000.0, 30.0, wkt);
    let mut w = TiffWriter::create(&lc, &grid, WriteType::U8, Some(0.0)).unwrap();
    // write in row strips of 256 to keep memory flat
    let classes = [1u8, 2, 3, 4, 5, 7, 8, 9];
    let mut row = 0;
    while row < n {
        let h = 256.min(n - row);
        let data: Vec<f32> = (0..h * n)
            .map(|i| {
                let (r, c) = (row + i / n, i % n);
                // patchy landscape: blocks of 37×23 cells with a hash class
                let k = ((r / 23) * 7919 + (c / 37) * 104_729) % 97;
                f32::from(classes[k % classes.len()])
            })
            .collect();
        w.write_f32(
            &Window {
                col: 0,
                row,
                width: n,
                height: h,
            },
            &data,
        )
        .unwrap();
        row += h;
    }
    w.finish().unwrap();
    let ext = grid.extent();
    let third = (ext[2] - ext[0]) / 3.0;
    let feats: Vec<String> = (0..3)
        .map(|i| {
            let x0 = ext[0] + third * i as f64;
            let x1 = x0 + third;
            format!(
                r#"{{"type":"Feature","properties":{{"zone":"z{i}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#,
                y0 = ext[1],
                y1 = ext[3]
            )
        })
        .collect();
    std::fs::write(
        &zones,
        format!(r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{}]}}"#, feats.join(",")),
    )
    .unwrap();
    (lc, zones)
}

fn child(dir: &Path, n: usize, rasters: bool) {
    let (lc, zones) = generate(dir, n);
    let src = RasterSource::open(&lc).unwrap();
    let windows = plan_windows(&src.grid, src.block_size);
    let t = Instant::now();
    let count = process_windows(
        &[(src.clone(), ReadAs::I32)],
        &windows,
        || 0u64,
        |a, b| {
            *a += b.pixels[0].as_i32().iter().filter(|&&c| c != 0).count() as u64;
            Ok(())
        },
        |a, b| a + b,
        |_| {},
    )
    .unwrap();
    let read_s = t.elapsed().as_secs_f64();
    assert_eq!(count as usize, n * n);
    let t = Instant::now();
    let z = ecocap_raster::ZoneShapes::read(&zones, "zone", &src.grid).unwrap();
    eprintln!(
        "  zones read in {:.3} s ({} zones)",
        t.elapsed().as_secs_f64(),
        z.ids.len()
    );
    let out = dir.join(format!("out_{n}"));
    let opts = EsvOptions {
        input: EsvInput::Rasters(RasterInput {
            landcover: vec![lc.clone()],
            years: vec![2020],
            nodata: None,
            zones: Some((zones, "zone".into())),
            factors: vec![],
            align: false,
        }),
        mapping: MappingSpec::Builtin("clcd".into()),
        basis: BasisSpec::Equivalent {
            table: "xie2015".into(),
            standard: StandardValue::direct(3406.5, Some(2010)).unwrap(),
        },
        regional: 1.0,
        factor_table: None,
        factor_map: vec![],
        pixel_rasters: rasters,
        out,
        force: false,
    };
    let t = Instant::now();
    run_esv(&opts, &NoProgress).unwrap();
    let esv_s = t.elapsed().as_secs_f64();
    let mpx = (n * n) as f64 / 1e6;
    println!(
        "{n:>6}² {mpx:>8.1} Mpx | read-only baseline {:>7.1} Mpx/s | ESV end-to-end {:>7.1} Mpx/s ({:.2}× baseline){} | peak RSS {:>6.1} MB",
        mpx / read_s,
        mpx / esv_s,
        read_s / esv_s,
        if rasters { " with density raster" } else { "" },
        peak_rss_mb()
    );
}

/// Resident memory now and its high-water mark since the last reset (MB).
fn rss_mb() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Reset the high-water mark to the current resident size (Linux ≥ 4.0:
/// writing 5 to clear_refs); false where that is not allowed.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// One timed step: name, seconds, RSS when it began, peak RSS during it.
type StepRow = (String, f64, f64, f64);

/// Progress sink that measures each account step's peak RSS.
struct StepMeter {
    rows: std::sync::Mutex<Vec<StepRow>>,
    start_rss: std::sync::Mutex<f64>,
    /// the whole run's peak (readings before every reset are folded in)
    peak: std::sync::Mutex<f64>,
    per_step: bool,
}

impl StepMeter {
    fn new() -> StepMeter {
        let per_step = reset_peak();
        StepMeter {
            rows: std::sync::Mutex::new(Vec::new()),
            start_rss: std::sync::Mutex::new(0.0),
            peak: std::sync::Mutex::new(0.0),
            per_step,
        }
    }
    fn fold_peak(&self) {
        let (_, hwm) = rss_mb();
        let mut p = self.peak.lock().unwrap();
        *p = p.max(hwm);
    }
    fn whole_peak(&self) -> f64 {
        self.fold_peak();
        *self.peak.lock().unwrap()
    }
}

impl ecocap_app::Progress for StepMeter {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
    fn note(&self, _: &str) {}
    fn step_begin(&self, _name: &str) {
        self.fold_peak();
        if self.per_step {
            reset_peak();
        }
        *self.start_rss.lock().unwrap() = rss_mb().0;
    }
    fn step_end(&self, name: &str, seconds: f64) {
        let (_, hwm) = rss_mb();
        self.fold_peak();
        let before = *self.start_rss.lock().unwrap();
        let peak = if self.per_step { hwm } else { f64::NAN };
        self.rows
            .lock()
            .unwrap()
            .push((name.to_string(), seconds, before, peak));
    }
}

/// Same-run baselines on an N × N grid: a bare windowed GDAL read of the
/// u8 land cover, and a whole read plus a tiled write of one float32
/// raster (the DEM), in seconds.
fn baselines(landcover: &Path, dem: &Path, dir: &Path) -> (f64, f64) {
    let src = RasterSource::open(landcover).unwrap();
    let windows = plan_windows(&src.grid, src.block_size);
    let t = Instant::now();
    let count = process_windows(
        &[(src.clone(), ReadAs::I32)],
        &windows,
        || 0u64,
        |a, b| {
            *a += b.pixels[0].as_i32().iter().filter(|&&c| c != 0).count() as u64;
            Ok(())
        },
        |a, b| a + b,
        |_| {},
    )
    .unwrap();
    let read_s = t.elapsed().as_secs_f64();
    assert!(count > 0);
    let t = Instant::now();
    let ds = gdal::Dataset::open(dem).unwrap();
    let values: Vec<f32> = ds
        .rasterband(1)
        .unwrap()
        .read_band_as::<f32>()
        .unwrap()
        .data()
        .to_vec();
    let g = RasterSource::open(dem).unwrap().grid;
    let out = dir.join("baseline_f32.tif");
    let mut w = TiffWriter::create(&out, &g, WriteType::F32, Some(f64::NAN)).unwrap();
    w.write_f32(
        &Window {
            col: 0,
            row: 0,
            width: g.width,
            height: g.height,
        },
        &values,
    )
    .unwrap();
    w.finish().unwrap();
    let rw_s = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(out);
    (read_s, rw_s)
}

fn print_steps(title: &str, meter: &StepMeter, total: f64, rw_s: f64) {
    println!(
        "  {title}: {total:.1} s ({:.1}× the f32 read+write baseline)",
        total / rw_s
    );
    println!(
        "    {:<22} {:>8} {:>9} {:>13} {:>13}",
        "step", "seconds", "× r+w", "RSS before MB", "peak RSS MB"
    );
    for (name, s, before, peak) in meter.rows.lock().unwrap().iter() {
        println!(
            "    {name:<22} {s:>8.2} {:>9.2} {before:>13.0} {peak:>13.0}",
            s / rw_s
        );
    }
}

/// `--account N`: the GEP account of the demo basin on an N × N grid with
/// every raster indicator, water conservation by the water-retention
/// method so that both routings (LS and TI) and K' run.
fn account_child(dir: &Path, n: usize) {
    let basin = dir.join(format!("basin_{n}"));
    let t = Instant::now();
    let inputs = ecocap_app::demo::build_inputs_sized(&basin, n).unwrap();
    let config = ecocap_app::demo::write_account_config(&inputs, &basin).unwrap();
    let text = std::fs::read_to_string(&config).unwrap();
    let balance = "method = \"water_balance\"";
    assert!(
        text.contains(balance),
        "the demo config names its water method"
    );
    std::fs::write(
        &config,
        text.replace(balance, "method = \"water_retention\""),
    )
    .unwrap();
    let gen_s = t.elapsed().as_secs_f64();
    let (read_s, rw_s) = baselines(&inputs.landcover[0], &inputs.dem, dir);
    let mpx = (n * n) as f64 / 1e6;
    println!(
        "account {n}² ({mpx:.1} Mpx × 2 years, all raster indicators: LS and TI routing, K', RWEQ, density rasters, maps, report, 50 Monte Carlo runs); inputs generated in {gen_s:.1} s"
    );
    println!(
        "  baselines: bare GDAL read of the u8 land cover {read_s:.2} s | whole read + tiled write of one f32 raster {rw_s:.2} s"
    );
    let out = dir.join(format!("account_{n}"));
    let _ = std::fs::remove_dir_all(&out);
    let run = ecocap_app::account::AccountRun::default();
    for title in ["first run", "re-run with cached passes and LS/K'/TI"] {
        let meter = StepMeter::new();
        let t = Instant::now();
        let o = ecocap_app::account::run_account(&config, &out, run, &meter).unwrap();
        let total = t.elapsed().as_secs_f64();
        assert_eq!(o.timings.len(), meter.rows.lock().unwrap().len());
        print_steps(title, &meter, total, rw_s);
        println!(
            "    whole run: peak RSS {:.0} MB (one f32 {n}² raster = {:.0} MB)",
            meter.whole_peak(),
            (n * n * 4) as f64 / 1_048_576.0
        );
        if !meter.per_step {
            println!(
                "    (per-step peaks unavailable: /proc/self/clear_refs is not writable here)"
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = std::env::temp_dir().join("ecocap-bench");
    let mut sizes = Vec::new();
    let mut rasters = false;
    let mut is_child = false;
    let mut account = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--dir" => {
                dir = PathBuf::from(&args[i + 1]);
                i += 1;
            }
            "--rasters" => rasters = true,
            "--child" => is_child = true,
            "--account" => account = true,
            s => sizes.push(s.parse::<usize>().expect("sizes are integers")),
        }
        i += 1;
    }
    if sizes.is_empty() {
        sizes = vec![4000, 8000, 16000];
    }
    std::fs::create_dir_all(&dir).unwrap();
    if is_child {
        if account {
            account_child(&dir, sizes[0]);
        } else {
            child(&dir, sizes[0], rasters);
        }
        return;
    }
    println!("ecocap ESV raster benchmark on {} threads (u8 tiled DEFLATE land cover, 3 zones, Xie 2015)", rayon::current_num_threads());
    let exe = std::env::current_exe().unwrap();
    for n in sizes {
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg(n.to_string()).arg("--child").arg("--dir").arg(&dir);
        if rasters {
            cmd.arg("--rasters");
        }
        if account {
            cmd.arg("--account");
        }
        let st = cmd.status().unwrap();
        assert!(st.success(), "benchmark of {n}² failed");
    }
}
