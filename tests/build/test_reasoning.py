"""One test per reasoning rule, on a fixture that exercises them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS

from kg.build.load import load_project, parse_file
from kg.namespaces import AISK, ELI, ID, ORG_NS, SCHEMA
from kg.build.reason import infer

FIXTURE = Path(__file__).parent / "fixtures" / "reasoning.ttl"
X = "https://w3id.org/ai-safety-kg/id/instrument/test-"
O = "https://w3id.org/ai-safety-kg/id/org/test-"
BINDING = ID["concept/legal-force/binding"]
NON_BINDING = ID["concept/legal-force/non-binding"]
JP, INT = ID["jurisdiction/jp"], ID["jurisdiction/int"]


def x(name):
    return URIRef(X + name)


def o(name):
    return URIRef(O + name)


@pytest.fixture(scope="module")
def asserted(project):
    parts = load_project(project, extra_data=[])
    graph = parts.ontology + parts.vocab
    graph += parse_file(FIXTURE)
    return graph


@pytest.fixture(scope="module")
def inferred(asserted):
    return infer(asserted)


def test_legal_force_follows_from_the_kind(inferred):
    assert (x("act"), AISK.legalForce, BINDING) in inferred
    for soft in ("guideline", "principles", "strategy-2024", "agreement", "process"):
        assert (x(soft), AISK.legalForce, NON_BINDING) in inferred
        assert (x(soft), AISK.legalForce, BINDING) not in inferred


def test_kind_concept_follows_from_the_class(inferred):
    assert (x("act"), AISK.kind, ID["concept/instrument-kind/law"]) in inferred
    assert (x("principles"), AISK.kind, ID["concept/instrument-kind/principles"]) in inferred


def test_jurisdiction_is_inherited_from_the_issuer(inferred):
    assert (x("guideline"), AISK.jurisdiction, JP) in inferred
    assert (x("principles"), AISK.jurisdiction, INT) in inferred
    # passedBy is a kind of issuedBy, so laws inherit too
    assert (x("act"), AISK.jurisdiction, JP) in inferred


def test_stated_jurisdiction_is_not_repeated_as_inferred(asserted, inferred):
    assert (x("national"), AISK.jurisdiction, JP) in asserted
    assert (x("national"), AISK.jurisdiction, JP) not in inferred


def test_editions_inherit_issuer_and_jurisdiction(inferred):
    assert (x("guideline/ja-2"), AISK.issuedBy, o("council")) in inferred
    assert (x("guideline/ja-2"), AISK.jurisdiction, JP) in inferred


def test_laws_passed_by_a_legislature_are_issued_by_it(inferred):
    assert (x("act"), AISK.issuedBy, o("diet")) in inferred
    assert (o("diet"), AISK.issued, x("act")) in inferred


@pytest.mark.parametrize(
    "subject, forward, inverse, obj",
    [
        ("handbook", AISK.basedOn, AISK.basisFor, "guideline"),
        ("guideline", AISK.legalBasis, AISK.legalBasisFor, "act/article-1"),
        ("guideline/ja-2", AISK.editionOf, AISK.hasEdition, "guideline"),
        ("guideline/ja-2", AISK.revises, AISK.revisedBy, "guideline/first"),
        ("guideline/en-2", AISK.translationOf, AISK.hasTranslation, "guideline/ja-2"),
        ("strategy-2025", AISK.follows, AISK.followedBy, "strategy-2024"),
        ("principles", AISK.partOf, AISK.hasPart, "process"),
        ("handbook", AISK.references, AISK.referencedBy, "act"),
    ],
)
def test_inverse_relations_are_inferred(inferred, subject, forward, inverse, obj):
    assert (x(obj), inverse, x(subject)) in inferred


def test_organisation_inverses_are_inferred(inferred):
    assert (o("council"), AISK.establishedBy, x("act")) in inferred
    assert (o("ministry"), AISK.hasSubOrganization, o("bureau")) in inferred
    assert (o("council"), AISK.hasSecretariat, o("bureau")) in inferred


def test_lineage_is_transitive(inferred):
    # handbook -basedOn-> guideline -legalBasis-> article 1 -provisionOf-> act
    assert (x("handbook"), AISK.derivesFrom, x("guideline")) in inferred
    assert (x("handbook"), AISK.derivesFrom, x("act/article-1")) in inferred
    assert (x("handbook"), AISK.derivesFrom, x("act")) in inferred
    assert (x("act"), AISK.hasDerivative, x("handbook")) in inferred
    assert (x("national"), AISK.derivesFrom, x("principles")) in inferred


@pytest.mark.parametrize(
    "subject, predicate, obj",
    [
        ("act", RDF.type, ELI.LegalResource),
        ("act", RDF.type, SCHEMA.Legislation),
        ("guideline", RDF.type, ELI.Work),
        ("guideline", RDF.type, SCHEMA.CreativeWork),
        ("act", ELI.passed_by, "o:diet"),
        ("act", SCHEMA.legislationPassedBy, "o:diet"),
        ("guideline", DCTERMS.creator, "o:council"),
        ("guideline", SCHEMA.publisher, "o:council"),
        ("act", ELI.jurisdiction, JP),
        ("act", SCHEMA.legislationJurisdiction, JP),
        ("guideline", DCTERMS.spatial, JP),
        ("guideline", ELI.based_on, "act/article-1"),
        ("handbook", SCHEMA.isBasedOn, "guideline"),
        ("guideline/ja-2", DCTERMS.isVersionOf, "guideline"),
        ("guideline", DCTERMS.hasVersion, "guideline/ja-2"),
        ("guideline/ja-2", PROV.wasRevisionOf, "guideline/first"),
        ("principles", DCTERMS.isPartOf, "process"),
        ("act/article-1", ELI.is_part_of, "act"),
        ("handbook", DCTERMS.references, "act"),
        ("handbook", ELI.refers_to, "act"),
        ("act", ELI.cites, "strategy-2024"),
        ("act", ELI.type_document, ID["concept/instrument-kind/law"]),
        ("act", ELI.id_local, Literal("507AC0000000053")),
        ("act", ELI.number, Literal("令和7年法律第53号")),
        ("act", ELI.is_realized_by, "act/ja"),
        ("act/ja", ELI.title, Literal("法", lang="ja")),
        ("act/en", ELI.language, URIRef("http://publications.europa.eu/resource/authority/language/ENG")),
        ("act/ja", ELI.is_embodied_by, "act/ja/html"),
        ("act/ja/html", ELI.is_exemplified_by, URIRef("https://laws.e-gov.go.jp/law/507AC0000000053")),
        ("guideline/ja-2", DCTERMS.title, Literal("版", lang="ja")),
        ("guideline", DCTERMS.subject, ID["concept/topic/ai-safety"]),
        ("guideline", ELI.is_about, ID["concept/topic/ai-safety"]),
        ("guideline", DCTERMS.source, URIRef("https://example.org/source")),
        ("guideline", PROV.wasDerivedFrom, URIRef("https://example.org/source")),
        ("act", SCHEMA.url, URIRef("https://example.org/act")),
        ("act", DCTERMS.title, Literal("Act", lang="en")),
        ("act", SCHEMA.name, Literal("法", lang="ja")),
        ("act", DCTERMS.alternative, Literal("略称", lang="ja")),
        ("act", DCTERMS.identifier, Literal("507AC0000000053")),
        ("act", ELI.first_date_entry_in_force, Literal("2025-06-04", datatype="http://www.w3.org/2001/XMLSchema#date")),
    ],
)
def test_standard_terms_answer_after_reasoning(inferred, subject, predicate, obj):
    if type(obj) is str:  # a record name; URIRefs and Literals are str subclasses
        obj = o(obj[2:]) if obj.startswith("o:") else x(obj)
    assert (x(subject), predicate, obj) in inferred


def test_organisations_answer_as_org_and_foaf(inferred):
    assert (o("bureau"), RDF.type, ORG_NS.Organization) in inferred
    assert (o("bureau"), RDF.type, FOAF.Organization) in inferred
    assert (o("bureau"), ORG_NS.subOrganizationOf, o("ministry")) in inferred
    assert (o("ministry"), ORG_NS.hasSubOrganization, o("bureau")) in inferred


def test_eli_dates_only_for_full_dates(inferred):
    assert (x("act"), ELI.date_document, None) in inferred
    assert (x("guideline"), ELI.date_document, None) not in inferred  # a month, not a day
    assert (x("act"), ELI.first_date_entry_in_force, None) in inferred
    # editions are not legal resources or expressions, ELI's domain of version_date
    assert not any(inferred.triples((None, ELI.version_date, None)))
    assert (x("guideline"), SCHEMA.datePublished, None) in inferred


def test_inferred_holds_no_asserted_and_no_trivial_triples(asserted, inferred):
    assert not any(triple in asserted for triple in inferred)
    for s, p, obj in inferred:
        assert isinstance(s, URIRef) and s.startswith(str(ID)), s
        assert not isinstance(obj, BNode)
        assert p != OWL.sameAs
        assert not (p == RDF.type and obj in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))


def test_reasoning_leaves_its_input_untouched(asserted):
    before = len(asserted)
    infer(asserted)
    assert len(asserted) == before


def test_eli_terms_of_laws_reach_laws_only(inferred):
    """Guidelines cite nothing and have no ELI jurisdiction: ELI's domains admit legal resources only."""
    for soft in ("guideline", "handbook", "national"):
        for predicate in (ELI.jurisdiction, ELI.cites, ELI.type_document, SCHEMA.legislationJurisdiction):
            assert (x(soft), predicate, None) not in inferred
    # only the e-Gov page of the law's text is a format; the other official page is not
    assert (None, ELI.is_exemplified_by, URIRef("https://example.org/act")) not in inferred
    assert (x("act/en"), ELI.is_embodied_by, None) not in inferred


def test_names_do_not_come_from_rdfs_label_being_a_sub_property(schema):
    assert (RDFS.label, RDFS.subPropertyOf, None) not in schema.ontology


def test_editions_and_provisions_do_not_become_instruments(inferred):
    for record in ("guideline/ja-2", "act/article-1"):
        assert (x(record), RDF.type, AISK.Instrument) not in inferred
