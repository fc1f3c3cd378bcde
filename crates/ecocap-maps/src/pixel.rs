//! Per-pixel classed maps (e.g. GEP density in yuan/ha).

use crate::classes::Classes;
use crate::grid::{downsample_mean, resample_nearest, stretch_x, stretched_width, Grid, Resample};
use crate::page::{Decor, DecorInput, Page};
use crate::ramp::{Rgb, NODATA};
use crate::render::{choose_font, MapStyle, Rendered};
use crate::text::Painter;
use crate::MapError;

/// A raster of values to map cell by cell.
#[derive(Clone, Copy, Debug)]
pub struct PixelMap<'a> {
    /// Row-major values, `grid.width × grid.height`.
    pub values: &'a [f32],
    /// Cells equal to this are nodata (NaN and infinities always are).
    pub nodata: Option<f32>,
    /// The raster's grid.
    pub grid: Grid,
}

/// At most this many values go into the class-break computation (an even
/// stride sample of larger rasters; the exact minimum and maximum are kept).
const CLASS_SAMPLE: usize = 1_000_000;

/// Renders a classed per-pixel map with legend, scale bar, north arrow,
/// title and frame.
pub fn render_pixel_map(map: &PixelMap, style: &MapStyle) -> Result<Rendered, MapError> {
    let g = map.grid;
    g.check(map.values.len(), "value raster")?;
    let valid = |v: f32| v.is_finite() && Some(v) != map.nodata;

    let stride = map.values.len().div_ceil(CLASS_SAMPLE).max(1);
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for &v in map.values.iter().filter(|&&v| valid(v)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let mut sample: Vec<f64> = map
        .values
        .iter()
        .step_by(stride)
        .filter(|&&v| valid(v))
        .map(|&v| v as f64)
        .collect();
    if lo <= hi {
        sample.extend([lo as f64, hi as f64]);
    }
    let classes = Classes::compute(&sample, &style.breaks, "value raster")?;
    let colors = style.ramp.colors(classes.len());

    let r = Resample::plan(g.width, g.height, style.min_px, style.max_px);
    let shrunk = if r.down > 1 {
        downsample_mean(map.values, g.width, g.height, r.down, valid)
    } else {
        map.values
            .iter()
            .map(|&v| if valid(v) { v } else { f32::NAN })
            .collect()
    };
    let (sw, sh) = (g.width.div_ceil(r.down), g.height.div_ceil(r.down));
    let display = resample_nearest(&shrunk, sw, sh, Resample { down: 1, up: r.up });
    let (w0, mh) = r.size(g.width, g.height);
    let mw = stretched_width(w0, g.cell_aspect());
    let display = stretch_x(&display, w0, mw);
    let pixels: Vec<Rgb> = display
        .iter()
        .map(|&v| {
            if v.is_nan() {
                NODATA
            } else {
                colors[classes.class_of(v as f64)]
            }
        })
        .collect();
    let has_nodata = display.iter().any(|v| v.is_nan());

    let (font, lang, mut notes) = choose_font(style)?;
    let painter = Painter { font: &font.font };
    if g.is_rotated() {
        notes.push("the grid is rotated; the north arrow points to the top of the image".into());
    }
    let decor = Decor::new(
        &DecorInput {
            painter: &painter,
            style,
            lang,
            classes: &classes,
            colors: &colors,
            no_data_row: has_nodata,
            grid: &g,
            resample: r,
            map_w: mw,
            map_h: mh,
        },
        &mut notes,
    );
    let mut page = Page::new(&painter, &decor)?;
    page.canvas.blit(page.map_x, page.map_y, mw, &pixels);
    page.into_rendered(classes, colors, lang, font.path, notes)
}
