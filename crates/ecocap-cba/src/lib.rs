//! Cost–benefit analysis with natural capital: the engine behind
//! `ecocap cba`. Pure types and functions, no I/O.
//!
//! - [`flow`], [`prices`]: costs and benefits by year, categories, growth,
//!   real or nominal prices, residual values;
//! - [`discount`]: DF_t = Π 1/(1+r_s) and the presets `china-8`,
//!   `china-6`, `uk-green-book`, `uk-health`, `us-a4-2003` (3 % and 7 %),
//!   `us-a4-2023` (rescinded in 2025), `constant`, and user schedules;
//! - [`measures`], [`project`]: NPV, PVB, PVC, BCR, IRR (every root),
//!   MIRR, payback, EAV, cost-effectiveness, switching values;
//! - [`economic`]: financial vs economic analysis with conversion factors
//!   (EIRR, ENPV, EBCR);
//! - [`montecarlo`], [`simulate`], [`voi`]: seeded Monte Carlo,
//!   P(NPV > 0), EVPI and per-variable EVPI, rank-correlation sensitivity;
//! - [`groups`]: distributional weights and the gender table.
//!
//! ```
//! use ecocap_cba::discount::preset;
//! use ecocap_cba::economic::Analysis;
//! use ecocap_cba::flow::{Amounts, Category, Flow, Kind};
//! use ecocap_cba::project::{Alternative, Project};
//! let flow = |name: &str, kind, y, v| {
//!     Flow::new(name, kind, Category::Capital, Amounts { values: vec![(y, v)], range: None })
//! };
//! let p = Project {
//!     start_year: 2025, end_year: 2026, price_year: 2025, currency: "yuan".into(),
//!     inflation: Default::default(), factors: Default::default(),
//!     alternatives: vec![Alternative {
//!         name: "restore".into(), effect: None,
//!         flows: vec![flow("build", Kind::Cost, 2025, 100.0), flow("gain", Kind::Benefit, 2026, 108.0)],
//!     }],
//! };
//! let s = &preset("china-8", None).unwrap()[0];
//! let e = p.evaluate(&p.alternatives[0], s, Analysis::Financial).unwrap();
//! assert!(e.npv.abs() < 1e-9); // 108 / 1.08 − 100
//! assert!((e.irr.unique().unwrap() - 0.08).abs() < 1e-9);
//! ```

pub mod discount;
pub mod economic;
pub mod error;
pub mod flow;
pub mod groups;
pub mod measures;
pub mod montecarlo;
pub mod prices;
pub mod project;
pub mod simulate;
pub mod voi;

pub use error::CbaError;
