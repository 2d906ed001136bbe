"""The alignments hold under the other vocabularies' own axioms, read from
their published files (tests/fixtures/): no statement of the reasoned dump
puts a subject outside the ``rdfs:domain`` of an ELI property (unions
included) or the ``schema:domainIncludes`` of a schema.org property (with
subclassing), nor one of our records or a literal outside its range. And
every law carries ELI's minimum metadata."""

from __future__ import annotations

from functools import cached_property

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from conftest import ROOT
from kg.namespaces import AISK, ELI, ID, SCHEMA

FIXTURES = ROOT / "tests" / "fixtures"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
SCHEMA_DATATYPES = {
    SCHEMA.Text: None, SCHEMA.Date: {XSD.date, XSD.gYear, XSD.gYearMonth},
    SCHEMA.DateTime: {XSD.dateTime}, SCHEMA.Number: {XSD.integer, XSD.decimal, XSD.double},
    SCHEMA.Integer: {XSD.integer}, SCHEMA.Boolean: {XSD.boolean},
}


class Vocabulary:
    """Classes with their super-classes, and each property's domain and range, from one vocabulary file."""

    def __init__(self, graph: Graph, namespace: str, domain: URIRef, range_: URIRef):
        self.graph, self.namespace, self.domain_p, self.range_p = graph, namespace, domain, range_

    def classes(self, node) -> set:
        """A class expression as the set of named classes it admits (a union gives several)."""
        if isinstance(node, BNode):
            members = self.graph.value(node, OWL.unionOf)
            return {c for m in self.graph.items(members) for c in self.classes(m)} if members else set()
        return {node}

    @cached_property
    def supers(self) -> dict:
        direct: dict = {}
        for sub, sup in self.graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                direct.setdefault(sub, set()).add(sup)

        def up(cls, seen):
            for sup in direct.get(cls, ()):
                if sup not in seen:
                    seen.add(sup)
                    up(sup, seen)
            return seen

        return {cls: up(cls, {cls}) for cls in direct}

    def closed_types(self, types) -> set:
        return {sup for t in types for sup in self.supers.get(t, {t})}

    def domain(self, prop) -> set:
        return {c for d in self.graph.objects(prop, self.domain_p) for c in self.classes(d)}

    def range(self, prop) -> set:
        return {c for r in self.graph.objects(prop, self.range_p) for c in self.classes(r)}

    def defines(self, term) -> bool:
        return (term, None, None) in self.graph


@pytest.fixture(scope="module")
def eli() -> Vocabulary:
    return Vocabulary(Graph().parse(FIXTURES / "eli-1.5.rdf", format="xml"), str(ELI), RDFS.domain, RDFS.range)


@pytest.fixture(scope="module")
def schemaorg() -> Vocabulary:
    graph = Graph().parse(FIXTURES / "schemaorg-current-https.ttl", format="turtle")
    return Vocabulary(graph, str(SCHEMA), SCHEMA.domainIncludes, SCHEMA.rangeIncludes)


@pytest.fixture(scope="module")
def reasoned(dist) -> Graph:
    return Graph().parse(dist / "kg-inferred.ttl", format="turtle")


def types_of(data: Graph, vocab: Vocabulary, node) -> set:
    """The node's types by our data and by the vocabulary's own individuals (ELI's format types)."""
    return vocab.closed_types(set(data.objects(node, RDF.type)) | set(vocab.graph.objects(node, RDF.type)))


def literal_fits(vocab: Vocabulary, allowed: set, value: Literal) -> bool:
    if vocab.namespace == str(SCHEMA):
        for cls in allowed & set(SCHEMA_DATATYPES):
            datatypes = SCHEMA_DATATYPES[cls]
            if datatypes is None and (value.datatype in (None, XSD.string) or value.language):
                return True
            if datatypes and value.datatype in datatypes:
                return True
        return False
    if RDFS.Literal in allowed:
        return True
    datatype = value.datatype or (RDF.langString if value.language else XSD.string)
    return datatype in allowed


def misplaced(data: Graph, vocab: Vocabulary) -> list[str]:
    """Every statement with a property of ``vocab`` whose subject or object its axioms do not admit."""
    thing = {OWL.Thing, SCHEMA.Thing}
    problems = []
    for s, p, o in data:
        if not str(p).startswith(vocab.namespace):
            continue
        if not vocab.defines(p):
            problems.append(f"{p} is not a term of {vocab.namespace}")
            continue
        domain = vocab.domain(p)
        if domain and not domain & thing and not domain & types_of(data, vocab, s):
            problems.append(f"{s} {p}: subject not in the domain {sorted(domain)}")
        allowed = vocab.range(p)
        if not allowed or allowed & thing:
            continue
        if isinstance(o, Literal):
            if not literal_fits(vocab, allowed, o):
                problems.append(f"{s} {p} {o.n3()}: literal outside the range {sorted(allowed)}")
        elif SCHEMA.URL in allowed:
            continue
        elif str(o).startswith(str(ID)) or vocab.graph.value(o, RDF.type) is not None:
            if not allowed & types_of(data, vocab, o):
                problems.append(f"{s} {p} {o}: object not in the range {sorted(allowed)}")
    return problems


