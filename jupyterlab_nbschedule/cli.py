"""`nbschedule`: the sidecar's own command line, so it can run without JupyterLab."""
import os
import sys

from .locations import SIDECAR_MAIN_JS, SIDECAR_NODE_FLAGS, jupyter_executable


def main():
    if not SIDECAR_MAIN_JS.exists():
        sys.exit(f"nbschedule: the sidecar is not built ({SIDECAR_MAIN_JS} is missing); "
                 "run `cd server && npm install && npm run build`")
    os.environ.setdefault("NBSCHEDULE_JUPYTER", jupyter_executable())
    # exec, not a child: signals and the exit code belong to the sidecar itself.
    os.execvp("node", ["node", *SIDECAR_NODE_FLAGS, str(SIDECAR_MAIN_JS), *sys.argv[1:]])
