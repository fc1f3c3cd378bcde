//! `ecocap esv` and `ecocap demo`.

use crate::cli_progress::Bars;
use anyhow::Context;
use clap::Args;
use ecocap_accounts::esv::{EsvAccount, Factor, StandardValue};
use ecocap_app::esv::{
    run_esv, BasisSpec, EsvInput, EsvOptions, FactorRaster, MappingSpec, RasterInput,
};
use ecocap_app::{AppError, Progress};
use ecocap_params::CsvTable;
use ecocap_units::AreaUnit;
use std::path::PathBuf;

#[derive(Args)]
pub struct EsvArgs {
    /// Area table (CSV: zone,year,class,area; zone and year optional).
    #[arg(
        long,
        conflicts_with = "landcover",
        required_unless_present = "landcover"
    )]
    areas: Option<PathBuf>,
    /// Unit of the area column: ha, hm2, km2, mu (亩), m2.
    #[arg(long, default_value = "ha")]
    area_unit: String,
    /// Land-cover rasters, one per year, comma-separated.
    #[arg(long, value_delimiter = ',')]
    landcover: Vec<PathBuf>,
    /// Years of the land-cover rasters, comma-separated, same order.
    #[arg(long, value_delimiter = ',')]
    years: Vec<i32>,
    /// Nodata code of the land-cover rasters (when they declare none, or to override).
    #[arg(long)]
    nodata: Option<f64>,
    /// Zones (GeoPackage, Shapefile or GeoJSON polygons).
    #[arg(long, requires = "zone_field")]
    zones: Option<PathBuf>,
    /// Field of the zones layer holding the zone id.
    #[arg(long)]
    zone_field: Option<String>,
    /// Class mapping: a CSV (class,ecosystem_type) or a shipped one: clcd, cnlucc, globeland30, worldcover, igbp.
    #[arg(long)]
    mapping: String,
    /// Value table: xie2015, xie2008, xie2003 (equivalents), costanza2014, costanza1997_2007usd (unit values), or your own equivalent table (CSV: ecosystem_type + one column per service).
    #[arg(long, default_value = "xie2015")]
    table: String,
    /// Value of one standard equivalent, yuan/hm² (e.g. 3406.5, China 2010).
    #[arg(long)]
    unit_value: Option<f64>,
    /// Price year of --unit-value, --grain-price, --crops or --unit-values.
    #[arg(long)]
    price_year: Option<i32>,
    /// Grain price, yuan/kg (1/7 rule, with --grain-yield).
    #[arg(long, requires = "grain_yield")]
    grain_price: Option<f64>,
    /// Average grain yield, kg/hm² (1/7 rule, with --grain-price).
    #[arg(long, requires = "grain_price")]
    grain_yield: Option<f64>,
    /// Crop table (CSV: crop,sown_area,net_profit in yuan/hm²) for the Xie 2015 net-profit rule.
    #[arg(long)]
    crops: Option<PathBuf>,
    /// Your own unit values (CSV: ecosystem_type,value or ecosystem_type,service,value) per ha per year.
    #[arg(long, requires = "currency")]
    unit_values: Option<PathBuf>,
    /// Currency of --unit-values, e.g. yuan or USD.
    #[arg(long)]
    currency: Option<String>,
    /// Regional coefficient multiplying every value (e.g. 0.94).
    #[arg(long, default_value_t = 1.0)]
    regional: f64,
    /// Scalar adjustment factors (CSV: zone,factor,value; factor npp|precipitation|soil; zone * = all).
    #[arg(long)]
    factors: Option<PathBuf>,
    /// NPP rasters, g C/m²/yr (one, or one per year): factor = cell / reference mean; cells outside 0–4000 are refused.
    #[arg(long, value_delimiter = ',')]
    npp: Vec<PathBuf>,
    /// Reference mean NPP (default: the raster's own mean).
    #[arg(long)]
    npp_mean: Option<f64>,
    /// Precipitation rasters, mm/yr (one, or one per year); cells outside 0–27000 are refused.
    #[arg(long, value_delimiter = ',')]
    precipitation: Vec<PathBuf>,
    /// Reference mean precipitation.
    #[arg(long)]
    precipitation_mean: Option<f64>,
    /// Soil-conservation rasters (one, or one per year).
    #[arg(long, value_delimiter = ',')]
    soil: Vec<PathBuf>,
    /// Reference mean soil conservation.
    #[arg(long)]
    soil_mean: Option<f64>,
    /// Override which factor governs a service: service=npp|precipitation|soil|none (repeatable, comma-separated).
    #[arg(long, value_delimiter = ',')]
    factor_map: Vec<String>,
    /// Resample inputs whose grid differs onto the first land-cover grid.
    #[arg(long)]
    align: bool,
    /// Do not write per-cell ESV density rasters.
    #[arg(long)]
    no_rasters: bool,
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
    /// Write into a folder that holds another command's outputs (manifest.json of e.g. `ecocap esv`); its files are kept, its manifest.json is replaced.
    #[arg(long)]
    force: bool,
    /// No progress bars or notes.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Output directory.
    #[arg(long, default_value = "demo-out")]
    out: PathBuf,
    /// Write into esv/, account/ and seea/ even if one holds another command's outputs (manifest.json); its files are kept.
    #[arg(long)]
    force: bool,
    /// No progress bars.
    #[arg(long, short)]
    quiet: bool,
}

