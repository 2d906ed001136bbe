"""The stored-query catalogue (dist/queries.ttl) against the SHACL shapes of
SIB's sparql-examples tooling (tests/fixtures/sib-spex-shapes.ttl), through
pySHACL: no result."""

from __future__ import annotations

import pyshacl
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH

from conftest import ROOT
from kg.namespaces import SCHEMA, SPARQL_ENDPOINT

SPEX = ROOT / "tests" / "fixtures" / "sib-spex-shapes.ttl"


def spex_results(catalogue: Graph) -> int:
    shapes = Graph().parse(SPEX, format="turtle")
    _, report, _ = pyshacl.validate(catalogue, shacl_graph=shapes, inference="none", allow_warnings=True)
    return len(list(report.objects(None, SH.result)))


def test_the_query_catalogue_passes_sibs_shapes(dist):
    catalogue = Graph().parse(dist / "queries.ttl")
    queries = list(catalogue.subjects(RDF.type, SH.SPARQLExecutable))
    assert len(queries) >= 20
    assert spex_results(catalogue) == 0
    for query in queries:
        assert {c.language for c in catalogue.objects(query, RDFS.comment)} == {"ja", "en"}, query
        assert catalogue.value(query, SCHEMA.target) == SPARQL_ENDPOINT
        declared = catalogue.value(query, SH.prefixes)
        assert {str(catalogue.value(d, SH.prefix)) for d in catalogue.objects(declared, SH.declare)} >= {"aisk", "inst", "rdfs"}


def test_the_shapes_catch_a_query_without_comment_or_target(dist):
    catalogue = Graph().parse(dist / "queries.ttl")
    query = next(catalogue.subjects(RDF.type, SH.SPARQLExecutable))
    catalogue.remove((query, RDFS.comment, None))
    catalogue.remove((query, SCHEMA.target, None))
    catalogue.add((query, SCHEMA.keywords, Literal("trailing space ")))
    assert spex_results(catalogue) == 3
