"""Ontology lint: every term labelled and defined in Japanese and English,
the Python namespace in step with the ontology, a proper header."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import kg
from kg.build.load import parse_file
from kg.namespaces import AISK, ONTOLOGY_IRI, VANN

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology(project):
    return parse_file(project.ontology_files[0])


def defined_terms(ontology):
    return sorted(
        {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef) and s.startswith(str(AISK._NS))}
    )


def languages(graph, subject, predicate):
    return sorted(o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal))


def test_every_term_has_one_label_and_one_definition_per_language(ontology):
    problems = []
    for term in defined_terms(ontology):
        for predicate in (RDFS.label, SKOS.definition):
            if languages(ontology, term, predicate) != ["en", "ja"]:
                problems.append(f"{term} {predicate}: {languages(ontology, term, predicate)}")
    assert problems == []


def test_every_aisk_term_used_in_the_ontology_is_declared(ontology):
    declared = set(defined_terms(ontology))
    used = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(AISK._NS))
    }
    assert used - declared == set()


def test_python_namespace_lists_exactly_the_ontology_terms(ontology):
    in_python = {str(AISK[name]) for name in AISK.__annotations__}
    in_ontology = {str(term) for term in defined_terms(ontology)}
    assert in_python == in_ontology


def test_closed_namespace_refuses_a_misspelt_term():
    with pytest.raises(AttributeError):
        AISK.issuedby  # noqa: B018 - the access itself is the test


def test_header_has_title_description_licence_prefix_and_version(ontology):
    header = ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert languages(ontology, header, DCTERMS.title) == ["en", "ja"]
    assert languages(ontology, header, DCTERMS.description) == ["en", "ja"]
    assert ontology.value(header, DCTERMS.license) is not None
    assert str(ontology.value(header, VANN.preferredNamespacePrefix)) == "aisk"
    assert str(ontology.value(header, OWL.versionInfo)) == kg.__version__
    version_iri = str(ontology.value(header, OWL.versionIRI))
    assert version_iri == f"{ONTOLOGY_IRI}/{kg.__version__}"


def test_package_and_distribution_versions_agree(project):
    pyproject = (project.root / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == kg.__version__


def test_every_instrument_kind_has_legal_force_and_a_kind_concept(ontology, sources):
    kinds = [c for c in ontology.subjects(RDFS.subClassOf, AISK.Instrument)]
    assert len(kinds) == 12
    for kind in kinds:
        restrictions = list(ontology.objects(kind, RDFS.subClassOf)) + list(ontology.objects(kind, OWL.equivalentClass))
        on = {ontology.value(r, OWL.onProperty): ontology.value(r, OWL.hasValue) for r in restrictions}
        assert AISK.legalForce in on, kind
        assert AISK.kind in on, kind
        concept = on[AISK.kind]
        assert (concept, RDF.type, SKOS.Concept) in sources.vocab, concept


def test_vocabulary_concepts_are_labelled_and_defined_in_both_languages(sources):
    vocab = sources.vocab
    concepts = list(vocab.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert languages(vocab, concept, SKOS.prefLabel) == ["en", "ja"], concept
        assert languages(vocab, concept, SKOS.definition) == ["en", "ja"], concept
        assert vocab.value(concept, SKOS.inScheme) is not None
