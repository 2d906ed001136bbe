"""The fast path (shapes compiled to SPARQL, rules in Oxigraph) builds the
same dist/ as the reference path (pySHACL, owlrl)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build.pipeline import build
from kg.build.load import load_project, parse_file
from kg.progress import Progress
from kg.build.reason import infer, infer_in_store
from kg.build.rules import compile_rules
from kg.build.store import INFERRED, KgStore

FIXTURE = Path(__file__).parent / "fixtures" / "reasoning.ttl"


@pytest.fixture(scope="module")
def reference_dist(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "dist"
    build(project, out, Progress(enabled=False), reference=True)
    return out


@pytest.mark.parametrize("name", ["kg.ttl", "kg-inferred.ttl", "entailments.ttl", "kg.nt", "kg.jsonld"])
def test_fast_and_reference_dumps_are_the_same_graph(dist, reference_dist, name):
    fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name.rsplit(".", 1)[1]]
    fast = Graph().parse(dist / name, format=fmt)
    reference = Graph().parse(reference_dist / name, format=fmt)
    assert len(fast) == len(reference)
    assert isomorphic(fast, reference)


def test_rules_equal_owlrl_on_the_fixture_that_exercises_every_rule(project):
    parts = load_project(project, extra_data=[])
    asserted = parts.ontology + parts.vocab
    asserted += parse_file(FIXTURE)
    reference = infer(asserted)
    store = KgStore()
    store.add_graph(asserted, "fixture")
    infer_in_store(store, parts.ontology)
    fast = Graph().parse(data=ox.serialize(store.triples(INFERRED), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert set(fast) == set(reference)
    assert len(reference) > 100


def test_the_fixture_fires_every_compiled_rule(project):
    parts = load_project(project, extra_data=[])
    asserted = parts.ontology + parts.vocab
    asserted += parse_file(FIXTURE)
    store = KgStore()
    store.add_graph(asserted, "fixture")
    rules = compile_rules(parts.ontology)
    rules.run(store)  # without the cleanup, which takes the private classes of class expressions away
    from kg.build.store import ASSERTED

    idle = [body for head, body in rules.rules if not store.query(f"ASK {{ {body} }}", ASSERTED, INFERRED)]
    assert idle == []


def test_a_kind_given_as_a_concept_gives_the_class(project):
    parts = load_project(project, extra_data=[])
    asserted = parts.ontology + parts.vocab
    asserted += parse_file(FIXTURE)
    reference = infer(asserted)
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from kg.namespaces import AISK

    assert (URIRef("https://w3id.org/ai-safety-kg/id/instrument/test-by-concept"), RDF.type, AISK.Report) in reference


def test_the_fixture_fires_every_derivation_rule(project):
    from kg.build.derive import PREFIXES, RULES
    from kg.build.store import ASSERTED

    parts = load_project(project, extra_data=[])
    asserted = parts.ontology + parts.vocab
    asserted += parse_file(FIXTURE)
    store = KgStore()
    store.add_graph(asserted, "fixture")
    infer_in_store(store, parts.ontology)
    idle = [head for head, body in RULES
            if not store.query(f"{PREFIXES}ASK {{ {head} }}", INFERRED)]
    assert idle == []
