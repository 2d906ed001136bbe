"""The ready copy of a small dump (kg.query.ready_store.load_in_memory):
N-Triples made by the first kg query, loaded by the next ones, replaced when
the dump changes, ignored when damaged, safe when several queries start at
once, skipped where dist/ is read-only; its triples are the dump's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import run_kg
from kg.query.engines import OxigraphEngine
from kg.query.ready_store import FOLDER, MIN_BYTES, load_in_memory, ready_copy

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture
def dump(dist, tmp_path):
    copy = tmp_path / "dist" / "kg-inferred.ttl"
    copy.parent.mkdir()
    shutil.copy2(dist / "kg-inferred.ttl", copy)
    assert copy.stat().st_size < MIN_BYTES  # the curated graph gets a copy, not a store
    return copy


def triples(store):
    """The triples, blank nodes written as _ (their labels differ from one parse of the dump to the next)."""
    return sorted(tuple("_" if str(s[v]).startswith("_:") else str(s[v]) for v in ("s", "p", "o"))
                  for s in store.query(QUERY))


@pytest.fixture(scope="module")
def parsed(dist):
    return triples(OxigraphEngine(dist / "kg-inferred.ttl").store)


def test_first_load_makes_the_copy_and_later_loads_read_it(dump, parsed):
    copy = ready_copy(dump)
    assert not copy.exists()
    assert triples(load_in_memory(dump)) == parsed
    made = copy.stat().st_ino
    assert copy.read_bytes().endswith(f"# kg ready copy: {len(parsed)} triples\n".encode())
    assert triples(load_in_memory(dump)) == parsed
    assert copy.stat().st_ino == made  # read, not made again


def test_later_loads_read_the_copy_not_the_dump(dump, parsed):
    load_in_memory(dump)
    copy, stat = ready_copy(dump), dump.stat()
    made = copy.stat().st_ino
    # the dump's text changes but its size and time (the key) do not: an answer from the copy shows it was read
    dump.write_text("<urn:x> <urn:p> <urn:o> .".ljust(stat.st_size - 1) + "\n", encoding="utf-8")
    os.utime(dump, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ready_copy(dump) == copy
    assert triples(load_in_memory(dump)) == parsed
    assert copy.stat().st_ino == made  # read, not made again
    assert not bool(OxigraphEngine(dump, ready=True).store.query("ASK { <urn:x> ?p ?o }"))


def test_a_changed_dump_gets_a_new_copy_and_the_old_one_goes(dump):
    load_in_memory(dump)
    old = ready_copy(dump)
    with dump.open("a", encoding="utf-8") as stream:
        stream.write("<https://example.org/new> <https://example.org/p> 1 .\n")
    new = ready_copy(dump)
    assert new != old
    store = load_in_memory(dump)
    assert new.is_file() and not old.exists()
    assert ("<https://example.org/new>", "<https://example.org/p>",
            '"1"^^<http://www.w3.org/2001/XMLSchema#integer>') in triples(store)
    assert ("<https://example.org/new>", "<https://example.org/p>",
            '"1"^^<http://www.w3.org/2001/XMLSchema#integer>') in triples(load_in_memory(dump))


def damage_cut_short(text: bytes) -> bytes:
    return text[: len(text) // 2]


def damage_cut_at_a_line(text: bytes) -> bytes:
    return text[: text.index(b"\n", len(text) // 2) + 1]


def damage_line_lost(text: bytes) -> bytes:  # the count in the last line no longer holds
    lines = text.splitlines(keepends=True)
    return b"".join(lines[:10] + lines[11:])


def damage_garbage(text: bytes) -> bytes:
    return b"\x00\xff not N-Triples {" + text[40:]


def damage_empty(text: bytes) -> bytes:
    return b""


@pytest.mark.parametrize("damage", [damage_cut_short, damage_cut_at_a_line, damage_line_lost, damage_garbage,
                                    damage_empty])
def test_a_damaged_copy_is_ignored_and_made_again(dump, parsed, damage):
    load_in_memory(dump)
    copy = ready_copy(dump)
    whole = copy.read_bytes()
    copy.write_bytes(damage(whole))
    assert triples(load_in_memory(dump)) == parsed  # parsed from the dump again
    assert copy.read_bytes().endswith(whole.splitlines(keepends=True)[-1])  # and copied again, whole
    assert triples(load_in_memory(dump)) == parsed


def test_without_keep_copy_nothing_is_written(dump, parsed):
    assert triples(load_in_memory(dump, keep_copy=False)) == parsed
    assert not (dump.parent / FOLDER).exists()


def test_unwritable_dist_parses_the_dump_each_time(dump, parsed):
    (dump.parent / FOLDER).write_text("not a folder", encoding="utf-8")  # blocks it even for root
    assert triples(load_in_memory(dump)) == parsed
    assert triples(OxigraphEngine(dump, ready=True).store) == parsed
    assert (dump.parent / FOLDER).read_text(encoding="utf-8") == "not a folder"


def test_a_bad_dump_is_still_reported_where_it_fails(dump):
    dump.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        OxigraphEngine(dump, ready=True)
    assert str(error.value).startswith(f"{dump}:1:") and "not valid RDF" in str(error.value)
    assert not ready_copy(dump).exists()


@pytest.fixture
def copied_project(built_project, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_project, root, ignore=shutil.ignore_patterns(FOLDER))
    return root


def test_kg_query_makes_and_uses_the_copy_and_answers_as_before(copied_project):
    project = copied_project
    store = project / "dist" / FOLDER
    first = run_kg("query", "instruments", "--format", "csv", cwd=project)
    assert first.returncode == 0, first.stderr
    assert [p.name for p in store.iterdir()] == [ready_copy(project / "dist" / "kg-inferred.ttl").name]
    again = run_kg("query", "instruments", "--format", "csv", cwd=project)
    parsed = run_kg("query", "instruments", "--format", "csv", "--graph", "dist/kg-inferred.ttl", cwd=project)
    assert first.stdout == again.stdout == parsed.stdout and first.stdout.count("\n") > 50


def test_concurrent_first_queries_agree_and_leave_one_copy(copied_project):
    project = copied_project
    store = project / "dist" / FOLDER
    command = [sys.executable, "-m", "kg", "query", "instruments", "--format", "csv"]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].count("\n") > 50
    assert [p.name for p in store.iterdir()] == [ready_copy(project / "dist" / "kg-inferred.ttl").name]
    os.utime(project / "dist" / "kg-inferred.ttl")  # a newer dump: the next query makes a new copy
    again = run_kg("query", "instruments", "--format", "csv", cwd=project)
    assert again.returncode == 0 and again.stdout == outputs[0][0]
    assert [p.name for p in store.iterdir()] == [ready_copy(project / "dist" / "kg-inferred.ttl").name]
