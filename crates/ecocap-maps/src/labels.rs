//! Where to write each zone's label: a point well inside the zone, even
//! when the zone is concave (a U or a crescent, whose centroid lies outside).

use std::collections::BTreeMap;

/// Chamfer distance (3-4 weights, Borgefors 1986, "Distance transformations
/// in digital images", CVGIP 34: 344–371) from each cell to the nearest
/// cell outside its own zone or the grid edge, in thirds of a cell; 0 for
/// `outside` (id 0) cells. Distances propagate only within a zone.
pub fn boundary_distance(ids: &[i32], width: usize, height: usize) -> Vec<u32> {
    const INF: u32 = u32::MAX / 2;
    let at = |x: usize, y: usize| ids[y * width + x];
    let mut d = vec![INF; ids.len()];
    for y in 0..height {
        for x in 0..width {
            let id = at(x, y);
            let edge = x == 0 || y == 0 || x + 1 == width || y + 1 == height;
            let differs = || {
                at(x - 1, y) != id || at(x + 1, y) != id || at(x, y - 1) != id || at(x, y + 1) != id
            };
            if id == 0 {
                d[y * width + x] = 0;
            } else if edge || differs() {
                d[y * width + x] = 3;
            }
        }
    }
    let mut relax = |x: usize, y: usize, nx: isize, ny: isize, w: u32| {
        if nx < 0 || ny < 0 || nx as usize >= width || ny as usize >= height {
            return;
        }
        let (i, j) = (y * width + x, ny as usize * width + nx as usize);
        if ids[j] == ids[i] && d[j] + w < d[i] {
            d[i] = d[j] + w;
        }
    };
    for y in 0..height {
        for x in 0..width {
            let (xi, yi) = (x as isize, y as isize);
            for (dx, dy, w) in [(-1, 0, 3), (-1, -1, 4), (0, -1, 3), (1, -1, 4)] {
                relax(x, y, xi + dx, yi + dy, w);
            }
        }
    }
    for y in (0..height).rev() {
        for x in (0..width).rev() {
            let (xi, yi) = (x as isize, y as isize);
            for (dx, dy, w) in [(1, 0, 3), (1, 1, 4), (0, 1, 3), (-1, 1, 4)] {
                relax(x, y, xi + dx, yi + dy, w);
            }
        }
    }
    d
}

/// A label point per zone id (not 0): the zone's centroid cell when it lies
/// in the zone at least half as far from the boundary as the zone's deepest
/// cell, otherwise the deepest cell (nearest the centroid among equals).
/// Returns `(x, y, depth)` in cells, depth in cells from the boundary.
pub fn label_points(
    ids: &[i32],
    width: usize,
    height: usize,
) -> BTreeMap<i32, (usize, usize, f64)> {
    let d = boundary_distance(ids, width, height);
    let mut sums: BTreeMap<i32, (f64, f64, f64)> = BTreeMap::new();
    for (i, &id) in ids.iter().enumerate() {
        if id != 0 {
            let e = sums.entry(id).or_default();
            e.0 += (i % width) as f64;
            e.1 += (i / width) as f64;
            e.2 += 1.0;
        }
    }
    let centroid: BTreeMap<i32, (f64, f64)> = sums
        .iter()
        .map(|(&id, &(sx, sy, n))| (id, (sx / n, sy / n)))
        .collect();
    // Deepest cell of each zone; ties go to the cell nearest the centroid.
    let mut best: BTreeMap<i32, (u32, f64, usize)> = BTreeMap::new();
    for (i, &id) in ids.iter().enumerate() {
        if id == 0 {
            continue;
        }
        let (cx, cy) = centroid[&id];
        let (x, y) = ((i % width) as f64, (i / width) as f64);
        let dist2 = (x - cx).powi(2) + (y - cy).powi(2);
        let e = best.entry(id).or_insert((0, f64::INFINITY, i));
        if d[i] > e.0 || (d[i] == e.0 && dist2 < e.1) {
            *e = (d[i], dist2, i);
        }
    }
    best.into_iter()
        .map(|(id, (depth, _, i))| {
            let (cx, cy) = centroid[&id];
            let c = (cx.round() as usize).min(width - 1)
                + (cy.round() as usize).min(height - 1) * width;
            let pick = if ids[c] == id && 2 * d[c] >= depth {
                c
            } else {
                i
            };
            (id, (pick % width, pick / width, d[pick] as f64 / 3.0))
        })
        .collect()
}

