"""kg publish into a second real store, Virtuoso open source (Debian's
package), started on 127.0.0.1 by these tests: by the Graph Store Protocol,
by SPARQL Update, and by both (GSP to load, Update to swap), with Digest
authentication as Virtuoso asks. Only our graphs change, the counts are
verified, and every stored query run there agrees with the local results.

One known deviation of Virtuoso is allowed for, and only it: Virtuoso has no
xsd:boolean values in results and answers a SPARQL boolean (from a
comparison or EXISTS) as the integer 1 or 0."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_kg
from expected_results import as_data, given
from kg.query.catalogue import stored_queries
from kg.query.engines import EndpointEngine
from kg.query.params import bind
from publishing import GRAPHS, built_copy  # noqa: F401 (a fixture)
from virtuoso import PASSWORD, USER, graph_counts, update, virtuoso_server

QUERIES = {q.name: q for q in stored_queries(ROOT / "queries")}
XSD = "http://www.w3.org/2001/XMLSchema#"
AS_VIRTUOSO_ANSWERS = {f'"true"^^<{XSD}boolean>': f'"1"^^<{XSD}integer>',
                       f'"false"^^<{XSD}boolean>': f'"0"^^<{XSD}integer>'}

#: Wrong answers of Virtuoso 7.2.5's query engine, not of the data: name -> (what goes wrong, the parameter
#: that trips it, a line to drop, the pattern that reads it, that pattern with the value written in). Each is held to a
#: strict xfail and checked another way.
VIRTUOSO_BUGS = {
    "lineage-based-on": ("Virtuoso 7.2.5 drops the rows where BIND(EXISTS …) is false when a FILTER compares "
                         "with a variable (here ?showLang, from a VALUES-bound ?lang)", "lang",
                         '  BIND(COALESCE(?lang, "en") AS ?showLang)\n',
                         '  FILTER(LANG(?title) = ?showLang)\n',
                         '  FILTER(LANG(?title) = "en")\n  BIND("en" AS ?lang)\n'),
}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        update(base, "INSERT { GRAPH <urn:someone-else> { <urn:a> <urn:b> <urn:c> . <urn:a> <urn:b> _:x } } WHERE {}")
        yield base


def protocol_arguments(base: str, protocol: str) -> list[str]:
    store = ["--store", base + "/sparql-graph-crud-auth"]
    update = ["--update", base + "/sparql-auth"]
    return {"--store": store, "--update": update, "both": store + update}[protocol]


def publish(base: str, cwd, protocol: str, password: str = PASSWORD):
    return run_kg("publish", "--endpoint", base + "/sparql", *protocol_arguments(base, protocol),
                  "--user", USER, "--password", password, "--timeout", "60", cwd=cwd)


@pytest.mark.parametrize("protocol", ["--store", "--update", "both"])
def test_publish_to_virtuoso_replaces_only_our_graphs(virtuoso, built_copy, built, protocol):
    before = graph_counts(virtuoso)
    for _ in range(2 if protocol == "both" else 1):  # the second run replaces, it does not add (so do the
        result = publish(virtuoso, built_copy, protocol)  # later protocols, into the same store)
        assert result.returncode == 0, result.stderr
    assert f"<{GRAPHS[1]}>: {len(built.inferred)} triples, as sent." in result.stdout
    after = graph_counts(virtuoso)
    assert after[GRAPHS[0]] == len(built.asserted) and after[GRAPHS[1]] == len(built.inferred)
    others = {g: n for g, n in after.items() if g not in GRAPHS}
    assert others == {g: n for g, n in before.items() if g not in GRAPHS}  # no staging graph left, nothing else changed
    assert others["urn:someone-else"] == 2


def test_virtuoso_refusing_the_credentials_is_one_sentence(virtuoso, built_copy):
    before = graph_counts(virtuoso)
    result = publish(virtuoso, built_copy, "--store", password="wrong")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert f"The store refused PUT {virtuoso}/sparql-graph-crud-auth?graph=" in result.stderr
    assert "HTTP 401 (check --user and --password)" in result.stderr
    assert "nothing was replaced" in result.stderr
    assert graph_counts(virtuoso) == before


@pytest.fixture(scope="module")
def published(virtuoso, built_copy):
    result = publish(virtuoso, built_copy, "both")
    assert result.returncode == 0, result.stderr
    return virtuoso


def as_virtuoso_answers(expected: dict) -> dict:
    if "rows" not in expected:
        return expected
    rows = [[AS_VIRTUOSO_ANSWERS.get(cell, cell) for cell in row] for row in expected["rows"]]
    return {**expected, "rows": rows}


def agrees(base: str, name: str, text: str, written_in: str | None = None) -> None:
    """The query's answer in Virtuoso is the expected one (the parameter ``written_in`` is in the text, not bound)."""
    engine = EndpointEngine(base + "/sparql", default_graphs=GRAPHS)
    bindings = bind(QUERIES[name], [f"{k}={v}" for k, v in given(name)["params"].items()])
    bindings.pop(written_in, None)
    actual = as_data(engine.run(text, bindings))
    expected = given(name)["result"]
    if "ntriples" in actual:
        assert sorted(actual["ntriples"]) == sorted(expected["ntriples"])
    else:
        assert actual == as_virtuoso_answers(expected)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_stored_query_agrees_in_virtuoso(published, name, request):
    if name in VIRTUOSO_BUGS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=VIRTUOSO_BUGS[name][0]))
    agrees(published, name, QUERIES[name].text)


@pytest.mark.parametrize("name", sorted(VIRTUOSO_BUGS))
def test_what_virtuoso_answers_wrongly_is_published_rightly(published, name):
    """The same query with the parameter its bug trips on written into the text: it agrees."""
    _, parameter, removed, pattern, written = VIRTUOSO_BUGS[name]
    assert removed in QUERIES[name].text and pattern in QUERIES[name].text, f"{name} changed: review VIRTUOSO_BUGS"
    text = QUERIES[name].text.replace(removed, "").replace(pattern, written)
    assert parameter not in given(name)["params"], "the value written in must be the one the expected result used"
    agrees(published, name, text, written_in=parameter)