fn read_crops(path: &std::path::Path) -> anyhow::Result<Vec<(String, f64, f64)>> {
    let (t, _) = CsvTable::from_path(path)?;
    let (cc, ca, cp) = (
        t.column("crop")?,
        t.column("sown_area")?,
        t.column("net_profit")?,
    );
    let mut out = Vec::new();
    for row in &t.rows {
        out.push((
            t.text(row, cc)?.to_string(),
            t.number(row, ca, "sown area (any unit, same for all crops)")?,
            t.number(row, cp, "net profit in yuan/hm²")?,
        ));
    }
    Ok(out)
}

fn basis(a: &EsvArgs) -> anyhow::Result<BasisSpec> {
    if let Some(path) = &a.unit_values {
        let year = a.price_year.ok_or_else(|| {
            AppError::input(
                "--unit-values",
                "no price year given",
                "add --price-year YEAR (the year the values are expressed in)",
            )
        })?;
        return Ok(BasisSpec::UnitValueFile {
            path: path.clone(),
            currency: a.currency.clone().unwrap_or_default(),
            price_year: u16::try_from(year).unwrap_or(0),
        });
    }
    let lower = a.table.trim().to_ascii_lowercase();
    if ecocap_params::builtin_unit_value_names().contains(&lower.as_str()) {
        return Ok(BasisSpec::UnitValues { table: lower });
    }
    let table = if lower.ends_with(".csv") || std::path::Path::new(&a.table).exists() {
        a.table.clone()
    } else {
        lower
    };
    let standard = if let Some(v) = a.unit_value {
        StandardValue::direct(v, a.price_year)?
    } else if let (Some(p), Some(y)) = (a.grain_price, a.grain_yield) {
        StandardValue::grain_one_seventh(p, y, a.price_year)?
    } else if let Some(c) = &a.crops {
        StandardValue::net_profit(read_crops(c)?, a.price_year)?
    } else {
        return Err(AppError::input(
            "--unit-value",
            "the value of one standard equivalent is not given",
            "give --unit-value 3406.5 --price-year 2010 (China 2010, Xie et al. 2015), or --grain-price P --grain-yield Y (1/7 rule), or --crops FILE (net-profit rule)",
        )
        .into());
    };
    Ok(BasisSpec::Equivalent { table, standard })
}

fn options(a: &EsvArgs) -> anyhow::Result<EsvOptions> {
    let input = if let Some(p) = &a.areas {
        let unit: AreaUnit =
            a.area_unit
                .parse()
                .map_err(|e: ecocap_units::area::UnknownAreaUnit| {
                    AppError::input(
                        "--area-unit",
                        e.to_string(),
                        "use one of ha, hm2, km2, mu, m2",
                    )
                })?;
        EsvInput::Areas {
            path: p.clone(),
            unit,
        }
    } else {
        let mut factors = Vec::new();
        for (factor, paths, mean) in [
            (Factor::Npp, &a.npp, a.npp_mean),
            (
                Factor::Precipitation,
                &a.precipitation,
                a.precipitation_mean,
            ),
            (Factor::SoilConservation, &a.soil, a.soil_mean),
        ] {
            if !paths.is_empty() {
                factors.push(FactorRaster {
                    factor,
                    paths: paths.clone(),
                    reference_mean: mean,
                });
            }
        }
        EsvInput::Rasters(RasterInput {
            landcover: a.landcover.clone(),
            years: a.years.clone(),
            nodata: a.nodata,
            zones: a.zones.clone().zip(a.zone_field.clone()),
            factors,
            align: a.align,
        })
    };
    Ok(EsvOptions {
        input,
        mapping: MappingSpec::parse(&a.mapping),
        basis: basis(a)?,
        regional: a.regional,
        factor_table: a.factors.clone(),
        factor_map: a.factor_map.clone(),
        pixel_rasters: !a.no_rasters,
        out: a.out.clone(),
        force: a.force,
    })
}

