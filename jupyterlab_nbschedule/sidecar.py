"""Supervises the sidecar process: starts it, learns its address, restarts it when it dies,
stops it with the server. The process contract it relies on is in CONTRACTS.md."""
import asyncio
import json
import logging
import os
import secrets
import signal

# pino's numeric levels, so the sidecar's log lines keep their severity in the Jupyter log.
PINO_LEVELS = {10: logging.DEBUG, 20: logging.DEBUG, 30: logging.INFO, 40: logging.WARNING,
               50: logging.ERROR, 60: logging.CRITICAL}
# Lines longer than this are cut, so one runaway log line cannot exhaust memory.
LINE_LIMIT = 1024 * 1024


class ExternalSidecar:
    """A sidecar someone else runs (NBSCHEDULE_URL): nothing to start, stop or restart."""

    state = "external"
    restarts = 0

    def __init__(self, url, token, reason=None):
        self.url, self.token, self.reason = url.rstrip("/"), token, reason

    def target(self):
        return (self.url, self.token) if self.reason is None else None

    def describe(self):
        return {"state": self.state, "restarts": self.restarts, "reason": self.reason}

    async def start(self):
        pass

    async def stop(self):
        pass


class SidecarSupervisor:
    """One sidecar process at a time, in its own process group so that stopping it also ends
    anything it left behind; a fresh bearer token for every launch."""

    def __init__(self, command, env, log, *, start_timeout=30.0, stop_timeout=15.0,
                 restart_delay=1.0, max_restart_delay=30.0, max_restarts=5, stable_after=60.0):
        self.command, self.env, self.log = list(command), dict(env), log
        self.start_timeout, self.stop_timeout = start_timeout, stop_timeout
        self.restart_delay, self.max_restart_delay = restart_delay, max_restart_delay
        self.max_restarts, self.stable_after = max_restarts, stable_after
        self.state = "stopped"
        self.restarts = 0
        self.reason = None
        self.url = self.token = self.version = None
        self.process = None
        self._failures = 0  # consecutive short-lived launches: drive the backoff and the bound
        self._stopping = False
        self._last_stderr = None
        self._tasks = set()
        self._restart_task = None

    # -- what the proxy asks ------------------------------------------------------------------

    def target(self):
        """(base url, bearer token) while the sidecar is up, else None."""
        return (self.url, self.token) if self.state == "running" else None

    def describe(self):
        return {"state": self.state, "restarts": self.restarts, "reason": self.reason}

    @property
    def pid(self):
        return self.process.pid if self.process else None

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self):
        """Launch and wait until it listens (or the first attempt fails and a restart is
        scheduled). Calling it again while it is up does nothing."""
        if self.state != "stopped":
            return
        self._stopping = False
        self.state = "starting"
        await self._launch()

    def fail(self, reason):
        """Give up before launching, e.g. when the sidecar is not built: say why."""
        self.state, self.reason = "failed", reason
        self.log.error("nbschedule sidecar: %s", reason)

    async def stop(self):
        """SIGTERM the process group, SIGKILL it after stop_timeout. Safe to call twice."""
        self._stopping = True
        if self._restart_task:
            self._restart_task.cancel()
        process = self.process
        if process is not None:
            if process.returncode is None:
                self._signal_group(process, signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), self.stop_timeout)
                except asyncio.TimeoutError:
                    self.log.warning("nbschedule sidecar did not stop within %ss; killing it",
                                     self.stop_timeout)
                    self._signal_group(process, signal.SIGKILL)
                    await process.wait()
            # Anything still in the sidecar's group outlived it: end it too.
            self._signal_group(process, signal.SIGKILL)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.state != "failed":
            self.state = "stopped"
        self.url = None

    # -- internals ----------------------------------------------------------------------------

    async def _launch(self):
        loop = asyncio.get_running_loop()
        self.token = secrets.token_urlsafe(32)
        self._last_stderr = None
        try:
            process = await asyncio.create_subprocess_exec(
                *self.command, env={**self.env, "NBSCHEDULE_TOKEN": self.token},
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, start_new_session=True, limit=LINE_LIMIT)
        except OSError as error:
            return self._died(f"could not start {self.command[0]!r}: {error}", ran_for=0)
        self.process = process
        started_at = loop.time()
        listening = loop.create_future()
        stderr_task = self._spawn(self._forward_stderr(process))
        self._spawn(self._read_stdout(process, listening))
        self.log.info("nbschedule sidecar starting (pid %s): %s", process.pid, " ".join(self.command))
        try:
            info = await asyncio.wait_for(listening, self.start_timeout)
        except asyncio.TimeoutError:
            self._signal_group(process, signal.SIGKILL)
            await process.wait()
            reason = f"did not report listening within {self.start_timeout:g}s"
            return self._died(self._with_last_line(reason), ran_for=0)
        except EOFError:
            await process.wait()
            if self._stopping:
                return None
            # Its last words are on stderr; wait briefly so the reason can quote them.
            await asyncio.wait([stderr_task], timeout=1)
            return self._died(self._exit_reason(process.returncode), ran_for=0)
        if self._stopping:
            return None
        host = info.get("host") or "127.0.0.1"
        host = f"[{host}]" if ":" in host else host
        self.url = f"http://{host}:{info['port']}"
        self.version = info.get("version")
        self.state = "running"
        self.log.info("nbschedule sidecar %s listening on %s", self.version, self.url)
        self._spawn(self._watch(process, started_at, stderr_task))
        return None

    async def _watch(self, process, started_at, stderr_task):
        returncode = await process.wait()
        if self._stopping or process is not self.process:
            return
        await asyncio.wait([stderr_task], timeout=1)
        ran_for = asyncio.get_running_loop().time() - started_at
        self._signal_group(process, signal.SIGKILL)
        self._died(self._exit_reason(returncode), ran_for)

    def _died(self, reason, ran_for):
        """Record why, then restart after a backoff, or give up after max_restarts in a row."""
        self.url = None
        self.reason = reason
        if ran_for >= self.stable_after:
            self._failures = 0
        self._failures += 1
        if self._failures > self.max_restarts:
            self.state = "failed"
            self.log.error("nbschedule sidecar %s; gave up after %s restarts in a row",
                           reason, self.max_restarts)
            return
        delay = min(self.restart_delay * 2 ** (self._failures - 1), self.max_restart_delay)
        self.state = "restarting"
        self.log.warning("nbschedule sidecar %s; restarting in %gs", reason, delay)
        self._restart_task = self._spawn(self._restart_after(delay))

    async def _restart_after(self, delay):
        await asyncio.sleep(delay)
        if not self._stopping:
            self.restarts += 1
            await self._launch()

    async def _read_stdout(self, process, listening):
        """The contract's one stdout line: {"event": "listening", ...}. Anything else is logged."""
        while line := await self._readline(process.stdout):
            try:
                message = json.loads(line)
            except ValueError:
                message = None
            if isinstance(message, dict) and message.get("event") == "listening" \
                    and not listening.done():
                listening.set_result(message)
            else:
                self.log.info("nbschedule sidecar stdout: %s", line)
        if not listening.done():
            listening.set_exception(EOFError())

    async def _forward_stderr(self, process):
        while line := await self._readline(process.stderr):
            level, text = self._parse_log_line(line)
            self._last_stderr = text[:300]
            self.log.log(level, "nbschedule sidecar: %s", text)

    @staticmethod
    async def _readline(stream):
        try:
            return (await stream.readline()).decode(errors="replace").rstrip("\r\n") or None
        except ValueError:  # a line longer than LINE_LIMIT: drop what is buffered, go on
            await stream.read(LINE_LIMIT)
            return "(an over-long line was cut)"

    @staticmethod
    def _parse_log_line(line):
        """pino JSON to (level, readable text); plain lines pass as they are."""
        try:
            entry = json.loads(line)
        except ValueError:
            return logging.INFO, line
        if not isinstance(entry, dict):
            return logging.INFO, line
        level = PINO_LEVELS.get(entry.get("level"), logging.INFO)
        text = str(entry.get("msg", ""))
        error = entry.get("err")
        if isinstance(error, dict) and error.get("message"):
            text = f"{text}: {error['message']}" if text else str(error["message"])
        rest = {k: v for k, v in entry.items()
                if k not in ("level", "time", "pid", "hostname", "msg", "err")}
        return level, f"{text} {json.dumps(rest)}" if rest else (text or line)

    def _exit_reason(self, returncode):
        if returncode is not None and returncode < 0:
            how = f"was killed by {signal.Signals(-returncode).name}"
        else:
            how = f"exited with code {returncode}"
        return self._with_last_line(how)

    def _with_last_line(self, reason):
        return f"{reason}: {self._last_stderr}" if self._last_stderr else reason

    @staticmethod
    def _signal_group(process, signum):
        # start_new_session made the sidecar its group's leader: its pid is the group id.
        try:
            os.killpg(process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def _spawn(self, coroutine):
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
