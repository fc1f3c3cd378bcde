//! What every map shares: its style, the font and language decision, and
//! the rendered result (PNG bytes, written atomically on request).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::classes::{Breaks, Classes};
use crate::font::{FontLocator, LoadedFont};
use crate::grid::ScaleBar;
use crate::ramp::{Ramp, Rgb};
use crate::text::Painter;
use crate::{Bilingual, Lang, MapError};

/// Texts, classes, colours and size of a map.
#[derive(Clone, Debug)]
pub struct MapStyle {
    /// Map title.
    pub title: Bilingual,
    /// Legend heading with the unit, e.g. "生态系统生产总值密度 (元/公顷)".
    pub legend_title: Bilingual,
    /// Language of the texts.
    pub lang: Lang,
    /// How to choose class breaks (default 6 quantile classes).
    pub breaks: Breaks,
    /// Colour ramp (default YlGn).
    pub ramp: Ramp,
    /// Longest side of the map area in pixels; larger rasters are shrunk by
    /// averaging (default 1600).
    pub max_px: usize,
    /// Small rasters are grown (nearest cell) to about this many pixels on
    /// the longer side (default 800).
    pub min_px: usize,
    /// Where to find a font (default: `ECOCAP_FONT`, known CJK fonts,
    /// `fc-match`, a Latin font).
    pub fonts: FontLocator,
}

impl MapStyle {
    /// A style with the default breaks, ramp, sizes and font search.
    pub fn new(
        title: impl Into<Bilingual>,
        legend_title: impl Into<Bilingual>,
        lang: Lang,
    ) -> Self {
        Self {
            title: title.into(),
            legend_title: legend_title.into(),
            lang,
            breaks: Breaks::default(),
            ramp: Ramp::default(),
            max_px: 1600,
            min_px: 800,
            fonts: FontLocator::from_env(),
        }
    }
}

/// A rendered map.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// Page width in pixels.
    pub width: u32,
    /// Page height in pixels.
    pub height: u32,
    /// Where the map sits on the page: x, y, width, height in pixels.
    pub map_area: [u32; 4],
    /// The classes drawn, and their colours (same order).
    pub classes: Classes,
    /// Colour of each class.
    pub colors: Vec<Rgb>,
    /// The scale bar drawn.
    pub scale_bar: ScaleBar,
    /// Language actually used (English when no Chinese font was found).
    pub lang: Lang,
    /// Font file used.
    pub font: PathBuf,
    /// Things the reader of the map should know: font fallbacks, characters
    /// left out, zones without values.
    pub notes: Vec<String>,
}

impl Rendered {
    /// Writes the PNG to `path` atomically: to `path.partial` first, then
    /// renamed, so a file at `path` is always complete.
    pub fn write(&self, path: &Path) -> Result<(), MapError> {
        write_atomic(path, &self.png)
    }
}

/// Writes `bytes` to `<path>.partial`, syncs it and renames it to `path`;
/// the partial file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), MapError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let io = |source| MapError::Io {
        path: path.to_path_buf(),
        source,
    };
    let result = (|| {
        let mut f = std::fs::File::create(&partial)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(io(e));
    }
    Ok(())
}

/// The font, the language to draw in and the notes about that choice.
pub(crate) fn choose_font(style: &MapStyle) -> Result<(LoadedFont, Lang, Vec<String>), MapError> {
    let font = style.fonts.locate()?;
    let mut notes = Vec::new();
    let mut lang = style.lang;
    if lang == Lang::Zh && !font.has_cjk {
        lang = Lang::En;
        notes.push(format!(
            "no font with Chinese glyphs was found (used {}), so the map texts are in English; \
             install fonts-wqy-microhei (scripts/setup.sh) or set ECOCAP_FONT to a CJK font",
            font.path.display()
        ));
    }
    Ok((font, lang, notes))
}

/// `text` as the font can draw it; what it cannot draw is left out and
/// noted against `what`.
pub(crate) fn fit_text(p: &Painter, text: &str, what: &str, notes: &mut Vec<String>) -> String {
    let (out, dropped) = p.fit(text);
    if !dropped.is_empty() {
        let chars: String = dropped.iter().collect();
        notes.push(format!("{what} \"{text}\": the font has no glyph for \"{chars}\"; those characters were left out"));
    }
    out
}
