"""Fixtures shared by the extension's tests: a recording fake sidecar, server config for it, and
one small client for the proxied API."""
import json
import sys
from pathlib import Path

import pytest
import tornado.httpserver
import tornado.netutil
import tornado.web

STANDIN_SIDECAR = Path(__file__).with_name("standin_sidecar.py")


def server_config(**nbschedule):
    """The extension alone, on a server that refuses unauthenticated access (as the extension
    template tests), with the given NBScheduleApp settings."""
    return {
        "ServerApp": {
            # pytest-jupyter would add the terminals extension; we test ours alone.
            "jpserver_extensions": {"jupyterlab_nbschedule": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
        },
        "NBScheduleApp": nbschedule,
    }


def standin_command(behaviour=""):
    command = [sys.executable, str(STANDIN_SIDECAR)]
    return command + [behaviour] if behaviour else command


class FakeSidecarHandler(tornado.web.RequestHandler):
    """Records every request; answers by path, the way the tests need."""
    SUPPORTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

    def initialize(self, received):
        self.received = received

    def record(self, path):
        self.received.append({
            "method": self.request.method, "path": path, "query": self.request.query,
            "headers": dict(self.request.headers), "body": self.request.body,
        })
        if path == "status":
            return self.answer(200, {"state": "ready", "version": "0.1.0", "instanceId": "fake"})
        if path == "invalid":
            return self.answer(400, {"error": {"code": "SCHEDULE_INVALID",
                                               "message": "The cron expression has 4 fields.",
                                               "field": "trigger.cron"}})
        if path == "empty-text":
            self.set_header("Content-Type", "text/plain")
            return self.finish(b"")
        if path == "nothing":
            self.set_status(204)
            return None
        if path.endswith(".html"):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            return self.finish("<html><script>alert(1)</script></html>")
        if path == "large":
            for _ in range(64):  # 4 MiB in 64 KiB writes
                self.write(b"x" * 65536)
            return None
        self.set_header("Set-Cookie", "sidecar=leaked; Path=/")
        self.set_header("X-Sidecar-Internal", "secret")
        self.set_header("Content-Disposition", 'attachment; filename="echo.json"')
        return self.answer(201 if self.request.method == "POST" else 200, {"echo": path})

    def answer(self, code, payload):
        self.set_status(code)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload))

    get = post = put = patch = delete = record


@pytest.fixture
def fake_sidecar(jp_asyncio_loop):
    """A sidecar stand-in inside the test process: .url, .token, .received (requests)."""
    received = []
    app = tornado.web.Application([(r"/api/v1/(.*)", FakeSidecarHandler, {"received": received})])

    async def listen():
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        return server, sockets[0].getsockname()[1]

    server, port = jp_asyncio_loop.run_until_complete(listen())
    fake = type("FakeSidecar", (), {})()
    fake.url, fake.token, fake.received = f"http://127.0.0.1:{port}", "sidecar-secret", received
    yield fake
    server.stop()


@pytest.fixture
def api(http_server_client, jp_serverapp, jp_base_url):
    """api(method, path, ...) -> response, against <base_url>nbschedule/api/v1/<path>, with
    the Jupyter token unless auth=False; never raises on an HTTP status."""
    token = jp_serverapp.identity_provider.token

    def fetch(method, path, body=None, headers=None, auth=True, **kwargs):
        headers = dict(headers or {})
        if auth:
            headers.setdefault("Authorization", f"token {token}")
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        return http_server_client.fetch(
            f"{jp_base_url}nbschedule/api/v1/{path}", method=method, body=body, headers=headers,
            raise_error=False, allow_nonstandard_methods=True, request_timeout=20, **kwargs)

    fetch.token = token
    return fetch


def extension(serverapp):
    return serverapp.web_app.settings["jupyterlab_nbschedule"]
