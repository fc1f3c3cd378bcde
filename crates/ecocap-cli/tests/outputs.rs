//! Output hygiene (issue 19, items 1 and 2) through the binary: a re-run
//! into the same folder keeps every output its manifest lists; outputs of
//! the previous run of the same command that the new run does not produce
//! are removed; another command's folder is refused unless --force; one
//! run per folder; kill -9 and SIGTERM leave nothing that a clean run does
//! not sweep.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::*;

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ecocap"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

/// The outputs a manifest lists (names, or gep's `{file, sha256}`).
fn listed(out: &Path) -> Vec<String> {
    manifest(out)["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v.as_str()
                .or_else(|| v["file"].as_str())
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every listed output with its bytes; each must exist.
fn snapshot(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let names = listed(out);
    assert!(!names.is_empty(), "the manifest lists no outputs");
    names
        .into_iter()
        .filter(|n| n != "manifest.json")
        .map(|n| {
            let p = out.join(&n);
            let bytes =
                std::fs::read(&p).unwrap_or_else(|e| panic!("{n}: listed in the manifest but {e}"));
            (n, bytes)
        })
        .collect()
}

/// Every manifest output exists and is byte-identical after `run` again
/// (compared by presence only: report.html carries the run's timings, an
/// XLSX workbook its creation time, and the account's `gep/manifest.json`
/// the workbook's checksum).
fn rerun_keeps_everything(out: &Path, run: &dyn Fn() -> Output) {
    ok(&run());
    let first = snapshot(out);
    ok(&run());
    let second = snapshot(out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        if name.ends_with(".html") || name.ends_with(".xlsx") || name.ends_with("manifest.json") {
            continue;
        }
        assert!(
            second[name] == *bytes,
            "{name} differs after the second run"
        );
    }
    no_residue(out);
}

/// No staging folder, aside folder or lock left in `out`.
fn no_residue(out: &Path) {
    for e in std::fs::read_dir(out).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            !name.starts_with(".ecocap-partial-")
                && !name.starts_with(".ecocap-old-")
                && !name.starts_with(".gep-staging-")
                && name != ".ecocap-lock",
            "{name} left in {}",
            out.display()
        );
    }
}

const MAPPING: &str = "class,ecosystem_type\n1,paddy\n2,broadleaf\n8,none\n";

fn esv_table(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let a = write(dir, "areas.csv", "class,area\n1,100\n2,250.5\n8,3\n");
    let m = write(dir, "mapping.csv", MAPPING);
    let mut args = vec![
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    ecocap(&args)
}

/// Small synthetic basin (the demo's, 60 × 60 cells).
fn basin(dir: &Path) -> ecocap_app::demo::DemoInputs {
    ecocap_app::demo::build_inputs_sized(&dir.join("in"), 60).unwrap()
}

fn esv_raster(d: &ecocap_app::demo::DemoInputs, out: &Path) -> Output {
    let lc = format!("{},{}", d.landcover[0].display(), d.landcover[1].display());
    ecocap(&[
        "esv",
        "--landcover",
        &lc,
        "--years",
        "2000,2020",
        "--mapping",
        "clcd",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ])
}

const QUANTITIES: &str = "zone,year,indicator,quantity,unit\n\
    v1,2020,water_conservation,100,万m3\n\
    v1,2020,agriculture,30,万元\n\
    v1,2021,water_conservation,110,万m3\n";

fn gep(quantities: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "gep",
        "--quantities",
        quantities.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ecocap(&args)
}

#[test]
fn esv_table_rerun_keeps_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    rerun_keeps_everything(&out, &|| esv_table(dir.path(), &out, &[]));
}

#[test]
fn esv_raster_rerun_keeps_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = basin(dir.path());
    let out = dir.path().join("out");
    rerun_keeps_everything(&out, &|| esv_raster(&d, &out));
    assert!(out.join("esv_density_2020.tif").exists());
}

