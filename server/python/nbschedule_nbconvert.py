# What the sidecar adds to nbconvert (loaded by nbschedule_nbconvert_config.py, which
# server/src/executor/notebook-executor.ts passes with --config).
#
# NbscheduleExecutePreprocessor swaps nbconvert's ExecutePreprocessor for one that behaves like papermill:
# - it stops at the first failing cell but still returns the partially executed notebook, so
#   nbconvert writes it with the traceback in place (plain --execute writes nothing on error);
# - it prints one progress line per code cell and echoes what the cells print, so the
#   sidecar can report {cell, cells} and a live log tail while the run executes.
# On SIGTERM (the sidecar's timeout or cancel) it writes the notebook as far as it got to
# $NBSCHEDULE_EXECUTED_PATH and exits at once, so a stopped run keeps its partial notebook too.
# ExitOnFailure, a postprocessor, runs after nbconvert wrote that notebook and makes the
# process exit with 1, so a failed run has both its partial notebook and a failing exit code.
# Lines for the sidecar start with "[nbschedule] " on stderr; the sidecar parses nothing else.
import json
import os
import re
import signal
import sys

from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.postprocessors import PostProcessorBase
from nbconvert.preprocessors import ExecutePreprocessor

MARK = "[nbschedule] "
FAILED = False
ANSI = re.compile(r"\x1b\[[0-9;]*m")


CURRENT = None  # the notebook being executed, for _stop


def _stop(signum, frame):
    """SIGTERM from the sidecar (timeout or cancel): write the notebook as far as it got and leave
    at once, without waiting for nbclient's kernel clean-up (the sidecar ends the group anyway)."""
    path = os.environ.get("NBSCHEDULE_EXECUTED_PATH")
    if CURRENT is not None and path:
        try:
            with open(path + ".partial", "w", encoding="utf-8") as f:
                json.dump(CURRENT, f, indent=1, ensure_ascii=False)
            os.replace(path + ".partial", path)
            sys.stderr.write(MARK + json.dumps({"event": "stopped", "written": path}) + "\n")
        except Exception as error:  # noqa: BLE001 (best effort: nothing else to do on the way out)
            sys.stderr.write(f"{MARK}could not write the partial notebook: {error}\n")
    sys.stderr.flush()
    os._exit(1)


signal.signal(signal.SIGTERM, _stop)


def tell(event, **fields):
    sys.stderr.write(MARK + json.dumps({"event": event, **fields}) + "\n")
    sys.stderr.flush()


class NbscheduleExecutePreprocessor(ExecutePreprocessor):
    def preprocess(self, nb, resources=None, km=None):
        self._nbschedule_cells = sum(1 for c in nb.cells if c.cell_type == "code")
        self._nbschedule_done = 0
        global CURRENT
        CURRENT = nb
        try:
            return super().preprocess(nb, resources, km)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            global FAILED
            FAILED = True
            tell(
                "failed",
                cellIndex=getattr(self, "_nbschedule_index", None),
                kind=type(error).__name__,
                message=ANSI.sub("", str(error)).strip().splitlines()[-1] if str(error).strip() else "",
            )
            return self.nb, self.resources

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            self._nbschedule_done += 1
            self._nbschedule_index = index
            tell("cell", cell=self._nbschedule_done, cells=self._nbschedule_cells, cellIndex=index)
        return super().preprocess_cell(cell, resources, index)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg.get("msg_type") == "stream":
            sys.stderr.write(content.get("text", ""))
            sys.stderr.flush()
        elif msg.get("msg_type") == "error":
            sys.stderr.write(ANSI.sub("", "\n".join(content.get("traceback", []))) + "\n")
            sys.stderr.flush()
        return super().output(outs, msg, display_id, cell_index)


class ExitOnFailure(PostProcessorBase):
    def postprocess(self, input):
        if FAILED:
            sys.exit(1)
