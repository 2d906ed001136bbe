"""Every stored query: well-formed header, an expected result (Given params,
Then rows) checked on the real curated graph, and the same answer from
Oxigraph, rdflib and a real SPARQL server.

Expected results live in tests/query/expected/queries/NAME.json; rewrite them
from the current graph with ``pytest --update-expected`` and review the diff.
"""

from __future__ import annotations

import json

import pytest

from kg.query.catalogue import stored_queries
from kg.query.engines import EndpointEngine, OxigraphEngine, RdflibEngine
from kg.query.params import bind
from kg.query.sparqltext import query_form

from conftest import ROOT
from expected_results import EXPECTED, as_data, given

QUERIES = {q.name: q for q in stored_queries(ROOT / "queries")}


def run(engine, name: str):
    case = given(name)
    query = QUERIES[name]
    bindings = bind(query, [f"{k}={v}" for k, v in case["params"].items()])
    return as_data(engine.run(query.text, bindings))


@pytest.fixture(scope="module")
def oxigraph(dist):
    return OxigraphEngine(dist / "kg-inferred.ttl")


@pytest.fixture(scope="module")
def rdflib_engine(dist):
    return RdflibEngine(dist / "kg-inferred.ttl")


def test_there_are_at_least_twenty_stored_queries():
    assert len(QUERIES) >= 20


def test_every_expected_result_belongs_to_a_stored_query():
    assert {p.stem for p in EXPECTED.glob("*.json")} == set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete(name):
    query = QUERIES[name]
    assert query.summary and query.summary_ja and query.tags
    assert query.summary != query.summary_ja
    if query_form(query.text) == "SELECT":
        assert "ORDER BY" in query.text, "a SELECT with an expected result needs ORDER BY"
        projection = query.text.split("SELECT", 1)[1].split("WHERE", 1)[0]
        for param in query.params:
            assert f"?{param}" in projection, f"parameter {param} must be projected (Oxigraph binds by SEP-0007 substitution)"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_oxigraph_gives_the_expected_result(oxigraph, name, update_expected):
    actual = run(oxigraph, name)
    path = EXPECTED / f"{name}.json"
    if update_expected:
        case = given(name)
        case["result"] = actual
        path.write_text(json.dumps(case, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = given(name)
    assert "result" in expected, f"{path} has no result yet: run pytest --update-expected and review it"
    if "ntriples" in actual:
        assert sorted(actual["ntriples"]) == sorted(expected["result"]["ntriples"])
    else:
        assert actual == expected["result"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_rdflib_gives_the_same_result(rdflib_engine, name):
    actual = run(rdflib_engine, name)
    expected = given(name)["result"]
    if "ntriples" in actual:
        assert sorted(actual["ntriples"]) == sorted(expected["ntriples"])
    else:
        assert actual == expected


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_real_sparql_server_gives_the_same_result(oxigraph_endpoint, name):
    actual = run(EndpointEngine(oxigraph_endpoint, timeout=30), name)
    expected = given(name)["result"]
    if "ntriples" in actual:
        assert sorted(actual["ntriples"]) == sorted(expected["ntriples"])
    else:
        assert actual == expected


def test_expected_results_are_not_empty():
    empty = [name for name in QUERIES if not (given(name)["result"].get("rows") or given(name)["result"].get("ntriples"))]
    # the curation lists may rightly be empty one day; the others answer the factsheet's questions
    assert [n for n in empty if not n.startswith("curation-")] == []


PLAIN = sorted(name for name, query in QUERIES.items() if set(query.params) <= set(query.defaults))


def test_some_queries_run_without_parameters():
    assert len(PLAIN) >= 12


@pytest.mark.parametrize("name", PLAIN)
def test_runs_as_plain_sparql_with_the_defaults_inside(dist, name):
    """Copied into any triple store or SPARQL client, with nothing bound, a query
    without required parameters answers, and answers what our runner does with
    the header's defaults (the parameters' own columns aside)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(dist / "kg-inferred.ttl"), format=ox.RdfFormat.TURTLE)
    query = QUERIES[name]
    result = store.query(query.text)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        plain = [[str(row[n]) if row[n] is not None else None for n in names] for row in result]
        assert plain, f"{name} returns no rows as plain SPARQL"
        runner = as_data(OxigraphEngine(dist / "kg-inferred.ttl").run(query.text, bind(query, [])))
        keep = [i for i, n in enumerate(names) if n not in query.params]
        assert [[row[i] for i in keep] for row in plain] == [[row[i] for i in keep] for row in runner["rows"]]
    else:
        assert list(result), f"{name} returns nothing as plain SPARQL"


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib", "endpoint"])
def test_a_bound_language_overrides_the_default_inside_the_query(engine_name, dist, oxigraph_endpoint):
    """The default lives in the query text (COALESCE), yet each way of binding
    wins over it: Oxigraph's substitution, rdflib's initBindings, an endpoint's VALUES."""
    engine = {"oxigraph": lambda: OxigraphEngine(dist / "kg-inferred.ttl"),
              "rdflib": lambda: RdflibEngine(dist / "kg-inferred.ttl"),
              "endpoint": lambda: EndpointEngine(oxigraph_endpoint, timeout=30)}[engine_name]()
    query = QUERIES["laws"]
    assert 'COALESCE(?lang, "en")' in query.text
    for lang in ("ja", "en"):
        rows = engine.run(query.text, bind(query, [f"lang={lang}"])).rows
        assert len(rows) == 18
        assert {row["title"].lang for row in rows} == {lang}
