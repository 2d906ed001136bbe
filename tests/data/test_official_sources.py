"""Facts read beyond the factsheet (data/official-sources.ttl): every one is
stated as a sourced statement naming a registered official page; the
integrity checks catch a statement that drifts from the graph, an unused
page and a non-primary source; the stored query lists them all."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from conftest import ROOT, run_kg
from kg.build.checks import graph_select, run_checks
from kg.namespaces import AISK

DATA = ROOT / "data" / "official-sources.ttl"
#: our own words about a record, not facts read from the page
OWN_WORDS = {RDF.type, RDFS.label, SKOS.note, SKOS.editorialNote, AISK.source}

PREFIXES = """
@prefix aisk:    <https://w3id.org/ai-safety-kg/ontology#> .
@prefix t:       <https://w3id.org/ai-safety-kg/id/instrument/t-> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
"""


@pytest.fixture(scope="module")
def official() -> Graph:
    return Graph().parse(DATA, format="turtle")


def statements(graph: Graph) -> dict[tuple, set]:
    found: dict[tuple, set] = {}
    for statement in graph.subjects(RDF.type, AISK.SourcedStatement):
        triple = (graph.value(statement, AISK.statementSubject), graph.value(statement, AISK.statementPredicate), graph.value(statement, AISK.statementObject))
        found.setdefault(triple, set()).update(graph.objects(statement, AISK.source))
    return found


def facts(graph: Graph) -> set[tuple]:
    provenance = set(graph.subjects(RDF.type, AISK.SourcedStatement)) | set(graph.subjects(RDF.type, AISK.SourcePage))
    return {(s, p, o) for s, p, o in graph if s not in provenance and p not in OWN_WORDS}


def test_every_fact_in_the_file_is_a_sourced_statement_and_every_statement_a_fact(official):
    assert facts(official), "the file states facts"
    assert set(statements(official)) == facts(official)


def test_every_statement_names_a_registered_page_that_its_record_cites(official):
    pages = set(official.subjects(RDF.type, AISK.SourcePage))
    for (subject, _, _), sources in statements(official).items():
        assert sources and sources <= pages
        assert sources <= set(official.objects(subject, AISK.source)), subject


def test_sourced_statements_and_pages_have_iris_not_blank_nodes(official):
    for cls in (AISK.SourcedStatement, AISK.SourcePage):
        assert all(isinstance(node, URIRef) for node in official.subjects(RDF.type, cls))
    for statement in official.subjects(RDF.type, AISK.SourcedStatement):
        assert "#src-" in str(statement) and str(statement).split("#", 1)[0] == str(official.value(statement, AISK.statementSubject))


def test_the_curated_graph_passes_the_new_checks(project, sources):
    names = {f.check for f in run_checks(graph_select(sources.data), project.checks_dir)}
    assert not names & {"sourced-statement-not-asserted", "source-page-without-statement", "non-primary-source"}


def failures(project, turtle: str) -> dict[str, list]:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return {f.check: f.rows for f in run_checks(graph_select(graph), project.checks_dir)}


PAGE = "<https://www.soumu.go.jp/x.html>"
REGISTERED = f'{PAGE} a aisk:SourcePage ; aisk:dateAccessed "2026-12-01"^^xsd:date .'


def test_a_statement_about_a_triple_the_graph_does_not_hold_is_caught(project):
    turtle = (
        f't:a dcterms:issued "2024"^^xsd:gYear ; aisk:source {PAGE} . {REGISTERED}'
        f't:a\\#src-issued a aisk:SourcedStatement ; aisk:statementSubject t:a ; aisk:statementPredicate dcterms:issued ;'
        f' aisk:statementObject "2025"^^xsd:gYear ; aisk:source {PAGE} .'
    )
    rows = failures(project, turtle)["sourced-statement-not-asserted"]
    assert [str(r["problem"]) for r in rows] == ["the triple is not in the graph"]


def test_a_statement_whose_record_does_not_cite_the_page_is_caught(project):
    turtle = (
        f't:a dcterms:issued "2024"^^xsd:gYear . {REGISTERED}'
        f't:a\\#src-issued a aisk:SourcedStatement ; aisk:statementSubject t:a ; aisk:statementPredicate dcterms:issued ;'
        f' aisk:statementObject "2024"^^xsd:gYear ; aisk:source {PAGE} .'
    )
    rows = failures(project, turtle)["sourced-statement-not-asserted"]
    assert [str(r["problem"]) for r in rows] == ["the record does not cite https://www.soumu.go.jp/x.html"]


def test_a_registered_page_no_statement_cites_is_caught(project):
    rows = failures(project, REGISTERED)["source-page-without-statement"]
    assert [r["page"] for r in rows] == [URIRef("https://www.soumu.go.jp/x.html")]


@pytest.mark.parametrize(
    "page",
    [
        "https://en.wikipedia.org/wiki/Radio_Act",
        "https://ja.wikipedia.org/wiki/%E9%9B%BB%E6%B3%A2%E6%B3%95",
        "http://d.hatena.ne.jp/keyword/x",
        "https://kotobank.jp/word/x",
        "https://example.blogspot.com/2024/01/x.html",
    ],
)
def test_a_record_citing_a_non_primary_site_is_caught(project, page):
    for prop in ("aisk:source", "foaf:page"):
        rows = failures(project, f"t:a {prop} <{page}> .")["non-primary-source"]
        assert [(r["record"], r["page"]) for r in rows] == [(URIRef(str(t_iri("a"))), URIRef(page))]


@pytest.mark.parametrize(
    "page",
    ["https://www.soumu.go.jp/x.html", "https://www.un.org/en/x", "https://laws.e-gov.go.jp/law/325AC0000000131",
     "https://www.pref.kagawa.lg.jp/x", "https://www.kotobank-not.example.go.jp/x"],
)
def test_an_official_page_passes(project, page):
    assert "non-primary-source" not in failures(project, f"t:a aisk:source <{page}> .")


def test_a_registered_source_page_off_the_allow_list_is_caught(project):
    # a private company's site is no official source for a fact outside the factsheet
    rows = failures(project, '<https://www.example.co.jp/ai> a aisk:SourcePage .')["non-primary-source"]
    assert [str(r["rule"]) for r in rows] == ["source page outside the allow-list: www.example.co.jp"]


def t_iri(name: str) -> URIRef:
    return URIRef("https://w3id.org/ai-safety-kg/id/instrument/t-" + name)


def test_a_record_citing_wikipedia_makes_the_build_fail(project_copy):
    path = project_copy / "data" / "official-sources.ttl"
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\ninst:radio-act aisk:source <https://ja.wikipedia.org/wiki/%E9%9B%BB%E6%B3%A2%E6%B3%95> .\n")
    result = run_kg("build", cwd=project_copy)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "check non-primary-source failed" in result.stderr
    assert "inst:radio-act" in result.stderr
    assert not (project_copy / "dist").exists()


def test_provenance_outside_factsheet_lists_every_statement_with_its_page(dist, official):
    from kg.query.catalogue import stored_queries
    from kg.query.engines import OxigraphEngine

    query = {q.name: q for q in stored_queries(ROOT / "queries")}["provenance-outside-factsheet"]
    rows = OxigraphEngine(dist / "kg-inferred.ttl").run(query.text, {}).rows
    listed = {tuple(row[k].n3() for k in ("record", "property", "value", "source")) for row in rows if "property" in row}
    expected = {(s.n3(), p.n3(), o.n3(), page.n3()) for (s, p, o), pages in statements(official).items() for page in pages}
    assert expected and expected <= listed
    assert all("sourceTitle" in row and "accessed" in row for row in rows if "property" in row)
    # a page read for a record as a whole, outside the factsheet, is listed too, without a property
    assert any(row["source"].value == "https://laws.e-gov.go.jp/law/415AC0000000057" and "property" not in row for row in rows)


def test_dates_and_law_numbers_read_beyond_the_factsheet(official):
    inst = "https://w3id.org/ai-safety-kg/id/instrument/"
    assert official.value(URIRef(inst + "unauthorized-access-act"), DCTERMS.issued) == Literal("1999-08-13", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert str(official.value(URIRef(inst + "radio-act"), AISK.lawNumber)) == "昭和25年法律第131号"
    edition = URIRef(inst + "ai-guidelines-for-business/1.01")
    assert str(official.value(edition, AISK.versionLabel)) == "1.01"
    assert official.value(edition, AISK.revises) == URIRef(inst + "ai-guidelines-for-business/first")


# Shapes of the sourced statements and the register, on the shape tests' base graph.
PAGE_OK = (
    '<https://www.soumu.go.jp/x.html> a aisk:SourcePage ; dcterms:title "頁"@ja ;'
    ' aisk:publisherName "総務省"@ja ; aisk:dateAccessed "2026-12-01"^^xsd:date .'
)
STATEMENT = (
    't:guideline\\#src-issued a aisk:SourcedStatement ; aisk:statementSubject t:guideline ; aisk:statementPredicate dcterms:issued ;'
    ' aisk:statementObject "2024"^^xsd:gYear ; aisk:source <https://www.soumu.go.jp/x.html> .'
)
RDF_PREFIX = "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"

SHAPE_CASES = [
    ("statement as a blank node", STATEMENT.replace("t:guideline\\#src-issued", "[]", 1), "instrument/t-guideline#src-issued",
     "SourcedStatementShape", "NodeKindConstraintComponent"),
    ("statement without a source", STATEMENT.replace(" ; aisk:source <https://www.soumu.go.jp/x.html> .", " ."),
     "instrument/t-guideline#src-issued", "statement-source", "MinCountConstraintComponent"),
    ("statement citing an unregistered page", STATEMENT.replace("x.html", "y.html"),
     "instrument/t-guideline#src-issued", "statement-source", "ClassConstraintComponent"),
    ("statement with two subjects", STATEMENT.replace("aisk:statementSubject t:guideline ;", "aisk:statementSubject t:guideline , t:law ;"),
     "instrument/t-guideline#src-issued", "statement-subject", "MaxCountConstraintComponent"),
    ("page without a date accessed", PAGE_OK.replace(' ; aisk:dateAccessed "2026-12-01"^^xsd:date', ""),
     "https://www.soumu.go.jp/x.html", "source-page-accessed", "MinCountConstraintComponent"),
    ("page accessed as a string", PAGE_OK.replace('"2026-12-01"^^xsd:date', '"2026-12-01"'),
     "https://www.soumu.go.jp/x.html", "source-page-accessed", "DatatypeConstraintComponent"),
    ("page without a publisher", PAGE_OK.replace(' aisk:publisherName "総務省"@ja ;', ""),
     "https://www.soumu.go.jp/x.html", "source-page-publisher", "MinCountConstraintComponent"),
]


def shape_run(schema, shapes, extra: str):
    from shape_cases import run

    return run(schema, shapes, RDF_PREFIX + extra)


def test_a_registered_page_and_its_statement_conform(schema, shapes):
    report = shape_run(schema, shapes, PAGE_OK + "\n" + STATEMENT)
    assert report.conforms, [f.describe(report.graph) for f in report.findings]


@pytest.mark.parametrize("case", SHAPE_CASES, ids=[c[0] for c in SHAPE_CASES])
def test_broken_statements_and_pages_are_caught(schema, shapes, case):
    from kg.namespaces import SHAPES
    from rdflib.namespace import SH

    _, statement_or_page, focus, rule, component = case
    extra = statement_or_page + "\n" + (PAGE_OK if "aisk:SourcedStatement" in statement_or_page else STATEMENT)
    report = shape_run(schema, shapes, extra)
    assert not report.conforms
    found = {(f.rule, f.component) for f in report.violations}
    assert (SHAPES[rule], SH[component]) in found, sorted(found)
    if not focus.startswith("http"):
        focus = "https://w3id.org/ai-safety-kg/id/" + focus
    if "blank node" not in case[0]:
        assert URIRef(focus) in {f.focus for f in report.violations}
