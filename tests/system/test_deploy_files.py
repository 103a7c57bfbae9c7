"""The deployment files: docker-compose.yml validated by docker-compose itself (no engine needed),
its shape (two services from one image, named volumes, healthchecks, restart policies), and the
Binder demo schedule importing cleanly."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker" / "docker-compose.yml"
VENV_BIN = Path(sys.executable).parent


def compose(*args, **env):
    exe = shutil.which("docker-compose")
    if exe:
        cmd = [exe, "-f", str(COMPOSE), *args]
    elif shutil.which("docker"):
        cmd = ["docker", "compose", "-f", str(COMPOSE), *args]
    else:
        pytest.fail("docker-compose is needed to validate docker/docker-compose.yml: apt-get install docker-compose")
    clean = {k: v for k, v in os.environ.items() if k not in ("NBSCHEDULE_TOKEN", "JUPYTER_TOKEN")}
    return subprocess.run(cmd, env={**clean, **env}, capture_output=True, text=True, timeout=60, cwd=REPO)


def test_the_compose_file_validates_and_refuses_to_start_without_tokens():
    ok = compose("config", "-q", NBSCHEDULE_TOKEN="t" * 32, JUPYTER_TOKEN="j" * 32)
    assert ok.returncode == 0, ok.stderr
    missing = compose("config", "-q")
    assert missing.returncode != 0 and "NBSCHEDULE_TOKEN" in missing.stderr


def test_the_compose_stack_is_two_services_of_one_image_with_volumes_healthchecks_and_restarts():
    resolved = compose("config", NBSCHEDULE_TOKEN="secret-a", JUPYTER_TOKEN="secret-b")
    assert resolved.returncode == 0, resolved.stderr
    config = yaml.safe_load(resolved.stdout)
    services = config["services"]
    assert set(services) == {"jupyter", "scheduler"}
    assert services["jupyter"]["image"] == services["scheduler"]["image"]
    assert services["scheduler"]["command"] == ["nbschedule", "serve"]
    assert services["jupyter"]["environment"]["NBSCHEDULE_URL"] == "http://scheduler:8890"
    assert services["jupyter"]["environment"]["NBSCHEDULE_TOKEN"] == services["scheduler"]["environment"]["NBSCHEDULE_TOKEN"]
    assert set(config["volumes"]) == {"jupyter-data", "work"}
    for name, service in services.items():
        mounts = {str(v["target"]) if isinstance(v, dict) else v.split(":")[1]: v for v in service["volumes"]}
        assert set(mounts) == {"/home/jovyan/.local/share/jupyter", "/home/jovyan/work"}, name
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"][0] == "CMD", name
    assert "/api/v1/status" in " ".join(services["scheduler"]["healthcheck"]["test"])
    assert "ports" not in services["scheduler"]  # only the lab is published, on loopback
    dockerfile = (REPO / "docker" / "Dockerfile").read_text()
    assert "USER jovyan" in dockerfile


def test_the_binder_demo_schedule_imports_into_a_fresh_data_dir(tmp_path):
    env = dict(os.environ, NBSCHEDULE_DATA_DIR=str(tmp_path / "data"), NBSCHEDULE_ROOT_DIR=str(REPO))
    env.pop("NBSCHEDULE_URL", None)
    run = lambda *a: subprocess.run([str(VENV_BIN / "nbschedule"), *a], env=env, capture_output=True, text=True, timeout=60)
    first = run("import", str(REPO / "binder" / "demo-schedules.json"), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["counts"] == {"create": 1, "update": 0, "unchanged": 0}
    exported = run("export")
    assert exported.stdout == (REPO / "binder" / "demo-schedules.json").read_text()
    assert (REPO / "binder" / "postBuild").stat().st_mode & 0o111
