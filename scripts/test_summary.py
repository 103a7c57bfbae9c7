"""Totals every suite's machine-readable report into one line: "N passed, N failed".

A suite whose report is missing counts as one failure, so a crashed runner never reads as green.
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SUITES = ["jest-sidecar.json", "jest-frontend.json", "pytest.xml", "playwright.json"]


def jest(path):
    data = json.loads(path.read_text())
    failed = data["numFailedTests"] + data.get("numRuntimeErrorTestSuites", 0)
    return data["numPassedTests"], failed


def pytest(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return total - failed - skipped, failed


def playwright(path):
    stats = json.loads(path.read_text())["stats"]
    return stats["expected"], stats["unexpected"] + stats.get("flaky", 0)


def main(folder):
    passed = failed = 0
    for name in SUITES:
        path = Path(folder) / name
        read = jest if name.startswith("jest") else pytest if name.endswith(".xml") else playwright
        try:
            p, f = read(path)
        except (OSError, ValueError, KeyError, ET.ParseError) as error:
            print(f"{name}: no usable report ({error})", file=sys.stderr)
            p, f = 0, 1
        print(f"{name}: {p} passed, {f} failed", file=sys.stderr)
        passed, failed = passed + p, failed + f
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
