//! Reading user text files with encoding detection.
//!
//! Tables exported by Excel in China are often GBK (Windows code page 936)
//! rather than UTF-8. The rule here, in order:
//!
//! 1. empty file -> error;
//! 2. UTF-16 byte-order mark -> error with a hint (Excel "Unicode text");
//! 3. UTF-8 byte-order mark -> strip it, the rest must be valid UTF-8;
//! 4. valid UTF-8 -> UTF-8;
//! 5. otherwise decode as GB18030 (a superset of GBK and GB2312) and fail
//!    if any sequence is malformed — never replace bytes silently.
//!
//! Why GBK is not read as UTF-8 by mistake: GBK encodes each Chinese
//! character as a lead byte 0x81–0xFE and a trail byte 0x40–0xFE. Valid
//! UTF-8 needs every multi-byte sequence to be a lead 0xC2–0xF4 followed
//! by exactly the right number of continuation bytes 0x80–0xBF. Real
//! Chinese GBK text breaks that rule within a few characters (ASCII-only
//! text is the same in both encodings, so the choice does not matter).
//!
//! A very short GBK text can happen to be valid UTF-8: about 9 % of single
//! hanzi are (通 = `CD A8` is UTF-8 for U+0368, a combining mark). So
//! step 4 has a guard: valid UTF-8 whose text contains characters that do
//! not occur in real tables (C1 controls, Cyrillic/Hebrew/Arabic/IPA,
//! stray combining marks, private use, rare scripts — see
//! [`plausible_char`]) is decoded as GB18030 instead, if that succeeds and
//! gives only plausible characters. Units (`hm²`, `μg/m³`, `°C`), pinyin
//! tone marks and Greek symbols stay UTF-8.

use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::error::ParamsError;
use crate::provenance::sha256_hex;

/// The encoding a text file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8"); the BOM is stripped.
    #[serde(rename = "UTF-8 with BOM")]
    Utf8Bom,
    /// GB18030, which includes GBK and GB2312 (Excel's default CSV in China).
    #[serde(rename = "GB18030")]
    Gb18030,
}

impl TextEncoding {
    /// Label as written in the manifest: `UTF-8`, `UTF-8 with BOM` or `GB18030`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Decoded text of a file, with the encoding found and a checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: TextEncoding,
    /// SHA-256 of the raw bytes (lower-case hex).
    pub sha256: String,
}

/// Read a text file, detecting UTF-8, UTF-8 with BOM, or GBK/GB18030.
///
/// # Errors
/// [`ParamsError::Io`] when the file cannot be read, and the errors of
/// [`decode_bytes`].
pub fn read_text(path: &Path) -> Result<DecodedText, ParamsError> {
    let bytes = std::fs::read(path).map_err(|source| ParamsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_bytes(&bytes, &path.display().to_string())
}

/// Decode raw bytes; `label` names the file in error messages.
///
/// # Errors
/// [`ParamsError::EmptyFile`] for zero bytes (or only a BOM and white
/// space), [`ParamsError::Utf16`] for UTF-16 text, and
/// [`ParamsError::UndecodableText`] when the bytes are neither UTF-8 nor
/// GB18030.
pub fn decode_bytes(bytes: &[u8], label: &str) -> Result<DecodedText, ParamsError> {
    let sha256 = sha256_hex(bytes);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ParamsError::Utf16 {
            file: label.to_string(),
            bom: format!("{:02X} {:02X}", bytes[0], bytes[1]),
        });
    }
    let (body, has_bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParamsError::EmptyFile {
            file: label.to_string(),
        });
    }
    match std::str::from_utf8(body) {
        Ok(text) if !has_bom && !all_plausible(text) => {
            // Valid UTF-8 but implausible text: probably short GBK.
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body) {
                Some(gb) if all_plausible(&gb) => Ok(DecodedText {
                    text: gb.into_owned(),
                    encoding: TextEncoding::Gb18030,
                    sha256,
                }),
                _ => Ok(DecodedText {
                    text: text.to_string(),
                    encoding: TextEncoding::Utf8,
                    sha256,
                }),
            }
        }
        Ok(text) => Ok(DecodedText {
            text: text.to_string(),
            encoding: if has_bom {
                TextEncoding::Utf8Bom
            } else {
                TextEncoding::Utf8
            },
            sha256,
        }),
        Err(utf8_err) => {
            let offset = utf8_err.valid_up_to();
            let undecodable = || ParamsError::UndecodableText {
                file: label.to_string(),
                offset: offset + if has_bom { 3 } else { 0 },
                bytes: body[offset..body.len().min(offset + 4)]
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            // A UTF-8 BOM followed by non-UTF-8 bytes is corrupt, not GBK.
            if has_bom {
                return Err(undecodable());
            }
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body) {
                Some(text) => Ok(DecodedText {
                    text: text.into_owned(),
                    encoding: TextEncoding::Gb18030,
                    sha256,
                }),
                None => Err(undecodable()),
            }
        }
    }
}

