//! An opaque RGBA page to draw on, over tiny-skia.

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use crate::ramp::{Rgb, PAPER};
use crate::MapError;

/// A white, fully opaque page (so premultiplied RGBA equals plain RGBA).
pub(crate) struct Canvas {
    pub pixmap: Pixmap,
}

fn paint(c: Rgb) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(c[0], c[1], c[2], 255));
    p.anti_alias = true;
    p
}

impl Canvas {
    pub fn new(width: u32, height: u32) -> Result<Self, MapError> {
        let mut pixmap = Pixmap::new(width, height).ok_or_else(|| {
            MapError::BadInput(format!(
                "map page of {width} × {height} pixels is too large"
            ))
        })?;
        pixmap.fill(Color::from_rgba8(PAPER[0], PAPER[1], PAPER[2], 255));
        Ok(Self { pixmap })
    }

    pub fn width(&self) -> u32 {
        self.pixmap.width()
    }

    pub fn height(&self) -> u32 {
        self.pixmap.height()
    }

    /// Sets one pixel (ignored outside the page).
    pub fn put(&mut self, x: i64, y: i64, c: Rgb) {
        self.blend(x, y, c, 1.0);
    }

    /// Mixes `c` into one pixel with coverage `a` in 0..=1.
    pub fn blend(&mut self, x: i64, y: i64, c: Rgb, a: f32) {
        let (w, h) = (self.width() as i64, self.height() as i64);
        if x < 0 || y < 0 || x >= w || y >= h || a <= 0.0 {
            return;
        }
        let i = ((y * w + x) * 4) as usize;
        let px = &mut self.pixmap.data_mut()[i..i + 3];
        let a = a.min(1.0);
        for (d, s) in px.iter_mut().zip(c) {
            *d = (*d as f32 + a * (s as f32 - *d as f32)).round() as u8;
        }
    }

    /// Copies a block of colours (row-major, `w` wide) to `(x0, y0)`.
    pub fn blit(&mut self, x0: u32, y0: u32, w: usize, colors: &[Rgb]) {
        for (i, &c) in colors.iter().enumerate() {
            self.put(x0 as i64 + (i % w) as i64, y0 as i64 + (i / w) as i64, c);
        }
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            self.pixmap
                .fill_rect(r, &paint(c), Transform::identity(), None);
        }
    }

    /// A rectangle outline of `width` pixels, centred on the rectangle edge.
    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, c: Rgb) {
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            let path = PathBuilder::from_rect(r);
            let stroke = Stroke {
                width,
                ..Stroke::default()
            };
            self.pixmap
                .stroke_path(&path, &paint(c), &stroke, Transform::identity(), None);
        }
    }

    /// A filled polygon (`pts` in order), outlined when `outline` is given.
    pub fn polygon(&mut self, pts: &[(f32, f32)], fill: Option<Rgb>, outline: Option<(Rgb, f32)>) {
        let mut pb = PathBuilder::new();
        for (i, &(x, y)) in pts.iter().enumerate() {
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        pb.close();
        let Some(path) = pb.finish() else { return };
        if let Some(c) = fill {
            self.pixmap.fill_path(
                &path,
                &paint(c),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
        if let Some((c, width)) = outline {
            let stroke = Stroke {
                width,
                ..Stroke::default()
            };
            self.pixmap
                .stroke_path(&path, &paint(c), &stroke, Transform::identity(), None);
        }
    }

    /// The page as PNG bytes.
    pub fn encode(&self) -> Result<Vec<u8>, MapError> {
        self.pixmap
            .encode_png()
            .map_err(|e| MapError::Png(e.to_string()))
    }
}
