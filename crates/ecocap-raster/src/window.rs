//! Planning the windows a raster is streamed in.

use crate::grid::Grid;

/// A rectangular window of a grid, in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// first column
    pub col: usize,
    /// first row
    pub row: usize,
    /// columns
    pub width: usize,
    /// rows
    pub height: usize,
}

impl Window {
    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.width * self.height
    }
}

/// Cut `grid` into windows that follow the natural block layout
/// `block_size` of the main input (so each GDAL block is decoded once),
/// grown to at least ~256 K cells so per-window overhead stays small
/// (striped files have blocks one row high).
pub fn plan_windows(grid: &Grid, block_size: (usize, usize)) -> Vec<Window> {
    const TARGET: usize = 256 * 1024;
    let bw = block_size.0.clamp(1, grid.width.max(1));
    let mut bh = block_size.1.clamp(1, grid.height.max(1));
    if bw * bh < TARGET {
        let rows_needed = TARGET.div_ceil(bw);
        // whole multiples of the block height
        let k = rows_needed.div_ceil(bh).max(1);
        bh = (bh * k).min(grid.height.max(1));
    }
    let mut out = Vec::new();
    let mut row = 0;
    while row < grid.height {
        let h = bh.min(grid.height - row);
        let mut col = 0;
        while col < grid.width {
            let w = bw.min(grid.width - col);
            out.push(Window {
                col,
                row,
                width: w,
                height: h,
            });
            col += w;
        }
        row += h;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_grid_exactly_once() {
        for (w, h, bs) in [
            (1000, 700, (256, 256)),
            (1000, 700, (1000, 1)),
            (3, 2, (256, 256)),
            (5000, 10, (512, 512)),
        ] {
            let g = Grid::north_up(w, h, 0.0, 0.0, 1.0, "");
            let ws = plan_windows(&g, bs);
            let mut seen = vec![0u8; w * h];
            for win in &ws {
                for r in win.row..win.row + win.height {
                    for c in win.col..win.col + win.width {
                        seen[r * w + c] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&s| s == 1), "{w}x{h} {bs:?}");
        }
    }

    #[test]
    fn strips_are_grouped() {
        let g = Grid::north_up(1000, 5000, 0.0, 0.0, 1.0, "");
        let ws = plan_windows(&g, (1000, 1));
        assert!(ws[0].height >= 262, "{:?}", ws[0]);
    }
}
