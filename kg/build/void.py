"""The dataset description (``dist/void.ttl``): VoID and DCAT, with one
distribution per dump (size, checksum), class and property partitions, and a
linkset per external target whose counts are read from the data.

Two VoID datasets: the curated graph as written (``…/dataset``, the DCAT-AP
dataset of kg/build/dcat.py), and the reasoned graph (``…/dataset/inferred``,
asserted plus entailments, derived from the first). Each counts its own
triples, classes and linksets, so a class partition never counts types only
the reasoner gave."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD

from .. import __version__
from ..errors import UsageError
from .dcat import LICENSE, describe_catalogue, describe_distribution
from .export import FORMATS
from .load import new_graph
from ..namespaces import AISK, BASE, DATASET_IRI, ELI, ID, ORG_NS, SCHEMA

SPDX = Namespace("http://spdx.org/rdf/terms#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT lacks DCAT 3's dcat:version
DOWNLOAD_BASE = BASE + "dist/"
EGOV_PAGES = "https://laws.e-gov.go.jp/law/"
WIKIDATA = "http://www.wikidata.org/entity/"

# each dump: (title ja, title en), (description ja, description en)
DUMPS = {
    'kg.ttl': (('オントロジーと記録（推論なし）', 'Ontology and asserted records'),
              ('オントロジー、SKOS語彙、キュレーションした記録（Turtle）。', 'The ontology, the SKOS vocabularies and the curated records, as written (Turtle).')),
    'kg-inferred.ttl': (('オントロジー、記録と推論結果', 'Ontology, asserted records and filtered entailments'),
                       ('kg.ttl に OWL 2 RL の推論結果と導出した標準語彙（ELI、schema.org）を加えたもの。', 'kg.ttl plus the OWL 2 RL entailments and the derived standard terms (ELI, schema.org).')),
    'entailments.ttl': (('推論結果のみ（フィルタ済み）', 'Filtered entailments only'),
                       ('推論結果のみ。記述された事実と区別できる。', 'The entailments alone, to tell inferred from asserted.')),
    'kg.jsonld': (('オントロジーと記録（JSON-LD）', 'Ontology and asserted records (JSON-LD)'),
                 ('kg.ttl と同じグラフ（JSON-LD、ontology/context.jsonld で圧縮）。', 'The graph of kg.ttl as compacted JSON-LD.')),
    'kg.nt': (('オントロジーと記録（N-Triples）', 'Ontology and asserted records (N-Triples)'),
             ('kg.ttl と同じグラフ（N-Triples、行を整列）。', 'The graph of kg.ttl as sorted N-Triples.')),
    'validation.ttl': (('SHACL検証レポート', 'SHACL validation report'),
                      ('記録の SHACL 検証レポート。', 'The SHACL validation report of the records.')),
    'queries.ttl': (('保存済みSPARQLクエリの目録', 'Catalogue of the stored SPARQL queries'),
                   ('保存済み SPARQL クエリ（SHACL-AF、ja/en の説明付き）。', 'The stored SPARQL queries as SHACL-AF executables with ja/en descriptions.')),
}
INFERRED_IRI = URIRef(f"{DATASET_IRI}/inferred")


def sources_date(project) -> dt.date:
    """The release's date: when its sources last changed, never the time of the build.

    SOURCE_DATE_EPOCH (reproducible-builds.org) when set, e.g. to the last
    commit's time (``git log -1 --format=%ct``); otherwise the newest
    modification time among the source files. Two builds of the same sources
    then describe the same release, byte for byte (UTC dates)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        sources = [*project.ontology_files, project.shapes_file, project.context_file, *project.vocab_files,
                   *project.data_files, *project.queries_dir.rglob("*.rq"), *(project.root / "links").glob("*.tsv")]
        epoch = max((p.stat().st_mtime for p in sources if p.is_file()), default=0)
    try:
        return dt.datetime.fromtimestamp(int(float(epoch)), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, got {epoch!r}.") from None


QUERIES = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    # the distinct subjects first: the filter's string test then runs once per subject, not once per triple
    "entities": f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ ?s ?p ?o }} }} "
                f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{ID}\")) }}",
    "classes": f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        ?s a ?class FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{ID}\")) }} GROUP BY ?class ORDER BY ?class""",
    "properties": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "links": f"""SELECT ?target (COUNT(*) AS ?n) WHERE {{
        {{ ?s <{SKOS.exactMatch}> ?o FILTER(STRSTARTS(STR(?o), \"{WIKIDATA}\")) BIND(\"wikidata\" AS ?target) }}
        UNION {{ ?s <{FOAF.page}> ?o FILTER(STRSTARTS(STR(?o), \"{EGOV_PAGES}\")) BIND(\"egov\" AS ?target) }}
    }} GROUP BY ?target""",
    # records typed with ELI and schema.org classes: in the reasoned graph only (the alignment puts them there)
    "typed": f"""SELECT ?target (COUNT(*) AS ?n) WHERE {{
        ?s a ?class FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{ID}\"))
        BIND(IF(STRSTARTS(STR(?class), \"{ELI}\"), \"eli\", IF(STRSTARTS(STR(?class), \"{SCHEMA}\"), \"schema\", \"\")) AS ?target)
        FILTER(?target != \"\")
    }} GROUP BY ?target""",
    "period": """PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        SELECT (STR(?date) AS ?text) (DATATYPE(?date) AS ?type) WHERE {
        ?s a aisk:Instrument ; <http://purl.org/dc/terms/issued> ?date } ORDER BY STR(?date)""",
    "examples": f"""SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {" ".join(f"<{ID}{e}>" for e in ("instrument/ai-promotion-act", "instrument/ai-guidelines-for-business", "org/aisi"))} }} ?s ?p ?o }} ORDER BY ?s""",
}