#[test]
fn raster_esv_then_table_esv_removes_the_old_density_rasters() {
    let dir = tempfile::tempdir().unwrap();
    let d = basin(dir.path());
    let out = dir.path().join("out");
    ok(&esv_raster(&d, &out));
    assert!(out.join("esv_density_2000.tif").exists());
    let o = esv_table(dir.path(), &out, &[]);
    ok(&o);
    assert!(!out.join("esv_density_2000.tif").exists());
    assert!(!out.join("esv_density_2020.tif").exists());
    let notes = manifest(&out)["notes"].to_string();
    assert!(notes.contains("esv_density_2000.tif"), "{notes}");
    assert_eq!(
        files(&out).len(),
        snapshot(&out).len() + 1,
        "only the manifest's outputs and the manifest: {:?}",
        files(&out)
    );
}

#[test]
fn gep_rerun_keeps_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let q = write(dir.path(), "q.csv", QUANTITIES);
    let out = dir.path().join("out");
    rerun_keeps_everything(&out, &|| gep(&q, &out, &[]));
}

/// Outputs an earlier run of the same command listed (here a table of an
/// earlier version) and this run does not write are removed, with a note;
/// files no manifest lists are the user's and stay.
#[test]
fn leftovers_of_the_same_command_are_removed_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("old_tables")).unwrap();
    write(&out, "gep_retired.csv", "old");
    write(&out.join("old_tables"), "a.csv", "old");
    write(&out, "my_notes.txt", "mine");
    write(
        &out,
        "manifest.json",
        r#"{"tool": "ecocap gep", "outputs": [{"file": "gep_retired.csv", "sha256": "00"}, {"file": "old_tables/a.csv", "sha256": "00"}, {"file": "../outside.csv", "sha256": "00"}]}"#,
    );
    write(dir.path(), "outside.csv", "not ours");
    let q = write(dir.path(), "q.csv", QUANTITIES);
    let o = gep(&q, &out, &[]);
    ok(&o);
    assert!(!out.join("gep_retired.csv").exists());
    assert!(!out.join("old_tables").exists());
    assert!(out.join("my_notes.txt").exists());
    assert!(dir.path().join("outside.csv").exists());
    let e = stderr(&o);
    assert!(
        e.contains("gep_retired.csv") && e.contains("old_tables/a.csv"),
        "{e}"
    );
    assert!(manifest(&out)["notes"]
        .to_string()
        .contains("gep_retired.csv"));
}

#[test]
fn gep_into_an_esv_folder_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    ok(&esv_table(dir.path(), &out, &[]));
    let before = snapshot(&out);
    let q = write(dir.path(), "q.csv", QUANTITIES);
    let o = gep(&q, &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    for needle in [out.to_str().unwrap(), "ecocap esv", "--force", "hint:"] {
        assert!(e.contains(needle), "missing '{needle}' in: {e}");
    }
    assert_eq!(manifest(&out)["command"], "esv");
    assert_eq!(snapshot(&out), before, "the esv outputs are untouched");
    no_residue(&out);
    // with --force the gep files land beside the esv ones, which are kept
    ok(&gep(&q, &out, &["--force"]));
    assert_eq!(manifest(&out)["command"], "gep");
    for f in before.keys() {
        assert!(out.join(f).exists(), "{f} removed by --force");
    }
    // and an esv run into what is now a gep folder is refused the same way
    let o = esv_table(dir.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("ecocap gep"), "{}", stderr(&o));
}

#[test]
fn a_model_workspace_is_refused_to_esv_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    write(
        &out,
        "manifest.json",
        r#"{"command": "run carbon", "outputs": ["c_storage_bas.tif"]}"#,
    );
    write(&out, "c_storage_bas.tif", "raster");
    let o = esv_table(dir.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("ecocap run carbon"), "{}", stderr(&o));
    ok(&esv_table(dir.path(), &out, &["--force"]));
    assert!(out.join("c_storage_bas.tif").exists());
}

/// A failure after the output folder was made (an unmapped class is found
/// only once the areas are read) leaves no folder the run created, parents
/// included.
#[test]
fn a_failed_run_leaves_no_folder_it_created() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "areas.csv",
        "class,area
