"""kg query on broken or hostile files: a graph (--graph) or a query file
that is junk, not UTF-8, unreadable or a folder is one sentence with exit
code 2, on either engine, never an 'internal error' or a traceback."""

from __future__ import annotations

import os

import pytest

from conftest import run_kg

# Reading /proc/self/mem at offset 0 fails with EIO for every user, root included (chmod 000 would not stop root).
UNREADABLE = "/proc/self/mem"


def one_sentence(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: ") and lines[0].endswith("."), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "junk.ttl").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.ttl").write_bytes('<x:a> <x:b> "caf\xe9" .\n'.encode("latin-1"))
    (folder / "broken.ttl").write_text("<x:a> <x:b> .\n", encoding="utf-8")
    (folder / "folder.ttl").mkdir()
    (folder / "latin1.rq").write_bytes('SELECT * WHERE { ?s ?p "caf\xe9" }\n'.encode("latin-1"))
    (folder / "junk.rq").write_bytes(bytes(range(256)))
    (folder / "folder.rq").mkdir()
    return folder


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name, expected", [
    ("junk.ttl", "not valid RDF"),
    ("latin1.ttl", "not valid RDF"),
    ("broken.ttl", "broken.ttl:1:"),
    ("folder.ttl", "not a regular file"),
    (UNREADABLE, "cannot be read"),
    ("/dev/null", "not a regular file"),
])
def test_graph_that_is_not_rdf_is_one_sentence(built_project, hostile, engine, name, expected):
    path = name if os.path.isabs(name) else str(hostile / name)
    message = one_sentence(run_kg("query", "laws", "--graph", path, "--engine", engine, cwd=built_project))
    assert path in message and expected in message


@pytest.mark.parametrize("name, expected", [
    ("latin1.rq", "not UTF-8 text"),
    ("junk.rq", "not UTF-8 text"),
    ("folder.rq", "is not a regular file"),
    (UNREADABLE, "cannot be read"),
])
def test_query_file_that_cannot_be_read_is_one_sentence(built_project, hostile, name, expected):
    path = name if os.path.isabs(name) else str(hostile / name)
    message = one_sentence(run_kg("query", path, cwd=built_project))
    assert path in message and expected in message


def test_ill_typed_literal_in_a_graph_gives_no_traceback_on_rdflib(built_project, tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text('<x:a> <x:b> "2025-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n', encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?o WHERE { ?s ?p ?o }\n", encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        result = run_kg("query", str(query), "--graph", str(graph), "--engine", engine, cwd=built_project)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert "2025-13-45" in result.stdout
