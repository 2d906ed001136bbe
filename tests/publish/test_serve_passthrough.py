"""kg serve's pass-through of the engine's answers: the LIMIT it sends, and
the exact row count and cut in each result format, on answers written by
Oxigraph's own result writers (pyoxigraph, the same writers as the server)
with values chosen to look like row ends."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.publish.serve.passthrough import capped, count, cut

FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
# values that hold what marks a row's end in some format: quotes, braces, commas, line ends, tags
TRICKY = ['x"},{\n', "a\r\nb", '"quoted", and, "more"', "</result><result>", "tab\tand\\", "{}", "],[{}]"]


def answer(rows: int, fmt: str) -> bytes:
    store = ox.Store()
    for i in range(rows):
        value = TRICKY[i % len(TRICKY)] + str(i)
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i:03}"), ox.NamedNode("urn:p"), ox.Literal(value)))
    # ?none is never bound: rows with an empty cell (and, in JSON, rows with fewer keys) are counted too
    query = "SELECT ?s ?o ?none WHERE { ?s <urn:p> ?o } ORDER BY ?s"
    return store.query(query).serialize(format=FORMATS[fmt])


def rows_of(data: bytes, fmt: str) -> list:
    if fmt == "json":
        return json.loads(data)["results"]["bindings"]
    if fmt == "xml":
        return [ET.tostring(row) for row in ET.fromstring(data).iter("{http://www.w3.org/2005/sparql-results#}result")]
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
    return data.decode("utf-8").split("\n")[1:-1]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_rows_are_counted_exactly(fmt):
    for rows in (0, 1, 7, 23):
        data = answer(rows, fmt)
        assert count(data, fmt) == rows == len(rows_of(data, fmt))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_answer_within_the_limit_passes_unchanged(fmt):
    data = answer(10, fmt)
    assert cut(data, fmt, 10, complete=True) == (data, False)
    assert cut(data, fmt, 3, complete=True, within=True) == (data, False)  # the query's own LIMIT vouches


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_one_row_too_many_is_cut_to_the_limit(fmt):
    data = answer(11, fmt)
    kept, truncated = cut(data, fmt, 10, complete=True)
    assert truncated
    assert rows_of(kept, fmt) == rows_of(data, fmt)[:10]
    assert count(kept, fmt) == 10


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_answer_stopped_at_the_byte_limit_keeps_its_whole_rows(fmt):
    data = answer(20, fmt)
    for share in (0.3, 0.55, 0.8):
        part = data[: int(len(data) * share)]
        kept, truncated = cut(part, fmt, 100, complete=False)
        assert truncated and kept != part
        found = count(kept, fmt)  # a well-formed answer again
        assert 0 < found < 20
        assert rows_of(kept, fmt) == rows_of(data, fmt)[:found]


def test_n_triples_are_cut_by_lines():
    data = b"".join(f'<urn:s{i}> <urn:p> "a\\nb{i}" .\n'.encode() for i in range(12))
    assert cut(data, "nt", 12, complete=True) == (data, False)
    kept, truncated = cut(data, "nt", 5, complete=False)
    assert truncated and kept.count(b"\n") == 5 and data.startswith(kept)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_boolean_answer_is_not_counted(fmt):
    data = ox.Store().query("ASK {}").serialize(format=FORMATS[fmt])
    assert count(data, fmt) is None
    assert cut(data, fmt, 10, complete=True) == (data, False)


@pytest.mark.parametrize("query, sent, within", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 11\n", False),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 3", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", True),
    ("select * { ?s ?p ?o } limit 500 offset 2", "select * { ?s ?p ?o } limit 11 offset 2", False),
    ("SELECT * { ?s ?p ?o } VALUES ?s { <urn:x> }", "SELECT * { ?s ?p ?o } \nLIMIT 11\nVALUES ?s { <urn:x> }", False),
    ("SELECT * { ?s ?p ?o } # LIMIT 2", "SELECT * { ?s ?p ?o } # LIMIT 2\nLIMIT 11\n", False),
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 3 } }", "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 3 } }\nLIMIT 11\n", False),
    ('SELECT ("} LIMIT 3" AS ?x) { ?s <urn:a#b> ?o FILTER(?o < 3) }',
     'SELECT ("} LIMIT 3" AS ?x) { ?s <urn:a#b> ?o FILTER(?o < 3) }\nLIMIT 11\n', False),
    ("PREFIX LIMIT: <urn:> SELECT * { ?s ?p ?o } ORDER BY LIMIT:f(?s)",
     "PREFIX LIMIT: <urn:> SELECT * { ?s ?p ?o } ORDER BY LIMIT:f(?s)\nLIMIT 11\n", False),
    ("SELECT * { ?s ?p ?o } LIMIT # ten\n 10", None, False),  # not for certain: read row by row instead
    ("SELECT * { ?s ?p ?o", None, False),
])
def test_a_select_is_sent_with_a_limit_one_past_the_row_limit(query, sent, within):
    assert capped(query, 10) == ("SELECT", sent, within)


def test_the_limit_it_sends_gives_the_engine_s_first_rows():
    store = ox.Store()
    for i in range(30):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i:02}"), ox.NamedNode("urn:p"), ox.Literal(i)))
    for query in ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s)", "SELECT ?s { ?s ?p ?o } ORDER BY ?s VALUES ?o { 3 4 5 }",
                  "SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 25 OFFSET 2"):
        _, sent, _ = capped(query, 10)
        assert [r["s"] for r in store.query(sent)] == [r["s"] for r in store.query(query)][:11]


@pytest.mark.parametrize("query, form", [("ASK {}", "ASK"), ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
                                         ("DESCRIBE <urn:x>", "DESCRIBE"), ("nonsense", None)])
def test_other_forms_are_sent_as_written(query, form):
    assert capped(query, 10) == (form, query, False)
