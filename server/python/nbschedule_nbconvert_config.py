# nbconvert configuration the sidecar passes with --config: see nbschedule_nbconvert.py.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821 (traitlets provides it)
c.Exporter.preprocessors = ["nbschedule_nbconvert.NbscheduleExecutePreprocessor"]
c.NbConvertApp.postprocessor_class = "nbschedule_nbconvert.ExitOnFailure"