def test_no_eli_statement_falls_outside_elis_domains_and_ranges(reasoned, eli):
    assert misplaced(reasoned, eli) == []


def test_no_schemaorg_statement_falls_outside_its_domains_and_ranges(reasoned, schemaorg):
    assert misplaced(reasoned, schemaorg) == []


def test_every_class_we_type_with_exists_in_its_vocabulary(reasoned, eli, schemaorg):
    for vocab in (eli, schemaorg):
        used = {o for o in reasoned.objects(None, RDF.type) if str(o).startswith(vocab.namespace)}
        assert used and {c for c in used if not vocab.defines(c)} == set()


def test_the_check_finds_what_the_issue_found(eli, schemaorg):
    """A guideline carrying eli:jurisdiction or schema:legislationJurisdiction, and an
    organisation typed by a legal resource's property, are caught."""
    bad = Graph()
    guideline, org = ID["instrument/g"], ID["org/o"]
    bad.add((guideline, RDF.type, ELI.Work))
    bad.add((guideline, RDF.type, SCHEMA.CreativeWork))
    bad.add((guideline, ELI.jurisdiction, ID["jurisdiction/jp"]))
    bad.add((guideline, SCHEMA.legislationJurisdiction, ID["jurisdiction/jp"]))
    bad.add((org, ELI.cites, guideline))
    bad.add((guideline, ELI.number, Literal("令和7年法律第53号", lang="ja")))
    problems = misplaced(bad, eli) + misplaced(bad, schemaorg)
    assert len([p for p in problems if "subject not in the domain" in p]) == 3
    assert any("literal outside the range" in p for p in problems)
    assert any("object not in the range" in p for p in problems)


# -- ELI's minimum metadata of every legal resource -------------------------------------------

def laws(reasoned: Graph) -> list[URIRef]:
    found = sorted(reasoned.subjects(RDF.type, ELI.LegalResource))
    assert found == sorted(reasoned.subjects(RDF.type, AISK.Law))
    return found


def test_every_legal_resource_has_type_document_and_jurisdiction(reasoned):
    assert len(laws(reasoned)) == 18
    for law in laws(reasoned):
        assert reasoned.value(law, ELI.type_document) == ID["concept/instrument-kind/law"], law
        assert reasoned.value(law, ELI.jurisdiction) == ID["jurisdiction/jp"], law


def test_law_identifiers_and_full_dates_are_eli_terms(reasoned):
    with_id = [law for law in laws(reasoned) if reasoned.value(law, AISK.eGovLawId)]
    assert len(with_id) == 13
    for law in laws(reasoned):
        assert reasoned.value(law, ELI.id_local) == reasoned.value(law, AISK.eGovLawId), law
        number = reasoned.value(law, AISK.lawNumber)
        assert reasoned.value(law, ELI.number) == (Literal(str(number)) if number else None), law
        issued = reasoned.value(law, URIRef("http://purl.org/dc/terms/issued"))
        full = issued is not None and issued.datatype == XSD.date
        assert (reasoned.value(law, ELI.date_document) == issued) if full else (law, ELI.date_document, None) not in reasoned


def test_every_law_has_an_expression_per_language_with_title_and_language(reasoned, sources):
    for law in laws(reasoned):
        expressions = set(reasoned.objects(law, ELI.is_realized_by))
        titles = {label.language: label for label in reasoned.objects(law, RDFS.label)}
        assert {str(e) for e in expressions} == {f"{law}/{tag}" for tag in titles}, law
        for expression in expressions:
            tag = str(expression).rsplit("/", 1)[1]
            assert (expression, RDF.type, ELI.LegalExpression) in reasoned
            assert (expression, ELI.realizes, law) in reasoned
            assert reasoned.value(expression, ELI.title) == titles[tag]
            assert reasoned.value(expression, ELI.language) == URIRef(LANGUAGE + {"ja": "JPN", "en": "ENG"}[tag])
            # derived IRIs never coincide with a curated record (editions and articles hang there too)
            assert (expression, None, None) not in sources.data


def test_the_egov_page_of_each_law_is_a_format_of_its_japanese_expression(reasoned):
    formats = set(reasoned.subjects(RDF.type, ELI.Format))
    with_id = [law for law in laws(reasoned) if reasoned.value(law, AISK.eGovLawId)]
    assert len(formats) == len(with_id) == 13
    for law in with_id:
        page = URIRef(f"https://laws.e-gov.go.jp/law/{reasoned.value(law, AISK.eGovLawId)}")
        found = reasoned.value(predicate=ELI.is_exemplified_by, object=page)
        assert found in formats and (law, URIRef("http://xmlns.com/foaf/0.1/page"), page) in reasoned
        assert reasoned.value(found, ELI.embodies) == URIRef(f"{law}/ja")
        assert reasoned.value(found, ELI["format"]) == URIRef("https://www.iana.org/assignments/media-types/text/html")
