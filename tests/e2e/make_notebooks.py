"""Writes the small real notebooks the browser tests schedule and run."""
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

root = Path(sys.argv[1])
hello = new_notebook(cells=[
    new_code_cell("answer = 6 * 7"),
    new_code_cell('print(f"hello from nbschedule: {answer}")'),
])
hello.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(hello, root / "reports" / "hello.ipynb")
