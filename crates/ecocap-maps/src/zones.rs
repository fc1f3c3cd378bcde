//! Zone choropleth maps (e.g. GEP by township): zones filled by value
//! class, boundaries where the zone id changes, a label per zone.

use std::collections::{BTreeMap, BTreeSet};

use crate::classes::Classes;
use crate::grid::{resample_nearest, stretch_x, stretched_width, Grid, Resample};
use crate::labels::{keep_non_overlapping, label_points};
use crate::numfmt::format_sig;
use crate::page::{Decor, DecorInput, Page};
use crate::ramp::{Rgb, BOUNDARY, INK, NODATA, PAPER};
use crate::render::{choose_font, MapStyle, Rendered};
use crate::text::Painter;
use crate::{Lang, MapError};

/// One zone's value and name.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneValue {
    /// Zone id as burnt in the zone raster (not 0).
    pub id: i32,
    /// Value to map (NaN: no data).
    pub value: f64,
    /// Name written on the map (e.g. "城关镇").
    pub name: String,
}

/// A zone raster and a value per zone.
#[derive(Clone, Copy, Debug)]
pub struct ZoneMap<'a> {
    /// Row-major zone ids, `grid.width × grid.height`; 0 is outside.
    pub zones: &'a [i32],
    /// The raster's grid.
    pub grid: Grid,
    /// Value and name per zone id.
    pub values: &'a [ZoneValue],
}

/// Renders a zone choropleth with boundaries, zone labels (name and value),
/// legend, scale bar, north arrow, title and frame.
pub fn render_zone_map(map: &ZoneMap, style: &MapStyle) -> Result<Rendered, MapError> {
    let g = map.grid;
    g.check(map.zones.len(), "zone raster")?;
    let mut by_id: BTreeMap<i32, &ZoneValue> = BTreeMap::new();
    for z in map.values {
        if z.id == 0 {
            return Err(MapError::BadInput(format!(
                "zone \"{}\" has id 0, which means outside every zone; hint: number zones from 1",
                z.name
            )));
        }
        if by_id.insert(z.id, z).is_some() {
            return Err(MapError::BadInput(format!(
                "zone id {} is given twice in the zone values",
                z.id
            )));
        }
    }
    let on_grid: BTreeSet<i32> = map.zones.iter().copied().filter(|&i| i != 0).collect();
    let mapped: Vec<f64> = by_id
        .values()
        .filter(|z| on_grid.contains(&z.id))
        .map(|z| z.value)
        .collect();
    let classes = Classes::compute(&mapped, &style.breaks, "zone values")?;
    let colors = style.ramp.colors(classes.len());

    let (font, lang, mut notes) = choose_font(style)?;
    let painter = Painter { font: &font.font };
    let unvalued: Vec<String> = on_grid
        .iter()
        .filter(|id| by_id.get(id).is_none_or(|z| !z.value.is_finite()))
        .map(i32::to_string)
        .collect();
    if !unvalued.is_empty() {
        notes.push(format!(
            "zones {} have no value; drawn as no data",
            unvalued.join(", ")
        ));
    }
    let absent: Vec<String> = by_id
        .keys()
        .filter(|id| !on_grid.contains(id))
        .map(i32::to_string)
        .collect();
    if !absent.is_empty() {
        notes.push(format!(
            "zones {} have no cell on the grid; not drawn",
            absent.join(", ")
        ));
    }

    let r = Resample::plan(g.width, g.height, style.min_px, style.max_px);
    let (w0, mh) = r.size(g.width, g.height);
    let mw = stretched_width(w0, g.cell_aspect());
    let ids = stretch_x(&resample_nearest(map.zones, g.width, g.height, r), w0, mw);
    let fill = |id: i32| -> Rgb {
        match by_id.get(&id) {
            _ if id == 0 => PAPER,
            Some(z) if z.value.is_finite() => colors[classes.class_of(z.value)],
            _ => NODATA,
        }
    };
    let mut pixels: Vec<Rgb> = ids.iter().map(|&id| fill(id)).collect();
    for (i, on) in boundaries(&ids, mw, mh).into_iter().enumerate() {
        if on {
            pixels[i] = BOUNDARY;
        }
    }

    let decor = Decor::new(
        &DecorInput {
            painter: &painter,
            style,
            lang,
            classes: &classes,
            colors: &colors,
            no_data_row: !unvalued.is_empty(),
            grid: &g,
            resample: r,
            map_w: mw,
            map_h: mh,
        },
        &mut notes,
    );
    let mut page = Page::new(&painter, &decor)?;
    page.canvas.blit(page.map_x, page.map_y, mw, &pixels);

    draw_labels(&mut page, &painter, &ids, &by_id, lang, &mut notes);

    page.into_rendered(classes, colors, lang, font.path, notes)
}

