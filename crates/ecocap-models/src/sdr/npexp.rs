//! `exp` on float32 as numpy ≥ 1.18 evaluates it on x86-64 with AVX2/FMA3
//! or AVX512F (the machines InVEST runs on): Cody–Waite range reduction
//! `x = k·ln2 + r` with `k = rint(x·log2 e)`, then `exp(r)` as a ratio of a
//! degree-5 and a degree-2 minimax polynomial (Remez), evaluated with fused
//! multiply-adds, scaled by `2^k`. Its error is up to 2.5 ulp, so a correctly
//! rounded `expf` differs from it in the last bits; InVEST's SDR and NDR
//! feed such values into differences of nearly equal ratios (deposition,
//! retention), where those bits show. The coefficients are numpy's
//! published constants (`npy_simd_data.h`).

// The decimal constants are numpy's, as published; the compiler rounds them
// to f32 exactly as numpy's C compiler does.
#![allow(clippy::excessive_precision)]

const LOG2E: f32 = std::f32::consts::LOG2_E;
const MAGIC: f32 = 12_582_912.0; // 0x1.8p23: adding and subtracting rounds to an integer
const LN2_HI: f32 = -6.931_457_5e-1;
const LN2_LO: f32 = -1.428_606_8e-6;
const P: [f32; 6] = [
    9.999_999_999_980_871e-1,
    7.257_664_613_233_124e-1,
    2.473_615_434_895_521e-1,
    5.114_512_081_637_298e-2,
    6.757_896_990_527_505e-3,
    5.082_762_527_590_694e-4,
];
const Q: [f32; 3] = [1.0, -2.742_335_390_411_667_5e-1, 2.159_509_375_685_83e-2];
const XMAX: f32 = 88.722_839_355_468_75;
const XMIN: f32 = -103.972_084_045_410_16;

/// `exp(x)` in float32, bit for bit as numpy's vectorised kernel.
pub fn expf(x: f32) -> f32 {
    if x.is_nan() {
        return f32::NAN;
    }
    if x >= XMAX {
        return f32::INFINITY;
    }
    if x <= XMIN {
        return 0.0;
    }
    let k = (x * LOG2E + MAGIC) - MAGIC;
    let r = k.mul_add(LN2_HI, x);
    let r = k.mul_add(LN2_LO, r);
    let r = k.mul_add(0.0, r);
    let mut num = P[5].mul_add(r, P[4]);
    num = num.mul_add(r, P[3]);
    num = num.mul_add(r, P[2]);
    num = num.mul_add(r, P[1]);
    num = num.mul_add(r, P[0]);
    let mut den = Q[2].mul_add(r, Q[1]);
    den = den.mul_add(r, Q[0]);
    let poly = num / den;
    scale(poly, k as i32)
}

/// `v · 2^k` (exact unless the result is subnormal).
fn scale(v: f32, k: i32) -> f32 {
    if k > -126 {
        f32::from_bits((v.to_bits() as i32 + (k << 23)) as u32)
    } else {
        v * 2f32.powi(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_to_exp_and_exact_at_zero() {
        assert_eq!(expf(0.0), 1.0);
        for i in -200..200 {
            let x = i as f32 * 0.173;
            let e = (x as f64).exp();
            assert!(((expf(x) as f64 - e) / e).abs() < 3e-7, "{x}");
        }
        assert_eq!(expf(100.0), f32::INFINITY);
        assert_eq!(expf(-110.0), 0.0);
    }
}
