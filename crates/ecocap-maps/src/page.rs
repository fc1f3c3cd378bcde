//! Page layout: title on top, the map with a thin frame on the left, and a
//! column on the right with the north arrow, the legend and the scale bar
//! (outside the map, so they never hide data).

use crate::canvas::Canvas;
use crate::grid::{choose_scale_bar, ScaleBar};
use crate::numfmt::format_sig;
use crate::ramp::{Rgb, INK};
use crate::text::Painter;
use crate::{Lang, MapError};

/// What goes around the map.
pub(crate) struct Decor {
    pub title: String,
    pub legend_title: String,
    /// Legend rows: swatch colour and text, top to bottom.
    pub entries: Vec<(Rgb, String)>,
    pub lang: Lang,
    /// Ground metres per display pixel, east–west.
    pub m_per_px: f64,
    pub map_w: usize,
    pub map_h: usize,
}

/// What the map's frame shows, from the style, the classes and the grid.
pub(crate) struct DecorInput<'a> {
    pub painter: &'a crate::text::Painter<'a>,
    pub style: &'a crate::render::MapStyle,
    pub lang: Lang,
    pub classes: &'a crate::classes::Classes,
    pub colors: &'a [Rgb],
    /// add a "no data" legend row
    pub no_data_row: bool,
    pub grid: &'a crate::grid::Grid,
    pub resample: crate::grid::Resample,
    /// the map's display size
    pub map_w: usize,
    pub map_h: usize,
}

impl Decor {
    /// Title, legend rows and scale of a map, fitted to the page's font.
    pub(crate) fn new(d: &DecorInput<'_>, notes: &mut Vec<String>) -> Decor {
        use crate::render::fit_text;
        let (lang, painter) = (d.lang, d.painter);
        let mut entries: Vec<(Rgb, String)> = d
            .colors
            .iter()
            .copied()
            .zip(d.classes.labels(lang))
            .collect();
        if d.no_data_row {
            entries.push((crate::ramp::NODATA, lang.fixed().no_data.to_string()));
        }
        for e in &mut entries {
            e.1 = fit_text(painter, &e.1, "legend entry", notes);
        }
        let (g, r) = (d.grid, d.resample);
        Decor {
            title: fit_text(painter, d.style.title.get(lang), "title", notes),
            legend_title: fit_text(
                painter,
                d.style.legend_title.get(lang),
                "legend title",
                notes,
            ),
            entries,
            lang,
            m_per_px: g.cell_width_m() * r.down as f64 / r.up as f64
                * r.size(g.width, g.height).0 as f64
                / d.map_w as f64,
            map_w: d.map_w,
            map_h: d.map_h,
        }
    }
}

/// A page with everything but the map drawn; the map goes at `map_x, map_y`.
pub(crate) struct Page {
    pub canvas: Canvas,
    pub map_x: u32,
    pub map_y: u32,
    pub map_w: u32,
    pub map_h: u32,
    /// Size factor of texts and marks (1 = a ~1100 px map).
    pub s: f32,
    pub scale_bar: ScaleBar,
}

impl Page {
    /// Encode the page and describe what was drawn.
    pub(crate) fn into_rendered(
        self,
        classes: crate::classes::Classes,
        colors: Vec<Rgb>,
        lang: Lang,
        font: std::path::PathBuf,
        notes: Vec<String>,
    ) -> Result<crate::render::Rendered, MapError> {
        let map_area = [self.map_x, self.map_y, self.map_w, self.map_h];
        let scale_bar = self.scale_bar;
        let (png, canvas) = self.finish()?;
        Ok(crate::render::Rendered {
            png,
            width: canvas.width(),
            height: canvas.height(),
            map_area,
            classes,
            colors,
            scale_bar,
            lang,
            font,
            notes,
        })
    }

