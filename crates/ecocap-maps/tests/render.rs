#![allow(clippy::unwrap_used)]
//! Renders small maps, decodes the PNGs and checks sizes, colours, texts,
//! font fallback and bad input.

use ecocap_maps::{
    render_pixel_map, render_zone_map, Bilingual, Breaks, CrsKind, FontLocator, Grid, Lang,
    MapError, MapStyle, PixelMap, Ramp, Rendered, ZoneMap, ZoneValue, NODATA, PAPER,
};
use tiny_skia::Pixmap;

const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

fn utm(width: usize, height: usize, cell: f64) -> Grid {
    Grid {
        width,
        height,
        geotransform: [400_000.0, cell, 0.0, 3_200_000.0, 0.0, -cell],
        crs: CrsKind::Projected,
    }
}

fn style(lang: Lang) -> MapStyle {
    let mut s = MapStyle::new(
        Bilingual::new("生态系统生产总值密度", "GEP density"),
        Bilingual::new("密度 (元/公顷)", "Density (yuan/ha)"),
        lang,
    );
    s.breaks = Breaks::Manual(vec![500.0]);
    s
}

/// RGB of the page pixel at the centre of grid cell (cx, cy), `up` pixels per cell.
fn cell_rgb(img: &Pixmap, r: &Rendered, up: u32, cx: u32, cy: u32) -> [u8; 3] {
    let p = img
        .pixel(
            r.map_area[0] + cx * up + up / 2,
            r.map_area[1] + cy * up + up / 2,
        )
        .unwrap();
    [p.red(), p.green(), p.blue()]
}

/// 40 × 30 cells: left half 100, right half 1000, a nodata block at the top left.
fn halves() -> Vec<f32> {
    let mut v: Vec<f32> = (0..40 * 30)
        .map(|i| if i % 40 < 20 { 100.0 } else { 1000.0 })
        .collect();
    for y in 0..5 {
        for x in 0..5 {
            v[y * 40 + x] = -9999.0;
        }
    }
    v
}

#[test]
fn pixel_map_has_the_expected_size_and_colours() {
    let v = halves();
    let r = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: Some(-9999.0),
            grid: utm(40, 30, 30.0),
        },
        &style(Lang::Zh),
    )
    .unwrap();
    let img = Pixmap::decode_png(&r.png).unwrap();
    assert_eq!((img.width(), img.height()), (r.width, r.height));
    // 40 cells grown to 800 px: 20 px per cell.
    assert_eq!(&r.map_area[2..], &[800, 600]);
    assert!(r.width > 800 + 200 && r.height > 600);
    assert_eq!(r.colors, Ramp::YlGn.colors(2));
    assert_eq!(cell_rgb(&img, &r, 20, 2, 2), NODATA);
    assert_eq!(cell_rgb(&img, &r, 20, 10, 20), r.colors[0]);
    assert_eq!(cell_rgb(&img, &r, 20, 30, 20), r.colors[1]);
    // The frame is dark, the page outside it white.
    let frame = img.pixel(r.map_area[0] - 1, r.map_area[1] + 300).unwrap();
    assert!(frame.red() < 80, "frame pixel {frame:?}");
    assert_eq!(img.pixel(2, r.height - 2).unwrap().red(), PAPER[0]);
    // Title text is drawn (dark pixels above the map).
    let title_dark = (0..r.width)
        .flat_map(|x| (0..r.map_area[1]).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y).unwrap().red() < 100)
        .count();
    assert!(title_dark > 100, "title has {title_dark} dark pixels");
    // Both class swatches and the nodata swatch are in the legend column.
    let legend: Vec<[u8; 3]> = (r.map_area[0] + 820..r.width)
        .flat_map(|x| (r.map_area[1]..r.height).map(move |y| (x, y)))
        .map(|(x, y)| img.pixel(x, y).unwrap())
        .map(|p| [p.red(), p.green(), p.blue()])
        .collect();
    for c in [r.colors[0], r.colors[1], NODATA] {
        assert!(
            legend.iter().filter(|&&p| p == c).count() > 200,
            "swatch {c:?} missing"
        );
    }
    assert_eq!(r.lang, Lang::Zh);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    // 600 m wide map; the bar may take about the legend column: 200 m.
    assert_eq!(r.scale_bar.metres, 200.0);
    assert!((r.scale_bar.px - 200.0 / 1.5).abs() < 1e-6);
}

