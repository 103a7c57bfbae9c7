"""One version for the product: the Python package reports the root package.json's."""
import json
from pathlib import Path

import jupyterlab_nbschedule


def test_the_python_package_has_the_version_of_package_json():
    package_json = Path(__file__).resolve().parents[2] / "package.json"
    assert jupyterlab_nbschedule.__version__ == json.loads(package_json.read_text())["version"]


def test_the_labextension_is_found_under_its_npm_name():
    [path] = jupyterlab_nbschedule._jupyter_labextension_paths()
    assert path == {"src": "labextension", "dest": "jupyterlab-nbschedule"}