    pub fn new(p: &Painter, d: &Decor) -> Result<Self, MapError> {
        let s = (d.map_w.max(d.map_h) as f32 / 1100.0).clamp(0.85, 1.5);
        let margin = (28.0 * s).round();
        let (title_px, head_px, label_px, small_px) = (30.0 * s, 18.0 * s, 16.0 * s, 14.0 * s);
        let swatch = (36.0 * s, 19.0 * s);
        let row = 27.0 * s;
        let label_w = d
            .entries
            .iter()
            .map(|(_, t)| p.width(t, label_px))
            .fold(0.0, f32::max);
        let col_w = (240.0 * s)
            .max(p.width(&d.legend_title, head_px))
            .max(swatch.0 + 10.0 * s + label_w)
            .ceil();
        let title_band = (title_px * 2.0).round();
        let (map_x, map_y) = (margin, margin + title_band);
        let col_x = map_x + d.map_w as f32 + (32.0 * s).round();

        let north_h = 80.0 * s;
        let legend_y = map_y + north_h + 20.0 * s;
        let legend_h = head_px * 1.6 + row * d.entries.len() as f32;
        let scale_h = 44.0 * s;
        let scale_top = (legend_y + legend_h + 28.0 * s).max(map_y + d.map_h as f32 - scale_h);
        let content_w = map_x + d.map_w as f32 + (32.0 * s).round() + col_w + margin;
        let width = content_w
            .max(p.width(&d.title, title_px) + 2.0 * margin)
            .ceil();
        let height = (map_y + d.map_h as f32).max(scale_top + scale_h) + margin;
        let mut canvas = Canvas::new(width as u32, height.ceil() as u32)?;

        // Title, centred on the page.
        let title_base = margin + p.ascent(title_px);
        p.draw_centred(
            &mut canvas,
            &d.title,
            title_px,
            width / 2.0,
            title_base,
            INK,
        );

        north_arrow(&mut canvas, p, d.lang, col_x + 30.0 * s, map_y, s);

        // Legend: heading, then one swatch per row.
        let mut y = legend_y + p.ascent(head_px);
        p.draw(&mut canvas, &d.legend_title, head_px, col_x, y, INK);
        y += head_px * 0.6;
        for (c, t) in &d.entries {
            let top = y + (row - swatch.1) / 2.0;
            canvas.fill_rect(col_x, top, swatch.0, swatch.1, *c);
            canvas.stroke_rect(col_x, top, swatch.0, swatch.1, 1.0, [0x80, 0x80, 0x80]);
            let base = top + swatch.1 / 2.0 + p.ascent(label_px) * 0.38;
            p.draw(
                &mut canvas,
                t,
                label_px,
                col_x + swatch.0 + 10.0 * s,
                base,
                INK,
            );
            y += row;
        }

        let unit_room =
            p.width(d.lang.fixed().km, small_px) + p.width("0000", small_px) / 2.0 + 12.0 * s;
        let bar = choose_scale_bar(d.m_per_px, (col_w - unit_room).max(40.0 * s) as f64);
        scale_bar(&mut canvas, p, d.lang, bar, col_x, scale_top, s);

        Ok(Self {
            canvas,
            map_x: map_x as u32,
            map_y: map_y as u32,
            map_w: d.map_w as u32,
            map_h: d.map_h as u32,
            s,
            scale_bar: bar,
        })
    }

    /// Draws the thin frame around the map and encodes the page.
    pub fn finish(mut self) -> Result<(Vec<u8>, Canvas), MapError> {
        let (x, y) = (self.map_x as f32, self.map_y as f32);
        self.canvas.stroke_rect(
            x - 0.5,
            y - 0.5,
            self.map_w as f32 + 1.0,
            self.map_h as f32 + 1.0,
            1.0,
            INK,
        );
        let png = self.canvas.encode()?;
        Ok((png, self.canvas))
    }
}

/// A split-arrowhead north arrow with "N" above it, `top` at the letter.
fn north_arrow(c: &mut Canvas, p: &Painter, lang: Lang, cx: f32, top: f32, s: f32) {
    let letter = 20.0 * s;
    p.draw_centred(
        c,
        lang.fixed().north,
        letter,
        cx,
        top + p.ascent(letter),
        INK,
    );
    let (tip, base) = (top + letter * 1.35, top + 78.0 * s);
    let half = 13.0 * s;
    let notch = base - 14.0 * s;
    c.polygon(
        &[(cx, tip), (cx - half, base), (cx, notch)],
        Some(INK),
        Some((INK, 1.0)),
    );
    c.polygon(
        &[(cx, tip), (cx, notch), (cx + half, base)],
        Some([0xff; 3]),
        Some((INK, 1.2 * s)),
    );
}

/// An alternating black and white bar in four parts, with 0, half and full
/// length below it and the unit after it.
fn scale_bar(c: &mut Canvas, p: &Painter, lang: Lang, bar: ScaleBar, x: f32, top: f32, s: f32) {
    let fixed = lang.fixed();
    let (len, unit) = if bar.metres >= 1000.0 {
        (bar.metres / 1000.0, fixed.km)
    } else {
        (bar.metres, fixed.m)
    };
    let h = 7.0 * s;
    let px = bar.px as f32;
    let y = top + 6.0 * s;
    for i in 0..4 {
        let fill = if i % 2 == 0 { INK } else { [0xff; 3] };
        c.fill_rect(x + px * i as f32 / 4.0, y, px / 4.0, h, fill);
    }
    c.stroke_rect(x, y, px, h, 1.0, INK);
    let font = 14.0 * s;
    let base = y + h + 6.0 * s + p.ascent(font);
    for (t, at) in [(0.0, 0.0), (len / 2.0, 0.5), (len, 1.0)] {
        p.draw_centred(c, &format_sig(t, 3, Lang::En), font, x + px * at, base, INK);
    }
    let end = x + px + p.width(&format_sig(len, 3, Lang::En), font) / 2.0 + 8.0 * s;
    p.draw(c, unit, font, end, base, INK);
}
