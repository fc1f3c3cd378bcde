//! Static validation: types, ranges, required-if and cross-input rules.
//! No file is opened here; every problem is returned at once, keyed by
//! input id, in the order the spec declares the inputs.

use serde::Serialize;

use crate::args::Args;
use crate::spec::{Condition, Constraint, CrossRule, InputKind, InputSpec, ModelSpec, Required};

/// One problem with one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// input id
    pub input: String,
    /// what is wrong, with a hint where one is known
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.input, self.message)
    }
}

impl Condition {
    /// Whether the condition holds for `args`.
    pub fn holds(&self, args: &Args) -> bool {
        match self {
            Condition::IsTrue { input } => args.flag(input),
            Condition::Provided { input } => args.is_given(input),
            Condition::Equals { input, value } => args
                .text(input)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(value)),
            Condition::All { all } => all.iter().all(|c| c.holds(args)),
            Condition::Any { any } => any.iter().any(|c| c.holds(args)),
        }
    }
}

/// Check `args` against `spec`; empty when everything is valid.
pub fn validate(spec: &ModelSpec, args: &Args) -> Vec<Problem> {
    let mut out = Vec::new();
    for input in &spec.inputs {
        if let Some(message) = check_input(input, args) {
            out.push(Problem {
                input: input.id.to_string(),
                message,
            });
        }
    }
    for rule in &spec.rules {
        check_rule(rule, args, &mut out);
    }
    out
}

fn check_input(input: &InputSpec, args: &Args) -> Option<String> {
    if !args.is_given(input.id) {
        return match &input.required {
            Required::Always if input.default.is_none() => Some(format!(
                "input is required but has no value ({})\nhint: give {}",
                input.label_en, input.label_en
            )),
            Required::If(c) if c.holds(args) && input.default.is_none() => Some(format!(
                "input is required because {} ({})\nhint: give it, or change {}",
                c.describe(),
                input.label_en,
                c.inputs().join(", ")
            )),
            _ => None,
        };
    }
    match &input.kind {
        k if k.is_numeric() => check_number(input, args),
        InputKind::Boolean => args
            .bool(input.id)
            .err()
            .map(|e| first_line(&e.to_string())),
        InputKind::Option { choices } => {
            let t = args.text(input.id).unwrap_or_default();
            if choices.iter().any(|c| c.eq_ignore_ascii_case(t.trim())) {
                None
            } else {
                Some(format!(
                    "value \"{t}\" is not one of {}\nhint: choose one of these",
                    choices.join(", ")
                ))
            }
        }
        k if k.is_path() => match args.path(input.id) {
            Some(_) => None,
            None => Some("expected a file path (text)\nhint: give the path as a string".into()),
        },
        _ => None,
    }
}

fn first_line(s: &str) -> String {
    s.split_once(": ")
        .map(|(_, r)| r.to_string())
        .unwrap_or_else(|| s.to_string())
}

fn check_number(input: &InputSpec, args: &Args) -> Option<String> {
    let x = match args.number(input.id) {
        Ok(Some(x)) => x,
        Ok(None) => return None,
        Err(e) => return Some(first_line(&e.to_string())),
    };
    if matches!(input.kind, InputKind::Integer) && x.fract() != 0.0 {
        return Some(format!(
            "value {x} is not a whole number\nhint: give an integer"
        ));
    }
    if matches!(input.kind, InputKind::Ratio) && !(0.0..=1.0).contains(&x) {
        let hint = if (1.0..=100.0).contains(&x) {
            format!(
                "this is a ratio in [0, 1]; if {x} is a percentage, give {}",
                x / 100.0
            )
        } else {
            "give a ratio between 0 and 1".to_string()
        };
        return Some(format!("value {x} is outside [0, 1]\nhint: {hint}"));
    }
    for c in &input.constraints {
        let bad = match c {
            Constraint::Min { min, exclusive } => {
                (*exclusive && x <= *min) || (!exclusive && x < *min)
            }
            Constraint::Max { max, exclusive } => {
                (*exclusive && x >= *max) || (!exclusive && x > *max)
            }
        };
        if bad {
            let rule = match c {
                Constraint::Min { min, exclusive } => {
                    format!("{} {min}", if *exclusive { ">" } else { "≥" })
                }
                Constraint::Max { max, exclusive } => {
                    format!("{} {max}", if *exclusive { "<" } else { "≤" })
                }
            };
            return Some(format!(
                "value {x} breaks the rule value {rule}\nhint: give a value {rule}{}",
                unit_note(input.unit)
            ));
        }
    }
    None
}

