//! Finding a font at run time: `ECOCAP_FONT`, then known CJK font files,
//! then `fc-match`, then a Latin font (the map then falls back to English
//! fixed texts and says so in its notes).

use std::path::{Path, PathBuf};
use std::process::Command;

use ab_glyph::{Font, FontVec};

use crate::MapError;

/// Characters a font must have to count as able to draw Chinese map text
/// (common characters of the fixed texts and of GEP titles).
const CJK_PROBE: &str = "生态系统产总值无数据千米元公顷";

/// Where to look for a font, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FontLocator {
    /// A font file the user chose (`ECOCAP_FONT`); used whatever it covers,
    /// and an error if it cannot be read.
    pub explicit: Option<PathBuf>,
    /// Font files with Chinese glyphs, tried in order.
    pub cjk_paths: Vec<PathBuf>,
    /// Ask `fc-match` for a Chinese font and for a sans-serif font.
    pub use_fc_match: bool,
    /// Latin-only fonts to fall back on.
    pub latin_paths: Vec<PathBuf>,
}

/// Common CJK font files on Debian/Ubuntu, Fedora, Arch, macOS and Windows.
pub const KNOWN_CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Regular.ttc",
    "/usr/share/fonts/adobe-source-han-sans/SourceHanSansCN-Regular.otf",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// Common Latin sans-serif font files.
pub const KNOWN_LATIN_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/System/Library/Fonts/Helvetica.ttc",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// A loaded font and what it can draw.
#[derive(Debug)]
pub struct LoadedFont {
    pub(crate) font: FontVec,
    /// The file it came from.
    pub path: PathBuf,
    /// Whether it has the Chinese glyphs of the fixed texts and common GEP
    /// words (see `CJK_PROBE` in the source).
    pub has_cjk: bool,
}

impl Default for FontLocator {
    /// [`FontLocator::from_env`].
    fn default() -> Self {
        Self::from_env()
    }
}

impl FontLocator {
    /// `ECOCAP_FONT` if set, the known CJK files, `fc-match`, the known
    /// Latin files.
    pub fn from_env() -> Self {
        let explicit = std::env::var_os("ECOCAP_FONT")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Self {
            explicit,
            cjk_paths: KNOWN_CJK_FONTS.iter().map(PathBuf::from).collect(),
            use_fc_match: true,
            latin_paths: KNOWN_LATIN_FONTS.iter().map(PathBuf::from).collect(),
        }
    }

    /// Only this font file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self {
            explicit: Some(path.into()),
            cjk_paths: Vec::new(),
            use_fc_match: false,
            latin_paths: Vec::new(),
        }
    }

    /// The first usable font: the explicit one, else the first with
    /// Chinese glyphs, else the first Latin one.
    pub fn locate(&self) -> Result<LoadedFont, MapError> {
        if let Some(p) = &self.explicit {
            return load(p).map_err(|reason| MapError::FontFile {
                path: p.clone(),
                reason,
            });
        }
        let mut tried: Vec<String> = Vec::new();
        // fc-match runs only when the known files did not do.
        let fc_cjk = std::iter::once_with(|| self.fc_match(":lang=zh-cn")).flatten();
        for p in self.cjk_paths.iter().cloned().chain(fc_cjk) {
            tried.push(p.display().to_string());
            if let Ok(f) = load(&p) {
                if f.has_cjk {
                    return Ok(f);
                }
            }
        }
        let fc_sans = std::iter::once_with(|| self.fc_match("sans-serif")).flatten();
        for p in self.latin_paths.iter().cloned().chain(fc_sans) {
            tried.push(p.display().to_string());
            if let Ok(f) = load(&p) {
                if f.font.glyph_id('A').0 != 0 {
                    return Ok(f);
                }
            }
        }
        if self.use_fc_match {
            tried.push("fc-match :lang=zh-cn and sans-serif".into());
        }
        Err(MapError::NoFont {
            tried: tried.join(", "),
        })
    }

    fn fc_match(&self, pattern: &str) -> Option<PathBuf> {
        if !self.use_fc_match {
            return None;
        }
        let out = Command::new("fc-match")
            .args(["-f", "%{file}", pattern])
            .output()
            .ok()?;
        let s = String::from_utf8(out.stdout).ok()?;
        let s = s.trim();
        (out.status.success() && !s.is_empty()).then(|| PathBuf::from(s))
    }
}

/// Reads and parses a font file (the first face of a collection).
fn load(path: &Path) -> Result<LoadedFont, String> {
    let data = std::fs::read(path).map_err(|e| e.to_string())?;
    let font = FontVec::try_from_vec_and_index(data, 0)
        .map_err(|e| format!("not a TrueType/OpenType font ({e})"))?;
    let has_cjk = CJK_PROBE.chars().all(|c| font.glyph_id(c).0 != 0);
    Ok(LoadedFont {
        font,
        path: path.to_path_buf(),
        has_cjk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> FontLocator {
        FontLocator {
            explicit: None,
            cjk_paths: Vec::new(),
            use_fc_match: false,
            latin_paths: Vec::new(),
        }
    }

    #[test]
    fn no_font_is_a_clear_error_saying_what_to_install() {
        let loc = FontLocator {
            cjk_paths: vec!["/nonexistent/cjk.ttc".into()],
            latin_paths: vec!["/nonexistent/latin.ttf".into()],
            ..none()
        };
        let e = loc.locate().unwrap_err().to_string();
        assert!(
            e.contains("/nonexistent/cjk.ttc") && e.contains("/nonexistent/latin.ttf"),
            "{e}"
        );
        assert!(
            e.contains("fonts-wqy-microhei") && e.contains("ECOCAP_FONT"),
            "{e}"
        );
    }

    #[test]
    fn unreadable_explicit_font_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.ttf");
        std::fs::write(&bad, b"not a font").unwrap();
        let e = FontLocator::file(&bad).locate().unwrap_err().to_string();
        assert!(e.contains("bad.ttf") && e.contains("not a TrueType"), "{e}");
        let e = FontLocator::file(dir.path().join("missing.ttf"))
            .locate()
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.ttf"), "{e}");
    }

    #[test]
    fn fc_match_is_asked_when_no_known_file_exists() {
        let loc = FontLocator {
            use_fc_match: true,
            ..none()
        };
        let fc_present = Command::new("fc-match").arg("--version").output().is_ok();
        match loc.locate() {
            Ok(f) => assert!(fc_present && f.path.exists(), "{:?}", f.path),
            Err(e) => assert!(e.to_string().contains("fc-match"), "{e}"),
        }
    }

    #[test]
    fn a_non_font_in_the_cjk_list_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.ttc");
        std::fs::write(&junk, b"junk").unwrap();
        let loc = FontLocator {
            cjk_paths: vec![junk],
            ..none()
        };
        assert!(matches!(loc.locate(), Err(MapError::NoFont { .. })));
    }
}
