import sys
from pathlib import Path

# The system tests import their process helpers by plain name.
sys.path.insert(0, str(Path(__file__).parent))
