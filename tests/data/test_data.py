"""The curated records against the factsheet: complete, traceable, and
without invented values."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from factsheet_text import footnote_urls
from kg.link.egov import parse_law_id
from kg.namespaces import AISK, FS, INSTRUMENT, ORG

REPAIRED = {15}  # URL split across a page break in the extracted text


def inst(slug):
    return INSTRUMENT[slug]


def test_every_footnote_of_the_text_is_in_the_data_with_its_urls(sources):
    in_text = footnote_urls()
    assert sorted(in_text) == list(range(1, 55))
    data = sources.data
    for number, urls in in_text.items():
        footnote = FS[f"fn-{number}"]
        assert int(data.value(footnote, AISK.footnoteNumber)) == number
        pages = sorted(str(p) for p in data.objects(footnote, FOAF.page))
        if number in REPAIRED:
            [page] = pages
            [damaged] = urls
            assert page.startswith(damaged) and len(page) > len(damaged)
            assert {n.language for n in data.objects(footnote, SKOS.editorialNote)} == {"ja", "en"}
        else:
            assert pages == sorted(urls), number


def test_footnote_15_is_repaired_to_the_digital_agency_path(sources):
    [page] = sources.data.objects(FS["fn-15"], FOAF.page)
    assert str(page).startswith("https://www.digital.go.jp/assets/contents/node/basic_page/field_ref_resources/cb5865d2-")
    assert "ppc.go.jp" not in str(page)


def test_no_url_keeps_markdown_escapes_and_every_page_is_an_iri(sources):
    for _, page in sources.data.subject_objects(FOAF.page):
        assert isinstance(page, URIRef)
        assert "\\" not in str(page) and str(page).startswith(("https://", "http://"))


def test_factsheet_is_a_record_with_title_issuer_and_date(sources):
    factsheet = inst("ai-safety-factsheet-2025")
    data = sources.data
    assert (factsheet, RDF.type, AISK.Report) in data
    assert data.value(factsheet, DCTERMS.issued) == Literal("2026-03-31", datatype=XSD.date)
    assert data.value(factsheet, AISK.issuedBy) == ORG["aisi-secretariat"]
    assert Literal("Factsheet of AI Safety in Japan 2025", lang="en") in set(data.objects(factsheet, AISK.officialTitle))


SECTION_1_4 = {
    "ai-guidelines-for-business": ({"mic", "meti"}, "2024-04"),
    "aisi-evaluation-guide": ({"aisi"}, "2024"),
    "aisi-red-teaming-guide": ({"aisi"}, "2024"),
    "ip-ai-era-interim-summary": ({"ip-ai-era-study-group", "ip-strategy-secretariat"}, "2024-05"),
    "ai-and-copyright-general-understanding": ({"copyright-legal-system-subcommittee"}, "2024-03"),
    "ip-strategic-program-2025": ({"ip-strategy-hq"}, "2025-06"),
    "mic-policy-priorities-2026": ({"mic"}, None),
    "ai-appropriateness-guidelines": ({"ai-strategy-hq"}, "2025-12-19"),
}


@pytest.mark.parametrize("slug", SECTION_1_4)
def test_section_1_4_entries_with_issuers_dates_and_sources(sources, slug):
    issuers, date = SECTION_1_4[slug]
    data = sources.data
    record = inst(slug)
    assert {str(o).rsplit("/", 1)[1] for o in data.objects(record, AISK.issuedBy)} == issuers
    issued = data.value(record, DCTERMS.issued)
    assert (str(issued) if issued is not None else None) == date
    number = list(SECTION_1_4).index(slug) + 1
    assert FS[f"sec-1.4-{number}"] in set(data.objects(record, AISK.source))


def test_ai_guidelines_for_business_editions(sources):
    data = sources.data
    editions = {e: (str(data.value(e, DCTERMS.issued)), data.value(e, DCTERMS.language)) for e in data.subjects(AISK.editionOf, inst("ai-guidelines-for-business"))}
    lang = "http://publications.europa.eu/resource/authority/language/"
    assert editions == {
        inst("ai-guidelines-for-business/first"): ("2024-04", None),
        inst("ai-guidelines-for-business/1.01"): ("2024-11", None),  # data/official-sources.ttl
        inst("ai-guidelines-for-business/ja-1.1"): ("2025-03", URIRef(lang + "JPN")),
        inst("ai-guidelines-for-business/en-1.1"): ("2025-04", URIRef(lang + "ENG")),
    }
    assert (inst("ai-guidelines-for-business/ja-1.1"), AISK.revises, inst("ai-guidelines-for-business/first")) in data
    assert (inst("ai-guidelines-for-business/en-1.1"), AISK.translationOf, inst("ai-guidelines-for-business/ja-1.1")) in data


def test_section_1_4_relations(sources):
    data = sources.data
    assert (inst("ai-appropriateness-guidelines"), AISK.legalBasis, inst("ai-promotion-act/article-13")) in data
    assert (inst("ai-promotion-act/article-13"), AISK.provisionOf, inst("ai-promotion-act")) in data
    assert (inst("ip-ai-era-guide-for-rights-holders"), AISK.basedOn, inst("ip-ai-era-interim-summary")) in data
    assert (inst("ai-copyright-checklist-guidance"), AISK.basedOn, inst("ai-and-copyright-general-understanding")) in data


def test_passing_mentions_are_instruments_in_their_own_right(sources):
    for slug in (
        "hiroshima-guiding-principles-organizations",
        "ai-copyright-checklist-guidance",
        "genai-quality-management-guideline",
        "mod-ai-basic-policy",
        "pact-for-the-future",
        "iso-iec-42006",
        "small-unmanned-aircraft-prohibition-act",
        "civil-code",
        "radio-act",
        "penal-code",
        "unauthorized-access-act",
        "ai-institutional-study-group-interim-summary",
        "gpai-general-purpose-ai-safety-toolkit",
    ):
        assert (inst(slug), RDFS.label, None) in sources.data, slug


def test_every_law_number_is_the_one_its_egov_id_encodes(sources):
    data = sources.data
    laws = list(data.subject_objects(AISK.eGovLawId))
    linked = {u.rsplit("/", 1)[1] for urls in footnote_urls().values() for u in urls if "laws.e-gov.go.jp/law/" in u}
    assert linked | {"507AC0000000053", "415AC0000000057"} <= {str(i) for _, i in laws}
    for law, law_id in laws:
        parsed = parse_law_id(str(law_id))
        assert str(data.value(law, AISK.lawNumber)) == parsed.law_number
        assert str(data.value(law, DCTERMS.issued))[:4] == str(parsed.year)
        assert URIRef(parsed.url) in set(data.objects(law, FOAF.page))
        assert URIRef(parsed.url) in set(data.objects(law, AISK.source))


def test_egov_ids_come_only_from_the_factsheet_or_identifiers_list(sources):
    from_factsheet = {u.rsplit("/", 1)[1] for urls in footnote_urls().values() for u in urls if "laws.e-gov.go.jp/law/" in u}
    listed = {"507AC0000000053", "415AC0000000057", "503AC0000000036"}  # shared/identifiers.md
    used = {str(i) for i in sources.data.objects(None, AISK.eGovLawId)}
    assert used <= from_factsheet | listed


def test_wikidata_links_come_only_from_the_identifiers_list(project, sources):
    from kg.link.review import accepted_links

    allowed = {"Q17", "Q1065", "Q41550", "Q15028"}
    reviewed = {o.rsplit("/", 1)[1] for _, _, o in accepted_links(project)}  # accepted rows of links/*-review.tsv
    used = {str(o).rsplit("/", 1)[1] for o in sources.data.objects(None, SKOS.exactMatch) if "wikidata.org" in str(o)}
    assert used <= allowed | reviewed and used


@pytest.mark.parametrize(
    "org, founded, datatype",
    [("aisi", "2024-02", XSD.gYearMonth), ("gpai-tokyo", "2024-07", XSD.gYearMonth), ("ai-policy-office", "2025-08-01", XSD.date)],
)
def test_founding_dates_the_text_gives(sources, org, founded, datatype):
    assert sources.data.value(ORG[org], AISK.foundingDate) == Literal(founded, datatype=datatype)


def test_organisation_hierarchy_and_roles(sources):
    data = sources.data
    assert (ORG["ai-policy-office"], AISK.subOrganizationOf, ORG["cstip-secretariat"]) in data
    assert (ORG["cstip-secretariat"], AISK.subOrganizationOf, ORG["cabinet-office"]) in data
    assert (ORG["ai-policy-office"], AISK.secretariatOf, ORG["ai-strategy-hq"]) in data
    assert (ORG["copyright-legal-system-subcommittee"], AISK.subOrganizationOf, ORG["copyright-subdivision"]) in data
    assert (ORG["copyright-subdivision"], AISK.subOrganizationOf, ORG["council-for-cultural-affairs"]) in data
    assert (inst("ai-promotion-act"), AISK.establishes, ORG["ai-strategy-hq"]) in data


def test_every_record_names_its_source(built):
    graph = built.reasoned
    rows = graph.query(
        """PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        SELECT ?r WHERE {
          { ?r a aisk:Instrument } UNION { ?r a aisk:Edition } UNION { ?r a aisk:Organization }
          UNION { ?r a aisk:Provision } UNION { ?r a aisk:Jurisdiction }
          FILTER NOT EXISTS { ?r aisk:source ?s }
        }"""
    )
    assert list(rows) == []


def test_every_instrument_has_titles_kind_issuer_or_reason_and_jurisdiction(built):
    graph = built.reasoned
    rows = graph.query(
        """PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?r WHERE {
          ?r a aisk:Instrument .
          FILTER (
            NOT EXISTS { ?r rdfs:label ?ja FILTER(LANG(?ja) = "ja") } ||
            NOT EXISTS { ?r rdfs:label ?en FILTER(LANG(?en) = "en") } ||
            NOT EXISTS { ?r aisk:kind ?k } ||
            NOT EXISTS { ?r aisk:jurisdiction ?j } ||
            (NOT EXISTS { ?r aisk:issuedBy ?i } && NOT EXISTS { ?r aisk:noIssuerReason ?why })
          )
        }"""
    )
    assert list(rows) == []
