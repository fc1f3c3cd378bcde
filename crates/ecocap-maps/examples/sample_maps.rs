//! Draws sample maps of a synthetic county into a folder, in Chinese and
//! English: `cargo run -p ecocap-maps --example sample_maps -- OUT_DIR`.

use std::path::PathBuf;

use ecocap_maps::{
    render_pixel_map, render_zone_map, Bilingual, CrsKind, Grid, Lang, MapStyle, PixelMap, ZoneMap,
    ZoneValue,
};

const W: usize = 2400;
const H: usize = 1800;

/// A county-like blob: inside when the wobbly radius exceeds the distance.
fn inside(x: f64, y: f64) -> bool {
    let (dx, dy) = (x / W as f64 - 0.5, (y / H as f64 - 0.5) * 0.75);
    let a = dy.atan2(dx);
    let r = 0.36 + 0.05 * (3.0 * a).sin() + 0.03 * (7.0 * a + 1.0).cos();
    (dx * dx + dy * dy).sqrt() < r
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: sample_maps OUT_DIR")?,
    );
    std::fs::create_dir_all(&out)?;
    let seeds = [
        (0.3, 0.35),
        (0.55, 0.3),
        (0.75, 0.45),
        (0.4, 0.65),
        (0.65, 0.7),
        (0.5, 0.5),
    ];
    let names = ["城关镇", "青山乡", "白水镇", "石门乡", "龙潭镇", "柳林乡"];
    let mut values = vec![-9999.0f32; W * H];
    let mut zones = vec![0i32; W * H];
    for y in 0..H {
        for x in 0..W {
            let (fx, fy) = (x as f64, y as f64);
            if !inside(fx, fy) {
                continue;
            }
            let (u, v) = (fx / W as f64, fy / H as f64);
            let forest = ((u * 9.0).sin() * (v * 7.0).cos() + 1.2).max(0.0);
            values[y * W + x] = (8000.0 * forest * forest
                + 1500.0 * (1.0 - v)
                + 300.0 * ((fx * 0.05).sin() + 1.0)) as f32;
            let nearest = seeds
                .iter()
                .enumerate()
                .min_by(|a, b| {
                    let d = |s: &(f64, f64)| (u - s.0).powi(2) + (v - s.1).powi(2);
                    d(a.1).total_cmp(&d(b.1))
                })
                .map(|(i, _)| i as i32 + 1)
                .unwrap_or(1);
            zones[y * W + x] = nearest;
        }
    }
    let grid = Grid {
        width: W,
        height: H,
        geotransform: [115.2, 0.0002, 0.0, 28.9, 0.0, -0.0002],
        crs: CrsKind::Geographic,
    };
    let totals: Vec<ZoneValue> = names
        .iter()
        .enumerate()
        .map(|(i, n)| ZoneValue {
            id: i as i32 + 1,
            value: 2.3e8 * (1.0 + i as f64 * 0.7),
            name: n.to_string(),
        })
        .collect();
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let style = MapStyle::new(
            Bilingual::new(
                "示例县2020年生态系统生产总值密度",
                "GEP density of the sample county, 2020",
            ),
            Bilingual::new("生态系统生产总值密度 (元/公顷)", "GEP density (yuan/ha)"),
            lang,
        );
        let t = std::time::Instant::now();
        let px = render_pixel_map(
            &PixelMap {
                values: &values,
                nodata: Some(-9999.0),
                grid,
            },
            &style,
        )?;
        px.write(&out.join(format!("pixel_{tag}.png")))?;
        let t_px = t.elapsed();
        let t = std::time::Instant::now();
        let zstyle = MapStyle::new(
            Bilingual::new(
                "示例县2020年各乡镇生态系统生产总值",
                "GEP by township, 2020",
            ),
            Bilingual::new("生态系统生产总值 (元)", "GEP (yuan)"),
            lang,
        );
        let zm = render_zone_map(
            &ZoneMap {
                zones: &zones,
                grid,
                values: &totals,
            },
            &zstyle,
        )?;
        zm.write(&out.join(format!("zones_{tag}.png")))?;
        let t_zm = t.elapsed();
        for n in px.notes.iter().chain(&zm.notes) {
            eprintln!("note: {n}");
        }
        eprintln!(
            "{tag}: {W}×{H} cells; pixel map {}×{} px in {:.2} s, zone map {}×{} px in {:.2} s; font {}",
            px.width,
            px.height,
            t_px.as_secs_f64(),
            zm.width,
            zm.height,
            t_zm.as_secs_f64(),
            px.font.display()
        );
    }
    Ok(())
}
