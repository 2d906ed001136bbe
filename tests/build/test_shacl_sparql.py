"""The fast validator (shapes compiled to SPARQL, run in Oxigraph) reports
exactly what pySHACL, the reference, reports: on every shape test case and on
the curated graph."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.build.load import SourceGraphs, parse_file
from kg.build.shacl_sparql import UnsupportedShape, compile_shapes, validate_in_store
from kg.build.store import KgStore
from kg.build.validate import validate

from shape_cases import FIXTURES, PREFIXES
from test_shapes import BAD, GOOD




def both(schema, shapes, data: Graph, vocab: Graph | None = None):
    sources = SourceGraphs(ontology=schema.ontology, vocab=vocab if vocab is not None else schema.vocab, data=data)
    reference = validate(sources, shapes)
    store = KgStore()
    store.add_graph(sources.asserted(), "test")
    fast = validate_in_store(store, shapes)
    key = lambda report: sorted({(str(f.focus), str(f.rule), str(f.component), str(f.severity)) for f in report.findings})
    return key(reference), key(fast), fast


def case_data(extra: str = "", remove: str = "") -> Graph:
    data = parse_file(FIXTURES / "shapes-base.ttl")
    if remove:
        data -= Graph().parse(data=PREFIXES + "\n" + remove, format="turtle")
    if extra:
        data += Graph().parse(data=PREFIXES + "\n" + extra, format="turtle")
    return data


def test_base_graph_agrees(schema, shapes):
    reference, fast, _ = both(schema, shapes, case_data())
    assert reference == fast == []


@pytest.mark.parametrize("extra", GOOD.values(), ids=GOOD.keys())
def test_good_cases_agree(schema, shapes, extra):
    reference, fast, _ = both(schema, shapes, case_data(extra))
    assert fast == reference == []


@pytest.mark.parametrize("case", BAD, ids=[case[0] for case in BAD])
def test_bad_cases_agree(schema, shapes, case):
    _, extra, remove, *_ = case
    reference, fast, _ = both(schema, shapes, case_data(extra, remove))
    assert reference, "the case must break something"
    assert fast == reference


@pytest.mark.parametrize(
    "extra",
    [
        't:handbook dcterms:issued "2024-02-30"^^xsd:date .',  # ill-typed day
        't:handbook foaf:page t:act , "x" , 3 .',
        'src:fn-2 aisk:footnoteNumber "two" .',
        't:guideline rdfs:label "Guideline (UK)"@en-GB .',  # langMatches: a second English label
        't:handbook aisk:issuedBy "MIC" .',
    ],
)
def test_more_breakage_agrees(schema, shapes, extra):
    reference, fast, _ = both(schema, shapes, case_data(extra))
    assert reference and fast == reference


def test_concept_breakage_agrees(schema, shapes):
    vocab = Graph()
    vocab += schema.vocab
    vocab.remove((None, URIRef("http://www.w3.org/2004/02/skos/core#inScheme"), None))
    reference, fast, _ = both(schema, shapes, case_data(), vocab)
    assert reference and fast == reference


def test_curated_graph_agrees(project, sources, shapes):
    reference = validate(sources, shapes)
    store = KgStore().load_project(project)
    fast = validate_in_store(store, shapes)
    assert reference.conforms and fast.conforms
    assert [f.describe(Graph()) for f in fast.findings] == [f.describe(Graph()) for f in reference.findings]


def test_fast_findings_name_file_and_messages(schema, shapes, project, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + '\nt:x a aisk:Guideline ; rdfs:label "x"@ja .\n', encoding="utf-8")
    store = KgStore().load_project(project, [*project.data_files, bad])
    report = validate_in_store(store, shapes)
    mine = [f for f in report.violations if str(f.focus).endswith("t-x")]
    assert {str(f.rule).rsplit("#", 1)[1] for f in mine} >= {"label-en", "source"}
    assert all(f.file == project.relative(bad) or f.file == str(bad) for f in mine)
    assert all(f.message_ja and f.message_en for f in mine)


def test_project_shapes_compile_whole(shapes):
    assert compile_shapes(shapes)  # no shape of ours goes to pySHACL


def test_a_shape_outside_the_allow_list_goes_to_pyshacl_with_a_notice(schema, shapes):
    extended = Graph()
    extended += shapes
    label_en = URIRef("https://w3id.org/ai-safety-kg/shapes#label-en")
    constraint = BNode()
    extended.add((label_en, SH.sparql, constraint))
    extended.add((constraint, SH.select, Literal(
        "SELECT $this WHERE { $this <http://www.w3.org/2004/02/skos/core#altLabel> ?x }")))
    with pytest.raises(UnsupportedShape, match="sparql"):
        compile_shapes(extended)
    data = case_data('t:guideline skos:altLabel "Guideline"@en .')
    sources = SourceGraphs(ontology=schema.ontology, vocab=schema.vocab, data=data)
    store = KgStore()
    store.add_graph(sources.asserted(), "test")
    notices = []
    fast = validate_in_store(store, extended, notice=notices.append)
    reference = validate(sources, extended)
    key = lambda report: sorted((str(f.focus), str(f.rule), str(f.component)) for f in report.findings)
    assert [list(n) for n in notices] and any("shapes#" in str(s) for n in notices for s in n)
    assert key(fast) == key(reference)
    assert any(f.component == SH.SPARQLConstraintComponent for f in fast.findings)


from rdflib import BNode, Literal, URIRef  # noqa: E402


def test_a_warning_makes_the_report_not_conform_but_passes_the_build(schema, shapes):
    """sh:conforms is false as soon as there is a result (SHACL §3.6.1); only violations fail the build."""
    extended = Graph()
    extended += shapes
    warning = URIRef("https://w3id.org/ai-safety-kg/shapes#test-warning")
    extended.parse(data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <{warning}> a sh:NodeShape ; sh:targetClass <https://w3id.org/ai-safety-kg/ontology#Guideline> ;
            sh:property [ sh:path <http://xmlns.com/foaf/0.1/page> ; sh:minCount 1 ; sh:severity sh:Warning ] .""",
                   format="turtle")
    sources = SourceGraphs(ontology=schema.ontology, vocab=schema.vocab, data=case_data())
    store = KgStore()
    store.add_graph(sources.asserted(), "test")
    for report in (validate_in_store(store, extended), validate(sources, extended)):
        assert report.findings and not report.violations
        assert report.conforms  # the build goes on
        assert (None, SH.conforms, Literal(False)) in report.graph


def test_the_build_reports_literals_as_written(schema, shapes, project, tmp_path):
    """Oxigraph keeps "2.0"^^xsd:decimal as "2"; a finding names the value as the curator wrote it."""
    bad = tmp_path / "bad.ttl"
    fn = "https://w3id.org/ai-safety-kg/id/instrument/ai-safety-factsheet-2025#fn-"
    bad.write_text(PREFIXES + f'\n<{fn}2> aisk:footnoteNumber "02"^^xsd:integer .\n', encoding="utf-8")
    store = KgStore().load_project(project, [*project.data_files, bad])
    notices = []
    report = validate_in_store(store, shapes, notice=notices.append)  # "02" and 2 are one term in the store
    assert notices and [(str(f.focus), f.component) for f in report.violations] == [
        (f"{fn}2", SH.MaxCountConstraintComponent)]
    bad.write_text(PREFIXES + f'\n<{fn}3> aisk:footnoteNumber "0.0"^^xsd:decimal .\n', encoding="utf-8")
    report = validate_in_store(KgStore().load_project(project, [*project.data_files, bad]), shapes)
    values = {f.value for f in report.violations}
    assert Literal("0.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"), normalize=False) in values
