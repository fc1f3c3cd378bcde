//! Declarative model specifications for ecocap (base layer).
//!
//! A model is declared once as a [`ModelSpec`]: every input with its id,
//! [`InputKind`], unit, English and Chinese label, default, constraints and
//! typed required-if [`Condition`]s, every output with its relative path and
//! unit, and cross-input [`CrossRule`]s. The same declaration drives static
//! validation ([`validate`], which reports *all* problems keyed by input id
//! and does no I/O), help text and the JSON export ([`ModelSpec::to_json`]).
//!
//! Conditions are values, never strings run through `eval` (the InVEST
//! habit STYLE.md asks us to avoid).
//!
//! ```
//! use ecocap_spec::{Args, Condition, InputKind, InputSpec, ModelSpec, Required, validate};
//!
//! let spec = ModelSpec::new("demo", "Demo", "演示", "A tiny model.")
//!     .input(InputSpec::new("do_valuation", InputKind::Boolean, "Run valuation", "计算价值")
//!         .optional())
//!     .input(InputSpec::new("price", InputKind::Number, "Price", "价格")
//!         .unit("yuan/t")
//!         .required_if(Condition::is_true("do_valuation")));
//! let mut args = Args::default();
//! args.set("do_valuation", true.into());
//! let problems = validate(&spec, &args);
//! assert_eq!(problems.len(), 1);
//! assert_eq!(problems[0].input, "price");
//! ```

mod args;
mod markdown;
mod spec;
mod validate;

pub use args::{Args, ArgsError};
pub use spec::{
    Column, Condition, Constraint, CrossRule, InputKind, InputSpec, ModelSpec, OutputSpec, Required,
};
pub use validate::{validate, Problem};
