//! Routing benchmark for `ecocap-hydro`.
//!
//! Generates a deterministic 30 m terrain (Gaussian hills, smooth noise at
//! three scales, a south-east tilt, white noise and flat-bottomed pits, as
//! the issue-4 dataset does) at each requested size, then times pit
//! filling, slope, D8 and MFD flow directions and D8/MFD flow accumulation,
//! printing megapixels per second and the peak resident memory of each
//! step. A plain 3 × 3 pass over the DEM (slope) is the baseline the other
//! steps are quoted against, measured in the same run.
//!
//! ```text
//! cargo run --release -p ecocap-bench-hydro -- 2000 4000
//! cargo run --release -p ecocap-bench-hydro -- --dataset DIR 4000   # inputs + datastacks of all five models
//! cargo run --release -p ecocap-bench-hydro -- --models [--invest VENV] [--only sdr,ndr] 2000 4000
//! ```
//!
//! `--models` times whole model runs (see [`models`]).

use std::time::Instant;

mod dataset;
mod models;
mod tables;

use ecocap_hydro::*;

/// SplitMix64: a small deterministic generator (Steele et al. 2014).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Smooth noise: bilinear interpolation of a coarse random lattice.
fn smooth_noise(n: usize, scale: usize, rng: &mut Rng) -> Vec<f32> {
    let m = n / scale + 2;
    let lattice: Vec<f64> = (0..m * m).map(|_| rng.next() - 0.5).collect();
    let mut out = vec![0.0f32; n * n];
    for y in 0..n {
        let fy = y as f64 / scale as f64;
        let (y0, ty) = (fy as usize, fy.fract());
        for x in 0..n {
            let fx = x as f64 / scale as f64;
            let (x0, tx) = (fx as usize, fx.fract());
            let v = |a: usize, b: usize| lattice[(y0 + a) * m + x0 + b];
            let top = v(0, 0) * (1.0 - tx) + v(0, 1) * tx;
            let bottom = v(1, 0) * (1.0 - tx) + v(1, 1) * tx;
            out[y * n + x] = (top * (1.0 - ty) + bottom * ty) as f32;
        }
    }
    out
}

/// The benchmark terrain (also the dataset's DEM).
pub fn terrain(n: usize) -> Vec<f32> {
    let mut rng = Rng(20_240_400 + n as u64);
    let hills: Vec<(f64, f64, f64, f64)> = (0..(n / 150).max(4))
        .map(|_| {
            (
                rng.next() * n as f64,
                rng.next() * n as f64,
                50.0 + rng.next() * n as f64 / 8.0,
                100.0 + rng.next() * 600.0,
            )
        })
        .collect();
    let noise: Vec<Vec<f32>> = [(8, 5.0), (32, 20.0), (128, 60.0)]
        .iter()
        .map(|(s, _)| smooth_noise(n, *s, &mut rng))
        .collect();
    let amps = [5.0f32, 20.0, 60.0];
    let mut dem = vec![0.0f32; n * n];
    for y in 0..n {
        for x in 0..n {
            let i = y * n + x;
            let mut z = 50.0 + 0.003 * 30.0 * ((n - x) + (n - y)) as f64;
            for (cx, cy, r, h) in &hills {
                let d2 = ((x as f64 - cx).powi(2) + (y as f64 - cy).powi(2)) / (r * r);
                if d2 < 9.0 {
                    z += h * (-d2).exp();
                }
            }
            let mut v = z as f32;
            for (k, a) in amps.iter().enumerate() {
                v += a * noise[k][i];
            }
            v += 0.3 * (rng.next() as f32 - 0.5);
            dem[i] = v;
        }
    }
    dem
}

/// Peak resident set size (kB) since the last reset.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Reset the kernel's peak-RSS counter (Linux `clear_refs` value 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn time<T>(label: &str, px: usize, baseline: Option<f64>, f: impl FnOnce() -> T) -> (T, f64) {
    reset_peak();
    let t = Instant::now();
    let out = f();
    let s = t.elapsed().as_secs_f64();
    let mpx = px as f64 / 1e6 / s;
    let ratio = baseline
        .map(|b| format!("{:>7.2}× baseline time", s / b))
        .unwrap_or_else(|| "   (baseline)".into());
    println!(
        "  {label:<24} {s:>8.3} s {mpx:>8.1} Mpx/s  peak RSS {:>6} MB  {ratio}",
        peak_rss_kb() / 1024
    );
    (out, s)
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match argv.first().map(String::as_str) {
        Some("--models") => {
            if let Err(e) = models::parse(&argv[1..]).and_then(|o| models::run(&o)) {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
            return;
        }
        Some("--baseline-io") if argv.len() == 3 => {
            let r = models::baseline_io(argv[1].as_ref(), argv[2].as_ref());
            if let Err(e) = r {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
            return;
        }
        _ => {}
    }
    if argv.first().map(String::as_str) == Some("--dataset") {
        let (Some(dir), Some(n)) = (argv.get(1), argv.get(2).and_then(|v| v.parse().ok())) else {
            eprintln!("usage: ecocap-bench-hydro --dataset DIR SIZE");
            std::process::exit(2);
        };
        if let Err(e) = dataset::write_dataset(std::path::Path::new(dir), n) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        println!("wrote {n} × {n} dataset and datastacks of all five models to {dir}");
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![2000, 4000]
    } else {
        sizes
    };
    for n in sizes {
        let shape = Shape::new(n, n);
        let px = n * n;
        println!("terrain {n} × {n} ({:.1} Mpx, 30 m cells)", px as f64 / 1e6);
        let dem = terrain(n);
        let run = || -> Result<()> {
            let (_, base) = time("slope (3×3 baseline)", px, None, || {
                slope_percent(&dem, shape, None, 30.0, -30.0)
            });
            let b = Some(base);
            let (filled, _) = time("fill pits", px, b, || fill_pits(&dem, shape, None));
            let filled = filled?;
            let raised = filled.iter().zip(&dem).filter(|(a, b)| a != b).count();
            let (d8, _) = time("D8 flow direction", px, b, || {
                flow_dir_d8(&filled, shape, None, INVEST_TILE)
            });
            let d8 = d8?;
            let (fa8, _) = time("D8 flow accumulation", px, b, || {
                flow_accumulation_d8(&d8, shape, None)
            });
            let fa8 = fa8?;
            drop(d8);
            let (mfd, _) = time("MFD flow direction", px, b, || {
                flow_dir_mfd(&filled, shape, None, INVEST_TILE)
            });
            let mfd = mfd?;
            let (fam, _) = time("MFD flow accumulation", px, b, || {
                flow_accumulation_mfd(&mfd, shape, None)
            });
            let fam = fam?;
            let (st, _) = time("MFD streams (0.7 trace)", px, b, || {
                extract_streams_mfd(&fam, &mfd, shape, 1000.0, 0.7, INVEST_TILE)
            });
            let st = st?;
            let (_, _) = time("MFD distance to channel", px, b, || {
                distance_to_channel_mfd(&mfd, &st, shape, None)
            });
            let max8 = fa8.iter().cloned().fold(0.0, f64::max);
            let maxm = fam.iter().cloned().fold(0.0, f64::max);
            println!("  ({raised} pixels raised by filling; max FA D8 {max8:.0}, MFD {maxm:.0}; {} stream pixels)", st.iter().filter(|v| **v == 1).count());
            Ok(())
        };
        if let Err(e) = run() {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