#[test]
fn large_rasters_are_shrunk_by_averaging_valid_cells() {
    // Columns alternate 0 and 10 (with nodata rows between): 2 × 2 means are 5.
    let (w, h) = (3200, 100);
    let v: Vec<f32> = (0..w * h)
        .map(|i| {
            if (i / w) % 2 == 1 {
                f32::NAN
            } else if i % 2 == 0 {
                0.0
            } else {
                10.0
            }
        })
        .collect();
    let mut s = style(Lang::En);
    s.breaks = Breaks::Manual(vec![4.0, 6.0]);
    let r = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: None,
            grid: utm(w, h, 10.0),
        },
        &s,
    )
    .unwrap();
    assert_eq!(&r.map_area[2..], &[1600, 50]);
    let img = Pixmap::decode_png(&r.png).unwrap();
    for (x, y) in [(0, 0), (777, 25), (1599, 49)] {
        assert_eq!(cell_rgb(&img, &r, 1, x, y), r.colors[1], "pixel {x},{y}");
    }
}

#[test]
fn zone_map_fills_classes_draws_boundaries_and_reports_gaps() {
    // Zone 1 is a U around zone 2; zone 3 has no value; 0 is outside.
    let (w, h) = (30, 20);
    let mut z = vec![1i32; w * h];
    for y in 0..h {
        for x in 0..w {
            z[y * w + x] = if x >= 25 {
                0
            } else if x >= 20 {
                3
            } else if (7..13).contains(&x) && y < 12 {
                2
            } else {
                1
            };
        }
    }
    let values = [
        ZoneValue {
            id: 1,
            value: 10.0,
            name: "城关镇".into(),
        },
        ZoneValue {
            id: 2,
            value: 1000.0,
            name: "青山乡".into(),
        },
    ];
    let r = render_zone_map(
        &ZoneMap {
            zones: &z,
            grid: utm(w, h, 100.0),
            values: &values,
        },
        &style(Lang::Zh),
    )
    .unwrap();
    let img = Pixmap::decode_png(&r.png).unwrap();
    let up = r.map_area[2] / w as u32;
    assert_eq!(up, 26);
    assert_eq!(cell_rgb(&img, &r, up, 1, 18), r.colors[0]);
    assert_eq!(cell_rgb(&img, &r, up, 10, 1), r.colors[1]);
    assert_eq!(cell_rgb(&img, &r, up, 22, 1), NODATA);
    assert_eq!(cell_rgb(&img, &r, up, 28, 10), PAPER);
    // Boundary between zone 1 (x = 6) and zone 2 (x = 7): the last pixel of cell 6.
    let p = img
        .pixel(r.map_area[0] + 7 * up - 1, r.map_area[1] + 5 * up)
        .unwrap();
    assert!(p.red() < 0x60 && p.green() < 0x60, "boundary pixel {p:?}");
    assert!(
        r.notes.iter().any(|n| n.contains("zones 3 have no value")),
        "{:?}",
        r.notes
    );
}

#[test]
fn chinese_falls_back_to_english_with_a_latin_font_and_says_so() {
    let mut s = style(Lang::Zh);
    s.fonts = FontLocator {
        explicit: None,
        cjk_paths: vec!["/nonexistent/wqy.ttc".into()],
        use_fc_match: false,
        latin_paths: vec![DEJAVU.into()],
    };
    let v = halves();
    let r = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: Some(-9999.0),
            grid: utm(40, 30, 30.0),
        },
        &s,
    )
    .unwrap();
    assert_eq!(r.lang, Lang::En);
    assert!(r.font.ends_with("DejaVuSans.ttf"));
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("no font with Chinese glyphs") && n.contains("English")),
        "{:?}",
        r.notes
    );
    // A zone name in Chinese cannot be drawn: labelled by id, and noted.
    let z = vec![1i32; 100];
    let values = [ZoneValue {
        id: 1,
        value: 5.0,
        name: "城关镇".into(),
    }];
    let r = render_zone_map(
        &ZoneMap {
            zones: &z,
            grid: utm(10, 10, 30.0),
            values: &values,
        },
        &s,
    )
    .unwrap();
    assert!(
        r.notes.iter().any(|n| n.contains("labelled with the id")),
        "{:?}",
        r.notes
    );
}

