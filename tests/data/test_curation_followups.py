"""Issue 13, curation follow-ups: the three links the factsheet states, the
page and URL rules of docs/CURATION.md, and the new term and check behind them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SH, SKOS

from kg.build.checks import graph_select, run_checks
from kg.build.load import SourceGraphs, parse_file
from kg.namespaces import AISK, FS, INSTRUMENT, ORG, SHAPES
from kg.build.validate import validate

FIXTURES = Path(__file__).parents[1] / "build" / "fixtures"  # the shapes tests' base graph

HQ = ORG["ai-strategy-hq"]
SUMMARY = INSTRUMENT["ai-institutional-study-group-interim-summary"]
TOOLKIT = INSTRUMENT["gpai-general-purpose-ai-safety-toolkit"]
SAFE = INSTRUMENT["gpai-safe-project"]
UNDERSTANDING = INSTRUMENT["ai-and-copyright-general-understanding"]
COPYRIGHT_ACT = INSTRUMENT["copyright-act"]


# -- the three links ------------------------------------------------------------------------------


def test_ai_strategy_hq_was_influenced_by_the_interim_summary(sources, built):
    # 2 1): 「中間とりまとめ(案)に対する議論を踏まえ、…『AI戦略本部』の設置が指示された」
    assert (HQ, AISK.influencedBy, SUMMARY) in sources.data
    assert FS["sec-2-1"] in set(sources.data.objects(HQ, AISK.source))
    # a body is not based on a document: the link is not basedOn, and reasoning answers in PROV
    assert (HQ, AISK.basedOn, SUMMARY) not in built.reasoned
    assert (HQ, PROV.wasInfluencedBy, SUMMARY) in built.reasoned
    assert (SUMMARY, AISK.influenced, HQ) in built.reasoned
    assert (HQ, RDF.type, PROV.Organization) in built.reasoned


def test_gpai_toolkit_is_part_of_the_safe_project(sources, built):
    # 2 4): 「SAFE プロジェクトの一環で、汎用 AI の安全性に関するツールキットを開発した」
    data = sources.data
    assert (TOOLKIT, AISK.partOf, SAFE) in data
    assert (SAFE, RDF.type, AISK.Initiative) in data
    assert FS["sec-2-4"] in set(data.objects(SAFE, AISK.source))
    # the project's issuer is not in the factsheet: it comes with a source of its own
    assert (SAFE, AISK.issuedBy, ORG["gpai"]) in data
    assert URIRef("https://www2.nict.go.jp/gpai-tokyo-esc/safe") in set(data.objects(SAFE, AISK.source))
    assert (SAFE, AISK.hasPart, TOOLKIT) in built.reasoned
    assert (TOOLKIT, DCTERMS.isPartOf, SAFE) in built.reasoned


def test_ai_and_copyright_understanding_references_the_copyright_act(sources, built):
    # 1.4 5): 「現行の著作権法における考え方を整理したもの」, as 1.5 7) references the APPI
    assert (UNDERSTANDING, AISK.references, COPYRIGHT_ACT) in sources.data
    assert (INSTRUMENT["medical-digital-data-ai-guideline"], AISK.references, INSTRUMENT["appi"]) in sources.data
    assert (COPYRIGHT_ACT, AISK.referencedBy, UNDERSTANDING) in built.reasoned
    assert (UNDERSTANDING, DCTERMS.references, COPYRIGHT_ACT) in built.reasoned


# -- the URL and page rules -----------------------------------------------------------------------


def test_no_parent_body_or_issuer_is_read_from_a_url(sources):
    data = sources.data
    assert data.value(ORG["meti-ai-civil-liability-study-group"], AISK.subOrganizationOf) is None
    guidebook = INSTRUMENT["local-government-ai-guidebook"]
    assert data.value(guidebook, AISK.issuedBy) is None
    assert data.value(guidebook, AISK.noIssuerReason) is not None


@pytest.mark.parametrize(
    "record, footnote",
    [(HQ, "fn-51"), (ORG["ai-policy-office"], "fn-52"), (ORG["gpai-tokyo"], "fn-54"),
     (INSTRUMENT["ai-security-technical-measures-guideline"], "fn-47")],
)
def test_a_footnote_url_is_the_page_of_the_record_it_marks(sources, record, footnote):
    data = sources.data
    urls = set(data.objects(FS[footnote], FOAF.page))
    assert urls and urls <= set(data.objects(record, FOAF.page))


@pytest.mark.parametrize("record", [SUMMARY, TOOLKIT])
def test_a_footnote_url_is_not_the_page_of_a_record_the_item_only_mentions(sources, record):
    footnote_urls = set(sources.data.objects(None, FOAF.page)) & {
        url for fn in sources.data.subjects(AISK.footnoteNumber, None) for url in sources.data.objects(fn, FOAF.page)}
    assert not set(sources.data.objects(record, FOAF.page)) & footnote_urls


@pytest.mark.parametrize("org", ["agency-for-cultural-affairs", "council-for-cultural-affairs"])
def test_the_cultural_affairs_parents_rest_on_official_pages(sources, org):
    data = sources.data
    assert data.value(ORG[org], AISK.subOrganizationOf) is not None
    external = [str(s) for s in data.objects(ORG[org], AISK.source) if not str(s).startswith(str(FS))]
    assert external
    assert all(s.split("/")[2].endswith(".go.jp") for s in external), external


# -- the check and the shape behind the rules ----------------------------------------------------

CHECK_PREFIXES = """
@prefix aisk: <https://w3id.org/ai-safety-kg/ontology#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix t:    <https://w3id.org/ai-safety-kg/id/instrument/t-> .
"""


def footnote_check_rows(project, turtle: str) -> list:
    graph = Graph().parse(data=CHECK_PREFIXES + turtle, format="turtle")
    found = {f.check: f.rows for f in run_checks(graph_select(graph), project.checks_dir)}
    return found.get("footnote-url-not-a-page", [])


def test_footnote_check_catches_a_url_left_off_the_record_it_marks(project):
    rows = footnote_check_rows(
        project,
        "t:src\\#fn-1 a aisk:Footnote ; foaf:page <https://example.org/one> ."
        "t:src\\#fn-2 a aisk:Footnote ; foaf:page <https://example.org/two> ."
        "t:a aisk:source t:src\\#fn-1 ; foaf:page <https://example.org/one> ."
        "t:b aisk:source t:src\\#fn-2 ; foaf:page <https://example.org/elsewhere> .",
    )
    assert [(str(r["footnote"]), str(r["url"])) for r in rows] == [
        ("https://w3id.org/ai-safety-kg/id/instrument/t-src#fn-2", "https://example.org/two")
    ]


def shape_report(schema, shapes, extra: str):
    base = (FIXTURES / "shapes-base.ttl").read_text(encoding="utf-8")
    prefixes = base.split("\n\n")[0]
    data = parse_file(FIXTURES / "shapes-base.ttl")
    data += Graph().parse(data=prefixes + "\n" + extra, format="turtle")
    return validate(SourceGraphs(ontology=schema.ontology, vocab=schema.vocab, data=data), shapes)


def test_influenced_by_takes_an_instrument_or_an_organisation(schema, shapes):
    good = shape_report(schema, shapes, "o:office aisk:influencedBy t:guideline , o:ministry .")
    assert good.conforms, [f.describe(good.graph) for f in good.findings]
    bad = shape_report(schema, shapes, "o:office aisk:influencedBy jur:jp .")
    assert not bad.conforms
    assert {(f.rule, f.component) for f in bad.violations} == {(SHAPES["influenced-by"], SH.OrConstraintComponent)}


# -- details that had no source -------------------------------------------------------------------


def test_unsourced_details_are_sourced_or_gone(sources):
    data = sources.data
    aist = ORG["aist"]
    names = [str(n) for p in (RDFS.label, SKOS.altLabel) for n in data.objects(aist, p)]
    assert not any("国立研究開発法人" in n for n in names), names
    # a short name that Japanese text uses comes with a source of the body's own
    for org, short, site in (("japan-digital-health-alliance", "JaDHA", "jadha.jp"), ("haip", "HAIP", "haip-cip.org")):
        assert short in {str(n) for n in data.objects(ORG[org], SKOS.altLabel)}
        assert any(site in str(s) for s in data.objects(ORG[org], AISK.source)), org
    # the Meiji era and the Imperial Diet are said only where a cited source shows them
    civil = " ".join(str(r) for r in data.objects(INSTRUMENT["civil-code"], AISK.noIssuerReason))
    assert "明治" not in civil and "Meiji" not in civil and "帝国議会" not in civil
    penal = INSTRUMENT["penal-code"]
    assert any("jahis.law.nagoya-u.ac.jp" in str(s) for s in data.objects(penal, AISK.source))
