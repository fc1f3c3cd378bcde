//! Markdown rendering of a spec (generated documentation: the tables in
//! docs/MODELS.md come from here and a test keeps them current).

use crate::spec::{InputKind, ModelSpec, Required};

fn kind_name(k: &InputKind) -> String {
    match k {
        InputKind::RasterContinuous => "raster (values)".into(),
        InputKind::RasterClasses => "raster (classes)".into(),
        InputKind::Vector { fields } => format!("vector [{}]", fields.join(", ")),
        InputKind::Table { columns } => format!(
            "table [{}]",
            columns
                .iter()
                .map(|c| match (c.unit, c.required) {
                    ("", true) => c.id.to_string(),
                    ("", false) => format!("{}?", c.id),
                    (u, true) => format!("{} ({u})", c.id),
                    (u, false) => format!("{}? ({u})", c.id),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        InputKind::Number => "number".into(),
        InputKind::Integer => "integer".into(),
        InputKind::Ratio => "ratio [0, 1]".into(),
        InputKind::Percent => "percent".into(),
        InputKind::Boolean => "boolean".into(),
        InputKind::Option { choices } => format!("one of {}", choices.join(", ")),
        InputKind::Directory => "directory".into(),
        InputKind::Text => "text".into(),
    }
}

impl ModelSpec {
    /// Inputs and outputs as Markdown tables, under a `###` heading.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "### `{}` — {} ({})\n\n",
            self.id, self.name_en, self.name_zh
        );
        s.push_str(
            "| input | kind | unit | label | required | default |\n|---|---|---|---|---|---|\n",
        );
        for i in &self.inputs {
            let req = match &i.required {
                Required::Always => "yes".to_string(),
                Required::Optional => "no".to_string(),
                Required::If(c) => format!("if {}", c.describe()),
            };
            let default = i
                .default
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_default();
            let mut kind = kind_name(&i.kind);
            if !i.constraints.is_empty() {
                let rules: Vec<String> = i.constraints.iter().map(|c| c.describe()).collect();
                kind.push_str(&format!(": {}", rules.join(", ")));
            }
            s.push_str(&format!(
                "| `{}` | {} | {} | {} / {} | {} | {} |\n",
                i.id, kind, i.unit, i.label_en, i.label_zh, req, default
            ));
        }
        s.push_str("\n| output | unit | written when |\n|---|---|---|\n");
        for o in &self.outputs {
            let when = o
                .when
                .as_ref()
                .map(|c| c.describe())
                .unwrap_or_else(|| "always".into());
            s.push_str(&format!("| `{}` | {} | {} |\n", o.path, o.unit, when));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::{
        Column, Condition, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O,
    };

    #[test]
    fn renders_inputs_and_outputs() {
        let s = ModelSpec::new("m", "Model", "模型", "")
            .input(I::new(
                "t",
                K::Table {
                    columns: vec![
                        Column::new("lucode", "", ""),
                        Column::optional("kc", "1", ""),
                    ],
                },
                "Table",
                "表",
            ))
            .input(I::new("v", K::Boolean, "Flag", "开关").optional())
            .input(
                I::new("k", K::Number, "k", "k")
                    .unit("1")
                    .above(0.0)
                    .max(9.0),
            )
            .output(O::new("a.tif", "mm", "").when(Condition::is_true("v")));
        let md = s.to_markdown();
        assert!(
            md.contains("| `t` | table [lucode, kc? (1)] |  | Table / 表 | yes |  |"),
            "{md}"
        );
        assert!(md.contains("| `a.tif` | mm | v is true |"), "{md}");
        assert!(md.contains("| `k` | number: > 0, ≤ 9 | 1 |"), "{md}");
    }
}
