"""Two builds of the same sources give byte-identical dumps: blank nodes get
their RDFC-1.0 labels (kg.build.canonical), dumps are written in a fixed
order, and void.ttl is dated by the sources, not by the build."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, XSD

from kg.namespaces import DATASET_IRI

DUMPS = ("kg.ttl", "kg.nt", "kg.jsonld", "kg-inferred.ttl", "entailments.ttl", "void.ttl", "queries.ttl",
         "validation.ttl")


def build(root, out: str, **env) -> None:
    # separate processes: fresh blank-node labels and a different string-hash seed each time
    result = subprocess.run([sys.executable, "-m", "kg", "build", "--out", out], cwd=root, capture_output=True,
                            text=True, timeout=300, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr


def test_two_builds_are_byte_identical(project_copy):
    build(project_copy, "one", PYTHONHASHSEED="1")
    build(project_copy, "two", PYTHONHASHSEED="2")
    one, two = project_copy / "one", project_copy / "two"
    assert sorted(p.name for p in one.iterdir()) == sorted(DUMPS)
    different = [name for name in DUMPS if (one / name).read_bytes() != (two / name).read_bytes()]
    assert different == []
    assert "_:c14n0 " in (one / "kg.nt").read_text(encoding="utf-8")  # the ontology's lists: canonical labels


def test_void_is_dated_by_the_sources_not_the_build(project_copy):
    newest = dt.datetime(2026, 3, 31, 12, tzinfo=dt.timezone.utc).timestamp()
    for path in project_copy.rglob("*"):
        if path.is_file():
            os.utime(path, (newest - 86400 * 30, newest - 86400 * 30))
    os.utime(project_copy / "data" / "laws.ttl", (newest, newest))
    build(project_copy, "dist")
    void = Graph().parse(project_copy / "dist" / "void.ttl")
    assert void.value(DATASET_IRI, DCTERMS.modified) == Literal("2026-03-31", datatype=XSD.date)
    build(project_copy, "dist", SOURCE_DATE_EPOCH="0")
    void = Graph().parse(project_copy / "dist" / "void.ttl")
    assert void.value(DATASET_IRI, DCTERMS.issued) == Literal("1970-01-01", datatype=XSD.date)


def test_kg_export_writes_the_bytes_of_the_build(project_copy):
    build(project_copy, "dist")
    for fmt, name in (("ttl", "kg.ttl"), ("nt", "kg.nt")):
        result = subprocess.run([sys.executable, "-m", "kg", "export", "--format", fmt], cwd=project_copy,
                                capture_output=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert result.stdout == (project_copy / "dist" / name).read_bytes()
