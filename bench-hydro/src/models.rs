//! Whole-model benchmark: generates the dataset of [`crate::dataset`] at
//! each size (once; reused while complete), then times every run of
//! [`crate::tables::RUNS`] end to end as a child process
//! (`ecocap run MODEL --datastack … --workspace …`), with its wall time and
//! peak resident memory, next to a baseline measured in the same run: a
//! bare GDAL read of the land cover and write of it as a Float32 tiled
//! DEFLATE GeoTIFF (what every model does at least once). With
//! `--invest VENV`, InVEST (`VENV/bin/invest run MODEL --no-report …`) is
//! timed on the same datastacks, so the speed ratio is measured under the
//! same load.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::tables::RUNS;

/// Marker written after a complete dataset; its content names the layout.
const COMPLETE: &str = ".complete";
const LAYOUT: &str = "ecocap-bench-hydro dataset v3 (all five models, ndr_all)\n";

/// Options of `--models`.
pub struct Options {
    /// where the datasets and workspaces go
    pub dir: PathBuf,
    /// the ecocap binary
    pub ecocap: PathBuf,
    /// an InVEST virtualenv, if given
    pub invest: Option<PathBuf>,
    /// runs to time (datastack names); all when empty
    pub only: Vec<String>,
    /// grid sizes
    pub sizes: Vec<usize>,
}

/// Parse `--models [--dir D] [--ecocap P] [--invest V] [--only a,b] SIZE…`.
pub fn parse(argv: &[String]) -> Result<Options, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut o = Options {
        dir: std::env::temp_dir().join("ecocap-bench-models"),
        ecocap: exe.with_file_name("ecocap"),
        invest: None,
        only: Vec::new(),
        sizes: Vec::new(),
    };
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--dir" => o.dir = val()?.into(),
            "--ecocap" => o.ecocap = val()?.into(),
            "--invest" => o.invest = Some(val()?.into()),
            "--only" => o.only = val()?.split(',').map(str::to_string).collect(),
            s => o.sizes.push(
                s.parse()
                    .map_err(|_| format!("\"{s}\" is not a grid size (e.g. 2000)"))?,
            ),
        }
    }
    if o.sizes.is_empty() {
        o.sizes = vec![2000, 4000];
    }
    if !o.ecocap.exists() {
        return Err(format!(
            "{} not found: build it first (cargo build --release -p ecocap-cli) or give --ecocap PATH",
            o.ecocap.display()
        ));
    }
    Ok(o)
}

/// Peak resident set (`VmHWM`, kB) of a live process.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU seconds (user + system) of this process's waited-for children
/// (`cutime` + `cstime` of /proc/self/stat, in USER_HZ = 100 ticks/s, the
/// Linux ABI value).
fn children_cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = s.rsplit_once(')').map_or("", |(_, r)| r);
    // fields after the command name start at field 3 (state); cutime is 16
    let f: Vec<f64> = after
        .split_whitespace()
        .skip(13)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// One measured child run.
struct Measured {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
}

/// Run `cmd` after a `sync`, measuring wall seconds, CPU seconds and peak RSS. The peak
/// is sampled from /proc every 5 ms while the child lives (its high-water
/// mark, so only a peak in the last 5 ms before exit could be missed).
fn measure(mut cmd: Command, log: &Path) -> Result<Measured, String> {
    // Write back every dirty page first (sync(1)), so that the previous
    // run's output (InVEST writes gigabytes of intermediates) is not
    // flushed to disk inside this run's time.
    let _ = Command::new("sync").status();
    let cpu0 = children_cpu_s();
    let out = std::fs::File::create(log).map_err(|e| e.to_string())?;
    cmd.stdout(out.try_clone().map_err(|e| e.to_string())?)
        .stderr(out);
    let t = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("{cmd:?}: {e}"))?;
    let mut peak = 0u64;
    let status = loop {
        if let Some(kb) = vm_hwm_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let secs = t.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{cmd:?} failed ({status}); see {}", log.display()));
    }
    Ok(Measured {
        wall: secs,
        cpu: children_cpu_s() - cpu0,
        rss_mb: peak as f64 / 1024.0,
    })
}

