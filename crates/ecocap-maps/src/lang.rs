//! Language of the fixed map texts, and texts given in both languages.

/// Language of a map's texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese (scale unit 千米, legend 无数据, 万/亿 number scaling).
    #[default]
    Zh,
    /// English (scale unit km, legend "No data", thousands separators).
    En,
}

/// The fixed texts a map draws besides the caller's title and legend title.
pub(crate) struct Fixed {
    /// Letter over the north arrow ("N" in both languages, as on Chinese
    /// standard maps).
    pub north: &'static str,
    pub km: &'static str,
    pub m: &'static str,
    pub no_data: &'static str,
}

impl Lang {
    pub(crate) fn fixed(self) -> Fixed {
        match self {
            Lang::Zh => Fixed {
                north: "N",
                km: "千米",
                m: "米",
                no_data: "无数据",
            },
            Lang::En => Fixed {
                north: "N",
                km: "km",
                m: "m",
                no_data: "No data",
            },
        }
    }
}

/// A text in Chinese and English; the map draws the one of its language
/// (English when it has to fall back to a font without Chinese glyphs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilingual {
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

impl Bilingual {
    /// Both texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl From<&str> for Bilingual {
    /// The same text in both languages.
    fn from(s: &str) -> Self {
        Self::new(s, s)
    }
}
