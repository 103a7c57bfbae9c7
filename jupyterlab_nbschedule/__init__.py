"""nbschedule's Jupyter server extension: auth, a thin proxy to the sidecar, and its supervisor."""
try:
    from ._version import __version__
except ImportError:
    # _version.py is written by the hatch build hook; a source checkout without an install has none.
    import warnings

    warnings.warn("Importing 'jupyterlab_nbschedule' outside a proper installation.", stacklevel=2)
    __version__ = "dev"

from .app import NBScheduleApp


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-nbschedule"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_nbschedule", "app": NBScheduleApp}]