fn unit_note(unit: &str) -> String {
    if unit.is_empty() || unit == "1" {
        String::new()
    } else {
        format!(" (unit: {unit})")
    }
}

fn check_rule(rule: &CrossRule, args: &Args, out: &mut Vec<Problem>) {
    match rule {
        CrossRule::LessThan { smaller, larger } => {
            if let (Ok(Some(a)), Ok(Some(b))) = (args.number(smaller), args.number(larger)) {
                if a >= b {
                    out.push(Problem {
                        input: larger.to_string(),
                        message: format!(
                            "{larger} ({b}) must be greater than {smaller} ({a})\nhint: check that the two values are not swapped"
                        ),
                    });
                }
            }
        }
        CrossRule::AnyTrue { inputs } => {
            if !inputs.iter().any(|i| args.flag(i)) {
                out.push(Problem {
                    input: inputs.join(", "),
                    message: format!(
                        "at least one of {} must be true\nhint: set one of them to true",
                        inputs.join(", ")
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{InputKind as K, InputSpec as I};
    use serde_json::json;

    fn spec() -> ModelSpec {
        ModelSpec::new("t", "Test", "测试", "")
            .input(I::new("lulc", K::RasterClasses, "Land cover", "土地覆被"))
            .input(I::new("do_val", K::Boolean, "Valuation", "价值").optional())
            .input(
                I::new("price", K::Number, "Price", "价格")
                    .unit("yuan/t")
                    .min(0.0)
                    .required_if(Condition::is_true("do_val")),
            )
            .input(I::new("p", K::Ratio, "P factor", "P 因子").optional())
            .input(
                I::new(
                    "algo",
                    K::Option {
                        choices: vec!["D8", "MFD"],
                    },
                    "Routing",
                    "汇流",
                )
                .optional(),
            )
            .input(I::new("y0", K::Integer, "Year 0", "基年").optional())
            .input(I::new("y1", K::Integer, "Year 1", "末年").optional())
            .rule(CrossRule::LessThan {
                smaller: "y0",
                larger: "y1",
            })
    }

    #[test]
    fn reports_every_problem_keyed_by_input() {
        let mut a = Args::default();
        a.set("do_val", json!(true));
        a.set("p", json!(60));
        a.set("algo", json!("dinf"));
        a.set("y0", json!(2030));
        a.set("y1", json!(2020));
        let p = validate(&spec(), &a);
        let ids: Vec<&str> = p.iter().map(|p| p.input.as_str()).collect();
        assert_eq!(ids, vec!["lulc", "price", "p", "algo", "y1"]);
        assert!(p[1].message.contains("do_val is true"));
        assert!(p[2].message.contains("give 0.6"), "{}", p[2].message);
        assert!(p[4].message.contains("swapped"));
    }

    #[test]
    fn valid_args_give_no_problem() {
        let mut a = Args::default();
        a.set("lulc", json!("x.tif"));
        a.set("do_val", json!("false"));
        a.set("algo", json!("mfd"));
        assert!(validate(&spec(), &a).is_empty());
    }

    #[test]
    fn range_rules_name_the_value() {
        let mut a = Args::default();
        a.set("lulc", json!("x.tif"));
        a.set("do_val", json!(true));
        a.set("price", json!(-3));
        let p = validate(&spec(), &a);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("-3") && p[0].message.contains("yuan/t"));
    }

    #[test]
    fn json_export_is_tagged() {
        let j = spec().to_json();
        assert!(j.contains("\"type\": \"raster_classes\""));
        assert!(j.contains("\"if\": \"is_true\""));
    }
}
