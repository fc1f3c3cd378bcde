//! The declaration types: a model, its inputs, outputs and rules.

use serde::Serialize;

/// One column of a CSV table input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// column name (matched ignoring case)
    pub id: &'static str,
    /// unit of the column's values ("1" for ratios, "" for text and codes)
    pub unit: &'static str,
    /// what the column holds
    pub about: &'static str,
    /// false when the column may be absent
    pub required: bool,
}

impl Column {
    /// A required column.
    pub const fn new(id: &'static str, unit: &'static str, about: &'static str) -> Column {
        Column {
            id,
            unit,
            about,
            required: true,
        }
    }

    /// An optional column.
    pub const fn optional(id: &'static str, unit: &'static str, about: &'static str) -> Column {
        Column {
            id,
            unit,
            about,
            required: false,
        }
    }
}

/// What kind of value an input is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InputKind {
    /// a raster of continuous values (any GDAL format)
    RasterContinuous,
    /// a raster of integer classes or codes (any GDAL format)
    RasterClasses,
    /// a polygon vector; `fields` must exist (matched ignoring case)
    Vector {
        /// required attribute fields
        fields: Vec<&'static str>,
    },
    /// a CSV table with these columns
    Table {
        /// declared columns
        columns: Vec<Column>,
    },
    /// a real number
    Number,
    /// a whole number (e.g. a year)
    Integer,
    /// a ratio in [0, 1]
    Ratio,
    /// a percentage (5 means 5 %)
    Percent,
    /// true or false
    Boolean,
    /// one of fixed choices (matched ignoring case)
    Option {
        /// allowed values
        choices: Vec<&'static str>,
    },
    /// a directory
    Directory,
    /// free text (e.g. a results suffix)
    Text,
}

impl InputKind {
    /// True for inputs that hold a number.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            InputKind::Number | InputKind::Integer | InputKind::Ratio | InputKind::Percent
        )
    }

    /// True for inputs that name a file or directory.
    pub fn is_path(&self) -> bool {
        matches!(
            self,
            InputKind::RasterContinuous
                | InputKind::RasterClasses
                | InputKind::Vector { .. }
                | InputKind::Table { .. }
                | InputKind::Directory
        )
    }
}

/// A typed condition on other inputs' values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "if", rename_all = "snake_case")]
pub enum Condition {
    /// the boolean input is true
    IsTrue {
        /// input id
        input: &'static str,
    },
    /// the input is given (not empty)
    Provided {
        /// input id
        input: &'static str,
    },
    /// the option input equals this choice (ignoring case)
    Equals {
        /// input id
        input: &'static str,
        /// choice
        value: &'static str,
    },
    /// every condition holds
    All {
        /// conditions
        all: Vec<Condition>,
    },
    /// at least one condition holds
    Any {
        /// conditions
        any: Vec<Condition>,
    },
}

impl Condition {
    /// `input` is true.
    pub fn is_true(input: &'static str) -> Condition {
        Condition::IsTrue { input }
    }

    /// `input` is given.
    pub fn provided(input: &'static str) -> Condition {
        Condition::Provided { input }
    }

    /// Every input id this condition names.
    pub fn inputs(&self) -> Vec<&'static str> {
        match self {
            Condition::IsTrue { input }
            | Condition::Provided { input }
            | Condition::Equals { input, .. } => vec![input],
            Condition::All { all: c } | Condition::Any { any: c } => {
                c.iter().flat_map(Condition::inputs).collect()
            }
        }
    }

    /// Plain-English rendering for messages ("do_valuation is true").
    pub fn describe(&self) -> String {
        match self {
            Condition::IsTrue { input } => format!("{input} is true"),
            Condition::Provided { input } => format!("{input} is given"),
            Condition::Equals { input, value } => format!("{input} is \"{value}\""),
            Condition::All { all } => join(all, " and "),
            Condition::Any { any } => join(any, " or "),
        }
    }
}

fn join(c: &[Condition], sep: &str) -> String {
    c.iter()
        .map(Condition::describe)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Whether an input must be given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Required {
    /// always
    Always,
    /// never
    Optional,
    /// when the condition holds
    If(Condition),
}

/// A constraint on a numeric input's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Constraint {
    /// value ≥ min (or > min when `exclusive`)
    Min {
        /// bound
        min: f64,
        /// strict bound
        exclusive: bool,
    },
    /// value ≤ max (or < max when `exclusive`)
    Max {
        /// bound
        max: f64,
        /// strict bound
        exclusive: bool,
    },
}

impl Constraint {
    /// True when `x` satisfies the constraint.
    pub fn holds(&self, x: f64) -> bool {
        match self {
            Constraint::Min { min, exclusive } => {
                if *exclusive {
                    x > *min
                } else {
                    x >= *min
                }
            }
            Constraint::Max { max, exclusive } => {
                if *exclusive {
                    x < *max
                } else {
                    x <= *max
                }
            }
        }
    }

    /// The rule as text, e.g. `> 0` or `≤ 1`.
    pub fn describe(&self) -> String {
        match self {
            Constraint::Min { min, exclusive } => {
                format!("{} {min}", if *exclusive { ">" } else { "≥" })
            }
            Constraint::Max { max, exclusive } => {
                format!("{} {max}", if *exclusive { "<" } else { "≤" })
            }
        }
    }
}

/// A rule between two inputs, checked when both are given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CrossRule {
    /// `smaller` < `larger` (e.g. baseline year < alternate year)
    LessThan {
        /// input that must be smaller
        smaller: &'static str,
        /// input that must be larger
        larger: &'static str,
    },
    /// at least one of these booleans is true
    AnyTrue {
        /// boolean input ids
        inputs: Vec<&'static str>,
    },
}

