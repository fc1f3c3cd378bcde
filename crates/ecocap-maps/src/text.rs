//! Drawing single lines of text with ab_glyph, and checking that the font
//! can draw them (no silent "tofu" boxes).

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};

use crate::canvas::Canvas;
use crate::ramp::{Rgb, PAPER};

/// Draws text in one font.
pub(crate) struct Painter<'a> {
    pub font: &'a FontVec,
}

/// Stand-ins for symbols some fonts lack.
const SUBSTITUTES: &[(char, &str)] =
    &[('–', "-"), ('≥', ">="), ('≤', "<="), ('×', "x"), ('²', "2")];

impl Painter<'_> {
    fn has(&self, c: char) -> bool {
        c.is_whitespace() || self.font.glyph_id(c).0 != 0
    }

    /// Characters of `text` the font has no glyph for.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut m: Vec<char> = text.chars().filter(|&c| !self.has(c)).collect();
        m.dedup();
        m
    }

    /// `text` with symbols the font lacks replaced by ASCII stand-ins and
    /// anything else it lacks dropped; the dropped characters are returned
    /// so the caller can report them.
    pub fn fit(&self, text: &str) -> (String, Vec<char>) {
        let mut out = String::with_capacity(text.len());
        let mut dropped = Vec::new();
        for c in text.chars() {
            if self.has(c) {
                out.push(c);
            } else if let Some((_, s)) = SUBSTITUTES.iter().find(|(k, _)| *k == c) {
                out.push_str(s);
            } else if !dropped.contains(&c) {
                dropped.push(c);
            }
        }
        (out, dropped)
    }

    /// Advance width of `text` at `px` pixels per em.
    pub fn width(&self, text: &str, px: f32) -> f32 {
        let f = self.font.as_scaled(PxScale::from(px));
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                w += f.kern(p, id);
            }
            w += f.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// Height above the baseline.
    pub fn ascent(&self, px: f32) -> f32 {
        self.font.as_scaled(PxScale::from(px)).ascent()
    }

    /// Draws `text` with its left end at `x` and baseline at `y`.
    pub fn draw(&self, canvas: &mut Canvas, text: &str, px: f32, x: f32, y: f32, color: Rgb) {
        let f = self.font.as_scaled(PxScale::from(px));
        let mut pen = x;
        let mut prev = None;
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                pen += f.kern(p, id);
            }
            let glyph = id.with_scale_and_position(px, ab_glyph::point(pen, y));
            pen += f.h_advance(id);
            prev = Some(id);
            if let Some(outlined) = self.font.outline_glyph(glyph) {
                let b = outlined.px_bounds();
                outlined.draw(|gx, gy, cov| {
                    canvas.blend(
                        b.min.x as i64 + gx as i64,
                        b.min.y as i64 + gy as i64,
                        color,
                        cov,
                    );
                });
            }
        }
    }

    /// Draws `text` centred on `cx`.
    pub fn draw_centred(
        &self,
        canvas: &mut Canvas,
        text: &str,
        px: f32,
        cx: f32,
        y: f32,
        color: Rgb,
    ) {
        let w = self.width(text, px);
        self.draw(canvas, text, px, cx - w / 2.0, y, color);
    }

    /// Draws `text` centred on `cx` over a white halo, for labels on top of
    /// map colours.
    pub fn draw_halo(&self, canvas: &mut Canvas, text: &str, px: f32, cx: f32, y: f32, color: Rgb) {
        let r = (px / 10.0).max(1.5);
        for (dx, dy) in [
            (-r, 0.0),
            (r, 0.0),
            (0.0, -r),
            (0.0, r),
            (-0.7 * r, -0.7 * r),
            (0.7 * r, -0.7 * r),
            (-0.7 * r, 0.7 * r),
            (0.7 * r, 0.7 * r),
        ] {
            self.draw_centred(canvas, text, px, cx + dx, y + dy, PAPER);
        }
        self.draw_centred(canvas, text, px, cx, y, color);
    }
}
