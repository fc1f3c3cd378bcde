//! Dense lookup of per-code values: land-cover codes are small integers, so
//! an array indexed by `code − min` replaces a map lookup in hot loops.

use std::collections::BTreeMap;

/// Values by integer code.
#[derive(Debug, Clone)]
pub struct CodeLut<T: Copy> {
    min: i64,
    dense: Vec<Option<T>>,
    sparse: BTreeMap<i64, T>,
}

/// Codes spanning more than this use the map instead of an array.
const MAX_SPAN: i64 = 1 << 20;

impl<T: Copy> CodeLut<T> {
    /// Build from a map.
    pub fn new(map: &BTreeMap<i64, T>) -> CodeLut<T> {
        let (min, max) = match (map.keys().next(), map.keys().next_back()) {
            (Some(a), Some(b)) => (*a, *b),
            _ => (0, -1),
        };
        if max - min >= MAX_SPAN {
            return CodeLut {
                min,
                dense: Vec::new(),
                sparse: map.clone(),
            };
        }
        let mut dense = vec![None; (max - min + 1).max(0) as usize];
        for (k, v) in map {
            dense[(k - min) as usize] = Some(*v);
        }
        CodeLut {
            min,
            dense,
            sparse: BTreeMap::new(),
        }
    }

    /// The value of `code`, if the table has it.
    #[inline]
    pub fn get(&self, code: i64) -> Option<T> {
        if self.dense.is_empty() {
            return self.sparse.get(&code).copied();
        }
        let i = code.wrapping_sub(self.min);
        if i < 0 {
            return None;
        }
        self.dense.get(i as usize).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_agree() {
        let m = BTreeMap::from([(-1, 1.0), (3, 2.0)]);
        let l = CodeLut::new(&m);
        assert_eq!(
            (l.get(-1), l.get(3), l.get(0), l.get(4), l.get(-5)),
            (Some(1.0), Some(2.0), None, None, None)
        );
        let m = BTreeMap::from([(0, 1), (5_000_000, 2)]);
        let l = CodeLut::new(&m);
        assert_eq!(
            (l.get(0), l.get(5_000_000), l.get(1)),
            (Some(1), Some(2), None)
        );
    }
}
