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

# A parameterized notebook: a cell tagged "parameters" and slow cells, so a run shows progress.
params_cell = new_code_cell('region = "eu"\ndays = 7\ndry_run = False')
params_cell.metadata["tags"] = ["parameters"]
slow = [new_code_cell(f"import time\ntime.sleep(1.2)\nstep = {i}") for i in range(1, 7)]
params = new_notebook(cells=[
    params_cell,
    *slow,
    new_code_cell('print(f"report for {region} over {days} days, dry run {dry_run}")'),
])
params.metadata["kernelspec"] = hello.metadata["kernelspec"]
nbformat.write(params, root / "reports" / "params.ipynb")
