"""Where Oxigraph parses and runs a query (kg.query.engines.on_enough_stack):
a short query on the main thread, when its stack is ample by the measured
worst case; a long one, or one from another thread, on a thread with a big
stack, so that no query overflows a stack."""

from __future__ import annotations

import resource
import subprocess
import sys
import threading

import pytest

from kg.query import engines
from kg.query.engines import STACK_PER_QUERY_BYTE, on_enough_stack


def thread_name(text: str) -> str:
    return threading.current_thread().name


def test_a_short_query_runs_on_the_main_thread():
    assert on_enough_stack("SELECT * WHERE { ?s ?p ?o }", thread_name) == "MainThread"


def test_a_query_too_long_for_the_main_stack_runs_on_a_big_stack():
    longest = engines._main_stack() // STACK_PER_QUERY_BYTE
    assert longest >= 1024  # the usual 8 MiB main stack takes every stored query (at most 2 KiB)
    assert on_enough_stack("#" * longest, thread_name) == "MainThread"
    assert on_enough_stack("#" * (longest + 1), thread_name) == "kg-query"


def test_a_query_from_another_thread_runs_on_a_big_stack():
    seen = []
    worker = threading.Thread(target=lambda: seen.append(on_enough_stack("ASK {}", thread_name)), name="other")
    worker.start()
    worker.join()
    assert seen == ["kg-query"]


def test_where_the_stack_is_unknown_a_big_stack_is_used(monkeypatch):
    monkeypatch.setattr(engines, "_main_stack", lambda: 0)
    assert on_enough_stack("ASK {}", thread_name) == "kg-query"


def small_stack():
    resource.setrlimit(resource.RLIMIT_STACK, (1024 * 1024, resource.RLIM_INFINITY))


@pytest.mark.parametrize("limit", [None, small_stack])
def test_a_2_kib_chain_runs_whatever_the_main_stack(built_project, tmp_path, limit):
    # about 1 KiB of stack a byte: a 2 KiB run of ! needs 2 MiB, more than a 1 MiB main stack
    chain = tmp_path / "chain.rq"
    chain.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(" + "!" * 1986 + "true) } LIMIT 1", encoding="utf-8")
    assert len(chain.read_bytes()) < 8 * 1024 * 1024 // STACK_PER_QUERY_BYTE
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(chain), "--format", "csv"], cwd=built_project,
                          capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("s,p,o") and done.stdout.count("\n") == 2
