"""The query guard refuses, before any engine sees them, queries too long,
too deeply nested, or with a SERVICE clause that is not allowed; and kg query
says so in one sentence with exit code 2, never crashing."""

from __future__ import annotations

import pytest

from conftest import run_kg
from kg.query.guard import MAX_DEPTH, MAX_QUERY_BYTES, QueryRefused, check_query, scan


def deep(n: int) -> str:
    return "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n


def test_depth_is_measured_without_recursion_even_100000_deep():
    assert scan(deep(100_000)).depth == 100_000
    with pytest.raises(QueryRefused, match="nests brackets 100,000 deep; the limit is 40"):
        check_query(deep(100_000), max_bytes=10**7)


@pytest.mark.parametrize("text, depth", [
    ('SELECT * WHERE { ?s ?p "{{{{((((" }', 1),  # brackets in strings do not count
    ("SELECT * WHERE { ?s ?p ?o } # {{{{{{", 1),  # nor in comments
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < (((1)))&&?s > 0) }", 5),  # '<…>' may be less-than: its brackets count
    ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\# ?o { { } } }", 3),  # an escaped # is no comment
])
def test_depth_skips_strings_and_comments(text, depth):
    assert scan(text).depth == depth


def test_a_query_at_the_limits_passes_and_one_past_them_is_refused():
    check_query(deep(MAX_DEPTH - 1))
    with pytest.raises(QueryRefused, match="deep"):
        check_query(deep(MAX_DEPTH + 1))
    padding = "SELECT * WHERE { ?s ?p ?o } #"
    check_query(padding + "x" * (MAX_QUERY_BYTES - len(padding)))
    with pytest.raises(QueryRefused, match="bytes long; the limit is 32,768 bytes"):
        check_query(padding + "x" * (MAX_QUERY_BYTES - len(padding) + 1))


SERVICES = {
    "iri": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { BIND(<http://127.0.0.1:9/x> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { service  SILENT <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "prefixed": "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE x:y { ?s ?p ?o } }",
    "in exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/x> { } } }",
    "in a subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } } }",
    "after a dot": "SELECT * WHERE { ?s ?p ?o.SERVICE<http://127.0.0.1:9/x>{} }",
}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_is_refused_by_default(name):
    with pytest.raises(QueryRefused, match="SERVICE clause") as refused:
        check_query(SERVICES[name])
    assert str(refused.value).count(". ") == 0 and str(refused.value).endswith(".")  # one sentence


def test_the_allow_list_admits_only_its_endpoints_as_the_algebra_names_them():
    check_query(SERVICES["iri"], ["http://127.0.0.1:9/x"])
    check_query(SERVICES["prefixed"], ["http://127.0.0.1:9/y"])
    with pytest.raises(QueryRefused, match="http://127.0.0.1:9/x"):
        check_query(SERVICES["iri"], ["http://127.0.0.1:9/other"])
    with pytest.raises(QueryRefused, match=r"\(\?e\)"):  # a variable is never on the list
        check_query(SERVICES["variable"], ["http://127.0.0.1:9/x"])


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://a/> {}" }',
    "SELECT ?service WHERE { ?service ?p ?o } # SERVICE <http://a/> {}",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s schema:serviceType ?o }",
])
def test_service_in_strings_comments_variables_and_names_is_no_service(text):
    check_query(text)


@pytest.fixture
def query_files(tmp_path):
    files = {
        "deep": deep(3000),
        "deeper": deep(100_000),
        "huge": "SELECT * WHERE { " + "?s ?p ?o . " * 4000 + "}",
        "service": SERVICES["silent"],
        "chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 30_000 + "true) }",  # long, flat: crashes a small stack
    }
    for name, text in files.items():
        (tmp_path / f"{name}.rq").write_text(text)
    return tmp_path


@pytest.mark.parametrize("name, message", [
    ("deep", "nests brackets 3,000 deep; the limit is 40."),
    ("deeper", "is 200,025 bytes long; the limit is 32,768 bytes."),
    ("huge", "is 44,018 bytes long; the limit is 32,768 bytes."),
    ("service", "has a SERVICE clause (<http://127.0.0.1:9/x>)"),
])
def test_kg_query_refuses_in_one_sentence_with_exit_2(built_project, query_files, name, message):
    done = run_kg("query", str(query_files / f"{name}.rq"), cwd=built_project)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"kg: The query in {query_files / name}.rq ") and message in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and done.stdout == ""


def test_kg_query_allows_a_listed_service_endpoint(built_project, query_files):
    # the endpoint is allowed, and SILENT: a closed port then gives an empty answer, not an error
    done = run_kg("query", str(query_files / "service.rq"), "--allow-service", "http://127.0.0.1:9/x",
                  "--format", "csv", cwd=built_project)
    assert done.returncode == 0, done.stderr


def test_kg_query_survives_a_long_flat_chain(built_project, query_files):
    done = run_kg("query", str(query_files / "chain.rq"), "--format", "csv", cwd=built_project)
    assert done.returncode == 0, done.stderr  # no segmentation fault: Oxigraph runs on a big stack
    assert done.stdout.startswith("s,p,o") or done.stdout.startswith("o,p,s") or done.stdout.count("\n") > 1
