"""pytest-jupyter's server fixtures for the extension's tests (the extension template's way)."""
pytest_plugins = ("pytest_jupyter.jupyter_server",)