/// Non-ASCII ranges that occur in real parameter and area tables: Latin-1
/// and Latin Extended (units, accents, pinyin), Greek (μ, λ, ρ), general
/// punctuation, super/subscripts, currency, letterlike and number forms,
/// arrows and maths, circled numbers, CJK radicals/symbols/kana/bopomofo/
/// strokes/enclosed/compatibility, CJK ideographs (incl. extension A),
/// CJK compatibility ideographs and forms, full-width forms.
const PLAUSIBLE: &[(u32, u32)] = &[
    (0x00A0, 0x024F),
    (0x0370, 0x03FF),
    (0x2000, 0x206F),
    (0x2070, 0x209F),
    (0x20A0, 0x20CF),
    (0x2100, 0x218F),
    (0x2190, 0x22FF),
    (0x2460, 0x24FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x312F),
    (0x31C0, 0x31EF),
    (0x3200, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
];

/// Whether `ch` (after `prev`) is a character real tables contain. ASCII
/// always is; a combining diacritic only right after a Latin letter.
pub fn plausible_char(ch: char, prev: Option<char>) -> bool {
    let u = ch as u32;
    if u < 0x80 {
        return true;
    }
    if (0x0300..=0x036F).contains(&u) {
        return prev.is_some_and(|p| p.is_alphabetic() && (p as u32) < 0x0250);
    }
    PLAUSIBLE.iter().any(|(a, b)| (*a..=*b).contains(&u))
}

fn all_plausible(text: &str) -> bool {
    let mut prev = None;
    for ch in text.chars() {
        if !plausible_char(ch, prev) {
            return false;
        }
        prev = Some(ch);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV_CN: &str = "class,ecosystem_type,label\n1,dry_land,耕地\n2,broadleaf,林地\n3,shrub_grass,草地\n5,water_system,水域\n";

    fn gbk(text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    }

    #[test]
    fn plain_utf8() {
        let d = decode_bytes(CSV_CN.as_bytes(), "t.csv").unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.text, CSV_CN);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(CSV_CN.as_bytes());
        let d = decode_bytes(&bytes, "t.csv").unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8Bom);
        assert_eq!(d.text, CSV_CN);
        assert!(!d.text.starts_with('\u{feff}'));
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let bytes = gbk(CSV_CN);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "GBK bytes must not be valid UTF-8"
        );
        let d = decode_bytes(&bytes, "t.csv").unwrap();
        assert_eq!(d.encoding, TextEncoding::Gb18030);
        assert_eq!(d.text, CSV_CN);
        assert!(d.text.contains("耕地"));
    }

    #[test]
    fn gbk_short_labels_never_read_as_utf8() {
        // Common CNLUCC / Xie class names, one per file.
        for word in [
            "耕地",
            "水田",
            "旱地",
            "有林地",
            "灌木林",
            "高覆盖度草地",
            "湖泊",
            "城镇用地",
            "沙地",
            "冰川积雪",
            "联通",
        ] {
            let bytes = gbk(&format!("class,label\n1,{word}\n"));
            let d = decode_bytes(&bytes, "w.csv").unwrap();
            assert_eq!(d.encoding, TextEncoding::Gb18030, "{word}");
            assert!(d.text.contains(word), "{word}");
        }
    }

    #[test]
    fn short_gbk_that_is_valid_utf8_is_still_gbk() {
        // 通 in GBK is CD A8, which is also valid UTF-8 (U+0368).
        let bytes = gbk("class,label\n1,通\n");
        assert!(std::str::from_utf8(&bytes).is_ok());
        let d = decode_bytes(&bytes, "t.csv").unwrap();
        assert_eq!(d.encoding, TextEncoding::Gb18030);
        assert!(d.text.contains('通'));
    }

    #[test]
    fn utf8_units_and_symbols_stay_utf8() {
        for s in [
            "unit\nyuan/hm²\n",
            "x\nμg/m³\n",
            "name,value\nλ,0.24\nρ,0.93\n",
            "t\n25°C\n",
            "py\nlǜdì\n",
            "a\n①×10⁴\n",
        ] {
            let d = decode_bytes(s.as_bytes(), "u.csv").unwrap();
            assert_eq!(d.encoding, TextEncoding::Utf8, "{s}");
            assert_eq!(d.text, s);
        }
    }

    proptest::proptest! {
        #[test]
        fn utf8_text_round_trips(s in "[a-z0-9,._ \n]{0,20}[a-zA-Z²³°μλ×耕地水田林草湿旱荒漠冰川裸]{1,20}") {
            let d = decode_bytes(s.as_bytes(), "p.csv").unwrap();
            proptest::prop_assert_eq!(d.encoding, TextEncoding::Utf8);
            proptest::prop_assert_eq!(d.text, s);
        }

        #[test]
        fn gbk_chinese_round_trips(s in "[a-z0-9,]{0,10}[\u{4e00}-\u{9fa5}]{6,30}[a-z0-9,\n]{0,10}") {
            let d = decode_bytes(&gbk(&s), "p.csv").unwrap();
            proptest::prop_assert_eq!(d.encoding, TextEncoding::Gb18030);
            proptest::prop_assert_eq!(d.text, s);
        }
    }

    #[test]
    fn empty_and_blank_files_are_errors() {
        for bytes in [&b""[..], &b"  \n\r\n"[..], &[0xEF, 0xBB, 0xBF][..]] {
            let e = decode_bytes(bytes, "empty.csv").unwrap_err();
            assert!(matches!(e, ParamsError::EmptyFile { .. }), "{e}");
            assert!(e.to_string().contains("empty.csv"));
        }
    }

    #[test]
    fn utf16_is_refused_with_hint() {
        let e = decode_bytes(&[0xFF, 0xFE, b'a', 0], "u16.csv").unwrap_err();
        assert!(e.to_string().contains("CSV UTF-8"), "{e}");
    }

    #[test]
    fn garbage_is_refused() {
        // 0x80 alone is invalid in UTF-8 and a lone 0xFF is invalid in GB18030.
        let e = decode_bytes(&[b'a', b',', 0xFF, 0xFF, b'\n'], "bin.csv").unwrap_err();
        assert!(
            matches!(e, ParamsError::UndecodableText { offset: 2, .. }),
            "{e}"
        );
    }

    #[test]
    fn bom_then_gbk_is_refused() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(gbk("a,耕地\n"));
        assert!(decode_bytes(&bytes, "x.csv").is_err());
    }

    #[test]
    fn read_text_from_disk_and_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gbk.csv");
        std::fs::write(&path, gbk(CSV_CN)).unwrap();
        let d = read_text(&path).unwrap();
        assert_eq!(d.encoding, TextEncoding::Gb18030);
        assert_eq!(d.sha256, sha256_hex(&gbk(CSV_CN)));
        let missing = read_text(&dir.path().join("nope.csv")).unwrap_err();
        assert!(missing.to_string().contains("nope.csv"));
    }
}
