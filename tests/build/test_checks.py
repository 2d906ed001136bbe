"""Integrity checks (queries/checks/*.rq and the law-number check): each
catches what it is about, and passes the curated graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.query.catalogue import stored_queries
from kg.build.checks import graph_select, law_number_mismatches, run_checks, schema_terms_in_data, store_select
from kg.build.store import ASSERTED, INFERRED

PREFIXES = """
@prefix aisk:    <https://w3id.org/ai-safety-kg/ontology#> .
@prefix t:       <https://w3id.org/ai-safety-kg/id/instrument/t-> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def failures(project, turtle: str) -> dict[str, list]:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return {f.check: f.rows for f in run_checks(graph_select(graph), project.checks_dir)}


def t(name):
    return URIRef("https://w3id.org/ai-safety-kg/id/instrument/t-" + name)


def test_based_on_cycle_is_caught(project):
    found = failures(project, "t:a aisk:basedOn t:b . t:b aisk:basedOn t:c . t:c aisk:basedOn t:a . t:d aisk:basedOn t:a .")
    assert sorted(row["instrument"] for row in found["based-on-cycle"]) == [t("a"), t("b"), t("c")]


def test_follows_cycle_is_caught(project):
    found = failures(project, "t:a aisk:follows t:a .")
    assert [row["instrument"] for row in found["follows-cycle"]] == [t("a")]


@pytest.mark.parametrize(
    "later, earlier, caught",
    [
        ('"2024"^^xsd:gYear', '"2025-03"^^xsd:gYearMonth', True),
        ('"2025-03-01"^^xsd:date', '"2025-03-28"^^xsd:date', True),
        ('"2025-02"^^xsd:gYearMonth', '"2025-03-28"^^xsd:date', True),
        ('"2025-03"^^xsd:gYearMonth', '"2024"^^xsd:gYear', False),
        ('"2025-03"^^xsd:gYearMonth', '"2025-03-28"^^xsd:date', False),  # same month: not contradicted
        ('"2025"^^xsd:gYear', '"2025-12"^^xsd:gYearMonth', False),
    ],
)
def test_edition_revising_a_later_edition_is_caught(project, later, earlier, caught):
    turtle = f"t:x\\/2 aisk:revises t:x\\/1 ; dcterms:issued {later} . t:x\\/1 dcterms:issued {earlier} ."
    assert ("edition-revises-later-edition" in failures(project, turtle)) is caught


def test_edition_revising_another_instruments_edition_is_caught(project):
    found = failures(
        project,
        "t:x\\/2 aisk:editionOf t:x ; aisk:revises t:y\\/1 . t:y\\/1 aisk:editionOf t:y ."
        "t:x\\/3 aisk:editionOf t:x ; aisk:revises t:x\\/2 .",
    )
    assert [(row["edition"], row["other"]) for row in found["edition-revises-other-instrument"]] == [(t("x/2"), t("y/1"))]


def test_instrument_without_kind_is_caught(project):
    found = failures(project, "t:x a aisk:Instrument . t:y a aisk:Instrument ; aisk:kind t:k .")
    assert [row["record"] for row in found["instrument-without-kind"]] == [t("x")]


def test_law_number_must_match_the_egov_id():
    graph = Graph().parse(
        data=PREFIXES
        + 't:good aisk:eGovLawId "503AC0000000035" ; aisk:lawNumber "令和3年法律第35号"@ja .'
        + 't:bad aisk:eGovLawId "503AC0000000035" ; aisk:lawNumber "令和3年法律第36号"@ja .'
        + 't:odd aisk:eGovLawId "503XX0000000035" .',
        format="turtle",
    )
    rows = law_number_mismatches(graph_select(graph))
    assert {row["law"] for row in rows} == {t("bad"), t("odd")}
    assert Literal("令和3年法律第35号") in [row.get("expected") for row in rows]


def test_schema_triples_in_record_files_are_caught(sources):
    data = Graph().parse(data=PREFIXES + "aisk:NewClass a <http://www.w3.org/2002/07/owl#Class> . t:x a aisk:Law ."
                         'aisk:Law <http://www.w3.org/2000/01/rdf-schema#label> "Loi"@fr .', format="turtle")
    data += sources.ontology
    [failure] = schema_terms_in_data(graph_select(data), sources.ontology)
    assert failure.rows == [{"term": URIRef("https://w3id.org/ai-safety-kg/ontology#Law")},
                            {"term": URIRef("https://w3id.org/ai-safety-kg/ontology#NewClass")}]


def test_every_check_has_a_bilingual_summary_and_orders_its_rows(project):
    checks = stored_queries(project.checks_dir)
    assert len(checks) >= 5
    for check in checks:
        assert check.summary and check.summary_ja
        assert "ORDER BY" in check.text, check.name


def test_curated_graph_passes_every_check(project, built):
    assert run_checks(store_select(built.store, ASSERTED, INFERRED), project.checks_dir) == []
    assert run_checks(graph_select(built.reasoned), project.checks_dir) == []
    assert schema_terms_in_data(store_select(built.store, ASSERTED), built.ontology) == []
