"""Everything survives the Jupyter server, the sidecar and every run being SIGKILLed and
started again on the same data dir (what a container restart or a machine crash does)."""
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from jupyter_process import JupyterServer, alive


def write_notebook(path, *sources):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def server(tmp_path):
    (tmp_path / "root" / "jobs").mkdir(parents=True)
    write_notebook(tmp_path / "root" / "jobs" / "quick.ipynb", "print('quick done')")
    write_notebook(tmp_path / "root" / "jobs" / "slow.ipynb", "import time\ntime.sleep(300)")
    servers = []

    def start():
        s = JupyterServer(tmp_path / "root", tmp_path / "data", tmp_path / f"jupyter-{len(servers)}.log")
        servers.append(s)
        s.start()
        return s

    yield start
    for s in servers:
        s.stop()


def test_schedules_and_runs_survive_sigkill_of_everything(server):
    first = server()
    cron = first.api("POST", "/schedules", {
        "name": "Nightly", "notebook": "jobs/quick.ipynb",
        "trigger": {"cron": "30 2 * * *", "timezone": "Europe/Berlin"}})
    hourly = first.api("POST", "/schedules", {
        "name": "Hourly", "notebook": "jobs/quick.ipynb", "trigger": {"everySeconds": 3600}})
    paused = first.api("POST", "/schedules", {
        "name": "Paused", "notebook": "jobs/slow.ipynb", "enabled": False,
        "trigger": {"cron": "0 9 * * 1-5", "timezone": "America/New_York"}})

    done = first.api("POST", f"/schedules/{cron['id']}/run", {})
    wait_for(lambda: first.api("GET", f"/runs/{done['id']}")["status"] == "succeeded", 60, "the quick run")
    finished = first.api("GET", f"/runs/{done['id']}")

    slow = first.api("POST", f"/schedules/{paused['id']}/run", {})
    wait_for(lambda: first.api("GET", f"/runs/{slow['id']}")["status"] == "running", 30, "the slow run to start")
    time.sleep(1.5)  # let nbconvert start its kernel, so the crash leaves real processes behind

    before = {s["id"]: s for s in first.api("GET", "/schedules")["items"]}
    killed = first.kill_everything()
    assert not any(alive(p) for p in killed), "every process of the first server is gone"

    second = server()
    after = {s["id"]: s for s in second.api("GET", "/schedules")["items"]}
    assert set(after) == {cron["id"], hourly["id"], paused["id"]}
    for sid, schedule in before.items():
        for field in ("name", "notebook", "trigger", "enabled", "createdAt", "nextRunAt"):
            assert after[sid][field] == schedule[field], (sid, field)
    assert after[paused["id"]]["enabled"] is False

    # next run times are still right: in the future, and the cron one on its 02:30 Berlin slot
    now = datetime.now(timezone.utc)
    nightly_next = datetime.fromisoformat(after[cron["id"]]["nextRunAt"].replace("Z", "+00:00"))
    assert now < nightly_next <= now + timedelta(days=1, hours=1)
    assert nightly_next.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "02:30"

    again = second.api("GET", f"/runs/{done['id']}")
    assert again["status"] == "succeeded"
    assert again["finishedAt"] == finished["finishedAt"]
    assert {o["name"] for o in again["outputs"]} >= {"executed.ipynb"}

    # the run the crash cut off is not left running
    interrupted = second.api("GET", f"/runs/{slow['id']}")
    assert interrupted["status"] == "interrupted"
    assert interrupted["error"]
