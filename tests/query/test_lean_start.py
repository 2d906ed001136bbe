"""kg query starts lean (benchmarks/query_speed.py measures it): it imports
none of the build's heavy libraries, nor the standard modules that only other
commands need, and builds only its own sub-command's parser."""

from __future__ import annotations

import subprocess
import sys

from conftest import run_kg
from kg.cli import make_parser

NOT_FOR_A_QUERY = ("rdflib", "owlrl", "pyshacl", "dataclasses", "shutil", "difflib", "datetime", "json", "tempfile")
SHOW_MODULES = "import sys; from kg.cli import main; code = main(sys.argv[1:]); print(*sorted(sys.modules), file=sys.stderr)"


def test_kg_query_imports_nothing_it_does_not_need(built_project):
    run_kg("query", "laws", cwd=built_project)  # the first query after a build makes the ready store
    result = subprocess.run([sys.executable, "-c", SHOW_MODULES, "query", "laws", "--format", "csv"],
                            cwd=built_project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.split())
    assert "pyoxigraph" in loaded and "kg.query.engines" in loaded
    assert sorted(loaded & set(NOT_FOR_A_QUERY)) == []


def test_only_the_sub_command_run_gets_a_parser():
    assert set(make_parser("query")._subparsers._group_actions[0].choices) == {"query"}
    every = set(make_parser()._subparsers._group_actions[0].choices)
    assert {"build", "query", "serve", "publish"} <= every
    assert set(make_parser("no-such-command")._subparsers._group_actions[0].choices) == every
