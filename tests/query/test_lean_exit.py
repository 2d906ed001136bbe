"""The kg program ends a successful query without the interpreter's teardown
(kg.cli.exit_now), its whole answer flushed first; errors, other commands,
and runs where something waits for the exit end normally."""

from __future__ import annotations

import subprocess
import sys

from conftest import run_kg

# A watcher in the program: its __del__ runs only in a normal teardown.
WATCHED = """
import sys
class Watcher:
    def __del__(self):
        print("torn down", file=sys.stderr)
watcher = Watcher()
{setup}
from kg.cli import entry
sys.argv = ["kg", *sys.argv[1:]]
entry()
"""


def program(cwd, *args, setup: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WATCHED.format(setup=setup), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_a_successful_query_ends_at_once_with_its_whole_answer(built_project, tmp_path):
    every = tmp_path / "every.rq"
    every.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o",
                     encoding="utf-8")  # no blank nodes: their labels change from one run to the next
    done = program(built_project, "query", str(every), "--format", "csv")
    assert done.returncode == 0 and done.stderr == ""  # no teardown ran
    lines = done.stdout.split("\n")  # text mode: CSV's CR LF read as LF
    assert lines[0] == "s,p,o" and len(lines) > 7000 and lines[-1] == ""  # a megabyte, through a pipe, all of it
    assert done.stdout == run_kg("query", str(every), "--format", "csv", cwd=built_project).stdout


def test_errors_keep_their_exit_code_and_end_normally(built_project):
    done = program(built_project, "query", "no-such-query")
    assert done.returncode == 2 and done.stderr.startswith("kg: No stored query named 'no-such-query'.")
    assert done.stderr.endswith("torn down\n")


def test_other_commands_end_normally(built_project):
    done = program(built_project, "queries")
    assert done.returncode == 0 and "instruments" in done.stdout and done.stderr == "torn down\n"


def test_an_atexit_handler_still_runs(built_project):
    setup = 'import atexit\natexit.register(lambda: print("handler ran", file=sys.stderr))'
    done = program(built_project, "query", "laws", "--format", "csv", setup=setup)
    assert done.returncode == 0 and done.stdout.startswith("law,")
    assert "handler ran" in done.stderr and "torn down" in done.stderr


def test_a_thread_still_running_is_waited_for(built_project):
    setup = ('import threading, time\n'
             'threading.Thread(target=lambda: (time.sleep(0.5), print("thread done", file=sys.stderr))).start()')
    done = program(built_project, "query", "laws", "--format", "csv", setup=setup)
    assert done.returncode == 0 and done.stdout.startswith("law,") and "thread done" in done.stderr
