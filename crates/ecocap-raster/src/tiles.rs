//! The output tiles a [`crate::TiffWriter`] is filling, kept outside GDAL's
//! block cache and handed to the driver whole (`GDALWriteBlock`).
//!
//! Why not `RasterIO` into GDAL's cache: the cache is shared by every
//! dataset of the process. With several outputs written from parallel
//! threads it fills with their dirty tiles, and GDAL then frees room by
//! writing *another* dataset's dirty tile, from whatever thread needs it —
//! including GDAL's worker threads decoding an input (`GDAL_NUM_THREADS`).
//! Such a worker blocks on that output's lock, held by the thread writing
//! it, which itself waits for a worker to compress its tiles
//! (`NUM_THREADS`): the deadlock of issue 19. Kept here, an output never
//! has a block in GDAL's cache, so no other thread ever writes it.
//!
//! Memory is bounded: when the partial tiles of one output exceed
//! [`BUDGET_BYTES`], the least recently touched are written as they are
//! and read back (`GDALReadBlock`) if more of them arrives.

use crate::window::Window;
use gdal::raster::{Buffer, GdalType, RasterBand};
use std::collections::HashMap;

/// Bytes of partial tiles one output keeps before spilling the oldest.
pub(crate) const BUDGET_BYTES: usize = 32 << 20;

/// A tile being filled.
struct Tile<T> {
    data: Buffer<T>,
    /// cells written so far (complete at `Tiles::valid(..)`)
    filled: usize,
    /// last touch, for spilling the oldest first
    stamp: u64,
}

/// The partial tiles of one output band, of cell type `T`.
pub(crate) struct Tiles<T> {
    width: usize,
    height: usize,
    block: (usize, usize),
    fill: T,
    budget: usize,
    open: HashMap<(usize, usize), Tile<T>>,
    /// cells already written of tiles in the file (spilled while partial,
    /// or complete)
    spilled: HashMap<(usize, usize), usize>,
    clock: u64,
}

impl<T: GdalType + Copy> Tiles<T> {
    /// Tiles of `block` cells on a `width` × `height` band; cells never
    /// written hold `fill`.
    pub(crate) fn new(width: usize, height: usize, block: (usize, usize), fill: T) -> Self {
        Tiles {
            width,
            height,
            block: (block.0.max(1), block.1.max(1)),
            fill,
            budget: BUDGET_BYTES,
            open: HashMap::new(),
            spilled: HashMap::new(),
            clock: 0,
        }
    }

    /// Cells of tile (tx, ty) inside the band (edge tiles are cut).
    fn valid(&self, tx: usize, ty: usize) -> usize {
        let w = self.block.0.min(self.width - tx * self.block.0);
        let h = self.block.1.min(self.height - ty * self.block.1);
        w * h
    }

    /// Copy `data` (row-major over `win`, converted by `conv`) into the
    /// tiles; complete tiles are written to `band` at once.
    pub(crate) fn put<S: Copy>(
        &mut self,
        band: &mut RasterBand<'_>,
        win: &Window,
        data: &[S],
        conv: impl Fn(S) -> T,
    ) -> gdal::errors::Result<()> {
        let (bw, bh) = self.block;
        if win.width == 0 || win.height == 0 {
            return Ok(());
        }
        let (tx0, ty0) = (win.col / bw, win.row / bh);
        let tx1 = (win.col + win.width - 1) / bw;
        let ty1 = (win.row + win.height - 1) / bh;
        for ty in ty0..=ty1 {
            for tx in tx0..=tx1 {
                self.clock += 1;
                let stamp = self.clock;
                let valid = self.valid(tx, ty);
                let tile = self.tile(band, tx, ty)?;
                tile.stamp = stamp;
                // the overlap of the window and the tile, in band cells
                let c0 = win.col.max(tx * bw);
                let c1 = (win.col + win.width).min((tx + 1) * bw);
                let r0 = win.row.max(ty * bh);
                let r1 = (win.row + win.height).min((ty + 1) * bh);
                let dst = tile.data.data_mut();
                for r in r0..r1 {
                    let s = (r - win.row) * win.width + (c0 - win.col);
                    let d = (r - ty * bh) * bw + (c0 - tx * bw);
                    for (o, v) in dst[d..d + (c1 - c0)]
                        .iter_mut()
                        .zip(&data[s..s + (c1 - c0)])
                    {
                        *o = conv(*v);
                    }
                }
                tile.filled += (c1 - c0) * (r1 - r0);
                if tile.filled >= valid {
                    if let Some(mut t) = self.open.remove(&(tx, ty)) {
                        band.write_block((tx, ty), &mut t.data)?;
                        // a later write to this tile (not made by the
                        // passes, which write each cell once) reads it back
                        self.spilled.insert((tx, ty), valid);
                    }
                }
            }
        }
        self.spill(band, win)
    }

    /// The open tile (tx, ty): new, or read back when it was spilled.
    fn tile(
        &mut self,
        band: &mut RasterBand<'_>,
        tx: usize,
        ty: usize,
    ) -> gdal::errors::Result<&mut Tile<T>> {
        if !self.open.contains_key(&(tx, ty)) {
            let (data, filled) = match self.spilled.get(&(tx, ty)) {
                Some(&n) => (band.read_block::<T>((tx, ty))?, n),
                None => (
                    Buffer::new(self.block, vec![self.fill; self.block.0 * self.block.1]),
                    0,
                ),
            };
            self.open.insert(
                (tx, ty),
                Tile {
                    data,
                    filled,
                    stamp: 0,
                },
            );
        }
        // just inserted when it was missing
        self.open
            .get_mut(&(tx, ty))
            .ok_or_else(|| gdal::errors::GdalError::BadArgument("tile vanished".into()))
    }

