"""kg publish into a real triple store (the Oxigraph server, writable, on
127.0.0.1): only our graphs are replaced, counts are verified, and every
stored query run there agrees with the local results."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT, free_port, oxigraph_binary, run_kg, wait_for
from kg.query.catalogue import stored_queries
from kg.query.engines import EndpointEngine
from kg.query.params import bind
from expected_results import as_data, given
from publishing import built_copy  # noqa: F401 (a fixture)

QUERIES = {q.name: q for q in stored_queries(ROOT / "queries")}
GRAPHS = ["https://w3id.org/ai-safety-kg/graph/asserted", "https://w3id.org/ai-safety-kg/graph/inferred"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A writable Oxigraph server holding somebody else's graph already."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path_factory.mktemp("store")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D", process)
        update(base, "INSERT DATA { GRAPH <urn:someone-else> { <urn:a> <urn:b> <urn:c> } } ;"
                     "INSERT DATA { <urn:default> <urn:b> <urn:c> }")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def update(base: str, text: str) -> None:
    request = urllib.request.Request(base + "/update", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=10).read()


def count(base: str, pattern: str) -> int:
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"})
    request = urllib.request.Request(f"{base}/query?{query}", headers={"Accept": "application/sparql-results+json"})
    document = json.loads(urllib.request.urlopen(request, timeout=10).read())
    return int(document["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("protocol", ["--store", "--update", "both"])
def test_publish_replaces_only_our_graphs_and_verifies_counts(store, built_copy, built, protocol):
    gsp, update = ["--store", store + "/store"], ["--update", store + "/update"]
    arguments = {"--store": gsp, "--update": update, "both": gsp + update}[protocol]
    for _ in range(2 if protocol == "both" else 1):  # the second run replaces, it does not add (so do the
        # later protocols, into the same store)
        result = run_kg("publish", "--endpoint", store + "/query", *arguments, "--timeout", "30", cwd=built_copy)
        assert result.returncode == 0, result.stderr
    assert count(store, f"GRAPH <{GRAPHS[0]}> {{ ?s ?p ?o }}") == len(built.asserted)
    assert count(store, f"GRAPH <{GRAPHS[1]}> {{ ?s ?p ?o }}") == len(built.inferred)
    assert f"<{GRAPHS[0]}>: {len(built.asserted)} triples, as sent." in result.stdout
    assert count(store, "GRAPH <urn:someone-else> { ?s ?p ?o }") == 1
    assert count(store, "<urn:default> ?p ?o") == 1
    assert count(store, "GRAPH ?g { ?s ?p ?o } FILTER(STRENDS(STR(?g), '-incoming'))") == 0  # staging graphs gone


@pytest.fixture(scope="module")
def published(store, built_copy):
    result = run_kg("publish", "--endpoint", store + "/query", "--store", store + "/store", cwd=built_copy)
    assert result.returncode == 0, result.stderr
    return store


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_stored_query_agrees_in_the_published_store(published, name):
    store = published
    engine = EndpointEngine(store + "/query", default_graphs=GRAPHS)
    query = QUERIES[name]
    bindings = bind(query, [f"{k}={v}" for k, v in given(name)["params"].items()])
    actual = as_data(engine.run(query.text, bindings))
    expected = given(name)["result"]
    if "ntriples" in actual:
        assert sorted(actual["ntriples"]) == sorted(expected["ntriples"])
    else:
        assert actual == expected


def test_publish_needs_one_protocol(built_copy, store):
    result = run_kg("publish", "--endpoint", store + "/query", cwd=built_copy)
    assert result.returncode == 2
    assert "either --store URL" in result.stderr
