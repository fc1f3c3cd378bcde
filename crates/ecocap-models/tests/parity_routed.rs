//! Parity of the routed models (SDR with MFD and D8, NDR) with InVEST 3.20
//! on the invest-synth-400 reference dataset: every output listed in the
//! fixture README, same nodata mask, values within relative 1e-4 (absolute
//! 1e-6 near zero), watershed tables within relative 1e-4.
#![allow(clippy::unwrap_used)]

mod common;

use common::{compare_run, run_datastack};

#[test]
fn sdr_mfd_matches_invest() {
    let (ws, report) = run_datastack("sdr", "sdr");
    let n = compare_run("sdr", ws.path());
    assert_eq!(n.len(), 11, "{n:?}");
    assert!(report
        .outputs
        .iter()
        .any(|o| o == "watershed_results_sdr.csv"));
}

#[test]
fn sdr_d8_matches_invest() {
    let (ws, _) = run_datastack("sdr_d8", "sdr");
    let n = compare_run("sdr_d8", ws.path());
    assert_eq!(n.len(), 11, "{n:?}");
}

#[test]
fn ndr_matches_invest() {
    let (ws, _) = run_datastack("ndr", "ndr");
    let n = compare_run("ndr", ws.path());
    assert_eq!(n.len(), 5, "{n:?}");
}

/// InVEST's drainage option: pixels where the drainage raster is 1 are
/// streams for RKLS, connectivity and SDR (`stream_and_drainage.tif`).
#[test]
fn sdr_drainage_pixels_act_as_streams() {
    use common::{read, write_raster};
    let dir = tempfile::tempdir().unwrap();
    let drain_path = dir.path().join("drainage.tif");
    // a north-south drainage ditch down column 200 of the 400 × 400 fixture
    let v: Vec<u8> = (0..400 * 400).map(|i| u8::from(i % 400 == 200)).collect();
    write_raster(
        &drain_path,
        400,
        400,
        v,
        Some(255.0),
        32650,
        (300_000.0, 3_400_000.0),
        30.0,
    );
    let m = ecocap_models::find("sdr").unwrap();
    let spec = (m.spec)();
    let mut file = ecocap_models::io::args_file::load_args(
        &common::fixture().join("datastacks/sdr.invs.json"),
        &spec,
    )
    .unwrap();
    file.args.set(
        "drainage_path",
        serde_json::json!(drain_path.display().to_string()),
    );
    let ws = dir.path().join("ws");
    let report = (m.run)(
        &file.args,
        &ecocap_models::RunContext::new(&ws, &ecocap_models::NoObserver),
    )
    .unwrap();
    assert!(report
        .outputs
        .iter()
        .any(|o| o == "stream_and_drainage.tif"));
    let sd = read(&ws.join("stream_and_drainage.tif"));
    let rkls = read(&ws.join("rkls.tif"));
    let sdr = read(&ws.join("intermediate_outputs/sdr_factor.tif"));
    // column 200 of the input is column 171 of the clipped grid (offset 29)
    let (w, h) = sd.size;
    let mut ditch = 0;
    for r in 0..h {
        let i = r * w + 171;
        if sd.values[i] == 255.0 {
            continue;
        }
        ditch += 1;
        assert_eq!(sd.values[i], 1.0, "row {r}");
        assert_eq!(rkls.values[i], -1.0, "RKLS is nodata on drainage, row {r}");
        assert_eq!(sdr.values[i], 1.0, "SDR is 1 on drainage, row {r}");
    }
    assert!(ditch > 100, "{ditch}");
}
