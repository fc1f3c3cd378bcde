//! Pure annual-water-yield kernels (no I/O).
//!
//! Per pixel, with PET = Kc·ET0 and AWC = min(root depth, soil depth)·PAWC
//! (all mm): ω = min(Z·AWC/P + 1.25, 5) (Donohue et al. 2012 as used by
//! InVEST; no lower clamp), and Fu's (1981) Budyko curve as written by Zhang
//! et al. (2004): AET/P = 1 + PET/P − (1 + (PET/P)^ω)^(1/ω).
//! Vegetated classes take fractp = min(PET/P, AET/P); other classes take
//! min(Kc·ET0, P)/P. Water yield = (1 − fractp)·P. Arithmetic is f32 in
//! InVEST's order (its rasters are Float32 and numpy keeps float32).

/// Output nodata (InVEST: −1).
pub const NODATA: f32 = -1.0;

/// One pixel's inputs; `None` where a raster is nodata.
#[derive(Debug, Clone, Copy)]
pub struct Pixel {
    /// crop coefficient
    pub kc: Option<f32>,
    /// reference ET (mm/yr)
    pub eto: Option<f32>,
    /// precipitation (mm/yr)
    pub precip: Option<f32>,
    /// root depth (mm)
    pub root: Option<f32>,
    /// soil depth (mm)
    pub soil: Option<f32>,
    /// plant available water fraction
    pub pawc: Option<f32>,
    /// vegetated flag (1 = vegetated)
    pub veg: Option<f32>,
}

/// AET/P for one pixel (`fractp_op`); −1 when any input is nodata or P = 0.
///
/// # Units
/// `z` is unitless; depths and water in mm; the result is a fraction.
pub fn fractp(p: &Pixel, z: f32) -> f32 {
    let (Some(kc), Some(eto), Some(precip), Some(root), Some(soil), Some(pawc), Some(veg)) =
        (p.kc, p.eto, p.precip, p.root, p.soil, p.pawc, p.veg)
    else {
        return NODATA;
    };
    if precip == 0.0 {
        return NODATA;
    }
    let pet = kc * eto;
    let phi = pet / precip;
    let awc = if root < soil { root } else { soil } * pawc;
    let mut w = awc / precip * z + 1.25;
    if w > 5.0 {
        w = 5.0;
    }
    let aet_p = (1.0 + pet / precip) - (1.0 + (pet / precip).powf(w)).powf(1.0 / w);
    if veg == 1.0 {
        if phi < aet_p {
            phi
        } else {
            aet_p
        }
    } else {
        (if pet < precip { pet } else { precip }) / precip
    }
}

/// (wyield, aet) in mm/yr from fractp and P; −1 where either is nodata.
pub fn yield_and_aet(fractp: f32, precip: Option<f32>) -> (f32, f32) {
    match precip {
        Some(p) if fractp != NODATA => ((1.0 - fractp) * p, fractp * p),
        _ => (NODATA, NODATA),
    }
}

/// Hydropower parameters of one watershed (InVEST valuation table).
#[derive(Debug, Clone, Copy)]
pub struct Valuation {
    /// turbine efficiency
    pub efficiency: f64,
    /// fraction of inflow used
    pub fraction: f64,
    /// head (m)
    pub height: f64,
    /// currency/kWh
    pub kw_price: f64,
    /// currency/yr
    pub cost: f64,
    /// years
    pub time_span: f64,
    /// %
    pub discount: f64,
}

/// Hydropower energy (kWh/yr) and value (currency) for one watershed with
/// realised supply `rsupply_m3`.
///
/// `energy = efficiency·fraction·height·rsupply·0.00272` (InVEST User's
/// Guide, Annual Water Yield, hydropower; 0.00272 kWh per m³·m), and
/// `value = (price·energy − cost)·Σ_{t=0}^{T−1} ρ^t`, ρ = 1/(1 + discount/100).
/// InVEST 3.20 leaves the sum at 0 when the discount rate is 0; reproduced.
pub fn hydropower(v: &Valuation, rsupply_m3: f64) -> (f64, f64) {
    let energy = v.efficiency * v.fraction * v.height * rsupply_m3 * 0.00272;
    let rho = 1.0 / (1.0 + v.discount / 100.0);
    let dsum = if rho == 1.0 {
        0.0
    } else {
        (1.0 - rho.powf(v.time_span)) / (1.0 - rho)
    };
    (energy, (v.kw_price * energy - v.cost) * dsum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractp_matches_invest_a1() {
        // tests/test_annual_water_yield.py::test_fractp_op, Z = 6
        let kc = [1.0, 0.1, 0.1, 0.6, 0.6, 0.1];
        let eto = [1000.0, 900.0, 900.0, 1100.0, 1005.0, 1000.0];
        let precip = [100.0, 1000.0, 10.0, 500.0, 800.0, 1100.0];
        let root = [99.0, 300.0, 400.0, 5.0, 500.0, 800.0];
        let soil = [600.0, 700.0, 700.0, 800.0, 900.0, 600.0];
        let pawc = [0.11, 0.11, 0.12, 0.55, 0.55, 0.19];
        let veg = [1.0, 1.0, 0.0, 0.0, 1.0, 0.0];
        let want = [
            0.934_568_2,
            0.068_965_08,
            1.0,
            1.0,
            0.648_742_3,
            0.090_909_09,
        ];
        for i in 0..6 {
            let p = Pixel {
                kc: Some(kc[i]),
                eto: Some(eto[i]),
                precip: Some(precip[i]),
                root: Some(root[i]),
                soil: Some(soil[i]),
                pawc: Some(pawc[i]),
                veg: Some(veg[i]),
            };
            let f = fractp(&p, 6.0);
            assert!(
                (f - want[i]).abs() <= 1e-6 * want[i],
                "{i}: {f} vs {}",
                want[i]
            );
        }
    }

    #[test]
    fn zero_precipitation_is_nodata() {
        let p = Pixel {
            kc: Some(1.0),
            eto: Some(1.0),
            precip: Some(0.0),
            root: Some(1.0),
            soil: Some(1.0),
            pawc: Some(0.1),
            veg: Some(1.0),
        };
        assert_eq!(fractp(&p, 5.0), NODATA);
        assert_eq!(yield_and_aet(NODATA, Some(10.0)), (NODATA, NODATA));
    }

    #[test]
    fn hydropower_matches_invest_a2() {
        let mut val = Valuation {
            efficiency: 0.7,
            fraction: 0.9,
            height: 12.0,
            kw_price: 15.0,
            cost: 100.0,
            time_span: 10.0,
            discount: 60.0,
        };
        let (e, v) = hydropower(&val, 940.0);
        assert!((e - 19.329_408).abs() < 1e-9);
        assert!((v - 501.902_974_872_3).abs() < 1e-6, "{v}");
        val = Valuation {
            efficiency: 0.8,
            fraction: 0.7,
            height: 50.0,
            kw_price: 20.0,
            cost: 200.0,
            time_span: 10.0,
            discount: 20.0,
        };
        let (e, v) = hydropower(&val, 730.0);
        assert!((e - 55.5968).abs() < 1e-9);
        assert!((v - 4_587.919_468_570_59).abs() < 1e-6, "{v}");
        val.discount = 0.0;
        assert_eq!(hydropower(&val, 730.0).1, 0.0);
    }
}
