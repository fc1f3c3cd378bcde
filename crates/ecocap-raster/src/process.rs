//! Streaming several aligned rasters window by window, in parallel.
//!
//! Each rayon worker opens its own GDAL datasets (a GDAL handle must not be
//! shared between threads) and keeps its own accumulator; accumulators are
//! merged at the end. Memory is bounded by (workers × window size × inputs),
//! whatever the raster size.

use crate::error::RasterError;
use crate::source::{open_raster, RasterSource};
use crate::window::Window;
use crate::Result;
use gdal::Dataset;
use rayon::prelude::*;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    /// 8-bit classes, read without conversion (Byte rasters)
    U8,
    /// integer classes or ids (any integer band type fits in i32 here)
    I32,
    /// continuous values
    F64,
}

/// The cells of one input in one window, row-major.
#[derive(Debug, Clone)]
pub enum Pixels {
    /// 8-bit cells
    U8(Vec<u8>),
    /// integer cells
    I32(Vec<i32>),
    /// floating-point cells
    F64(Vec<f64>),
}

impl Pixels {
    fn new(kind: ReadAs) -> Pixels {
        match kind {
            ReadAs::U8 => Pixels::U8(Vec::new()),
            ReadAs::I32 => Pixels::I32(Vec::new()),
            ReadAs::F64 => Pixels::F64(Vec::new()),
        }
    }

    /// 8-bit cells, or an empty slice when read otherwise.
    pub fn as_u8(&self) -> &[u8] {
        match self {
            Pixels::U8(v) => v,
            _ => &[],
        }
    }

    /// Integer cells, or an empty slice when read otherwise.
    pub fn as_i32(&self) -> &[i32] {
        match self {
            Pixels::I32(v) => v,
            _ => &[],
        }
    }

    /// Float cells, or an empty slice when read otherwise.
    pub fn as_f64(&self) -> &[f64] {
        match self {
            Pixels::F64(v) => v,
            _ => &[],
        }
    }
}

/// The data of one window handed to the kernel.
pub struct Block<'a> {
    /// where this window lies in the grid
    pub window: Window,
    /// one entry per input, in the order given
    pub pixels: &'a [Pixels],
}

struct Worker<A> {
    datasets: Option<Vec<Dataset>>,
    buffers: Vec<Pixels>,
    acc: A,
}

fn read_window(ds: &Dataset, src: &RasterSource, w: &Window, out: &mut Pixels) -> Result<()> {
    let err = |e: gdal::errors::GdalError| RasterError::Read {
        path: src.path.clone(),
        detail: e.to_string(),
    };
    let band = ds.rasterband(1).map_err(err)?;
    let n = w.cells();
    let origin = (w.col as isize, w.row as isize);
    let size = (w.width, w.height);
    match out {
        Pixels::U8(v) => {
            v.resize(n, 0);
            band.read_into_slice::<u8>(origin, size, size, v, None)
                .map_err(err)
        }
        Pixels::I32(v) => {
            v.resize(n, 0);
            band.read_into_slice::<i32>(origin, size, size, v, None)
                .map_err(err)
        }
        Pixels::F64(v) => {
            v.resize(n, 0.0);
            band.read_into_slice::<f64>(origin, size, size, v, None)
                .map_err(err)
        }
    }
}

/// Run `kernel` over every window of the aligned `inputs`, in parallel.
///
/// `init` makes an empty accumulator (one per worker split), `merge`
/// combines two. `on_window` is called after each window (for progress).
/// All inputs must share one grid; callers check this with
/// [`RasterSource::require_same_grid`] or align them first.
pub fn process_windows<A, I, K, M, P>(
    inputs: &[(RasterSource, ReadAs)],
    windows: &[Window],
    init: I,
    kernel: K,
    merge: M,
    on_window: P,
) -> Result<A>
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    K: Fn(&mut A, &Block<'_>) -> Result<()> + Sync + Send,
    M: Fn(A, A) -> A + Sync + Send,
    P: Fn(&Window) + Sync + Send,
{
    let make_worker = || Worker {
        datasets: None,
        buffers: inputs.iter().map(|(_, k)| Pixels::new(*k)).collect(),
        acc: init(),
    };
    // keep only each split's accumulator: its read buffers (a window of
    // every input) and open datasets are dropped as soon as the split ends
    let accs: Vec<A> = windows
        .par_iter()
        .try_fold(make_worker, |mut wk, win| -> Result<Worker<A>> {
            if wk.datasets.is_none() {
                let mut opened = Vec::with_capacity(inputs.len());
                for (src, _) in inputs {
                    opened.push(open_raster(&src.path)?);
                }
                wk.datasets = Some(opened);
            }
            if let Some(datasets) = &wk.datasets {
                for (i, (src, _)) in inputs.iter().enumerate() {
                    read_window(&datasets[i], src, win, &mut wk.buffers[i])?;
                }
            }
            let block = Block {
                window: *win,
                pixels: &wk.buffers,
            };
            kernel(&mut wk.acc, &block)?;
            on_window(win);
            Ok(wk)
        })
        .map(|w| w.map(|w| w.acc))
        .collect::<Result<Vec<_>>>()?;
    let mut accs = accs.into_iter();
    let first = accs.next().unwrap_or_else(&init);
    Ok(accs.fold(first, merge))
}
