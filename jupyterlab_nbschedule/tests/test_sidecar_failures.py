"""The supervisor's failure paths, against the stand-in sidecar: why it died is kept, restarts
back off and are bounded, a silent sidecar times out, a stubborn one is killed."""
import asyncio
import logging
import os

from jupyterlab_nbschedule.sidecar import SidecarSupervisor

from .conftest import standin_command
from .test_supervision import group_alive, until

ENV = {**os.environ, "NBSCHEDULE_HOST": "127.0.0.1", "NBSCHEDULE_PORT": "0",
       "NBSCHEDULE_EXIT_ON_STDIN_CLOSE": "1"}
log = logging.getLogger("nbschedule-test")


def supervisor(behaviour="", **options):
    options = {"restart_delay": 0.01, "start_timeout": 10, "stop_timeout": 5, **options}
    return SidecarSupervisor(standin_command(behaviour), ENV, log, **options)


async def test_a_crashing_sidecar_is_restarted_then_given_up_with_its_last_words():
    sidecar = supervisor("crash", max_restarts=2)
    try:
        await sidecar.start()
        await until(lambda: sidecar.state == "failed", 20, "giving up")
        assert sidecar.restarts == 2
        assert sidecar.reason == "exited with code 3: NBSCHEDULE_DATA_DIR is not writable"
        assert sidecar.target() is None
    finally:
        await sidecar.stop()
    assert sidecar.describe()["state"] == "failed"  # stopping does not hide why it failed


async def test_restart_delays_double_up_to_the_limit():
    sidecar = supervisor("crash", restart_delay=0.2, max_restart_delay=0.3, max_restarts=3)
    try:
        started = asyncio.get_running_loop().time()
        await sidecar.start()
        await until(lambda: sidecar.state == "failed", 20, "giving up")
        # waits of 0.2, 0.3 (capped, not 0.4) and 0.3 between the four launches
        assert asyncio.get_running_loop().time() - started >= 0.8
    finally:
        await sidecar.stop()


async def test_a_sidecar_that_never_says_it_listens_is_killed_after_the_start_timeout():
    sidecar = supervisor("silent", start_timeout=1, max_restarts=0)
    try:
        await sidecar.start()
        assert sidecar.state == "failed"
        assert sidecar.reason.startswith("did not report listening within 1s")
        assert not group_alive(sidecar.pid)
    finally:
        await sidecar.stop()


async def test_a_sidecar_that_ignores_sigterm_is_killed_after_the_stop_timeout():
    sidecar = supervisor("stubborn", stop_timeout=0.5)
    await sidecar.start()
    assert sidecar.state == "running"
    pid = sidecar.pid
    await asyncio.wait_for(sidecar.stop(), 10)
    assert not group_alive(pid)
    assert sidecar.state == "stopped"


async def test_start_and_stop_are_safe_to_call_twice():
    sidecar = supervisor()
    await sidecar.start()
    pid = sidecar.pid
    await sidecar.start()
    assert sidecar.pid == pid and sidecar.restarts == 0
    await asyncio.gather(sidecar.stop(), sidecar.stop())
    assert not group_alive(pid)


async def test_a_command_that_does_not_exist_is_reported():
    sidecar = SidecarSupervisor(["/nonexistent/node", "main.js"], ENV, log, max_restarts=0)
    await sidecar.start()
    assert sidecar.state == "failed"
    assert "could not start '/nonexistent/node'" in sidecar.reason
    await sidecar.stop()
