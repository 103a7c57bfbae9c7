"""`nbschedule serve` on its own (the console script installed into the virtualenv), as the
docker-compose scheduler service runs it: no Jupyter server anywhere."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from jupyter_process import ApiError

VENV_BIN = Path(sys.executable).parent


class StandaloneSidecar:
    def __init__(self, root_dir, data_dir, log_path, token="standalone-test-token"):
        self.root_dir, self.data_dir, self.log_path = Path(root_dir), Path(data_dir), Path(log_path)
        self.token = token
        self.proc = None
        self.port = None
        self.listening = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self, **extra):
        return dict(os.environ, NBSCHEDULE_DATA_DIR=str(self.data_dir), NBSCHEDULE_ROOT_DIR=str(self.root_dir),
                    NBSCHEDULE_TOKEN=self.token, NBSCHEDULE_HOST="127.0.0.1", NBSCHEDULE_PORT="0",
                    NBSCHEDULE_JUPYTER=str(VENV_BIN / "jupyter"), **extra)

    def start(self, timeout=30):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([str(VENV_BIN / "nbschedule"), "serve"], env=self.env(),
                                     stdout=subprocess.PIPE, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline and not line.endswith(b"\n"):
            chunk = self.proc.stdout.readline()
            if not chunk and self.proc.poll() is not None:
                raise RuntimeError(f"nbschedule serve exited with {self.proc.returncode}; see {self.log_path}")
            line += chunk
        self.listening = json.loads(line)
        assert self.listening["event"] == "listening"
        self.port = self.listening["port"]
        return self.listening

    def request(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}", data=data, method=method,
            headers={"Authorization": f"Bearer {token or self.token}",
                     **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, error.read().decode()) from None

    def api(self, method, path, body=None):
        return json.loads(self.request(method, path, body)[2] or b"null")

    def cli(self, *args, url=True):
        """Runs the `nbschedule` command line against this sidecar (or its data dir)."""
        env = self.env(**({"NBSCHEDULE_URL": self.url} if url else {}))
        return subprocess.run([str(VENV_BIN / "nbschedule"), *args], env=env, capture_output=True, text=True, timeout=60)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        if self.proc:
            self.proc.stdout.close()
            self.log.close()