fn summary(acc: &EsvAccount) -> String {
    let mut s = format!(
        "{:<16} {:>6} {:>16} {:>14} {:>12}\n",
        "zone", "year", "ESV (1e8 yuan)", "area (ha)", "per ha"
    );
    let scale = if acc.currency == "yuan" { 1e8 } else { 1.0 };
    for (z, y, v, a) in acc.totals() {
        s.push_str(&format!(
            "{:<16} {:>6} {:>16.4} {:>14.2} {:>12.2}\n",
            z,
            y.map(|y| y.to_string()).unwrap_or_else(|| "-".into()),
            v / scale,
            a,
            if a > 0.0 { v / a } else { 0.0 }
        ));
    }
    if acc.currency != "yuan" {
        s = s.replace("ESV (1e8 yuan)", &format!("ESV ({})", acc.currency));
    }
    s
}

pub fn run(a: &EsvArgs) -> anyhow::Result<()> {
    let opts = options(a)?;
    let bars = Bars::new(a.quiet);
    let outcome = run_esv(&opts, &bars)?;
    for n in &outcome.notes {
        bars.note(n);
    }
    print!("{}", summary(&outcome.account));
    println!(
        "{} files written to {}",
        outcome.files.len(),
        opts.out.display()
    );
    Ok(())
}

pub fn demo(a: &DemoArgs) -> anyhow::Result<()> {
    let bars = Bars::new(a.quiet);
    let t = std::time::Instant::now();
    let (inputs, outcome) =
        ecocap_app::demo::run_demo(&a.out, a.force, &bars).context("demo failed")?;
    println!("Synthetic basin ({0}×{0} cells of 30 m, CLCD classes, 3 counties), Xie 2015 × 3406.5 yuan/hm² (2010), NPP and precipitation adjustments:\n", ecocap_app::demo::SIZE);
    print!("{}", summary(&outcome.account));
    for n in &outcome.notes {
        bars.note(n);
    }
    let account = ecocap_app::demo::run_account_demo(&a.out, &inputs, a.force, &bars)?;
    println!(
        "\nGEP account (固碳释氧, 水源涵养, 土壤保持, 防风固沙, 气候调节, 病虫害控制 from the rasters; agriculture and recreation from statistics), 2010 prices:\n"
    );
    print!("{}", ecocap_app::account::summary_table(&account));
    for n in &account.notes {
        bars.note(n);
    }
    let seea = ecocap_app::demo_seea::run_seea_demo(&a.out, a.force, &bars)?;
    println!(
        "\nSEEA EA accounts 2000→2020 (extent, change matrix, condition, supply and use, asset account): {} files in {}/seea",
        seea.files.len(),
        a.out.display()
    );
    let cba = ecocap_app::demo_cba::run_cba_demo(&a.out, &inputs, a.force, &bars)?;
    println!("\nCBA of returning upper cropland to forest (退耕还林), benefits = ESV change (restored − 2020 map):\n");
    crate::cba_cmd::print_summary(&cba.results);
    println!(
        "\nreports: {0}/esv/summary.md, {0}/account/report.html (maps in {0}/account/maps/), {0}/seea/, {0}/cba/report.html (config templates in {0}/inputs/) in {1:.1} s",
        a.out.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

impl EsvArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> (&std::path::Path, &'static str) {
        (&self.out, "--out")
    }
}

impl DemoArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> (&std::path::Path, &'static str) {
        (&self.out, "--out")
    }
}
