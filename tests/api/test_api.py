"""The Python API (kg.load, KnowledgeGraph.query/queries/record, QueryResult)
on the real built graph, in process."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

import kg
from kg.errors import UsageError
from kg.project import Project, find_project

from conftest import run_kg


@pytest.fixture(scope="module")
def graph(dist):
    return kg.load(dist)


def test_stored_query_gives_a_dataframe_with_a_row_per_instrument(graph, dist):
    frame = graph.query("instruments").to_pandas()
    instruments = graph.query("SELECT DISTINCT ?i WHERE { ?i a <https://w3id.org/ai-safety-kg/ontology#Instrument> }")
    assert len(frame) == len(instruments) > 50
    assert list(frame.columns[:2]) == ["instrument", "instrument_label"]
    assert "lang" not in frame.columns  # a parameter is not echoed


def test_label_columns_follow_the_language(graph):
    ja = graph.query("instruments", lang="ja").to_pandas()
    row = ja[ja["instrument"].str.endswith("/ai-promotion-act")].iloc[0]
    assert row["instrument_label"] == "人工知能関連技術の研究開発及び活用の推進に関する法律"
    assert row["jurisdiction_label"] == "日本"


def test_parameters_are_typed_and_bound(graph):
    derived = graph.query("lineage-derived", instrument="inst:ai-guidelines-for-business").to_records()
    assert derived and all(set(r) == {"derived", "title", "direct"} for r in derived)
    binding = graph.query("instruments-by-legal-force", binding=True).to_records()
    assert binding and all("/instrument/" in r["instrument"] for r in binding)
    years = graph.query("instruments-in-years", **{"from": 2024, "to": 2024}).to_records()
    assert years and all(str(r["issued"]).startswith("2024") for r in years)
    with pytest.raises(UsageError, match="expects a four-digit year"):
        graph.query("instruments-in-years", **{"from": "last year", "to": 2024})
    with pytest.raises(UsageError, match="needs --param instrument"):
        graph.query("lineage-derived")


def test_injection_through_a_parameter_is_only_a_value(graph):
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o '
    assert graph.query("search-titles", text=hostile).to_records() == []


def test_any_sparql_runs_and_values_are_python(graph):
    rows = graph.query("""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?d (COUNT(*) AS ?n) WHERE { <https://w3id.org/ai-safety-kg/id/instrument/ai-promotion-act> dcterms:issued ?d }
        GROUP BY ?d""").to_records()
    assert rows == [{"d": dt.date(2025, 6, 4), "n": 1}]
    assert bool(graph.query("ASK { ?s a <https://w3id.org/ai-safety-kg/ontology#Law> }")) is True


def test_construct_gives_an_rdflib_graph(graph):
    result = graph.query("neighbourhood", record="org:aisi")
    rdf = result.to_graph()
    assert len(rdf) == len(result.ntriples.splitlines()) > 10
    with pytest.raises(UsageError, match="not a table"):
        result.to_records()
    with pytest.raises(UsageError, match="not a graph"):
        graph.query("instruments").to_graph()


def test_queries_lists_the_stored_queries(graph):
    listed = {q.name: q for q in graph.queries()}
    assert listed["lineage-based-on"].params["instrument"] == "iri"
    assert listed["instruments"].summary_ja


def test_record_accessor(graph):
    act = graph.record("inst:ai-promotion-act")
    assert act.label("ja") == "人工知能関連技術の研究開発及び活用の推進に関する法律"
    assert act.issued == [dt.date(2025, 6, 4)]
    assert act.issuers == ["https://w3id.org/ai-safety-kg/id/org/national-diet"]
    assert "https://w3id.org/ai-safety-kg/ontology#Law" in act.types
    assert act.relations()["https://w3id.org/ai-safety-kg/ontology#establishes"] == [
        "https://w3id.org/ai-safety-kg/id/org/ai-strategy-hq"]
    with pytest.raises(UsageError, match="No record"):
        graph.record("inst:no-such-record")
    with pytest.raises(UsageError, match="prefixed name"):
        graph.record("nope:x")


def test_unknown_query_name_lists_the_stored_ones(graph):
    with pytest.raises(UsageError, match="No stored query named 'instrumnets'.*instruments-by-kind"):
        graph.query("instrumnets")


def test_missing_pandas_is_a_clear_message(graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(UsageError, match=r"pip install 'ai-safety-kg\[pandas\]'"):
        graph.query("instruments").to_pandas()


def test_load_refuses_what_is_not_a_graph(tmp_path):
    with pytest.raises(UsageError, match="holds no kg-inferred.ttl"):
        kg.load(tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError, match="not an RDF file"):
        kg.load(tmp_path / "notes.txt")


def test_load_takes_one_rdf_file(dist):
    graph = kg.load(dist / "kg.ttl")
    assert len(graph.query("SELECT ?s WHERE { ?s a <https://w3id.org/ai-safety-kg/ontology#Law> }")) > 10


def test_the_source_constant_is_the_factsheet_record(graph):
    row = graph.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?ja ?en ?date WHERE {
          <https://w3id.org/ai-safety-kg/id/instrument/ai-safety-factsheet-2025> rdfs:label ?ja, ?en ; dcterms:issued ?date .
          FILTER(LANG(?ja) = "ja" && LANG(?en) = "en") }""").to_records()[0]
    assert row["en"] in kg.SOURCE and row["ja"] in kg.SOURCE and str(row["date"]) in kg.SOURCE


def test_bundled_graph_is_found_outside_a_checkout(tmp_path):
    bundled = tmp_path / "bundled"
    (bundled / "dist").mkdir(parents=True)
    (bundled / "dist" / "kg-inferred.ttl").write_text("")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = find_project(elsewhere, installed_from=tmp_path / "no-checkout", bundled=bundled)
    assert project == Project(bundled, bundled=True)
    with pytest.raises(UsageError, match="inside a checkout"):
        project.require_checkout("build")
    with pytest.raises(UsageError, match="no graph bundled"):
        find_project(elsewhere, installed_from=tmp_path / "no-checkout", bundled=tmp_path / "none")


def test_a_checkout_wins_and_kg_info_says_so(built_project):
    result = run_kg("info", cwd=built_project)
    assert result.returncode == 0, result.stderr
    assert "a checkout" in result.stdout and str(built_project) in result.stdout


def test_version_names_dataset_and_source(tmp_path):
    result = run_kg("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert f"dataset {kg.__version__}" in result.stdout and "Factsheet of AI Safety in Japan 2025" in result.stdout
