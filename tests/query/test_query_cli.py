"""kg query and kg queries as a user runs them: formats, parameters and
their errors, a user's own query file, syntax errors, injection attempts."""

from __future__ import annotations

import csv
import io
import json
import pytest
from rdflib import Graph

from conftest import run_kg


@pytest.fixture(scope="module")
def built_copy(built_project):
    return built_project


def query(root, *args):
    return run_kg("query", *args, cwd=root)


def test_queries_lists_every_stored_query_with_parameters(built_copy):
    result = run_kg("queries", cwd=built_copy)
    assert result.returncode == 0, result.stderr
    names = {p.stem for p in (built_copy / "queries").glob("*.rq")}
    listed = {line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")}
    assert listed == names
    assert "params: instrument=iri lang=language (default en)" in result.stdout
    ja = run_kg("queries", "--lang", "ja", cwd=built_copy).stdout
    assert "すべての文書" in ja
    as_json = json.loads(run_kg("queries", "--format", "json", cwd=built_copy).stdout)
    assert {q["name"] for q in as_json} == names


def test_csv_is_the_default_when_not_on_a_terminal(built_copy):
    result = query(built_copy, "laws")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "lang" not in rows[0]  # parameter columns are not echoed
    act = next(r for r in rows if r["eGovLawId"] == "507AC0000000053")
    assert act["lawNumber"] == "令和7年法律第53号"
    assert act["page"] == "https://laws.e-gov.go.jp/law/507AC0000000053"


def test_json_is_sparql_results_json(built_copy):
    result = query(built_copy, "edition-history", "--param", "instrument=inst:ai-guidelines-for-business", "--format", "json")
    document = json.loads(result.stdout)
    assert document["head"]["vars"][:2] == ["edition", "title"]
    first = document["results"]["bindings"][0]
    assert first["issued"] == {"type": "literal", "value": "2024-04", "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"}
    assert first["title"]["xml:lang"] == "en"


def test_lang_switches_titles_to_japanese(built_copy):
    result = query(built_copy, "series", "--lang", "ja", "--format", "table")
    assert "統合イノベーション戦略2025" in result.stdout
    assert "(1 row)" in result.stdout


def test_table_aligns_and_shortens_iris(built_copy):
    result = query(built_copy, "bodies-established-by-law", "--format", "table")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["body", "name", "law", "lawTitle", "lawNumber"]
    assert any(line.startswith("org:ai-strategy-hq ") for line in lines)
    assert "inst:ai-promotion-act" in result.stdout


def test_tsv_writes_rdf_terms(built_copy):
    result = query(built_copy, "instruments-by-kind", "--param", "kind=kind:law", "--format", "tsv")
    header, first = result.stdout.splitlines()[:2]
    assert header.split("\t")[0] == "?instrument"
    assert first.startswith("<https://w3id.org/ai-safety-kg/id/instrument/")


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_construct_comes_as_rdf(built_copy, fmt, parser):
    result = query(built_copy, "neighbourhood", "--param", "record=org:aisi", "--format", fmt)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format=parser)
    aisi = "https://w3id.org/ai-safety-kg/id/org/aisi"
    assert any(str(s) == aisi for s in graph.subjects())
    assert any(str(o) == aisi for o in graph.objects())


def test_construct_refuses_a_table_format(built_copy):
    result = query(built_copy, "neighbourhood", "--param", "record=org:aisi", "--format", "csv")
    assert result.returncode == 2
    assert "CONSTRUCT" in result.stderr and "Traceback" not in result.stderr


