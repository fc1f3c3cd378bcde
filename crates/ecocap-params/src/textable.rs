//! Plain-text aligned tables for terminal output.
//!
//! Widths count East Asian wide characters (Chinese names) as two columns
//! so that columns line up in a terminal. The last column is not padded,
//! so long notes do not widen the table.

/// Display width of a string in a monospace terminal.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// A simple table: a header line, a rule, and rows.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    right_align: Vec<bool>,
}

impl TextTable {
    /// A table with these column headers (all left-aligned).
    pub fn new<S: AsRef<str>>(headers: &[S]) -> Self {
        TextTable {
            headers: headers.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
            right_align: vec![false; headers.len()],
        }
    }

    /// Right-align column `col` (numbers).
    pub fn right(mut self, col: usize) -> Self {
        if let Some(r) = self.right_align.get_mut(col) {
            *r = true;
        }
        self
    }

    /// Add a row (missing cells are blank, extra cells are dropped).
    pub fn row(&mut self, cells: Vec<String>) {
        let mut cells = cells;
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    /// Render with two spaces between columns, each line ending in `\n`.
    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| display_width(h)).collect();
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(display_width(c));
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(display_width(c));
                let last = i + 1 == n;
                if self.right_align[i] {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    if !last {
                        s.push_str(&" ".repeat(pad));
                    }
                }
                if !last {
                    s.push_str("  ");
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule, &mut out);
        for r in &self.rows {
            line(r, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_wide_characters() {
        assert_eq!(display_width("旱地"), 4);
        assert_eq!(display_width("hm²"), 3);
        let mut t = TextTable::new(&["id", "名称", "x"]).right(2);
        t.row(vec!["dry_land".into(), "旱地".into(), "0.85".into()]);
        t.row(vec!["paddy".into(), "水田".into(), "-2.63".into()]);
        let s = t.render();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 4);
        let w: Vec<usize> = lines.iter().map(|l| display_width(l)).collect();
        assert!(w.iter().all(|x| *x == w[0]), "{s}");
        assert!(lines[2].ends_with(" 0.85"), "{s}");
    }
}