#[test]
fn no_font_at_all_is_an_error_naming_what_to_install() {
    let mut s = style(Lang::En);
    s.fonts = FontLocator {
        explicit: None,
        cjk_paths: vec![],
        use_fc_match: false,
        latin_paths: vec!["/nonexistent/x.ttf".into()],
    };
    let v = halves();
    let e = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: None,
            grid: utm(40, 30, 30.0),
        },
        &s,
    )
    .unwrap_err();
    assert!(matches!(e, MapError::NoFont { .. }));
    assert!(e.to_string().contains("fonts-wqy-microhei"), "{e}");
}

#[test]
fn bad_inputs_are_refused_with_clear_messages() {
    let v = vec![1.0f32; 10];
    let e = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: None,
            grid: utm(4, 3, 30.0),
        },
        &style(Lang::En),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("10 cells") && e.to_string().contains("4 × 3 = 12"),
        "{e}"
    );
    let e = render_pixel_map(
        &PixelMap {
            values: &[f32::NAN; 4],
            nodata: None,
            grid: utm(2, 2, 30.0),
        },
        &style(Lang::En),
    )
    .unwrap_err();
    assert!(matches!(e, MapError::NoValidValues(_)), "{e}");
    let bad_grid = Grid {
        geotransform: [0.0, 0.0, 0.0, 0.0, 0.0, -1.0],
        ..utm(2, 2, 1.0)
    };
    let e = render_pixel_map(
        &PixelMap {
            values: &[1.0; 4],
            nodata: None,
            grid: bad_grid,
        },
        &style(Lang::En),
    )
    .unwrap_err();
    assert!(e.to_string().contains("cell size"), "{e}");
    let dup = [
        ZoneValue {
            id: 1,
            value: 1.0,
            name: "a".into(),
        },
        ZoneValue {
            id: 1,
            value: 2.0,
            name: "b".into(),
        },
    ];
    let e = render_zone_map(
        &ZoneMap {
            zones: &[1; 4],
            grid: utm(2, 2, 30.0),
            values: &dup,
        },
        &style(Lang::En),
    )
    .unwrap_err();
    assert!(e.to_string().contains("zone id 1 is given twice"), "{e}");
}

#[test]
fn geographic_grids_are_drawn_true_to_scale_at_the_centre_latitude() {
    // 0.01° cells, 100 × 80 cells centred at 30° N: 964.9 m wide, 1108.5 m
    // high. Grown to 800 × 640 px, then x shrunk by 0.8704 to 696 px.
    let g = Grid {
        width: 100,
        height: 80,
        geotransform: [110.0, 0.01, 0.0, 30.4, 0.0, -0.01],
        crs: CrsKind::Geographic,
    };
    let v = vec![1.0f32; 100 * 80];
    let r = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: None,
            grid: g,
        },
        &style(Lang::En),
    )
    .unwrap();
    assert_eq!(&r.map_area[2..], &[696, 640]);
    let m_per_px: f64 = 0.01 * 96_486.3 / 8.0 * 800.0 / 696.0;
    assert!((m_per_px / (0.01 * 110_852.4 / 8.0) - 1.0).abs() < 1e-3);
    assert!((r.scale_bar.px - r.scale_bar.metres / m_per_px).abs() < 0.01);
    assert!(
        [10_000.0, 20_000.0].contains(&r.scale_bar.metres),
        "{:?}",
        r.scale_bar
    );
}

#[test]
fn write_is_atomic_and_names_the_path_on_failure() {
    let v = halves();
    let r = render_pixel_map(
        &PixelMap {
            values: &v,
            nodata: Some(-9999.0),
            grid: utm(40, 30, 30.0),
        },
        &style(Lang::En),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gep.png");
    r.write(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), r.png);
    assert!(!dir.path().join("gep.png.partial").exists());
    let missing = dir.path().join("no-such-dir").join("gep.png");
    let e = r.write(&missing).unwrap_err();
    assert!(e.to_string().contains("no-such-dir"), "{e}");
    assert!(!missing.exists());
}