impl CrossRule {
    /// Every input id the rule names.
    pub fn inputs(&self) -> Vec<&'static str> {
        match self {
            CrossRule::LessThan { smaller, larger } => vec![smaller, larger],
            CrossRule::AnyTrue { inputs } => inputs.clone(),
        }
    }
}

/// One declared input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSpec {
    /// id, as in InVEST's args (e.g. `lulc_bas_path`)
    pub id: &'static str,
    /// kind of value
    pub kind: InputKind,
    /// unit of the value ("1" for unitless, "" for non-numeric)
    pub unit: &'static str,
    /// English label
    pub label_en: &'static str,
    /// Chinese label
    pub label_zh: &'static str,
    /// longer help text
    pub about: &'static str,
    /// whether it must be given
    pub required: Required,
    /// default value, if any
    pub default: Option<serde_json::Value>,
    /// value constraints: of the value (numeric inputs) or of every valid
    /// pixel (continuous rasters, checked when the data are validated)
    pub constraints: Vec<Constraint>,
}

impl InputSpec {
    /// A required input with no unit.
    pub fn new(
        id: &'static str,
        kind: InputKind,
        label_en: &'static str,
        label_zh: &'static str,
    ) -> InputSpec {
        let unit = match kind {
            InputKind::Ratio => "1",
            InputKind::Percent => "%",
            _ => "",
        };
        InputSpec {
            id,
            kind,
            unit,
            label_en,
            label_zh,
            about: "",
            required: Required::Always,
            default: None,
            constraints: Vec::new(),
        }
    }

    /// Set the unit.
    pub fn unit(mut self, unit: &'static str) -> InputSpec {
        self.unit = unit;
        self
    }

    /// Set the help text.
    pub fn about(mut self, about: &'static str) -> InputSpec {
        self.about = about;
        self
    }

    /// Make the input optional.
    pub fn optional(mut self) -> InputSpec {
        self.required = Required::Optional;
        self
    }

    /// Require the input when `c` holds.
    pub fn required_if(mut self, c: Condition) -> InputSpec {
        self.required = Required::If(c);
        self
    }

    /// Set the default value.
    pub fn default(mut self, v: serde_json::Value) -> InputSpec {
        self.default = Some(v);
        self
    }

    /// value ≥ min.
    pub fn min(mut self, min: f64) -> InputSpec {
        self.constraints.push(Constraint::Min {
            min,
            exclusive: false,
        });
        self
    }

    /// value > min.
    pub fn above(mut self, min: f64) -> InputSpec {
        self.constraints.push(Constraint::Min {
            min,
            exclusive: true,
        });
        self
    }

    /// value ≤ max.
    pub fn max(mut self, max: f64) -> InputSpec {
        self.constraints.push(Constraint::Max {
            max,
            exclusive: false,
        });
        self
    }
}

/// One declared output file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputSpec {
    /// path relative to the workspace (InVEST's name and folder)
    pub path: &'static str,
    /// unit of the values ("1" for unitless, "" for masks and ids)
    pub unit: &'static str,
    /// what it holds
    pub about: &'static str,
    /// condition under which it is written (None: always)
    pub when: Option<Condition>,
}

impl OutputSpec {
    /// An output always written.
    pub fn new(path: &'static str, unit: &'static str, about: &'static str) -> OutputSpec {
        OutputSpec {
            path,
            unit,
            about,
            when: None,
        }
    }

    /// An output written only when `c` holds.
    pub fn when(mut self, c: Condition) -> OutputSpec {
        self.when = Some(c);
        self
    }
}

/// A model declared once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSpec {
    /// id (InVEST's model id, e.g. `annual_water_yield`)
    pub id: &'static str,
    /// other names accepted on the command line (e.g. `awy`)
    pub aliases: Vec<&'static str>,
    /// English name
    pub name_en: &'static str,
    /// Chinese name
    pub name_zh: &'static str,
    /// one-paragraph description with its main reference
    pub about: &'static str,
    /// inputs, in display order
    pub inputs: Vec<InputSpec>,
    /// outputs
    pub outputs: Vec<OutputSpec>,
    /// rules between inputs
    pub rules: Vec<CrossRule>,
}

impl ModelSpec {
    /// An empty spec.
    pub fn new(
        id: &'static str,
        name_en: &'static str,
        name_zh: &'static str,
        about: &'static str,
    ) -> ModelSpec {
        ModelSpec {
            id,
            aliases: Vec::new(),
            name_en,
            name_zh,
            about,
            inputs: Vec::new(),
            outputs: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Add an alias.
    pub fn alias(mut self, a: &'static str) -> ModelSpec {
        self.aliases.push(a);
        self
    }

    /// Add an input.
    pub fn input(mut self, i: InputSpec) -> ModelSpec {
        self.inputs.push(i);
        self
    }

    /// Add an output.
    pub fn output(mut self, o: OutputSpec) -> ModelSpec {
        self.outputs.push(o);
        self
    }

    /// Add a cross-input rule.
    pub fn rule(mut self, r: CrossRule) -> ModelSpec {
        self.rules.push(r);
        self
    }

    /// The input declared with `id`.
    pub fn get(&self, id: &str) -> Option<&InputSpec> {
        self.inputs.iter().find(|i| i.id == id)
    }

    /// The spec as pretty JSON (for forms, docs and other front ends).
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