def dataset_facts(select_asserted, select_all) -> dict:
    """Counts for the description; ``select_*`` run a SELECT and return rows of strings."""
    return {**asserted_facts(select_asserted), **reasoned_facts(select_all)}


def asserted_facts(select) -> dict:
    """The counts that read the asserted graph alone (``select`` runs a SELECT on it, rows of strings)."""
    return {
        "triples": int(select(QUERIES["triples"])[0][0]),
        "entities": int(select(QUERIES["entities"])[0][0]),
        "classes": [(c, int(n)) for c, n in select(QUERIES["classes"])],
        "properties": [(p, int(n)) for p, n in select(QUERIES["properties"])],
        "links": {t: int(n) for t, n in select(QUERIES["links"])},
        "examples": [row[0] for row in select(QUERIES["examples"])],
    }


def reasoned_facts(select) -> dict:
    """The counts that read the asserted and the inferred graph together."""
    dates = [Literal(text, datatype=URIRef(datatype)) for text, datatype in select(QUERIES["period"])]
    return {
        "inferred": {
            "triples": int(select(QUERIES["triples"])[0][0]),
            "entities": int(select(QUERIES["entities"])[0][0]),
            "classes": [(c, int(n)) for c, n in select(QUERIES["classes"])],
            "links": {t: int(n) for t, n in select(QUERIES["typed"])},
        },
        "period": (dates[0], dates[-1]) if dates else None,
    }


