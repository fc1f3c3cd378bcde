//! `ecocap models`, `ecocap run MODEL` and `ecocap validate MODEL`: thin
//! glue over `ecocap_app::models`. Input errors come back as
//! `ecocap_app::models::ModelsError` (exit status 2 when
//! `is_input_error`).

use std::path::PathBuf;

use clap::Args;
use ecocap_app::models::{list_models, model_spec, run_model, validate_model};
use ecocap_models::ModelError;

use crate::cli_progress::Bars;

/// `ecocap models [MODEL] [--json]`.
#[derive(Args, Debug)]
pub struct ModelsArgs {
    /// Show this model's inputs and outputs (id or alias, e.g. awy).
    model: Option<String>,
    /// Print the spec(s) as JSON (inputs, units, labels, required-if rules, outputs).
    #[arg(long)]
    json: bool,
}

/// The arguments source shared by run and validate.
#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
pub struct ArgsSource {
    /// InVEST datastack (.invs.json); relative paths are resolved from its folder.
    #[arg(long)]
    datastack: Option<PathBuf>,
    /// TOML args file (InVEST arg ids as keys, or under [args]).
    #[arg(long)]
    args: Option<PathBuf>,
}

impl ArgsSource {
    fn path(&self) -> PathBuf {
        self.datastack
            .clone()
            .or_else(|| self.args.clone())
            .unwrap_or_default()
    }
}

/// `ecocap run MODEL (--datastack FILE | --args FILE.toml) --workspace DIR`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Model id or alias (see `ecocap models`).
    model: String,
    #[command(flatten)]
    source: ArgsSource,
    /// Output folder (InVEST's workspace layout, plus manifest.json).
    #[arg(long)]
    workspace: PathBuf,
    /// Write into a folder that holds another command's outputs (manifest.json of e.g. `ecocap esv`); its files are kept, its manifest.json is replaced.
    #[arg(long)]
    force: bool,
    /// No progress bars.
    #[arg(long)]
    quiet: bool,
}

/// `ecocap validate MODEL (--datastack FILE | --args FILE.toml)`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Model id or alias.
    model: String,
    #[command(flatten)]
    source: ArgsSource,
}

/// List models, or show one model's spec.
pub fn list(a: &ModelsArgs) -> anyhow::Result<()> {
    if let Some(m) = &a.model {
        let spec = model_spec(m)?;
        if a.json {
            println!("{}", spec.to_json());
            return Ok(());
        }
        println!(
            "{} — {} ({})\n{}\n\ninputs:",
            spec.id, spec.name_en, spec.name_zh, spec.about
        );
        for i in &spec.inputs {
            let unit = if i.unit.is_empty() {
                String::new()
            } else {
                format!(" [{}]", i.unit)
            };
            let req = match &i.required {
                ecocap_spec::Required::Always => "required".to_string(),
                ecocap_spec::Required::Optional => "optional".to_string(),
                ecocap_spec::Required::If(c) => format!("required if {}", c.describe()),
            };
            let default = i
                .default
                .as_ref()
                .map(|d| format!(", default {d}"))
                .unwrap_or_default();
            println!(
                "  {:34} {}{unit} ({}), {req}{default}",
                i.id, i.label_en, i.label_zh
            );
        }
        println!("\noutputs:");
        for o in &spec.outputs {
            println!("  {:40} [{}] {}", o.path, o.unit, o.about);
        }
        return Ok(());
    }
    if a.json {
        let specs: Vec<_> = ecocap_models::registry()
            .iter()
            .map(|m| (m.spec)())
            .collect();
        println!("{}", serde_json::to_string_pretty(&specs)?);
        return Ok(());
    }
    for m in list_models() {
        let aliases = if m.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also: {})", m.aliases.join(", "))
        };
        println!("{:20} {} / {}{aliases}", m.id, m.name_en, m.name_zh);
    }
    Ok(())
}

/// Run a model into a workspace.
pub fn run(a: &RunArgs) -> anyhow::Result<()> {
    let bars = Bars::new(a.quiet);
    let s = run_model(&a.model, &a.source.path(), &a.workspace, a.force, &bars)?;
    for n in &s.notes {
        eprintln!("note: {n}");
    }
    println!(
        "{}: {} outputs in {}",
        s.model,
        s.outputs.len(),
        s.workspace.display()
    );
    println!("{}", serde_json::to_string_pretty(&s.summary)?);
    Ok(())
}

/// Validate inputs; every problem at once, exit status 2 when any.
pub fn validate(a: &ValidateArgs) -> anyhow::Result<()> {
    let problems = validate_model(&a.model, &a.source.path())?;
    if problems.is_empty() {
        println!("{}: all inputs are valid", a.model);
        return Ok(());
    }
    let model = ecocap_models::find(&a.model)
        .map(|m| m.id.to_string())
        .unwrap_or_else(|_| a.model.clone());
    Err(ecocap_app::models::ModelsError::from(ModelError::Invalid { model, problems }).into())
}

impl RunArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> (&std::path::Path, &'static str) {
        (&self.workspace, "--workspace")
    }
}
