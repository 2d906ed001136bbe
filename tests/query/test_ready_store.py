"""The ready Oxigraph store beside the dumps (kg.query.ready_store): made by
the first kg query, opened by the next ones, replaced when the dump changes,
safe when several queries start at once, skipped where dist/ is read-only;
its answers are the same as a fresh parse of the dump."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import run_kg
from kg.query.engines import OxigraphEngine
from kg.query.ready_store import FOLDER, MIN_BYTES, open_ready_store, store_folder

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@pytest.fixture
def dump(dist, tmp_path):
    copy = tmp_path / "dist" / "kg-inferred.ttl"
    copy.parent.mkdir()
    shutil.copy2(dist / "kg-inferred.ttl", copy)
    return copy


def rows(store):
    """The triples, blank nodes written as _ (their labels differ from one parse of the dump to the next)."""
    return sorted(tuple("_" if str(s[v]).startswith("_:") else str(s[v]) for v in ("s", "p", "o"))
                  for s in store.query(QUERY))


def test_first_use_makes_the_store_and_later_uses_open_it(dump):
    folder = store_folder(dump)
    assert not folder.exists()
    first = open_ready_store(dump, 0)
    assert folder.is_dir() and first is not None
    made = folder.stat().st_ino
    second = open_ready_store(dump, 0)
    assert folder.stat().st_ino == made  # opened, not made again
    fresh = OxigraphEngine(dump).store
    assert rows(second) == rows(fresh) and len(rows(fresh)) > 7000


def test_a_changed_dump_gets_a_new_store_and_the_old_one_goes(dump):
    open_ready_store(dump, 0)
    old = store_folder(dump)
    with dump.open("a", encoding="utf-8") as stream:
        stream.write("<https://example.org/new> <https://example.org/p> 1 .\n")
    new = store_folder(dump)
    assert new != old
    store = open_ready_store(dump, 0)
    assert new.is_dir() and not old.exists()
    assert ("<https://example.org/new>", "<https://example.org/p>",
            '"1"^^<http://www.w3.org/2001/XMLSchema#integer>') in rows(store)


def test_unwritable_dist_falls_back_to_memory(dump):
    (dump.parent / FOLDER).write_text("not a folder", encoding="utf-8")  # blocks it even for root
    assert open_ready_store(dump, 0) is None
    engine = OxigraphEngine(dump, ready=True)  # loads the dump into memory instead
    assert len(rows(engine.store)) > 7000


def pad(dump, size: int = MIN_BYTES) -> None:
    """Make the dump big enough for a ready store, with triples no stored query reads."""
    with dump.open("a", encoding="utf-8") as stream:
        for n in range(size // 50 + 1):
            stream.write(f"<urn:x-padding:{n}> <urn:x-padding:p> {n} .\n")


def test_small_dumps_are_parsed_not_stored(dump):
    assert dump.stat().st_size < MIN_BYTES  # the curated graph, today
    assert open_ready_store(dump) is None and not (dump.parent / FOLDER).exists()


@pytest.fixture
def big_project(built_project, tmp_path):
    """A copy of the built project whose dump is big enough for a ready store."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, ignore=shutil.ignore_patterns(FOLDER))
    pad(root / "dist" / "kg-inferred.ttl")
    return root


def test_kg_query_uses_the_ready_store_and_answers_as_before(big_project):
    built_project = big_project
    store = built_project / "dist" / FOLDER
    first = run_kg("query", "laws", cwd=built_project)
    assert first.returncode == 0, first.stderr
    assert [p.name for p in store.iterdir()] == [store_folder(built_project / "dist" / "kg-inferred.ttl").name]
    again = run_kg("query", "laws", cwd=built_project)
    in_memory = run_kg("query", "laws", "--graph", "dist/kg-inferred.ttl", cwd=built_project)
    assert first.stdout == again.stdout == in_memory.stdout


def test_concurrent_first_queries_all_succeed_and_leave_one_store(big_project):
    built_project = big_project
    store = built_project / "dist" / FOLDER
    command = [sys.executable, "-m", "kg", "query", "instruments", "--format", "csv"]
    runs = [subprocess.Popen(command, cwd=built_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].count("\n") > 50
    assert len([p for p in store.iterdir()]) == 1  # the losers dropped their copies
    os.utime(built_project / "dist" / "kg-inferred.ttl")  # a newer dump: the next query makes a new store
    assert run_kg("query", "instruments", cwd=built_project).returncode == 0
    assert len([p for p in store.iterdir()]) == 1