/// Writes each zone's name and value at its label point, deepest zones
/// first; a label that would overlap one already written is left out (and
/// noted) rather than drawn over it.
fn draw_labels(
    page: &mut Page,
    painter: &Painter,
    ids: &[i32],
    by_id: &BTreeMap<i32, &ZoneValue>,
    lang: Lang,
    notes: &mut Vec<String>,
) {
    let (mx, my, mw, mh) = (
        page.map_x as f32,
        page.map_y as f32,
        page.map_w as f32,
        page.map_h as f32,
    );
    let mut points: Vec<(i32, (usize, usize, f64))> =
        label_points(ids, page.map_w as usize, page.map_h as usize)
            .into_iter()
            .filter(|(id, _)| by_id.contains_key(id))
            .collect();
    points.sort_by(|a, b| b.1 .2.total_cmp(&a.1 .2).then(a.0.cmp(&b.0)));
    let mut planned = Vec::new();
    for (id, (x, y, depth)) in points {
        let z = by_id[&id];
        // Smaller text in narrow zones: between 11 and 16 px (× page scale).
        let px = (depth as f32 * 0.8).clamp(11.0 * page.s, 16.0 * page.s);
        let name = if painter.missing(&z.name).is_empty() {
            z.name.clone()
        } else {
            notes.push(format!(
                "zone {id} name \"{}\": the font cannot draw it; labelled with the id",
                z.name
            ));
            format!("#{id}")
        };
        let value = if z.value.is_finite() {
            format_sig(z.value, 3, lang)
        } else {
            lang.fixed().no_data.to_string()
        };
        let half = painter.width(&name, px).max(painter.width(&value, px)) / 2.0 + 3.0;
        let cx = (mx + x as f32 + 0.5).clamp(mx + half, (mx + mw - half).max(mx + half));
        let cy = (my + y as f32 + 0.5).clamp(my + px * 1.2, my + mh - px * 1.1);
        let rect = [cx - half, cy - 1.15 * px, cx + half, cy + 1.2 * px];
        planned.push((id, rect, name, value, px, cx, cy));
    }
    let rects: Vec<[f32; 4]> = planned.iter().map(|p| p.1).collect();
    let keep = keep_non_overlapping(&rects);
    let mut left_out = Vec::new();
    for ((id, _, name, value, px, cx, cy), k) in planned.into_iter().zip(keep) {
        if !k {
            left_out.push(id.to_string());
            continue;
        }
        painter.draw_halo(&mut page.canvas, &name, px, cx, cy - 0.15 * px, INK);
        painter.draw_halo(&mut page.canvas, &value, px * 0.9, cx, cy + 0.95 * px, INK);
    }
    if !left_out.is_empty() {
        notes.push(format!(
            "labels of zones {} left out: no room beside larger zones' labels",
            left_out.join(", ")
        ));
    }
}

/// Cells on a zone boundary: where the id differs from the right or lower
/// neighbour, one of the two cells is marked (the one inside a zone; the
/// left/upper one when two zones meet), giving one-pixel lines.
fn boundaries(ids: &[i32], width: usize, height: usize) -> Vec<bool> {
    let mut on = vec![false; ids.len()];
    let mut mark = |a: usize, b: usize| {
        if ids[a] != ids[b] {
            if ids[a] != 0 {
                on[a] = true;
            } else {
                on[b] = true;
            }
        }
    };
    for y in 0..height {
        for x in 0..width {
            let i = y * width + x;
            if x + 1 < width {
                mark(i, i + 1);
            }
            if y + 1 < height {
                mark(i, i + width);
            }
        }
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_id_changes() {
        #[rustfmt::skip]
        let ids = [
            0, 1, 1,
            0, 1, 2,
            0, 2, 2,
        ];
        let on = boundaries(&ids, 3, 3);
        #[rustfmt::skip]
        let want = [
            false, true, true,
            false, true, false,
            false, true, false,
        ];
        assert_eq!(on, want);
    }
}
