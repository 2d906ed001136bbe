"""kg serve with real parts: the server runs on 127.0.0.1 in its own process
(with the Oxigraph server behind it) and a real client, SPARQLWrapper, asks
it what kg query answers locally."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph

from conftest import ROOT, free_port, wait_for
from kg.query.catalogue import stored_queries
from kg.query.params import bind
from kg.query.sparqltext import query_form, with_values
from expected_results import as_data, given

QUERIES = {q.name: q for q in stored_queries(ROOT / "queries")}
LIMIT = 1000
TIMEOUT = 2


@pytest.fixture(scope="module")
def server(dist):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--graph", str(dist / "kg-inferred.ttl"),
         "--timeout", str(TIMEOUT), "--limit", str(LIMIT)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/queries", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode in (0, -15), process.stderr.read()


def get(url: str, accept: str | None = None, method: str = "GET", data: bytes | None = None,
        content_type: str | None = None):
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def bound_text(name: str) -> str:
    query = QUERIES[name]
    bindings = bind(query, [f"{k}={v}" for k, v in given(name)["params"].items()])
    return with_values(query.text, bindings)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_sparqlwrapper_gets_what_kg_query_gets_locally(server, name):
    from SPARQLWrapper import JSON, N3, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(bound_text(name))
    # SPARQLWrapper guesses the query type by keyword search and takes "topic:copyright" for COPY
    client.queryType = query_form(QUERIES[name].text)
    client.setMethod("POST")
    expected = given(name)["result"]
    if query_form(QUERIES[name].text) == "CONSTRUCT":
        client.setReturnFormat(N3)
        graph = client.queryAndConvert()
        if isinstance(graph, bytes):
            graph = Graph().parse(data=graph.decode(), format="turtle")
        reference = Graph().parse(data="\n".join(expected["ntriples"]), format="nt")
        assert len(graph) == len(reference)
        return
    client.setReturnFormat(JSON)
    document = client.queryAndConvert()
    from kg.query.engines import parse_response

    assert as_data(parse_response(json.dumps(document), False)) == expected


@pytest.mark.parametrize("name", ["laws", "edition-history", "search-titles", "neighbourhood"])
def test_stored_queries_run_by_name(server, name):
    params = urllib.parse.urlencode(given(name)["params"])
    status, headers, body = get(f"{server}/queries/{name}?{params}", "application/sparql-results+json, application/n-triples;q=0.5")
    assert status == 200
    if query_form(QUERIES[name].text) == "CONSTRUCT":
        assert headers["Content-Type"].startswith("application/n-triples")
        assert len(body.strip().splitlines()) == len(given(name)["result"]["ntriples"])
    else:
        document = json.loads(body)
        params_out = set(QUERIES[name].params)
        assert document["head"]["vars"] == [v for v in given(name)["result"]["vars"] if v not in params_out]


@pytest.mark.parametrize(
    "accept, media, check",
    [
        ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"]),
        ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: "<sparql" in b and "<result>" in b),
        ("text/csv", "text/csv", lambda b: b.splitlines()[0] == "s"),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.splitlines()[0] == "?s"),
        ("text/html;q=0.9, text/csv", "text/csv", lambda b: True),
        ("*/*", "application/sparql-results+json", lambda b: True),
    ],
)
def test_select_results_by_content_negotiation(server, accept, media, check):
    query = urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a <https://w3id.org/ai-safety-kg/ontology#Law> } ORDER BY ?s"})
    status, headers, body = get(f"{server}/sparql?{query}", accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert check(body)
    assert headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("accept, parser", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_construct_results_by_content_negotiation(server, accept, parser):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/ai-safety-kg/id/org/aisi>) }"
    status, headers, body = get(server + "/sparql", accept, "POST", query.encode(), "application/sparql-query")
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert len(Graph().parse(data=body, format=parser)) > 10


def test_unacceptable_media_type_is_406(server):
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, _, _ = get(f"{server}/sparql?{query}", "image/png")
    assert status == 406


@pytest.mark.parametrize("accept, media, parser", [
    ("text/turtle", "text/turtle", "turtle"), ("application/ld+json", "application/ld+json", "json-ld")])
def test_record_iris_dereference_as_rdf(server, accept, media, parser):
    status, headers, body = get(server + "/id/instrument/ai-promotion-act", accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    graph = Graph().parse(data=body, format=parser)
    act = "https://w3id.org/ai-safety-kg/id/instrument/ai-promotion-act"
    assert any(str(s) == act for s in graph.subjects())
    assert any(str(o) == act for o in graph.objects())  # statements pointing at it are there too


def test_record_page_in_html_links_both_ways_and_names_alternates(server):
    status, headers, body = get(server + "/id/instrument/ai-promotion-act", "text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "人工知能関連技術の研究開発及び活用の推進に関する法律" in body
    assert 'href="/id/org/ai-strategy-hq"' in body  # establishes
    assert 'href="/id/instrument/ai-promotion-act/article-13"' in body  # referred to by its article
    assert '<link rel="alternate" type="text/turtle" href="/id/instrument/ai-promotion-act.ttl">' in body
    status, headers, body = get(server + "/id/instrument/ai-promotion-act.ttl")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")


def test_unknown_record_is_404(server):
    assert get(server + "/id/org/no-such-body", "text/turtle")[0] == 404


def test_service_description(server):
    status, headers, body = get(server + "/sparql", "text/turtle")
    assert status == 200
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(str(o) == sd + "Service" for o in graph.objects())


def test_query_page_lists_the_stored_queries(server):
    status, headers, body = get(server + "/", "text/html")
    assert status == 200 and "lineage-based-on" in body and "<textarea" in body


def test_cors_preflight(server):
    status, headers, _ = get(server + "/sparql", method="OPTIONS")
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize(
    "method, path, data, content_type, status",
    [
        ("POST", "/sparql", b"DROP ALL", "application/sparql-update", 403),
        ("POST", "/sparql", b"update=DROP+ALL", "application/x-www-form-urlencoded", 403),
        ("GET", "/sparql?update=DROP+ALL", None, None, 403),
        ("POST", "/update", b"DROP ALL", "application/sparql-update", 405),
        ("PUT", "/store?default", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples", 405),
        ("DELETE", "/store?default", None, None, 405),
    ],
)
def test_writes_are_refused_and_nothing_changes(server, method, path, data, content_type, status):
    assert get(server + path, None, method, data, content_type)[0] == status
    query = urllib.parse.urlencode({"query": "ASK { <https://w3id.org/ai-safety-kg/id/org/aisi> ?p ?o }"})
    assert json.loads(get(f"{server}/sparql?{query}", "application/sparql-results+json")[2])["boolean"] is True


def test_malformed_query_is_400_with_the_parser_message(server):
    query = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"})
    status, _, body = get(f"{server}/sparql?{query}")
    assert status == 400
    assert body.startswith("SPARQL syntax error: error at 1:")
    assert "127.0.0.1" not in body


def test_results_are_cut_at_the_limit(server):
    query = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    status, headers, body = get(f"{server}/sparql?{query}", "text/csv")
    assert status == 200
    assert len(body.strip().splitlines()) == LIMIT + 1
    assert headers["X-Result-Truncated"] == "true"


def test_pathological_query_is_stopped_and_the_server_stays_responsive(server):
    slow = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    outcome = {}

    def run_slow():
        started = time.monotonic()
        outcome["slow"] = get(f"{server}/sparql?{slow}", "application/sparql-results+json")
        outcome["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.3)
    quick = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, _, body = get(f"{server}/sparql?{quick}", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert worker.is_alive(), "the slow query should still be running while the quick one is answered"
    worker.join(timeout=60)
    assert not worker.is_alive()
    status, _, message = outcome["slow"]
    assert status == 503
    assert f"longer than the {TIMEOUT} s" in message


def test_twenty_concurrent_clients(server):
    names = sorted(n for n in QUERIES if query_form(QUERIES[n].text) == "SELECT")[:20]
    while len(names) < 20:
        names.append(names[len(names) % 5])

    def ask(name):
        status, _, body = get(server + "/sparql", "application/sparql-results+json", "POST",
                              bound_text(name).encode(), "application/sparql-query")
        from kg.query.engines import parse_response

        return name, status, as_data(parse_response(body, False)) if status == 200 else body

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, names))
    for name, status, data in answers:
        assert status == 200, data
        assert data == given(name)["result"]
