"""The Jupyter server extension: its settings, its routes, and the sidecar's lifetime."""
import os
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir
from jupyter_server.extension.application import ExtensionApp
from tornado.simple_httpclient import SimpleAsyncHTTPClient
from traitlets import Float, Int, List, Unicode, default

from .handlers import API_PREFIX, ProxyHandler
from .locations import SIDECAR_MAIN_JS, SIDECAR_NODE_FLAGS, jupyter_executable
from .sidecar import ExternalSidecar, SidecarSupervisor

# Secrets of the Jupyter server itself, which the sidecar (and the notebooks it runs) must not see.
WITHHELD_ENV = ("JUPYTER_TOKEN", "JUPYTER_PASSWORD", "NBSCHEDULE_URL", "NBSCHEDULE_TOKEN")


class NBScheduleApp(ExtensionApp):
    name = "jupyterlab_nbschedule"
    description = "Scheduled notebooks: proxies to, and supervises, the nbschedule sidecar."

    sidecar_url = Unicode(help="URL of a sidecar already running (NBSCHEDULE_URL); "
                               "when set, no sidecar is started.").tag(config=True)
    sidecar_token = Unicode(help="Bearer token of that sidecar (NBSCHEDULE_TOKEN).").tag(config=True)
    data_dir = Unicode(help="Database, run outputs and runs.jsonl (NBSCHEDULE_DATA_DIR).").tag(config=True)
    max_concurrent_runs = Int(None, allow_none=True, help="Runs executing at once; None: the "
                              "sidecar's default (NBSCHEDULE_MAX_CONCURRENT_RUNS).").tag(config=True)
    sidecar_command = List(Unicode(), help="Command that runs the sidecar.").tag(config=True)
    jupyter_command = Unicode(help="`jupyter` the sidecar runs notebooks with "
                                   "(NBSCHEDULE_JUPYTER).").tag(config=True)
    start_timeout = Float(30.0, help="Seconds to wait for the sidecar's listening line.").tag(config=True)
    stop_timeout = Float(15.0, help="Seconds between SIGTERM and SIGKILL on stop.").tag(config=True)
    restart_delay = Float(1.0, help="First restart delay in seconds; doubles per failure in a "
                                    "row.").tag(config=True)
    max_restart_delay = Float(30.0, help="Longest restart delay in seconds.").tag(config=True)
    max_restarts = Int(5, help="Restarts in a row before giving up (state failed).").tag(config=True)
    stable_after = Float(60.0, help="Seconds up after which a crash no longer counts as one "
                                    "in a row.").tag(config=True)
    max_body_bytes = Int(10 * 1024 * 1024, help="Largest request body proxied.").tag(config=True)
    request_timeout = Float(300.0, help="Seconds a proxied request may take.").tag(config=True)

    @default("sidecar_url")
    def _sidecar_url_default(self):
        return os.environ.get("NBSCHEDULE_URL", "")

    @default("sidecar_token")
    def _sidecar_token_default(self):
        return os.environ.get("NBSCHEDULE_TOKEN", "")

    @default("data_dir")
    def _data_dir_default(self):
        return os.environ.get("NBSCHEDULE_DATA_DIR") or str(Path(jupyter_data_dir()) / "nbschedule")

    @default("max_concurrent_runs")
    def _max_concurrent_runs_default(self):
        value = os.environ.get("NBSCHEDULE_MAX_CONCURRENT_RUNS")
        return int(value) if value else None

    @default("sidecar_command")
    def _sidecar_command_default(self):
        return ["node", *SIDECAR_NODE_FLAGS, str(SIDECAR_MAIN_JS), "serve"]

    @default("jupyter_command")
    def _jupyter_command_default(self):
        return os.environ.get("NBSCHEDULE_JUPYTER") or jupyter_executable()

    def initialize_settings(self):
        self.http_client = SimpleAsyncHTTPClient(force_instance=True, max_clients=64)
        if self.sidecar_url:
            missing = None if self.sidecar_token else "NBSCHEDULE_URL is set but NBSCHEDULE_TOKEN is not"
            self.sidecar = ExternalSidecar(self.sidecar_url, self.sidecar_token, reason=missing)
            return
        self.sidecar = SidecarSupervisor(
            self.sidecar_command, self.sidecar_env(), self.log,
            start_timeout=self.start_timeout, stop_timeout=self.stop_timeout,
            restart_delay=self.restart_delay, max_restart_delay=self.max_restart_delay,
            max_restarts=self.max_restarts, stable_after=self.stable_after)

    def sidecar_env(self):
        env = {k: v for k, v in os.environ.items() if k not in WITHHELD_ENV}
        env.update(
            NBSCHEDULE_HOST="127.0.0.1",
            NBSCHEDULE_PORT="0",  # any free port; the listening line says which
            NBSCHEDULE_DATA_DIR=self.data_dir,
            NBSCHEDULE_ROOT_DIR=str(self.serverapp.root_dir),
            NBSCHEDULE_JUPYTER=self.jupyter_command,
            NBSCHEDULE_EXIT_ON_STDIN_CLOSE="1",  # dies with us even if we are SIGKILLed
        )
        if self.max_concurrent_runs is not None:
            env["NBSCHEDULE_MAX_CONCURRENT_RUNS"] = str(self.max_concurrent_runs)
        return env

    def initialize_handlers(self):
        self.handlers.append((API_PREFIX + "(.*)", ProxyHandler, {
            "sidecar": self.sidecar, "http_client": self.http_client,
            "max_body_bytes": self.max_body_bytes, "request_timeout": self.request_timeout,
        }))

    async def _start_jupyter_server_extension(self, serverapp):
        """Runs once the server's event loop does: start the sidecar now, not on first request,
        so schedules fire even if nobody opens JupyterLab."""
        if self.sidecar.state == "external":
            self.log.info("nbschedule: using the sidecar at %s", self.sidecar_url)
            return
        default_main = str(SIDECAR_MAIN_JS) in self.sidecar_command
        if default_main and not SIDECAR_MAIN_JS.exists():
            self.sidecar.fail(f"the sidecar is not built: {SIDECAR_MAIN_JS} is missing "
                              "(cd server && npm install && npm run build)")
            return
        await self.sidecar.start()

    async def stop_extension(self):
        await self.sidecar.stop()
        self.http_client.close()
