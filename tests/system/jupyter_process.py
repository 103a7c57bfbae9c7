"""A real Jupyter server with nbschedule, started as its own process group so a test can kill
it (and everything it started) the way a crash or a container stop would."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    """Every live descendant of pid, from /proc (no psutil needed)."""
    by_parent = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            by_parent.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in by_parent.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class JupyterServer:
    def __init__(self, root_dir, data_dir, log_path, env=None):
        self.root_dir, self.data_dir, self.log_path = Path(root_dir), Path(data_dir), Path(log_path)
        self.extra_env = dict(env or {})
        self.port = free_port()
        self.token = "system-test-" + str(self.port)
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        work = self.log_path.parent
        env = dict(os.environ, NBSCHEDULE_DATA_DIR=str(self.data_dir),
                   JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_RUNTIME_DIR=str(work / "runtime"),
                   **self.extra_env)
        args = [str(VENV_BIN / "jupyter"), "server", "--no-browser", "--ip=127.0.0.1",
                f"--port={self.port}", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root_dir}"]
        if os.getuid() == 0:
            args.append("--allow-root")
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status = self.api("GET", "/status")
                if status.get("state") == "ready":
                    return status
            except (OSError, ApiError):
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter server exited with {self.proc.returncode}; see {self.log_path}")
            time.sleep(0.2)
        raise TimeoutError(f"nbschedule did not become ready in {timeout}s; see {self.log_path}")

    def api(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/nbschedule/api/v1{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, error.read().decode()) from None

    def kill_everything(self):
        """SIGKILL the server, the sidecar and every run's process group: a machine crash."""
        pids = [self.proc.pid, *children(self.proc.pid)]
        groups = {os.getpgid(p) for p in pids if alive(p)}
        for group in groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)
        self.log.close()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        return pids

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill_everything()
        if self.proc and not self.log.closed:
            self.log.close()


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"{status}: {body}")
        self.status, self.body = status, body
