"""The extension starts its sidecar with the server, restarts it when it dies, and stops its
whole process group with the server: against the stand-in and, once built, the real sidecar."""
import asyncio
import json
import os
import signal
from pathlib import Path

import pytest

from jupyterlab_nbschedule.locations import SIDECAR_MAIN_JS

from .conftest import extension, server_config, standin_command

ROOT_PACKAGE_JSON = Path(__file__).resolve().parents[2] / "package.json"


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def environ_of(pid):
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


async def until(predicate, timeout, what):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


@pytest.fixture(params=["standin", "real"])
def which(request):
    if request.param == "real" and not SIDECAR_MAIN_JS.exists():
        pytest.skip(f"the real sidecar is not built ({SIDECAR_MAIN_JS})")
    return request.param


@pytest.fixture
def jp_server_config(which, tmp_path):
    settings = dict(data_dir=str(tmp_path / "nbschedule-data"), restart_delay=0.1,
                    start_timeout=30, stop_timeout=10)
    if which == "standin":
        settings["sidecar_command"] = standin_command()
    return server_config(**settings)


async def test_the_sidecar_lives_and_dies_with_the_server(jp_serverapp, api, which, jp_root_dir):
    sidecar = extension(jp_serverapp).sidecar
    assert sidecar.state == "stopped"

    # What the server runs once its event loop is up, before it has served any request.
    await jp_serverapp._post_start()
    assert sidecar.state == "running", sidecar.describe()
    first_pid, first_token = sidecar.pid, sidecar.token
    assert group_alive(first_pid)
    env = environ_of(first_pid)
    assert env["NBSCHEDULE_PORT"] == "0" and env["NBSCHEDULE_HOST"] == "127.0.0.1"
    assert env["NBSCHEDULE_ROOT_DIR"] == str(jp_root_dir)
    assert env["NBSCHEDULE_DATA_DIR"].endswith("nbschedule-data")
    assert env["NBSCHEDULE_EXIT_ON_STDIN_CLOSE"] == "1"
    assert env["NBSCHEDULE_JUPYTER"].endswith("jupyter")
    assert env["NBSCHEDULE_TOKEN"] == first_token and first_token != api.token
    assert os.getpgid(first_pid) == first_pid  # its own process group

    response = await api("GET", "status")
    assert response.code == 200, response.body
    status = json.loads(response.body)
    assert status["state"] == "ready"
    expected_version = json.loads(ROOT_PACKAGE_JSON.read_text())["version"]
    assert status["version"] == (expected_version if which == "real" else "0.1.0-standin")
    assert status["sidecar"] == {"state": "running", "restarts": 0, "reason": None}

    os.kill(first_pid, signal.SIGKILL)
    await until(lambda: sidecar.restarts == 1 and sidecar.state == "running", 30, "the restart")
    assert sidecar.pid != first_pid and sidecar.token != first_token
    assert "SIGKILL" in sidecar.reason
    status = json.loads((await api("GET", "status")).body)
    assert status["state"] == "ready"
    assert status["sidecar"]["restarts"] == 1 and status["sidecar"]["state"] == "running"

    second_pid = sidecar.pid
    await jp_serverapp.extension_manager.stop_all_extensions()  # what server shutdown runs
    assert sidecar.state == "stopped"
    assert not group_alive(second_pid)
    response = await api("GET", "schedules")
    assert response.code == 503
    assert json.loads(response.body)["sidecar"]["state"] == "stopped"


async def test_the_sidecar_exits_when_the_server_that_started_it_is_gone(jp_serverapp):
    # A SIGKILLed Jupyter server cannot stop anything: the sidecar sees its stdin close and
    # exits by itself (NBSCHEDULE_EXIT_ON_STDIN_CLOSE). Closing our end of the pipe is the same.
    sidecar = extension(jp_serverapp).sidecar
    await jp_serverapp._post_start()
    assert sidecar.state == "running", sidecar.describe()
    process = sidecar.process
    process.stdin.close()
    assert await asyncio.wait_for(process.wait(), 15) == 0
    assert not group_alive(process.pid)


class TestWhileStarting:
    @pytest.fixture
    def jp_server_config(self, tmp_path):
        return server_config(sidecar_command=standin_command("silent"), start_timeout=30,
                             data_dir=str(tmp_path / "data"))

    async def test_requests_while_the_sidecar_starts_get_503_saying_so(self, jp_serverapp, api):
        starting = asyncio.ensure_future(jp_serverapp._post_start())
        sidecar = extension(jp_serverapp).sidecar
        await until(lambda: sidecar.pid is not None, 10, "the launch")
        response = await api("GET", "status")
        assert response.code == 503
        body = json.loads(response.body)
        assert body["sidecar"] == {"state": "starting", "restarts": 0, "reason": None}
        assert "starting" in body["error"]["message"]
        await jp_serverapp.extension_manager.stop_all_extensions()
        await asyncio.wait_for(starting, 10)
        assert not group_alive(sidecar.pid)
