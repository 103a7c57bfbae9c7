"""Where the executables nbschedule starts live, found relative to this package."""
import shutil
import sys
from pathlib import Path

# In an editable install (the only kind we ship today) the package's parent is the repository,
# whose server/lib/main.js is the built sidecar.
SIDECAR_MAIN_JS = Path(__file__).resolve().parent.parent / "server" / "lib" / "main.js"


def jupyter_executable():
    """The `jupyter` of this Python environment, so the sidecar runs notebooks with the same
    nbconvert and kernels as the server, whatever PATH says."""
    beside = Path(sys.executable).parent / "jupyter"
    return str(beside) if beside.exists() else (shutil.which("jupyter") or "jupyter")