/// The baseline child: read `src` whole with GDAL, write it as Float32.
pub fn baseline_io(src: &Path, dst: &Path) -> Result<(), String> {
    use ecocap_raster::{RasterSource, TiffWriter, Window, WriteType};
    let s = RasterSource::open(src).map_err(|e| e.to_string())?;
    let ds = gdal::Dataset::open(src).map_err(|e| e.to_string())?;
    let band = ds.rasterband(1).map_err(|e| e.to_string())?;
    let (w, h) = (s.grid.width, s.grid.height);
    let buf = band
        .read_as::<f32>((0, 0), (w, h), (w, h), None)
        .map_err(|e| e.to_string())?;
    let mut out =
        TiffWriter::create(dst, &s.grid, WriteType::F32, s.nodata).map_err(|e| e.to_string())?;
    let win = Window {
        col: 0,
        row: 0,
        width: w,
        height: h,
    };
    out.write_f32(&win, buf.data()).map_err(|e| e.to_string())?;
    out.finish().map_err(|e| e.to_string())?;
    Ok(())
}

fn ensure_dataset(dir: &Path, n: usize) -> Result<(), String> {
    if std::fs::read_to_string(dir.join(COMPLETE)).ok().as_deref() == Some(LAYOUT) {
        println!("dataset {n} × {n}: reusing {}", dir.display());
        return Ok(());
    }
    let t = Instant::now();
    let _ = std::fs::remove_file(dir.join(COMPLETE));
    crate::dataset::write_dataset(dir, n)?;
    std::fs::write(dir.join(COMPLETE), LAYOUT).map_err(|e| e.to_string())?;
    println!(
        "dataset {n} × {n}: written to {} in {:.1} s",
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Run the benchmark.
pub fn run(o: &Options) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    for &n in &o.sizes {
        let data = o.dir.join(format!("{n}"));
        ensure_dataset(&data, n)?;
        let work = o.dir.join(format!("work-{n}"));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(&exe);
        cmd.arg("--baseline-io")
            .arg(data.join("lulc.tif"))
            .arg(work.join("baseline.tif"));
        let base = measure(cmd, &work.join("baseline.log"))?;
        println!(
            "  {n}² ({:.0} Mpx), load average {} before the runs",
            (n * n) as f64 / 1e6,
            load()
        );
        println!(
            "  {:<20} {:>7} {:>7} {:>7} {:>7}  {:>8} {:>8} {:>7} {:>8}",
            "run", "wall s", "CPU s", "RSS MB", "×base", "InVEST s", "CPU s", "RSS MB", "speed-up"
        );
        let row = |m: &Measured| {
            format!(
                "{:>7.2} {:>7.2} {:>7.0} {:>7.2}",
                m.wall,
                m.cpu,
                m.rss_mb,
                m.wall / base.wall
            )
        };
        println!("  {:<20} {}", "baseline (GDAL r+w)", row(&base));
        for (run, model) in RUNS {
            if !o.only.is_empty() && !o.only.iter().any(|r| r == run) {
                continue;
            }
            let ds = data.join(format!("{run}.invs.json"));
            let ws = work.join(run);
            let mut cmd = Command::new(&o.ecocap);
            cmd.args(["run", model, "--datastack"])
                .arg(&ds)
                .arg("--workspace")
                .arg(&ws);
            let m = measure(cmd, &work.join(format!("{run}.log")))?;
            let mut line = format!("  {run:<20} {}", row(&m));
            if let Some(venv) = &o.invest {
                let iws = work.join(format!("invest-{run}"));
                let mut cmd = Command::new(venv.join("bin/invest"));
                cmd.args(["run", model, "--no-report", "--datastack"])
                    .arg(&ds)
                    .arg("--workspace")
                    .arg(&iws);
                let i = measure(cmd, &work.join(format!("invest-{run}.log")))?;
                line.push_str(&format!(
                    "  {:>8.2} {:>8.2} {:>7.0} {:>7.1}×",
                    i.wall,
                    i.cpu,
                    i.rss_mb,
                    i.wall / m.wall
                ));
            }
            println!("{line}");
        }
    }
    println!("wall = elapsed; CPU = user + system of the child; RSS = its peak resident memory; ×base = wall / baseline wall");
    Ok(())
}

/// The 1-minute load average (the machine may be shared).
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}
