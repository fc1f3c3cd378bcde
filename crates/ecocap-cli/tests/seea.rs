#![allow(clippy::unwrap_used)]
//! `ecocap seea` through the binary: a full run on the demo basin with the
//! example config, and each bad input of issue 6 §6 (exit status 2, a
//! message naming the input with a hint, no output files).

use std::path::{Path, PathBuf};
use std::process::Command;

fn ecocap(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_ecocap"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn example(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/seea")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// The demo inputs and the example config (paths pointing at them) in `dir`.
fn setup(dir: &Path, edit: &dyn Fn(String) -> String) -> PathBuf {
    let inputs = dir.join("inputs");
    if !inputs.join("npp_2000.tif").exists() {
        ecocap_app::demo::build_inputs(&inputs).unwrap();
        std::fs::copy(inputs.join("npp.tif"), inputs.join("npp_2000.tif")).unwrap();
    }
    for f in ["allocation.csv", "condition.csv", "causes.csv"] {
        std::fs::write(inputs.join(f), example(f)).unwrap();
    }
    let cfg = inputs.join("seea.toml");
    std::fs::write(
        &cfg,
        edit(example("seea.toml").replace("../../demo-out/inputs/", "")),
    )
    .unwrap();
    cfg
}

fn refused(dir: &Path, cfg: &Path, expect: &[&str]) {
    let out = dir.join("out");
    let (code, _, err) = ecocap(&[
        "seea",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("hint:"), "{err}");
    for e in expect {
        assert!(err.contains(e), "expected '{e}' in: {err}");
    }
    if out.exists() {
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "{err}");
    }
}

#[test]
fn example_config_runs() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = setup(dir.path(), &|t| t);
    let out = dir.path().join("seea");
    let (code, stdout, err) = ecocap(&[
        "seea",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("SEEA accounts 2000–2020: 3 zone(s)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("asset value ((all zones), 100 y, green_book)"),
        "{stdout}"
    );
    for f in [
        "extent_account.csv",
        "use_monetary.csv",
        "asset_account_monetary.csv",
        "seea.xlsx",
        "summary.html",
        "manifest.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn bad_inputs_exit_2_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = setup(d, &|t| t.replace("asset_life =", "asset_lief ="));
    refused(
        d,
        &cfg,
        &["seea.toml", "asset_lief", "did you mean `asset_life`"],
    );
    let cfg = setup(d, &|t| t.replace("reference = 30.0\n", ""));
    refused(d, &cfg, &["soil_organic_carbon", "no reference levels"]);
    // a user schedule with a gap (years 31–49)
    let cfg = setup(d, &|t| {
        let (head, _) = t.split_once("[asset]").unwrap();
        format!("{head}[asset]\nschedule = \"user\"\nasset_life = 100\n[[asset.segment]]\nfrom = 0\nto = 30\nrate = 0.035\n[[asset.segment]]\nfrom = 50\nrate = 0.03\n")
    });
    refused(d, &cfg, &["[asset]", "gap", "31–49"]);
    let cfg = setup(d, &|t| t);
    std::fs::write(
        cfg.parent().unwrap().join("allocation.csv"),
        "service,user,share\n*,households,0.5\nwater_supply,households,0.7\nwater_supply,agriculture,0.2\n",
    )
    .unwrap();
    refused(
        d,
        &cfg,
        &[
            "allocation.csv",
            "sum to one",
            "*: shares sum to 0.5",
            "water_supply",
        ],
    );
}
