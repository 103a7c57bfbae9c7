"""Where the executables nbschedule starts live, found relative to this package."""
import json
import shutil
import sys
from pathlib import Path

# In an editable install (the only kind we ship today) the package's parent is the repository,
# whose server/lib/main.js is the built sidecar.
SERVER_DIR = Path(__file__).resolve().parent.parent / "server"
SIDECAR_MAIN_JS = SERVER_DIR / "lib" / "main.js"
# The node flags every start of the sidecar uses, the benchmarks' too (the file says why).
SIDECAR_NODE_FLAGS = json.loads((SERVER_DIR / "node-flags.json").read_text())["flags"]


def jupyter_executable():
    """The `jupyter` of this Python environment, so the sidecar runs notebooks with the same
    nbconvert and kernels as the server, whatever PATH says."""
    beside = Path(sys.executable).parent / "jupyter"
    return str(beside) if beside.exists() else (shutil.which("jupyter") or "jupyter")
