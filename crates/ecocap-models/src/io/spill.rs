//! Whole-grid arrays moved out of memory while a model does not need them
//! (InVEST keeps every intermediate on disk; ecocap keeps them in memory
//! and spills only the few that would otherwise sit idle across the peak
//! of a run). A spilled array is a raw little-endian file in the workspace
//! (a staging directory when run through the app layer), read back in
//! 1 MiB pieces and deleted; it lives in the page cache, not in the
//! process's resident memory.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{ModelError, Result};

/// A number stored raw (little-endian) in a spill file.
pub trait Raw: Copy {
    /// bytes per value
    const SIZE: usize;
    /// append the value's bytes
    fn put(self, out: &mut Vec<u8>);
    /// the value of `SIZE` bytes
    fn get(b: &[u8]) -> Self;
}

macro_rules! raw {
    ($($t:ty),*) => {$(
        impl Raw for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(b: &[u8]) -> Self {
                let mut a = [0u8; std::mem::size_of::<$t>()];
                a.copy_from_slice(b);
                <$t>::from_le_bytes(a)
            }
        }
    )*};
}
raw!(f32, f64, u32);

/// An array on disk.
pub struct Spilled<T: Raw> {
    path: PathBuf,
    len: usize,
    kind: std::marker::PhantomData<T>,
}

fn write_err(path: &Path, e: std::io::Error) -> ModelError {
    ModelError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Move `values` to `dir/.spill-<name>`.
pub fn spill<T: Raw>(dir: &Path, name: &str, values: Vec<T>) -> Result<Spilled<T>> {
    let path = dir.join(format!(".spill-{name}"));
    let file = std::fs::File::create(&path).map_err(|e| write_err(&path, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut buf = Vec::with_capacity(1 << 20);
    for part in values.chunks((1 << 20) / T::SIZE) {
        buf.clear();
        for v in part {
            v.put(&mut buf);
        }
        w.write_all(&buf).map_err(|e| write_err(&path, e))?;
    }
    w.flush().map_err(|e| write_err(&path, e))?;
    Ok(Spilled {
        path,
        len: values.len(),
        kind: std::marker::PhantomData,
    })
}

/// [`spill`] for float32 arrays.
pub fn spill_f32(dir: &Path, name: &str, values: Vec<f32>) -> Result<Spilled<f32>> {
    spill(dir, name, values)
}

impl<T: Raw> Spilled<T> {
    /// Read the array back and delete the file.
    pub fn load(self) -> Result<Vec<T>> {
        let file = std::fs::File::open(&self.path).map_err(|e| write_err(&self.path, e))?;
        let mut r = BufReader::with_capacity(1 << 20, file);
        let mut out = Vec::with_capacity(self.len);
        let mut buf = vec![0u8; (1 << 20) / T::SIZE * T::SIZE];
        let mut left = self.len * T::SIZE;
        while left > 0 {
            let n = left.min(buf.len());
            r.read_exact(&mut buf[..n])
                .map_err(|e| write_err(&self.path, e))?;
            out.extend(buf[..n].chunks_exact(T::SIZE).map(T::get));
            left -= n;
        }
        let _ = std::fs::remove_file(&self.path);
        Ok(out)
    }
}

impl<T: Raw> Drop for Spilled<T> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spilled_array_comes_back_bit_for_bit_and_leaves_no_file() {
        let d = tempfile::tempdir().unwrap();
        let v: Vec<f32> = (0..700_001)
            .map(|i| {
                if i % 7 == 0 {
                    f32::NAN
                } else {
                    i as f32 * 0.37 - 1e6
                }
            })
            .chain([f32::MAX, f32::MIN, -0.0])
            .collect();
        let s = spill_f32(d.path(), "x", v.clone()).unwrap();
        let file = d.path().join(".spill-x");
        assert_eq!(std::fs::metadata(&file).unwrap().len(), v.len() as u64 * 4);
        let back = s.load().unwrap();
        assert_eq!(back.len(), v.len());
        assert!(back.iter().zip(&v).all(|(a, b)| a.to_bits() == b.to_bits()));
        assert!(!file.exists());
        drop(spill_f32(d.path(), "y", vec![1.0]).unwrap());
        assert!(
            !d.path().join(".spill-y").exists(),
            "dropped unread: deleted"
        );
        let w: Vec<f64> = (0..300_000).map(|i| (i as f64).sqrt() * 1e-300).collect();
        let back = spill(d.path(), "w", w.clone()).unwrap().load().unwrap();
        assert!(back.iter().zip(&w).all(|(a, b)| a.to_bits() == b.to_bits()));
        let z: Vec<u32> = (0..300_001).map(|i| i * 7919).collect();
        assert_eq!(spill(d.path(), "z", z.clone()).unwrap().load().unwrap(), z);
    }
}