/// Which of the rectangles `[x0, y0, x1, y1]`, taken in order (most
/// important first), can be kept without overlapping one kept before.
pub fn keep_non_overlapping(rects: &[[f32; 4]]) -> Vec<bool> {
    let mut kept: Vec<[f32; 4]> = Vec::new();
    rects
        .iter()
        .map(|r| {
            let clash = kept
                .iter()
                .any(|k| r[0] < k[2] && k[0] < r[2] && r[1] < k[3] && k[1] < r[3]);
            if !clash {
                kept.push(*r);
            }
            !clash
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Grid from rows of digits.
    fn grid(rows: &[&str]) -> (Vec<i32>, usize, usize) {
        let ids = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| (b - b'0') as i32))
            .collect();
        (ids, rows[0].len(), rows.len())
    }

    #[test]
    fn convex_zone_is_labelled_at_its_centre() {
        let (ids, w, h) = grid(&["1111111", "1111111", "1111111", "1111111", "1111111"]);
        let p = label_points(&ids, w, h);
        assert_eq!(p[&1], (3, 2, 3.0));
    }

    #[test]
    fn concave_zone_is_labelled_inside_not_at_its_centroid() {
        // A thick U (zone 1) around a bay of zone 2; the U's centroid lies in the bay.
        let rows = [
            "111111222222111111",
            "111111222222111111",
            "111111222222111111",
            "111111222222111111",
            "111111222222111111",
            "111111222222111111",
            "111111111111111111",
            "111111111111111111",
        ];
        let (ids, w, h) = grid(&rows);
        let p = label_points(&ids, w, h);
        let (x, y, depth) = p[&1];
        assert_eq!(
            ids[y * w + x],
            1,
            "label of zone 1 at ({x},{y}) is outside it"
        );
        assert!(depth >= 2.0, "label too close to the boundary: {depth}");
        // The centroid itself falls in zone 2, so this test really exercises the fallback.
        let n = ids.iter().filter(|&&i| i == 1).count() as f64;
        let cx = ids
            .iter()
            .enumerate()
            .filter(|(_, &i)| i == 1)
            .map(|(k, _)| (k % w) as f64)
            .sum::<f64>()
            / n;
        let cy = ids
            .iter()
            .enumerate()
            .filter(|(_, &i)| i == 1)
            .map(|(k, _)| (k / w) as f64)
            .sum::<f64>()
            / n;
        assert_eq!(ids[cy.round() as usize * w + cx.round() as usize], 2);
        let (x2, y2, _) = p[&2];
        assert_eq!(ids[y2 * w + x2], 2);
    }

    #[test]
    fn ring_shaped_zone_is_labelled_in_its_ring() {
        let rows = [
            "1111111111",
            "1111111111",
            "1100000011",
            "1100000011",
            "1100000011",
            "1111111111",
            "1111111111",
        ];
        let (ids, w, h) = grid(&rows);
        let (x, y, _) = label_points(&ids, w, h)[&1];
        assert_eq!(ids[y * w + x], 1);
    }

    #[test]
    fn overlapping_labels_give_way_to_earlier_ones() {
        let rects = [
            [0.0, 0.0, 10.0, 5.0],
            [8.0, 4.0, 20.0, 9.0],
            [10.0, 0.0, 15.0, 3.0],
            [30.0, 0.0, 40.0, 5.0],
        ];
        // The second overlaps the first; the third only touches it.
        assert_eq!(keep_non_overlapping(&rects), vec![true, false, true, true]);
    }

    #[test]
    fn distances_grow_inward_and_stop_at_zone_edges() {
        let (ids, w, h) = grid(&["11111", "11111", "11111", "22222"]);
        let d = boundary_distance(&ids, w, h);
        assert_eq!(&d[..5], &[3, 3, 3, 3, 3]);
        assert_eq!(&d[5..10], &[3, 6, 6, 6, 3]);
        assert_eq!(&d[10..15], &[3, 3, 3, 3, 3]);
    }
}
