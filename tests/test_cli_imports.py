"""The command line starts without the heavy libraries: each command imports what it
needs when it runs. Checked in a fresh interpreter, by the modules it has loaded (how
long start-up takes is measured in benchmarks/cli_startup.py, not asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("rdflib", "networkx", "sklearn", "scipy", "numpy", "pyshacl", "pyvis", "yaml",
         "rapidfuzz", "docx", "openpyxl", "bs4", "neo4j", "pyoxigraph")
PROBE = """
import contextlib, io, json, sys
from sendkg.cli.main import run
with contextlib.redirect_stdout(io.StringIO()):
    run(["--help"])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})))
"""


def test_help_loads_no_heavy_library():
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=set(HEAVY))],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == []
