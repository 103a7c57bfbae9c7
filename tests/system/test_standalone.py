"""The standalone sidecar (`nbschedule serve`, as the compose scheduler service runs it): it fires
schedules with no Jupyter server running, JupyterLab attaches to it by URL, schedules keep
firing after JupyterLab stops, and operators can watch it (metrics, runs.jsonl, the CLI)."""
import json
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from jupyter_process import JupyterServer, children
from sidecar_process import StandaloneSidecar
from test_restart import wait_for, write_notebook


@pytest.fixture
def sidecar(tmp_path):
    (tmp_path / "root" / "jobs").mkdir(parents=True)
    write_notebook(tmp_path / "root" / "jobs" / "tick.ipynb", "print('tick')")
    s = StandaloneSidecar(tmp_path / "root", tmp_path / "data", tmp_path / "sidecar.log")
    s.start()
    yield s
    s.stop()


def finished_runs(sidecar, schedule_id):
    return [r for r in sidecar.api("GET", f"/runs?scheduleId={schedule_id}")["items"] if r["status"] == "succeeded"]


def test_the_standalone_sidecar_fires_with_no_jupyter_server_and_reports_it(sidecar):
    assert sidecar.api("GET", "/status")["state"] == "ready"
    s = sidecar.api("POST", "/schedules", {"name": "Tick", "notebook": "jobs/tick.ipynb", "trigger": {"everySeconds": 2}})
    runs = wait_for(lambda: finished_runs(sidecar, s["id"]), 90, "a scheduled run with no Jupyter server")
    assert runs[0]["trigger"] in ("schedule", "catch-up")

    # runs.jsonl: one line per finished run, for tools that tail files.
    lines = [json.loads(line) for line in (sidecar.data_dir / "runs.jsonl").read_text().splitlines()]
    assert any(line["id"] == runs[0]["id"] and line["status"] == "succeeded" for line in lines)

    # GET /metrics parses as Prometheus text and counts the run.
    status, headers, body = sidecar.request("GET", "/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(body.decode())}
    assert families["nbschedule_runs_finished"].type == "counter"
    succeeded = [x.value for x in families["nbschedule_runs_finished"].samples
                 if x.name == "nbschedule_runs_finished_total" and x.labels == {"status": "succeeded"}]
    assert succeeded and succeeded[0] >= 1
    assert families["nbschedule_fire_lag_seconds"].type == "histogram"
    assert families["nbschedule_run_duration_seconds"].type == "histogram"
    assert families["nbschedule_queue_depth"].type == "gauge"
    assert families["nbschedule_uptime_seconds"].samples[0].value > 0

    # The command line against the running sidecar.
    listed = sidecar.cli("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [x["name"] for x in json.loads(listed.stdout)] == ["Tick"]
    table = sidecar.cli("status")
    assert table.returncode == 0 and "ready" in table.stdout
    run = sidecar.cli("run", "Tick", "--wait", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "succeeded"


def test_jupyter_attaches_by_url_and_schedules_keep_firing_after_it_stops(sidecar, tmp_path):
    lab = JupyterServer(sidecar.root_dir, tmp_path / "lab-data", tmp_path / "jupyter.log",
                        env={"NBSCHEDULE_URL": sidecar.url, "NBSCHEDULE_TOKEN": sidecar.token})
    try:
        status = lab.start()
        # The server extension started no sidecar of its own: it proxies to ours.
        assert status["sidecar"]["state"] == "external"
        assert status["instanceId"] == sidecar.listening["instanceId"]
        assert not [p for p in children(lab.proc.pid)
                    if "main.js" in open(f"/proc/{p}/cmdline", "rb").read().decode(errors="replace")]
        created = lab.api("POST", "/schedules", {"name": "Through the lab", "notebook": "jobs/tick.ipynb",
                                                "trigger": {"everySeconds": 2}})
        assert sidecar.api("GET", f"/schedules/{created['id']}")["name"] == "Through the lab"
    finally:
        lab.stop()
    assert lab.proc.poll() is not None
    stopped_at = time.time()
    runs = wait_for(lambda: [r for r in finished_runs(sidecar, created["id"])
                             if r["finishedAt"] and _epoch(r["finishedAt"]) > stopped_at], 90,
                    "a run fired after JupyterLab stopped")
    assert runs


def _epoch(iso):
    from datetime import datetime
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
