//! PNG maps of the account: GEP density per pixel (from the density pass's
//! preview) and GEP by zone (zones burnt on the same preview grid), one of
//! each per year, drawn by `ecocap-maps`.

use super::config::Language;
use super::density::Preview;
use crate::error::AppError;
use ecocap_maps::{
    render_pixel_map, render_zone_map, Bilingual, CrsKind, Lang, MapStyle, PixelMap, ZoneMap,
    ZoneValue,
};
use ecocap_raster::{Window, ZoneShapes};
use std::path::{Path, PathBuf};

/// The maps written: (caption, file), and notes for the user.
pub struct MapsOut {
    /// caption and PNG file, in report order
    pub maps: Vec<(String, PathBuf)>,
    /// font fallbacks, labels left out, maps skipped
    pub notes: Vec<String>,
}

fn grid_of(p: &Preview) -> ecocap_maps::Grid {
    ecocap_maps::Grid {
        width: p.width,
        height: p.height,
        geotransform: p.grid.geo_transform,
        crs: if p.grid.is_geographic() {
            CrsKind::Geographic
        } else {
            CrsKind::Projected
        },
    }
}

fn map_err(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::OutDir {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Draw the maps of one year into `dir`. `zone_gep` is the GEP (yuan) of
/// each zone id of the zones file, in [`ZoneShapes`] order.
pub fn year_maps(
    year: i32,
    preview: &Preview,
    zones: Option<(&Path, &str)>,
    zone_gep: &dyn Fn(&str) -> Option<f64>,
    lang: Language,
    dir: &Path,
    out: &mut MapsOut,
) -> Result<(), AppError> {
    std::fs::create_dir_all(dir).map_err(|e| map_err(dir, e))?;
    let lg = match lang {
        Language::Zh => Lang::Zh,
        Language::En => Lang::En,
    };
    let grid = grid_of(preview);
    let style = MapStyle::new(
        Bilingual::new(
            format!("{year}年生态系统生产总值密度"),
            format!("GEP density, {year}"),
        ),
        Bilingual::new("GEP 密度 (元/公顷)", "GEP density (yuan/ha)"),
        lg,
    );
    let pixel = PixelMap {
        values: &preview.values,
        nodata: None,
        grid,
    };
    let path = dir.join(format!("gep_density_{year}.png"));
    match render_pixel_map(&pixel, &style) {
        Ok(m) => {
            m.write(&path).map_err(|e| map_err(&path, e))?;
            out.notes
                .extend(m.notes.iter().map(|n| format!("map {year}: {n}")));
            out.maps.push((style.title.get(m.lang).to_string(), path));
        }
        Err(e) => {
            // a machine without fonts still gets the account; say why no map
            out.notes.push(format!(
                "maps skipped: {e} (install fonts-wqy-microhei or set ECOCAP_FONT, or set [outputs] maps = false)"
            ));
            return Ok(());
        }
    }
    let Some((zpath, field)) = zones else {
        return Ok(());
    };
    let shapes = ZoneShapes::read(zpath, field, &preview.grid)?;
    let mut ids = Vec::new();
    shapes.burn(
        &preview.grid,
        &Window {
            col: 0,
            row: 0,
            width: preview.width,
            height: preview.height,
        },
        &mut ids,
    )?;
    let values: Vec<ZoneValue> = shapes
        .ids
        .iter()
        .enumerate()
        .map(|(k, name)| ZoneValue {
            id: k as i32 + 1,
            value: zone_gep(name).unwrap_or(f64::NAN),
            name: name.clone(),
        })
        .collect();
    let style = MapStyle::new(
        Bilingual::new(
            format!("{year}年分区生态系统生产总值"),
            format!("GEP by zone, {year}"),
        ),
        Bilingual::new("GEP (元)", "GEP (yuan)"),
        lg,
    );
    let zmap = ZoneMap {
        zones: &ids,
        grid,
        values: &values,
    };
    let path = dir.join(format!("gep_by_zone_{year}.png"));
    let m = render_zone_map(&zmap, &style).map_err(|e| map_err(&path, e))?;
    m.write(&path).map_err(|e| map_err(&path, e))?;
    out.notes
        .extend(m.notes.iter().map(|n| format!("map {year}: {n}")));
    out.maps.push((style.title.get(m.lang).to_string(), path));
    Ok(())
}