def test_unknown_query_name_lists_the_nearest(built_copy):
    result = query(built_copy, "instrument-by-kind")
    assert result.returncode == 2
    assert "No stored query named 'instrument-by-kind'" in result.stderr
    assert "instruments-by-kind" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["instruments-by-kind"], "needs --param kind=<iri>"),
        (["instruments-by-kind", "--param", "kind"], "is not name=value"),
        (["instruments-by-kind", "--param", "colour=red"], "has no parameter 'colour'; it takes: kind (iri), lang (language)"),
        (["instruments-in-years", "--param", "from=twenty", "--param", "to=2025"], "Parameter from expects a four-digit year"),
        (["instruments-by-legal-force", "--param", "binding=yes"], "expects true or false"),
        (["instruments-by-kind", "--param", "kind=nokind"], "expects an IRI or a prefixed name"),
        (["instruments-by-kind", "--param", "kind=<http://x> } ; DROP ALL #"], "expects an IRI"),
    ],
)
def test_parameter_errors_are_one_clear_sentence(built_copy, args, message):
    result = query(built_copy, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_users_query_file_runs_and_its_syntax_errors_name_line_and_column(built_copy, tmp_path):
    good = tmp_path / "mine.rq"
    good.write_text(
        "PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>\n"
        "SELECT (COUNT(?law) AS ?laws) WHERE { ?law a aisk:Law }\n",
        encoding="utf-8",
    )
    result = query(built_copy, str(good))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["laws", "18"]

    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x\nWHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    result = query(built_copy, str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"kg: {bad}:4:")
    assert "SPARQL syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_users_file_with_a_header_takes_typed_parameters(built_copy, tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text(
        "#+ summary: laws after a year\n#+ summary_ja: 年以降の法令\n#+ params: {since: year}\n"
        "PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        "SELECT ?since ?law WHERE { ?law a aisk:Law ; dcterms:issued ?d . "
        "FILTER(xsd:integer(SUBSTR(STR(?d), 1, 4)) >= ?since) } ORDER BY ?law\n",
        encoding="utf-8",
    )
    result = query(built_copy, str(mine), "--param", "since=2025")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["law", "https://w3id.org/ai-safety-kg/id/instrument/ai-promotion-act"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_injection_through_a_string_parameter_is_only_a_string(built_copy, engine):
    attack = '") } UNION { ?record ?p ?match } } #'
    result = query(built_copy, "search-titles", "--param", f"text={attack}", "--engine", engine, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []


def test_injection_through_an_endpoint_parameter_is_only_a_string(oxigraph_endpoint, built_copy):
    attack = '") } UNION { ?record ?p ?match } } #'
    result = query(built_copy, "search-titles", "--param", f"text={attack}", "--endpoint", oxigraph_endpoint, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []
    normal = query(built_copy, "search-titles", "--param", "text=AISI", "--endpoint", oxigraph_endpoint, "--format", "json")
    assert json.loads(normal.stdout)["results"]["bindings"]


def test_endpoint_and_local_agree_through_the_command_line(oxigraph_endpoint, built_copy):
    args = ["lineage-based-on", "--param", "instrument=inst:text-genai-risk-measures-guidebook", "--format", "json"]
    local = query(built_copy, *args)
    remote = query(built_copy, *args, "--endpoint", oxigraph_endpoint)
    assert local.returncode == remote.returncode == 0
    assert json.loads(local.stdout) == json.loads(remote.stdout)


def test_unreachable_endpoint_is_a_clear_error(built_copy):
    from conftest import free_port

    result = query(built_copy, "laws", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "5")
    assert result.returncode == 2
    assert "Cannot reach the endpoint" in result.stderr and "Traceback" not in result.stderr


def test_missing_dist_says_to_build_first(project_copy):
    result = query(project_copy, "laws")
    assert result.returncode == 2
    assert "run 'kg build' first" in result.stderr


def test_stale_dist_is_noted(built_copy):
    data = built_copy / "data" / "jurisdictions.ttl"
    import os
    import time

    later = time.time() + 60
    os.utime(data, (later, later))
    try:
        result = query(built_copy, "series")
        assert result.returncode == 0
        assert "newer than dist/" in result.stderr
    finally:
        os.utime(data, (later - 3600, later - 3600))


def test_query_catalogue_is_data(dist):
    from rdflib.namespace import RDF, RDFS, SH

    catalogue = Graph().parse(dist / "queries.ttl")
    executables = set(catalogue.subjects(RDF.type, SH.SPARQLExecutable))
    assert len(executables) == len(list((dist.parent.parent / "queries").glob("*.rq"))) or len(executables) >= 20
    for node in executables:
        assert {l.language for l in catalogue.objects(node, RDFS.label)} == {"ja", "en"}
    lineage = next(n for n in executables if str(n).endswith("/queries/lineage-based-on"))
    names = {str(catalogue.value(p, SH.name)) for p in catalogue.objects(lineage, SH.parameter)}
    assert names == {"instrument", "lang"}
    assert catalogue.value(lineage, SH.select) is not None
