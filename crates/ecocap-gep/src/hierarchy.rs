//! Zone hierarchy (`zone,parent`): village → township → county → city →
//! province, or sub-basin → basin. Every zone's values roll up to all its
//! ancestors. Loops are refused with the loop spelled out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::GepError;
use crate::textio::Table;

/// Parent links.
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    /// file it came from (empty when none was given)
    pub path: PathBuf,
    /// parent of each zone that has one
    pub parent: BTreeMap<String, String>,
    /// line of each zone in the file (for messages)
    pub lines: BTreeMap<String, u64>,
}

impl Hierarchy {
    /// Read `zone,parent` (empty parent = a root) and check for loops.
    pub fn read(path: &Path) -> Result<(Table, Hierarchy), GepError> {
        let t = Table::read(path, &["zone", "parent"])?;
        let (cz, cp) = (t.req("zone"), t.req("parent"));
        let mut h = Hierarchy {
            path: path.to_path_buf(),
            ..Default::default()
        };
        let mut first = BTreeMap::new();
        let mut problems = Vec::new();
        for row in &t.rows {
            let zone = match t.text(row, cz, "zone") {
                Ok(z) => z,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            let parent = row.get(cp).to_string();
            if let Some(l) = first.insert(zone.clone(), row.line) {
                problems.push(t.bad(
                    row,
                    "zone",
                    &zone,
                    &format!("zone listed twice (first at line {l}); a zone has one parent"),
                ));
                continue;
            }
            if parent == zone {
                problems.push(GepError::HierarchyLoop {
                    path: t.path.clone(),
                    cycle: vec![zone.clone(), zone],
                });
                continue;
            }
            if !parent.is_empty() {
                h.parent.insert(zone, parent);
            }
        }
        GepError::collect(problems)?;
        h.lines = first;
        h.check_loops()?;
        Ok((t, h))
    }

    /// Build from pairs (tests, library users).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Result<Hierarchy, GepError> {
        let h = Hierarchy {
            path: PathBuf::from("<hierarchy>"),
            parent: pairs
                .iter()
                .map(|(z, p)| (z.to_string(), p.to_string()))
                .collect(),
            lines: BTreeMap::new(),
        };
        h.check_loops()?;
        Ok(h)
    }

    fn check_loops(&self) -> Result<(), GepError> {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        for start in self.parent.keys() {
            let mut path: Vec<&str> = Vec::new();
            let mut cur = start.as_str();
            loop {
                if done.contains(cur) {
                    break;
                }
                if let Some(pos) = path.iter().position(|z| *z == cur) {
                    let named = |z: &str| match self.lines.get(z) {
                        Some(l) => format!("{z} (line {l})"),
                        None => z.to_string(),
                    };
                    let mut cycle: Vec<String> = path[pos..].iter().map(|s| named(s)).collect();
                    cycle.push(cur.to_string());
                    return Err(GepError::HierarchyLoop {
                        path: self.path.clone(),
                        cycle,
                    });
                }
                path.push(cur);
                match self.parent.get(cur) {
                    Some(p) => cur = p,
                    None => break,
                }
            }
            done.extend(path);
        }
        Ok(())
    }

    /// The zone's ancestors, nearest first (loop-free by construction).
    pub fn ancestors(&self, zone: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = zone;
        while let Some(p) = self.parent.get(cur) {
            if out.len() > self.parent.len() {
                break; // defensive: cannot happen after check_loops
            }
            out.push(p.clone());
            cur = p;
        }
        out
    }

    /// Depth of a zone (roots = 0).
    pub fn depth(&self, zone: &str) -> usize {
        self.ancestors(zone).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_nearest_first() {
        let h =
            Hierarchy::from_pairs(&[("v1", "t1"), ("t1", "c"), ("v2", "t1")]).unwrap_or_default();
        assert_eq!(h.ancestors("v1"), vec!["t1", "c"]);
        assert_eq!(h.depth("c"), 0);
    }

    #[test]
    fn loop_is_spelled_out() {
        let e = Hierarchy::from_pairs(&[("a", "b"), ("b", "c"), ("c", "a"), ("x", "a")]);
        let msg = e.map(|_| ()).expect_err("must fail").to_string();
        assert!(
            msg.contains("a -> b -> c -> a") || msg.contains("b -> c -> a -> b"),
            "{msg}"
        );
    }
}
