//! The official UP42 Python SDK (up42-py 4.3.0) against the sandbox: `tests/sdk/up42_sdk_flow.py`
//! logs in, lists the tasking catalogue, reads a schema, estimates, places orders, chooses a
//! study option, accepts a quotation and follows the order to delivery, with only the SDK's
//! hosts pointed at a sandbox started here on a free port.
//!
//! The Python comes from `SATTASK_UP42_SDK_PYTHON`, else the venv `.ci/run` makes in
//! `target/up42-sdk-venv`. Where neither has the SDK the test says it skipped and passes: the
//! wire format is still checked by `sdk_up42_replay`, from the SDK's recorded requests. With
//! `SATTASK_UP42_SDK_RECORD=FILE` the run also records its exchanges there (to refresh
//! `tests/fixtures/up42-sdk/flow.json`).

use std::path::{Path, PathBuf};
use std::process::Command;

use time::OffsetDateTime;
use time::macros::datetime;

use crate::common::{start_sandbox, unpaced};

/// The simulated time the SDK's flow starts at, here and in the replay (so the recorded
/// bodies' dates fit the sandbox's clock).
pub const FLOW_START: OffsetDateTime = datetime!(2030-01-01 08:00 UTC);

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/up42_sdk_flow.py")
}

/// A Python that imports `up42`, or why there is none.
fn sdk_python() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match std::env::var_os("SATTASK_UP42_SDK_PYTHON") {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("target/up42-sdk-venv/bin/python")],
    };
    for python in &candidates {
        let imports = Command::new(python)
            .args(["-c", "import up42"])
            .env("UP42_DISABLE_VERSION_CHECK", "true")
            .output();
        if imports.is_ok_and(|out| out.status.success()) {
            return Ok(python.clone());
        }
    }
    Err(format!(
        "no Python with up42-py found (tried {candidates:?}); set SATTASK_UP42_SDK_PYTHON or run .ci/run, which makes the venv"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_sdk_runs_its_tasking_flow_against_the_sandbox() {
    let python = match sdk_python() {
        Ok(python) => python,
        Err(why) => {
            println!("SKIPPED the_official_sdk_runs_its_tasking_flow_against_the_sandbox: {why}");
            return;
        }
    };
    let sandbox = start_sandbox(unpaced(Some(FLOW_START))).await;
    let mut command = Command::new(&python);
    command
        .arg(script())
        .arg(sandbox.base_url())
        .env("UP42_DISABLE_VERSION_CHECK", "true");
    if let Some(record) = std::env::var_os("SATTASK_UP42_SDK_RECORD") {
        command.arg("--record").arg(record);
    }
    // The script blocks; the sandbox answers it from the runtime's other worker.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success() && stdout.contains("UP42 SDK FLOW OK"),
        "the SDK's flow failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    sandbox.shutdown().await;
}