1,100
9,5
",
    );
    let m = write(dir.path(), "mapping.csv", MAPPING);
    let out = dir.path().join("new/nested/out");
    let o = ecocap(&[
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!dir.path().join("new").exists());
    // an existing folder stays, empty of anything of ours
    std::fs::create_dir_all(&out).unwrap();
    let o = ecocap(&[
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

/// The account of the small basin; `uncertainty` keeps the Monte Carlo
/// section of the demo config.
fn account_config(dir: &Path, uncertainty: bool) -> PathBuf {
    let inputs = basin(dir);
    let cfg_dir = inputs.counties.parent().unwrap().to_path_buf();
    let cfg = ecocap_app::demo::write_account_config(&inputs, &cfg_dir).unwrap();
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text = if uncertainty {
        text.replace("runs = 50", "runs = 5")
    } else {
        text[..text.find("[uncertainty]").unwrap()].to_string()
    };
    let name = if uncertainty { "mc.toml" } else { "plain.toml" };
    write(&cfg_dir, name, &text)
}

fn account(cfg: &Path, out: &Path) -> Output {
    ecocap(&[
        "account",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ])
}

#[test]
fn account_rerun_keeps_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = account_config(dir.path(), true);
    let out = dir.path().join("out");
    rerun_keeps_everything(&out, &|| account(&cfg, &out));
    for f in ["quantities.csv", "gep/gep_total.csv", "uncertainty.csv"] {
        assert!(out.join(f).exists(), "{f}");
    }
}

#[test]
fn account_without_monte_carlo_after_one_with_drops_the_uncertainty_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mc = account_config(dir.path(), true);
    let plain = account_config(dir.path(), false);
    let out = dir.path().join("out");
    ok(&account(&mc, &out));
    assert!(out.join("uncertainty.csv").exists());
    let o = account(&plain, &out);
    ok(&o);
    let left: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f.starts_with("uncertainty"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let notes = manifest(&out)["notes"].to_string();
    assert!(notes.contains("uncertainty.csv"), "{notes}");
    snapshot(&out);
}

#[test]
fn account_failure_leaves_no_cache_and_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = account_config(dir.path(), false);
    // the valuation fails after the raster passes: an unknown GDP file
    let text = std::fs::read_to_string(&cfg).unwrap();
    let broken = write(
        cfg.parent().unwrap(),
        "broken.toml",
        &format!("{text}\n[valuation]\ngdp = \"no_such_gdp.csv\"\n"),
    );
    let out = dir.path().join("out");
    let o = account(&broken, &out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists(), "{:?}", files(&out));
}

fn seea_config(dir: &Path) -> PathBuf {
    let inputs = basin(dir);
    let in_dir = inputs.counties.parent().unwrap().to_path_buf();
    std::fs::copy(&inputs.npp, in_dir.join("npp_2000.tif")).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seea");
    for f in ["allocation.csv", "condition.csv", "causes.csv"] {
        std::fs::copy(example.join(f), in_dir.join(f)).unwrap();
    }
    let text = std::fs::read_to_string(example.join("seea.toml"))
        .unwrap()
        .replace("../../demo-out/inputs/", "");
    write(&in_dir, "seea.toml", &text)
}

#[test]
fn seea_rerun_keeps_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = seea_config(dir.path());
    let out = dir.path().join("out");
    rerun_keeps_everything(&out, &|| {
        ecocap(&[
            "seea",
            "--config",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
    });
}

/// A `gep` run that holds its output folder until `release` is called:
/// its quantities are a named pipe it blocks on once it has taken the
/// lock and created its staging folder (the lock is taken before any
/// input is read).
struct Blocked {
    child: Child,
    fifo: PathBuf,
}

impl Blocked {
    fn start(dir: &Path, out: &Path) -> Blocked {
        let fifo = dir.join("quantities.csv");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let child = spawn(&[
            "gep",
            "--quantities",
            fifo.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let staging = out.join(format!(".ecocap-partial-{}", child.id()));
        let t = Instant::now();
        while !(staging.is_dir() && out.join(".ecocap-lock").exists()) {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "the run never took the folder"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Blocked { child, fifo }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Feed the quantities; the run finishes.
    fn release(mut self) -> Output {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&self.fifo)
            .unwrap()
            .write_all(QUANTITIES.as_bytes())
            .unwrap();
        let stderr = self.child.stderr.take();
        let status = wait(&mut self.child);
        let mut err = Vec::new();
        if let Some(mut s) = stderr {
            std::io::Read::read_to_end(&mut s, &mut err).unwrap();
        }
        Output {
            status,
            stdout: Vec::new(),
            stderr: err,
        }
    }
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    let t = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if t.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the run did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_run_into_a_busy_folder_is_refused_with_the_pid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = Blocked::start(dir.path(), &out);
    let q = write(dir.path(), "q.csv", QUANTITIES);
    let t = Instant::now();
    let second = gep(&q, &out, &[]);
    assert!(t.elapsed() < Duration::from_secs(10), "not refused at once");
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    let e = stderr(&second);
    assert!(e.contains(&format!("PID {}", first.pid())), "{e}");
    assert!(
        e.contains(out.to_str().unwrap()) && e.contains("hint:"),
        "{e}"
    );
    // an esv run is refused the same way (same lock, whatever the command)
    let o = esv_table(dir.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("PID {}", first.pid())));
    let done = first.release();
    ok(&done);
    snapshot(&out);
    no_residue(&out);
}

#[test]
fn kill_9_mid_run_then_a_clean_run_leaves_no_residue() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut first = Blocked::start(dir.path(), &out);
    let pid = first.pid();
    first.child.kill().unwrap();
    let status = wait(&mut first.child);
    assert_eq!(status.signal(), Some(9));
    assert!(out.join(format!(".ecocap-partial-{pid}")).exists());
    assert!(out.join(".ecocap-lock").exists());
    let q = write(dir.path(), "q.csv", QUANTITIES);
    let o = gep(&q, &out, &[]);
    ok(&o);
    no_residue(&out);
    snapshot(&out);
    assert!(stderr(&o).contains(&format!("PID {pid}")), "{}", stderr(&o));
}

#[test]
fn sigterm_and_sigint_remove_the_staging_the_lock_and_the_new_folder() {
    for signal in ["-TERM", "-INT"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut first = Blocked::start(dir.path(), &out);
        let sent = Command::new("kill")
            .args([signal, &first.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = wait(&mut first.child);
        assert!(!status.success(), "{signal}: {status:?}");
        assert!(
            !out.exists(),
            "{signal}: {:?} left",
            std::fs::read_dir(&out).map(|d| d.count())
        );
    }
}

#[test]
fn sigterm_keeps_the_previous_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let q = write(dir.path(), "q.csv", QUANTITIES);
    ok(&gep(&q, &out, &[]));
    let before = snapshot(&out);
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let mut first = Blocked::start(&sub, &out);
    let sent = Command::new("kill")
        .args(["-TERM", &first.pid().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert!(!wait(&mut first.child).success());
    assert_eq!(snapshot(&out), before);
    no_residue(&out);
}

/// kill -9 of a run that is computing (staging half written): the next
/// run sweeps it. When the run is faster than the test and ends before the
/// kill, only the clean run is checked.
#[test]
fn kill_9_while_computing_then_a_clean_run_sweeps_the_staging() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = account_config(dir.path(), true);
    let out = dir.path().join("out");
    let args = [
        "account",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    let mut child = spawn(&args);
    let work = out.join(format!(".ecocap-partial-{}/work", child.id()));
    let t = Instant::now();
    while !work.exists() && child.try_wait().unwrap().is_none() {
        assert!(t.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let status = wait(&mut child);
    eprintln!("killed while computing: {}", status.signal() == Some(9));
    if status.signal() == Some(9) {
        assert!(out.join(format!(".ecocap-partial-{}", child.id())).exists());
    }
    ok(&account(&cfg, &out));
    no_residue(&out);
    snapshot(&out);
}
