"""Shape tests in the manner of the W3C SHACL manifests: a conforming base
graph, and for each rule a case that breaks it with the expected focus node,
rule (named shape) and constraint component."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.namespaces import SHAPES
from kg.build.load import SourceGraphs, parse_file
from kg.build.validate import validate
from shape_cases import FIXTURES, node, run


def test_base_graph_conforms(schema, shapes):
    report = run(schema, shapes)
    assert report.conforms, [f.describe(report.graph) for f in report.findings]
    assert report.findings == []


GOOD = {
    "law inherits jurisdiction from its legislature": "",
    "a year, a month and a day are all valid dates": """
        t:y a aisk:Plan ; rdfs:label "計画"@ja , "Plan"@en ; aisk:issuedBy o:ministry ; dcterms:issued "2025"^^xsd:gYear ; aisk:source src:sec-1 .
        t:m a aisk:Plan ; rdfs:label "計画m"@ja , "Plan m"@en ; aisk:issuedBy o:ministry ; dcterms:issued "2025-06"^^xsd:gYearMonth ; aisk:source src:sec-1 .
        t:d a aisk:Plan ; rdfs:label "計画d"@ja , "Plan d"@en ; aisk:issuedBy o:ministry ; dcterms:issued "2025-06-04"^^xsd:date ; aisk:source src:sec-1 .""",
    "an instrument with no issuer but a reason and a jurisdiction": "",
    "a label in a third language beside ja and en": 't:guideline rdfs:label "Leitlinie"@de .',
}


@pytest.mark.parametrize("extra", GOOD.values(), ids=GOOD.keys())
def test_good_cases_conform(schema, shapes, extra):
    report = run(schema, shapes, extra)
    assert report.conforms, [f.describe(report.graph) for f in report.violations]


# (case id, triples to add, triples to remove, focus, rule, component)
BAD = [
    ("no English label", "", 't:guideline rdfs:label "Guideline"@en .', "t:guideline", "label-en", "QualifiedMinCountConstraintComponent"),
    # a second Japanese label also breaks uniqueLang (label-form)
    ("two Japanese labels", 't:guideline rdfs:label "別名"@ja .', "", "t:guideline", "label-ja", "QualifiedMaxCountConstraintComponent", ("label-form",)),
    ("untagged label", 't:guideline rdfs:label "plain" .', "", "t:guideline", "label-form", "DatatypeConstraintComponent"),
    ("no source", "", "t:guideline aisk:source src:sec-1 .", "t:guideline", "source", "MinCountConstraintComponent"),
    ("source as a string", 't:guideline aisk:source "section 1" .', "", "t:guideline", "source", "NodeKindConstraintComponent"),
    ("page as a string", 't:guideline foaf:page "https://example.org/x" .', "", "t:guideline", "page", "NodeKindConstraintComponent"),
    ("date as a plain string", 't:handbook dcterms:issued "2024-04" .', "", "t:handbook", "issued-date", "OrConstraintComponent"),
    ("ill-formed month", 't:handbook dcterms:issued "2024-13"^^xsd:gYearMonth .', "", "t:handbook", "issued-date", "OrConstraintComponent"),
    ("two dates", 't:guideline dcterms:issued "2025"^^xsd:gYear .', "", "t:guideline", "issued-date", "MaxCountConstraintComponent"),
    ("no kind", 't:bare a aisk:Instrument ; rdfs:label "無"@ja , "Bare"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", "t:bare", "instrument-kind", "QualifiedMinCountConstraintComponent"),
    ("two kinds", "t:guideline a aisk:Report .", "", "t:guideline", "instrument-kind", "QualifiedMaxCountConstraintComponent"),
    # without an issuer there is nothing to inherit a jurisdiction from either
    ("no issuer and no reason", "", "t:guideline aisk:issuedBy o:ministry .", "t:guideline", "InstrumentShape", "OrConstraintComponent", ("instrument-jurisdiction",)),
    ("issuer is not an organisation", "t:handbook aisk:issuedBy t:act .", "", "t:handbook", "instrument-issuer-class", "ClassConstraintComponent"),
    ("no jurisdiction to state or inherit", "", "t:handbook aisk:jurisdiction jur:jp .", "t:handbook", "instrument-jurisdiction", "MinCountConstraintComponent"),
    ("jurisdiction is not a jurisdiction", "t:handbook aisk:jurisdiction o:ministry .", "", "t:handbook", "instrument-jurisdiction-class", "ClassConstraintComponent"),
    ("based on an organisation", "t:handbook aisk:basedOn o:ministry .", "", "t:handbook", "instrument-based-on", "OrConstraintComponent"),
    ("legal basis is a guideline", "t:handbook aisk:legalBasis t:guideline .", "", "t:handbook", "instrument-legal-basis", "OrConstraintComponent"),
    ("references an organisation", "t:handbook aisk:references o:ministry .", "", "t:handbook", "instrument-references", "ClassConstraintComponent"),
    ("follows two", "t:strategy-2025 aisk:follows t:handbook .", "", "t:strategy-2025", "instrument-follows", "MaxCountConstraintComponent"),
    ("part of an organisation", "t:handbook aisk:partOf o:ministry .", "", "t:handbook", "instrument-part-of", "ClassConstraintComponent"),
    ("establishes a jurisdiction", "t:act aisk:establishes jur:jp .", "", "t:act", "instrument-establishes", "ClassConstraintComponent"),
    ("topic is not a concept", "t:handbook aisk:topic o:ministry .", "", "t:handbook", "instrument-topic", "ClassConstraintComponent"),
    ("official title without language", 't:handbook aisk:officialTitle "手引き" .', "", "t:handbook", "official-title", "DatatypeConstraintComponent"),
    ("short name without language", 't:handbook skos:altLabel "HB" .', "", "t:handbook", "alt-label", "DatatypeConstraintComponent"),
    ("malformed e-Gov ID", 't:act aisk:eGovLawId "AI-ACT-2025" .', 't:act aisk:eGovLawId "507AC0000000053" .', "t:act", "law-egov-id", "PatternConstraintComponent"),
    ("law number in the wrong form", 't:act aisk:lawNumber "Act No. 53 of 2025"@en .', 't:act aisk:lawNumber "令和7年法律第53号"@ja .', "t:act", "law-number", "PatternConstraintComponent"),
    ("entry into force as a year", 't:act aisk:dateFullEntryIntoForce "2025"^^xsd:gYear .', "", "t:act", "law-dates", "DatatypeConstraintComponent"),
    ("provision of no law", "", "t:act\\/article-1 aisk:provisionOf t:act .", "t:act/article-1", "provision-of", "MinCountConstraintComponent"),
    ("edition of no instrument", "", "t:guideline\\/first aisk:editionOf t:guideline .", "t:guideline/first", "edition-of", "MinCountConstraintComponent"),
    ("edition of two instruments", "t:guideline\\/first aisk:editionOf t:handbook .", "", "t:guideline/first", "edition-of", "MaxCountConstraintComponent"),
    ("edition language as a string", 't:guideline\\/first dcterms:language "ja" .', "", "t:guideline/first", "edition-language", "NodeKindConstraintComponent"),
    ("two version labels", 't:guideline\\/ja-2 aisk:versionLabel "2.0" .', "", "t:guideline/ja-2", "edition-version", "MaxCountConstraintComponent"),
    ("edition revises an instrument", "t:guideline\\/ja-2 aisk:revises t:handbook .", "", "t:guideline/ja-2", "edition-revises", "ClassConstraintComponent"),
    ("translation of an instrument", "t:guideline\\/en-2 aisk:translationOf t:handbook .", "", "t:guideline/en-2", "edition-translation-of", "ClassConstraintComponent"),
    ("organisation without jurisdiction", "", "o:office aisk:jurisdiction jur:jp .", "o:office", "organization-jurisdiction", "MinCountConstraintComponent"),
    ("parent is not an organisation", "o:office aisk:subOrganizationOf t:act .", "", "o:office", "organization-parent", "ClassConstraintComponent"),
    ("secretariat of a jurisdiction", "o:office aisk:secretariatOf jur:jp .", "", "o:office", "organization-secretariat", "ClassConstraintComponent"),
    ("founding date as a string", 'o:office aisk:foundingDate "2024年" .', "", "o:office", "organization-founded", "OrConstraintComponent"),
    ("jurisdiction without English label", "", 'jur:jp rdfs:label "Japan"@en .', "jurisdiction/jp", "label-en", "QualifiedMinCountConstraintComponent"),
    ("section without number", "", 'src:sec-1 aisk:sectionNumber "1" .', "instrument/t-source#sec-1", "section-number", "MinCountConstraintComponent"),
    ("footnote in no section", "", "src:fn-1 aisk:partOf src:sec-1 .", "instrument/t-source#fn-1", "source-part-of", "MinCountConstraintComponent"),
    ("footnote without URL or text", "", "src:fn-1 foaf:page <https://example.org/fn1> .", "instrument/t-source#fn-1", "FootnoteShape", "OrConstraintComponent"),
    ('record IRI climbing out with dot segments', '<https://w3id.org/ai-safety-kg/id/instrument/../../../../tmp/x> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/../../../../tmp/x', "RecordIRIShape", "OrConstraintComponent"),
    ('record IRI with a single-dot segment', '<https://w3id.org/ai-safety-kg/id/instrument/./x> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/./x', "RecordIRIShape", "OrConstraintComponent"),
    ('record IRI with an encoded slash', '<https://w3id.org/ai-safety-kg/id/instrument/a%2Fb> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/a%2Fb', "RecordIRIShape", "OrConstraintComponent"),
    ('record IRI with an encoded slash, lower case', '<https://w3id.org/ai-safety-kg/id/instrument/a%2fb> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/a%2fb', "RecordIRIShape", "OrConstraintComponent"),
    ('record IRI in upper case', '<https://w3id.org/ai-safety-kg/id/instrument/Guide> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/Guide', "RecordIRIShape", "OrConstraintComponent"),
    ('record IRI with an underscore', '<https://w3id.org/ai-safety-kg/id/instrument/x_y> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/x_y', "RecordIRIShape", "OrConstraintComponent"),
    ('record IRI with a trailing dot', '<https://w3id.org/ai-safety-kg/id/instrument/x.> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/x.', "RecordIRIShape", "OrConstraintComponent"),
    ('record fragment outside the set', '<https://w3id.org/ai-safety-kg/id/instrument/t-source#Fn_1> a aisk:Guideline ; rdfs:label "x"@ja , "X"@en ; aisk:issuedBy o:ministry ; aisk:source src:sec-1 .', "", 'instrument/t-source#Fn_1', "RecordIRIShape", "OrConstraintComponent"),
    ("footnote number zero", "src:fn-2 aisk:footnoteNumber 0 .", "src:fn-2 aisk:footnoteNumber 2 .", "instrument/t-source#fn-2", "footnote-number", "MinInclusiveConstraintComponent"),
]


@pytest.mark.parametrize("case", BAD, ids=[case[0] for case in BAD])
def test_bad_cases_name_focus_rule_and_component(schema, shapes, case):
    _, extra, remove, focus, rule, component, *also = case
    report = run(schema, shapes, extra, remove)
    assert not report.conforms
    found = {(f.focus, f.rule, f.component) for f in report.violations}
    assert (node(focus), SHAPES[rule], SH[component]) in found, sorted(found)
    # nothing else broke: the case breaks the rule it is about (and any it names as also broken)
    expected = {(node(focus), SHAPES[name]) for name in (rule, *(also[0] if also else ()))}
    assert {(f.focus, f.rule) for f in report.violations} == expected


def test_concept_shape_checks_vocabulary_labels(schema, shapes):
    vocab = Graph()
    vocab += schema.vocab
    concept = URIRef("https://w3id.org/ai-safety-kg/id/concept/topic/ai-safety")
    vocab.remove((concept, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None))
    data = parse_file(FIXTURES / "shapes-base.ttl")
    report = validate(SourceGraphs(ontology=schema.ontology, vocab=vocab, data=data), shapes)
    rules = {(f.focus, f.rule) for f in report.violations}
    assert rules == {(concept, SHAPES["concept-label-ja"]), (concept, SHAPES["concept-label-en"])}


def test_every_violation_message_is_bilingual(schema, shapes):
    report = run(schema, shapes, 't:guideline foaf:page "x" . t:handbook dcterms:issued "2024" .')
    assert report.violations
    for finding in report.violations:
        assert finding.message_ja and finding.message_en
        assert finding.message_ja != finding.message_en


def test_every_named_shape_has_bilingual_message_and_explicit_severity(shapes):
    for shape in set(shapes.subjects(SH.path, None)) | set(shapes.subjects(SH["or"], None)):
        if not isinstance(shape, URIRef):
            continue
        assert shapes.value(shape, SH.severity) is not None, shape
        languages = sorted(m.language for m in shapes.objects(shape, SH.message))
        assert languages == ["en", "ja"], shape


def test_shapes_graph_is_valid_shacl(shapes, schema):
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_class_of_the_ontology_is_targeted_or_covered(shapes, schema):
    from rdflib.namespace import OWL, RDF, RDFS

    targeted = set(shapes.objects(None, SH.targetClass))
    ontology = schema.ontology
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if not isinstance(cls, URIRef) or not cls.startswith("https://w3id.org/ai-safety-kg/ontology#"):
            continue  # standard classes are only declared (OWL 2 DL), never instantiated by hand
        ancestors = {cls} | set(ontology.transitive_objects(cls, RDFS.subClassOf))
        # SourcePart is abstract: its two subclasses are targeted
        subclasses = set(ontology.transitive_subjects(RDFS.subClassOf, cls))
        assert ancestors & targeted or subclasses - {cls} <= targeted, cls