    /// Write the oldest partial tiles (not those of `win`) while over budget.
    fn spill(&mut self, band: &mut RasterBand<'_>, win: &Window) -> gdal::errors::Result<()> {
        let tile_bytes = self.block.0 * self.block.1 * std::mem::size_of::<T>();
        while self.open.len() * tile_bytes > self.budget {
            let (bw, bh) = self.block;
            let in_window = |&(tx, ty): &(usize, usize)| {
                tx * bw < win.col + win.width
                    && (tx + 1) * bw > win.col
                    && ty * bh < win.row + win.height
                    && (ty + 1) * bh > win.row
            };
            let oldest = self
                .open
                .iter()
                .filter(|(k, _)| !in_window(k))
                .min_by_key(|(_, t)| t.stamp)
                .map(|(k, _)| *k);
            let Some(key) = oldest else { break };
            if let Some(mut t) = self.open.remove(&key) {
                band.write_block(key, &mut t.data)?;
                self.spilled.insert(key, t.filled);
            }
        }
        Ok(())
    }

    /// Write every tile still open (cells never written hold the fill).
    pub(crate) fn flush(&mut self, band: &mut RasterBand<'_>) -> gdal::errors::Result<()> {
        let mut keys: Vec<(usize, usize)> = self.open.keys().copied().collect();
        keys.sort_unstable_by_key(|&(x, y)| (y, x));
        for key in keys {
            if let Some(mut t) = self.open.remove(&key) {
                band.write_block(key, &mut t.data)?;
            }
        }
        self.spilled.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use gdal::raster::RasterCreationOptions;
    use gdal::DriverManager;

    /// Windows in scattered order, spilling after every tile, a rewrite of
    /// written cells, and edge tiles: the file holds exactly what was put.
    #[test]
    fn scattered_windows_with_spills_round_trip() {
        let (w, h) = (600, 530);
        let path = "/vsimem/tiles_roundtrip.tif";
        let options = RasterCreationOptions::from_iter([
            "TILED=YES",
            "BLOCKXSIZE=256",
            "BLOCKYSIZE=256",
            "COMPRESS=DEFLATE",
            "NUM_THREADS=ALL_CPUS",
        ]);
        let driver = DriverManager::get_driver_by_name("GTiff").unwrap();
        let ds = driver
            .create_with_band_type_with_options::<f32, _>(path, w, h, 1, &options)
            .unwrap();
        let mut band = ds.rasterband(1).unwrap();
        let mut tiles = Tiles::new(w, h, band.block_size(), -1.0f32);
        tiles.budget = 256 * 256 * 4;
        let value = |r: usize, c: usize| (r * 1000 + c) as f32;
        // vertical strips 70 wide, right to left, each in two row bands
        let mut wins = Vec::new();
        let mut col = 0;
        while col < w {
            let cw = 70.min(w - col);
            wins.push(Window {
                col,
                row: 300,
                width: cw,
                height: h - 300,
            });
            wins.push(Window {
                col,
                row: 0,
                width: cw,
                height: 300,
            });
            col += cw;
        }
        wins.reverse();
        // a block of cells written twice (first with wrong values)
        let twice = Window {
            col: 250,
            row: 250,
            width: 20,
            height: 20,
        };
        tiles
            .put(&mut band, &twice, &vec![7.0f32; twice.cells()], |v| v)
            .unwrap();
        for win in wins.iter().chain(std::iter::once(&twice)) {
            let data: Vec<f32> = (0..win.cells())
                .map(|i| value(win.row + i / win.width, win.col + i % win.width))
                .collect();
            tiles.put(&mut band, win, &data, |v| v).unwrap();
        }
        tiles.flush(&mut band).unwrap();
        let got = band.read_as::<f32>((0, 0), (w, h), (w, h), None).unwrap();
        for r in 0..h {
            for c in 0..w {
                assert_eq!(got.data()[r * w + c], value(r, c), "cell ({r}, {c})");
            }
        }
        drop(ds);
        let _ = gdal::vsi::unlink_mem_file(path);
    }

    /// Cells never written read as the fill value (the nodata, as GDAL
    /// fills the tiles never written).
    #[test]
    fn unwritten_cells_hold_the_fill() {
        let path = "/vsimem/tiles_fill.tif";
        let options = RasterCreationOptions::from_iter(["TILED=YES"]);
        let driver = DriverManager::get_driver_by_name("GTiff").unwrap();
        let ds = driver
            .create_with_band_type_with_options::<u8, _>(path, 300, 300, 1, &options)
            .unwrap();
        let mut band = ds.rasterband(1).unwrap();
        band.set_no_data_value(Some(9.0)).unwrap();
        let mut tiles = Tiles::new(300, 300, band.block_size(), 9u8);
        let win = Window {
            col: 10,
            row: 10,
            width: 5,
            height: 5,
        };
        tiles
            .put(&mut band, &win, &[1.0f32; 25], |v| v as u8)
            .unwrap();
        tiles.flush(&mut band).unwrap();
        let got = band
            .read_as::<u8>((0, 0), (300, 300), (300, 300), None)
            .unwrap();
        assert_eq!(got.data()[12 * 300 + 12], 1);
        assert_eq!(got.data()[0], 9);
        assert_eq!(got.data()[299 * 300 + 299], 9);
        drop(ds);
        let _ = gdal::vsi::unlink_mem_file(path);
    }
}