def describe_dataset(facts: dict, dumps: dict[str, tuple[int, str]], issued: dt.date) -> Graph:
    """VoID + DCAT graph; ``dumps`` maps file name to (byte size, sha256 hex); ``issued``: see sources_date."""
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
    # the release is dated by its sources (sources_date), so that a rebuild is byte-identical
    released = Literal(issued.isoformat(), datatype=XSD.date)
    g.add((d, DCTERMS.issued, released))
    g.add((d, DCTERMS.modified, released))
    describe_catalogue(g, d, facts["period"], released)
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.triples, Literal(facts["triples"], datatype=XSD.integer)))
    g.add((d, VOID.entities, Literal(facts["entities"], datatype=XSD.integer)))
    for example in facts["examples"]:
        g.add((d, VOID.exampleResource, URIRef(example)))
    for vocabulary in (AISK._NS, ELI, SCHEMA, DCTERMS, SKOS, FOAF, ORG_NS, Namespace("http://www.w3.org/ns/prov#")):
        g.add((d, VOID.vocabulary, URIRef(str(vocabulary))))
    _class_partitions(g, d, facts["classes"])
    for prop, count in facts["properties"]:
        part = URIRef(f"{DATASET_IRI}/property/{_local(prop)}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    _distributions(g, d, dumps)
    _linksets(g, d, facts["links"], ("wikidata", "egov"))
    _inferred_dataset(g, d, facts["inferred"])
    return g


def _class_partitions(g: Graph, d: URIRef, classes: list[tuple[str, int]]) -> None:
    for cls, count in classes:
        part = URIRef(f"{d}/class/{_local(cls)}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))


def _inferred_dataset(g: Graph, d: URIRef, facts: dict) -> None:
    """The reasoned graph (kg-inferred.ttl) as a VoID dataset of its own, derived from the asserted one."""
    inferred = INFERRED_IRI
    g.add((inferred, RDF.type, VOID.Dataset))
    g.add((inferred, DCTERMS.title, Literal("AIセーフティ知識グラフ（推論結果を含む）", lang="ja")))
    g.add((inferred, DCTERMS.title, Literal("AI Safety Knowledge Graph, with entailments", lang="en")))
    g.add((inferred, PROV.wasDerivedFrom, d))
    g.add((inferred, VOID.dataDump, URIRef(DOWNLOAD_BASE + "kg-inferred.ttl")))
    g.add((inferred, VOID.uriSpace, Literal(str(ID))))
    g.add((inferred, VOID.triples, Literal(facts["triples"], datatype=XSD.integer)))
    g.add((inferred, VOID.entities, Literal(facts["entities"], datatype=XSD.integer)))
    _class_partitions(g, inferred, facts["classes"])
    _linksets(g, inferred, facts["links"], ("eli", "schema"))


def _local(term: str) -> str:
    prefix = "https://w3id.org/ai-safety-kg/ontology#"
    if term.startswith(prefix):
        return f"aisk-{term[len(prefix):]}"
    return hashlib.sha1(term.encode()).hexdigest()[:12]


def _distributions(g: Graph, d: URIRef, dumps: dict[str, tuple[int, str]]) -> None:
    media = {suffix: media for _, suffix, media in FORMATS.values()}
    for name, (size, sha256) in sorted(dumps.items()):
        dist = URIRef(f"{DATASET_IRI}/distribution/{name}")
        g.add((d, DCAT.distribution, dist))
        if name in ("kg.ttl", "kg.nt", "kg.jsonld"):  # the graph void:triples counts (kg-inferred.ttl: the other dataset)
            g.add((d, VOID.dataDump, URIRef(DOWNLOAD_BASE + name)))
        describe_distribution(g, dist, name, media[name.rsplit(".", 1)[1]], sha256,
                              *DUMPS.get(name, ((name, name), (name, name))))
        g.add((dist, DCAT.downloadURL, URIRef(DOWNLOAD_BASE + name)))
        g.add((dist, DCAT.accessURL, URIRef(DOWNLOAD_BASE + name)))
        g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))


def _linksets(g: Graph, d: URIRef, links: dict[str, int], slugs: tuple[str, ...]) -> None:
    targets = {
        "wikidata": (SKOS.exactMatch, WIKIDATA, "Wikidata", "https://www.wikidata.org/"),
        "egov": (FOAF.page, EGOV_PAGES, "e-Gov法令検索 / e-Gov law search", "https://laws.e-gov.go.jp/"),
        # typed links: records as instances of the standard vocabularies' classes, after reasoning
        "eli": (RDF.type, str(ELI), "European Legislation Identifier ontology", "https://op.europa.eu/en/web/eu-vocabularies/eli"),
        "schema": (RDF.type, str(SCHEMA), "schema.org", "https://schema.org/"),
    }
    for slug in slugs:
        predicate, prefix, title, homepage = targets[slug]
        linkset = URIRef(f"{DATASET_IRI}/linkset/{slug}")
        target = URIRef(f"{DATASET_IRI}/target/{slug}")
        g.add((d, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, d))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.triples, Literal(links.get(slug, 0), datatype=XSD.integer)))
        if predicate == RDF.type:
            g.add((linkset, DCTERMS.description, Literal(
                "Counted in kg-inferred.ttl: the ontology's alignment axioms type the records with these classes.", lang="en")))
            g.add((linkset, DCTERMS.description, Literal(
                "kg-inferred.ttl での数：オントロジーの対応付けの公理により、記録がこれらのクラスに型付けされる。", lang="ja")))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, RDFS.label, Literal(title)))
        g.add((target, FOAF.homepage, URIRef(homepage)))
        g.add((target, VOID.uriSpace, Literal(prefix)))
