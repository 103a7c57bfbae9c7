"""Schema-driven fuzzing of the sidecar's API: schemathesis generates requests from the
sidecar's own /openapi.json (examples, coverage, fuzzing and stateful phases), bounded in
examples and time, and every answer must be a non-5xx; the sidecar must still be up after."""
import subprocess
import sys
from pathlib import Path

from sidecar_process import StandaloneSidecar
from test_restart import write_notebook

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_generated_requests_never_get_a_5xx_and_never_crash_the_sidecar(tmp_path):
    (tmp_path / "root").mkdir()
    write_notebook(tmp_path / "root" / "hello.ipynb", "print('hello')")
    sidecar = StandaloneSidecar(tmp_path / "root", tmp_path / "data", tmp_path / "sidecar.log")
    sidecar.start()
    try:
        base = f"{sidecar.url}/api/v1"
        result = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{base}/openapi.json",
             "--url", base, "-H", f"Authorization: Bearer {sidecar.token}",
             "--checks", "not_a_server_error", "--max-examples", "10", "--seed", "1",
             "--request-timeout", "10", "--no-color"],
            capture_output=True, text=True, timeout=180, cwd=tmp_path)
        tail = result.stdout[-4000:]
        assert result.returncode == 0, tail + result.stderr[-2000:]
        assert " passed" in tail and "failed" not in tail.split("Test cases:")[-1].split("\n")[1], tail
        assert sidecar.proc.poll() is None, "the sidecar exited during fuzzing"
        assert sidecar.api("GET", "/status")["state"] == "ready"
        log = (tmp_path / "sidecar.log").read_text()
        assert '"level":50' not in log or "request failed" not in log, "a request failed inside the sidecar"
    finally:
        sidecar.stop()
