"""The DCAT-AP 3.0.1 part of the dataset description (``dist/void.ttl``): a
``dcat:Catalog`` holding the dataset, and the dataset's and distributions'
properties that EU data portals harvest, every value typed with the class
DCAT-AP expects. Code-list values come from the EU Publications Office's
authority tables (languages, file types, data themes, countries), stated with
their ``skos:inScheme`` so that a harvester can check them without the tables.
``tests/build/test_dcat_ap.py`` validates the result with the EU's own shapes.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from ..namespaces import BASE, ID, ONTOLOGY_IRI

AUTHORITY = "http://publications.europa.eu/resource/authority/"
PROV = Namespace("http://www.w3.org/ns/prov#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "https://www.iana.org/assignments/media-types/"
CATALOG_IRI = URIRef(BASE + "catalog")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
LANDING_PAGE = URIRef(BASE)
FACTSHEET = ID["instrument/ai-safety-factsheet-2025"]
# EU file-type table codes of our dumps' formats
FILE_TYPES = {"ttl": "RDF_TURTLE", "nt": "RDF_N_TRIPLES", "jsonld": "JSON_LD"}
# EU data themes, with the table's English labels
THEMES = {"GOVE": "Government and public sector", "TECH": "Science and technology"}
KEYWORDS = {
    "ja": ("AIセーフティ", "AIガバナンス", "法令", "ガイドライン", "ソフトロー", "日本"),
    "en": ("AI safety", "AI governance", "law", "guideline", "soft law", "Japan"),
}
TITLE = {"ja": "AIセーフティ知識グラフ", "en": "AI Safety Knowledge Graph"}


def authority(g: Graph, table: str, code: str, cls: URIRef | None = None) -> URIRef:
    """A value of an EU authority table, with its table as ``skos:inScheme``."""
    value = URIRef(f"{AUTHORITY}{table}/{code}")
    g.add((value, SKOS.inScheme, URIRef(AUTHORITY + table)))
    if cls is not None:
        g.add((value, RDF.type, cls))
    return value


def describe_catalogue(g: Graph, d: URIRef, period: tuple[Literal, Literal] | None, issued: Literal) -> None:
    """The catalogue around the dataset, and the dataset's DCAT-AP properties."""
    g.bind("dcat", DCAT)
    g.bind("vcard", VCARD)
    g.bind("prov", PROV)
    languages = [authority(g, "language", code, DCTERMS.LinguisticSystem) for code in ("JPN", "ENG")]
    japan = authority(g, "country", "JPN", DCTERMS.Location)
    publisher = URIRef(BASE + "#publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    g.add((LANDING_PAGE, RDF.type, FOAF.Document))

    catalogue = CATALOG_IRI
    g.add((catalogue, RDF.type, DCAT.Catalog))
    for lang, text in TITLE.items():
        g.add((catalogue, DCTERMS.title, Literal(f"{text} カタログ" if lang == "ja" else f"{text} catalogue", lang=lang)))
    g.add((catalogue, DCTERMS.description, Literal("AIセーフティ知識グラフのデータセットの目録。", lang="ja")))
    g.add((catalogue, DCTERMS.description, Literal("The catalogue of the AI Safety Knowledge Graph's datasets.", lang="en")))
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((catalogue, DCAT.dataset, d))
    g.add((catalogue, FOAF.homepage, LANDING_PAGE))
    g.add((catalogue, DCTERMS.license, LICENSE))
    g.add((catalogue, DCTERMS.spatial, japan))
    g.add((catalogue, DCTERMS.issued, issued))
    g.add((catalogue, DCTERMS.modified, issued))
    theme_table = URIRef(AUTHORITY + "data-theme")
    g.add((theme_table, RDF.type, SKOS.ConceptScheme))
    g.add((theme_table, DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((catalogue, DCAT.themeTaxonomy, theme_table))
    for language in languages:
        g.add((catalogue, DCTERMS.language, language))
        g.add((d, DCTERMS.language, language))

    g.add((d, DCTERMS.spatial, japan))
    for code, label in THEMES.items():
        theme = authority(g, "data-theme", code, SKOS.Concept)
        g.add((theme, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((d, DCAT.theme, theme))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((d, DCAT.keyword, Literal(word, lang=lang)))
    g.add((d, DCAT.contactPoint, _contact(g)))
    if period:
        g.add((d, DCTERMS.temporal, _period(g, *period)))
    g.add((d, DCAT.landingPage, LANDING_PAGE))
    g.add((d, DCTERMS.conformsTo, ONTOLOGY_IRI))
    g.add((ONTOLOGY_IRI, RDF.type, DCTERMS.Standard))
    # the records are read from the factsheet, a document (not a dataset: dct:source would say one)
    g.add((d, PROV.wasDerivedFrom, FACTSHEET))


def _contact(g: Graph) -> URIRef:
    contact = URIRef(BASE + "#contact")
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal("AI Safety Knowledge Graph contributors", lang="en")))
    g.add((contact, VCARD.hasURL, LANDING_PAGE))
    return contact


def _period(g: Graph, start: Literal, end: Literal) -> BNode:
    period = BNode()
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, start))
    g.add((period, DCAT.endDate, end))
    return period


def describe_distribution(g: Graph, dist: URIRef, name: str, media_type: str, sha256: str,
                          titles: tuple[str, str], descriptions: tuple[str, str]) -> None:
    """A dump's DCAT-AP description: format, media type, licence, checksum (its size and URLs are VoID's)."""
    g.add((dist, RDF.type, DCAT.Distribution))
    for lang, title, description in zip(("ja", "en"), titles, descriptions):
        g.add((dist, DCTERMS.title, Literal(title, lang=lang)))
        g.add((dist, DCTERMS.description, Literal(description, lang=lang)))
    media = URIRef(IANA + media_type)
    g.add((media, RDF.type, DCTERMS.MediaType))
    g.add((dist, DCAT.mediaType, media))
    g.add((dist, DCTERMS["format"], authority(g, "file-type", FILE_TYPES[name.rsplit(".", 1)[1]], DCTERMS.MediaTypeOrExtent)))
    g.add((dist, DCTERMS.license, LICENSE))
    checksum = BNode()
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
