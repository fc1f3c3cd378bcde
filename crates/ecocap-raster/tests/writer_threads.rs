//! Several GeoTIFF writers fed from parallel windows while compressed
//! inputs are read in parallel: the pattern of the account's density pass
//! (issue 19: it hung in 9 of 16 runs at 1800², the writers' dirty tiles
//! filling GDAL's 16 MB block cache and GDAL's worker threads, decoding
//! the inputs, blocking on a writer that waited for them to compress).
//!
//! Each run is made under a timeout, so a deadlock fails the test instead
//! of hanging the suite.
#![allow(clippy::unwrap_used)]

use ecocap_raster::*;
use std::path::Path;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

const SIZE: usize = 1800;
const WRITERS: usize = 6;

/// A smooth float raster (so it compresses like real data) of SIZE².
fn input(path: &Path, grid: &Grid, seed: f32) -> RasterSource {
    let mut w = TiffWriter::create(path, grid, WriteType::F32, Some(-9999.0)).unwrap();
    let rows = 200;
    let mut row = 0;
    while row < grid.height {
        let h = rows.min(grid.height - row);
        let data: Vec<f32> = (0..h * grid.width)
            .map(|i| {
                let (r, c) = ((row + i / grid.width) as f32, (i % grid.width) as f32);
                (r * 0.01 + seed).sin() * 100.0 + (c * 0.013).cos() * 50.0 + (r * c) % 7.0
            })
            .collect();
        let win = Window {
            col: 0,
            row,
            width: grid.width,
            height: h,
        };
        w.write_f32(&win, &data).unwrap();
        row += h;
    }
    w.finish().unwrap();
    RasterSource::open(path).unwrap()
}

/// One density-like pass: read three inputs by window in parallel, write
/// WRITERS outputs by window; returns the sum of one output's cells as read
/// back, to check what was written.
fn pass(dir: &Path, inputs: &[(RasterSource, ReadAs)], block: (usize, usize)) -> f64 {
    let grid = inputs[0].0.grid.clone();
    let writers: Vec<Mutex<TiffWriter>> = (0..WRITERS)
        .map(|k| {
            let p = dir.join(format!("out_{k}.tif"));
            Mutex::new(TiffWriter::create(&p, &grid, WriteType::F32, Some(-1.0)).unwrap())
        })
        .collect();
    let windows = plan_windows(&grid, block);
    process_windows(
        inputs,
        &windows,
        || (),
        |_, b| {
            let n = b.window.cells();
            for (k, w) in writers.iter().enumerate() {
                let data: Vec<f32> = (0..n)
                    .map(|i| {
                        let v: f64 = b.pixels.iter().map(|p| p.as_f64()[i]).sum();
                        (v * (k + 1) as f64) as f32
                    })
                    .collect();
                w.lock().unwrap().write_f32(&b.window, &data)?;
            }
            Ok(())
        },
        |a, _| a,
        |_| {},
    )
    .unwrap();
    let mut paths = Vec::new();
    for w in writers {
        paths.push(w.into_inner().unwrap().finish().unwrap());
    }
    let out = RasterSource::open(&paths[0]).unwrap();
    let all = plan_windows(&out.grid, (SIZE, SIZE));
    process_windows(
        &[(out, ReadAs::F64)],
        &all,
        || 0.0f64,
        |acc, b| {
            *acc += b.pixels[0].as_f64().iter().sum::<f64>();
            Ok(())
        },
        |a, b| a + b,
        |_| {},
    )
    .unwrap()
}

/// Run `pass` on a helper thread and fail if it takes longer than `limit`.
fn pass_with_timeout(
    dir: &Path,
    inputs: Vec<(RasterSource, ReadAs)>,
    block: (usize, usize),
    limit: Duration,
) -> f64 {
    let (tx, rx) = mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(pass(&dir, &inputs, block));
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(_) => panic!("the parallel write pass did not finish within {limit:?} (deadlock?)"),
    }
}

#[test]
fn parallel_writers_with_parallel_reads_never_hang() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::north_up(SIZE, SIZE, 500_000.0, 3_400_000.0, 10.0, "");
    let inputs: Vec<(RasterSource, ReadAs)> = (0..3)
        .map(|k| {
            let p = dir.path().join(format!("in_{k}.tif"));
            (input(&p, &grid, k as f32), ReadAs::F64)
        })
        .collect();
    // the expected sum, from the inputs themselves
    let all = plan_windows(&grid, (SIZE, SIZE));
    let expect = process_windows(
        &inputs,
        &all,
        || 0.0f64,
        |acc, b| {
            for i in 0..b.window.cells() {
                let v: f64 = b.pixels.iter().map(|p| p.as_f64()[i]).sum();
                *acc += f64::from(v as f32);
            }
            Ok(())
        },
        |a, b| a + b,
        |_| {},
    )
    .unwrap();
    // tiled inputs (windows of several tiles) and strip-like windows that
    // cut across the outputs' tiles, as a striped land cover gives
    for (round, block) in [(256, 256), (SIZE, 4), (256, 256), (SIZE, 4)]
        .into_iter()
        .enumerate()
    {
        let got = pass_with_timeout(dir.path(), inputs.clone(), block, Duration::from_secs(120));
        assert!(
            (got - expect).abs() <= 1e-6 * expect.abs().max(1.0),
            "round {round}: written sum {got} vs {expect}"
        );
    }
}

/// A small tmpfs mounted for the test (root only), unmounted on drop.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// Mount `size` (e.g. "1m") on a new directory, or None (with the
    /// reason printed) when this process may not mount.
    fn mount(size: &str) -> Option<(tempfile::TempDir, Tmpfs)> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (not root?)");
            return None;
        }
        let p = dir.path().to_path_buf();
        Some((dir, Tmpfs(p)))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_disk_is_a_write_error_naming_the_file() {
    let Some((_dir, fs)) = Tmpfs::mount("1m") else {
        return;
    };
    let grid = Grid::north_up(1000, 1000, 0.0, 0.0, 1.0, "");
    let path = fs.0.join("big.tif");
    // incompressible values: 4 MB of output on a 1 MB disk
    let data: Vec<f32> = (0..grid.cells())
        .map(|i| ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f32)
        .collect();
    let win = Window {
        col: 0,
        row: 0,
        width: 1000,
        height: 1000,
    };
    let r = TiffWriter::create(&path, &grid, WriteType::F32, None).and_then(|mut w| {
        w.write_f32(&win, &data)?;
        w.finish()
    });
    let e = r
        .expect_err("writing 4 MB on a 1 MB disk succeeded")
        .to_string();
    assert!(e.starts_with("disk full at "), "{e}");
    assert!(e.contains("big.tif") && e.contains("hint: "), "{e}");
    assert!(!path.exists());
    // the partial file is removed, freeing the disk
    assert_eq!(std::fs::read_dir(&fs.0).unwrap().count(), 0);
}
