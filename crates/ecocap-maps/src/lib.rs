//! PNG maps for ecocap accounts: a classed per-pixel map (e.g. GEP density
//! in yuan/ha) and a zone choropleth (e.g. GEP by township), each with a
//! title, a legend with class ranges, a scale bar, a north arrow and a thin
//! frame, in Chinese or English.
//!
//! Machinery layer: depends on no domain crate; callers pass plain slices
//! and a GDAL geotransform.
//!
//! ```no_run
//! use ecocap_maps::{render_pixel_map, CrsKind, Grid, Lang, MapStyle, PixelMap};
//!
//! let values = vec![1200.0_f32; 300 * 200];
//! let grid = Grid {
//!     width: 300,
//!     height: 200,
//!     geotransform: [500_000.0, 30.0, 0.0, 3_300_000.0, 0.0, -30.0],
//!     crs: CrsKind::Projected,
//! };
//! let style = MapStyle::new(
//!     ecocap_maps::Bilingual::new("2020年生态系统生产总值密度", "GEP density, 2020"),
//!     ecocap_maps::Bilingual::new("生态系统生产总值密度 (元/公顷)", "GEP density (yuan/ha)"),
//!     Lang::Zh,
//! );
//! let map = render_pixel_map(&PixelMap { values: &values, nodata: Some(-9999.0), grid }, &style)?;
//! for note in &map.notes {
//!     eprintln!("map: {note}");
//! }
//! map.write(std::path::Path::new("gep_density.png"))?;
//! # Ok::<(), ecocap_maps::MapError>(())
//! ```
//!
//! Fonts are found at run time ([`FontLocator`]): `ECOCAP_FONT`, known CJK
//! fonts, `fc-match`, then a Latin font, in which case the map is drawn
//! with the English texts and [`Rendered::notes`] says so. See docs/MAPS.md.

mod canvas;
mod classes;
mod error;
mod font;
mod grid;
mod labels;
mod lang;
pub mod numfmt;
mod page;
mod pixel;
mod ramp;
mod render;
mod text;
mod zones;

pub use classes::{Breaks, Classes};
pub use error::MapError;
pub use font::{FontLocator, KNOWN_CJK_FONTS, KNOWN_LATIN_FONTS};
pub use grid::{
    choose_scale_bar, downsample_mean, metres_per_degree_lon, CrsKind, Grid, Resample, ScaleBar,
};
pub use labels::label_points;
pub use lang::{Bilingual, Lang};
pub use pixel::{render_pixel_map, PixelMap};
pub use ramp::{Ramp, Rgb, NODATA, PAPER};
pub use render::{write_atomic, MapStyle, Rendered};
pub use zones::{render_zone_map, ZoneMap, ZoneValue};
