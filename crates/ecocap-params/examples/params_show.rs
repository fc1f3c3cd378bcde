//! Print `ecocap params list` / `show NAME` output without the CLI:
//! `cargo run -p ecocap-params --example params_show [NAME]`.

fn main() -> Result<(), ecocap_params::ParamsError> {
    let registry = ecocap_params::Registry::builtin()?;
    match std::env::args().nth(1) {
        Some(name) => print!("{}", registry.render_table(&name)?),
        None => print!("{}", registry.render_list()),
    }
    Ok(())
}
