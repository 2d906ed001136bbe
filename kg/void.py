"""The dataset description (``dist/void.ttl``): VoID and DCAT, with one
distribution per dump (size, checksum), class and property partitions, and a
linkset per external target whose counts are read from the data."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD

from . import __version__
from .export import FORMATS
from .load import new_graph
from .namespaces import AISK, BASE, DATASET_IRI, ELI, ID, ONTOLOGY_IRI, ORG_NS, SCHEMA

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT lacks DCAT 3's dcat:version
IANA = "https://www.iana.org/assignments/media-types/"
DOWNLOAD_BASE = BASE + "dist/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
EGOV_PAGES = "https://laws.e-gov.go.jp/law/"
WIKIDATA = "http://www.wikidata.org/entity/"

DUMP_TITLES = {
    "kg.ttl": ("オントロジーと記録（推論なし）", "Ontology and asserted records"),
    "kg-inferred.ttl": ("オントロジー、記録と推論結果", "Ontology, asserted records and filtered entailments"),
    "entailments.ttl": ("推論結果のみ（フィルタ済み）", "Filtered entailments only"),
    "kg.jsonld": ("オントロジーと記録（JSON-LD）", "Ontology and asserted records (JSON-LD)"),
    "kg.nt": ("オントロジーと記録（N-Triples）", "Ontology and asserted records (N-Triples)"),
    "validation.ttl": ("SHACL検証レポート", "SHACL validation report"),
    "queries.ttl": ("保存済みSPARQLクエリの目録", "Catalogue of the stored SPARQL queries"),
}


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def describe_dataset(asserted: Graph, inferred: Graph, dumps: dict[str, bytes]) -> Graph:
    g = new_graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("spdx", SPDX)
    d = DATASET_IRI
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("AIセーフティ知識グラフ", lang="ja")))
    g.add((d, DCTERMS.title, Literal("AI Safety Knowledge Graph", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "日本のAIセーフティを規律する文書と日本が従う国際的な文書、その発行主体、法域と相互の関係を、"
        "AIセーフティ・インスティテュートの「AIセーフティ ファクトシート 2025」から出典付きで記録した知識グラフ。",
        lang="ja")))
    g.add((d, DCTERMS.description, Literal(
        "The instruments that govern AI safety in Japan and the international instruments Japan follows, "
        "their issuers, jurisdictions and relations, curated with provenance from the Japan AI Safety "
        "Institute's AI Safety Factsheet 2025.", lang="en")))
    g.add((d, DCTERMS.license, LICENSE))
    publisher = URIRef(BASE + "#publisher")
    g.add((d, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal("AI Safety Knowledge Graph contributors", lang="en")))
    g.add((d, DCAT3.version, Literal(__version__)))
    g.add((d, OWL.versionInfo, Literal(__version__)))
    g.add((d, DCTERMS.modified, Literal(build_date().isoformat(), datatype=XSD.date)))
    g.add((d, DCTERMS.source, ID["instrument/ai-safety-factsheet-2025"]))
    g.add((d, DCTERMS.conformsTo, ONTOLOGY_IRI))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.triples, Literal(len(asserted), datatype=XSD.integer)))
    records = {s for s in asserted.subjects() if isinstance(s, URIRef) and s.startswith(str(ID))}
    g.add((d, VOID.entities, Literal(len(records), datatype=XSD.integer)))
    for example in ("instrument/ai-promotion-act", "instrument/ai-guidelines-for-business", "org/aisi"):
        if (ID[example], None, None) in asserted:
            g.add((d, VOID.exampleResource, ID[example]))
    for vocabulary in (AISK._NS, ELI, SCHEMA, DCTERMS, SKOS, FOAF, ORG_NS, Namespace("http://www.w3.org/ns/prov#")):
        g.add((d, VOID.vocabulary, URIRef(str(vocabulary))))

    _partitions(g, d, asserted, inferred)
    _distributions(g, d, dumps)
    _linksets(g, d, asserted)
    return g


def _partitions(g: Graph, d: URIRef, asserted: Graph, inferred: Graph) -> None:
    full = asserted + inferred
    classes = Counter(o for s, o in full.subject_objects(RDF.type) if isinstance(s, URIRef) and s.startswith(str(ID)))
    for cls, count in sorted(classes.items()):
        part = URIRef(f"{DATASET_IRI}/class/{_local(cls)}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    properties = Counter(p for _, p, _ in asserted)
    for prop, count in sorted(properties.items()):
        part = URIRef(f"{DATASET_IRI}/property/{_local(prop)}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))


def _local(term: URIRef) -> str:
    text = str(term)
    for prefix, name in (("https://w3id.org/ai-safety-kg/ontology#", "aisk"),):
        if text.startswith(prefix):
            return f"{name}-{text[len(prefix):]}"
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _distributions(g: Graph, d: URIRef, dumps: dict[str, bytes]) -> None:
    media = {suffix: media for _, suffix, media in FORMATS.values()}
    for name, content in sorted(dumps.items()):
        dist = URIRef(f"{DATASET_IRI}/distribution/{name}")
        g.add((d, DCAT.distribution, dist))
        g.add((d, VOID.dataDump, URIRef(DOWNLOAD_BASE + name)))
        g.add((dist, RDF.type, DCAT.Distribution))
        ja, en = DUMP_TITLES.get(name, (name, name))
        g.add((dist, DCTERMS.title, Literal(ja, lang="ja")))
        g.add((dist, DCTERMS.title, Literal(en, lang="en")))
        g.add((dist, DCAT.downloadURL, URIRef(DOWNLOAD_BASE + name)))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media[name.rsplit(".", 1)[1]])))
        g.add((dist, DCAT.byteSize, Literal(len(content), datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, LICENSE))
        checksum = BNode()
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(content).hexdigest(), datatype=XSD.hexBinary)))


def _linksets(g: Graph, d: URIRef, asserted: Graph) -> None:
    targets = {
        "wikidata": (SKOS.exactMatch, WIKIDATA, "Wikidata", "https://www.wikidata.org/"),
        "egov": (FOAF.page, EGOV_PAGES, "e-Gov法令検索 / e-Gov law search", "https://laws.e-gov.go.jp/"),
    }
    for slug, (predicate, prefix, title, homepage) in targets.items():
        count = sum(1 for _, o in asserted.subject_objects(predicate) if str(o).startswith(prefix))
        linkset = URIRef(f"{DATASET_IRI}/linkset/{slug}")
        target = URIRef(f"{DATASET_IRI}/target/{slug}")
        g.add((d, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, d))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, RDFS.label, Literal(title)))
        g.add((target, FOAF.homepage, URIRef(homepage)))
        g.add((target, VOID.uriSpace, Literal(prefix)))
