"""The dumps in dist/ read back as the same graph, in rdflib and in an
independent parser (pyoxigraph), and the dataset description matches them."""

from __future__ import annotations

import hashlib

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCAT, RDF, VOID

from kg.namespaces import DATASET_IRI

DIST_FILES = ["kg.ttl", "kg-inferred.ttl", "entailments.ttl", "kg.jsonld", "kg.nt", "void.ttl", "validation.ttl", "queries.ttl"]
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
OX_FORMAT = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES, "jsonld": pyoxigraph.RdfFormat.JSON_LD}


def assert_same_graph(expected: Graph, actual: Graph):
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graphs differ\nonly expected:\n"
            + only_expected.serialize(format="nt")[:3000]
            + "\nonly written:\n"
            + only_actual.serialize(format="nt")[:3000]
        )


def test_dist_has_every_file_design_lists(dist):
    assert sorted(p.name for p in dist.iterdir()) == sorted(DIST_FILES)


@pytest.mark.parametrize("name", ["kg.ttl", "kg.nt", "kg.jsonld"])
def test_asserted_dumps_read_back_isomorphic(built, dist, name):
    graph = Graph().parse(dist / name, format=RDFLIB_FORMAT[name.rsplit(".", 1)[1]])
    assert_same_graph(built.asserted, graph)


def test_inferred_dump_is_asserted_plus_entailments(built, dist):
    reasoned = Graph().parse(dist / "kg-inferred.ttl", format="turtle")
    entailments = Graph().parse(dist / "entailments.ttl", format="turtle")
    assert_same_graph(built.reasoned, reasoned)
    assert_same_graph(built.inferred, entailments)
    assert len(reasoned) == len(built.asserted) + len(entailments)


@pytest.mark.parametrize("name", ["kg.ttl", "kg.nt", "kg.jsonld", "kg-inferred.ttl"])
def test_dumps_parse_with_pyoxigraph_to_the_same_triple_count(built, dist, name):
    suffix = name.rsplit(".", 1)[1]
    quads = list(pyoxigraph.parse(path=str(dist / name), format=OX_FORMAT[suffix]))
    expected = built.reasoned if name == "kg-inferred.ttl" else built.asserted
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(expected)


def test_jsonld_is_compacted_with_the_project_context(dist):
    import json

    document = json.loads((dist / "kg.jsonld").read_text(encoding="utf-8"))
    assert "@context" in document and "@graph" in document
    act = next(node for node in document["@graph"] if node.get("id") == "inst:ai-promotion-act")
    assert act["label"]["ja"] == "人工知能関連技術の研究開発及び活用の推進に関する法律"
    assert act["eGovLawId"] == "507AC0000000053"
    assert "org:ai-strategy-hq" in str(act["establishes"])


def test_jsonld_prefixes_are_the_longest_namespace_and_a_slash_heavy_iri_is_kept(project):
    from kg.build.export import load_context
    from kg.build.jsonld import Compactor

    compactor = Compactor(load_context(project.context_file))
    assert compactor.iri("https://w3id.org/ai-safety-kg/id/instrument/ai-promotion-act") == "inst:ai-promotion-act"
    assert compactor.iri("https://w3id.org/ai-safety-kg/id/instrument/") == "https://w3id.org/ai-safety-kg/id/instrument/"
    hostile = "https://example.org" + "/" * 200_000 + "x"  # only the cuts within the longest namespace are tried
    assert compactor.iri(hostile) == hostile


def test_void_describes_each_dump_with_size_and_checksum(dist):
    void = Graph().parse(dist / "void.ttl")
    distributions = list(void.objects(DATASET_IRI, DCAT.distribution))
    described = {}
    spdx = "http://spdx.org/rdf/terms#"
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        checksum = void.value(distribution, URIRef(spdx + "checksum"))
        described[url.rsplit("/", 1)[1]] = (
            int(void.value(distribution, DCAT.byteSize)),
            str(void.value(checksum, URIRef(spdx + "checksumValue"))),
        )
    for name in set(DIST_FILES) - {"void.ttl"}:
        content = (dist / name).read_bytes()
        assert described[name] == (len(content), hashlib.sha256(content).hexdigest()), name


def test_void_counts_match_the_data(built, dist):
    void = Graph().parse(dist / "void.ttl")
    assert int(void.value(DATASET_IRI, VOID.triples)) == len(built.asserted)
    titles = {t.language for t in void.objects(DATASET_IRI, URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {"ja", "en"}
    inferred = URIRef(f"{DATASET_IRI}/inferred")
    assert int(void.value(inferred, VOID.triples)) == len(built.reasoned)
    linksets = {str(l).rsplit("/", 1)[1]: int(void.value(l, VOID.triples))
                for dataset in (DATASET_IRI, inferred) for l in void.objects(dataset, VOID.subset)}
    egov = sum(1 for o in built.asserted.objects(None, URIRef("http://xmlns.com/foaf/0.1/page")) if str(o).startswith("https://laws.e-gov.go.jp/law/"))
    wikidata = sum(1 for o in built.asserted.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")) if str(o).startswith("http://www.wikidata.org/entity/"))
    typed = {
        name: sum(1 for s, o in built.reasoned.subject_objects(RDF.type)
                  if str(s).startswith("https://w3id.org/ai-safety-kg/id/") and str(o).startswith(ns))
        for name, ns in (("eli", "http://data.europa.eu/eli/ontology#"), ("schema", "https://schema.org/"))
    }
    assert linksets == {"egov": egov, "wikidata": wikidata, **typed}
    assert typed["eli"] > 0 and typed["schema"] > 0
    assert egov > 0 and wikidata > 0


def test_validation_report_is_written_and_conforms(dist):
    report = Graph().parse(dist / "validation.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    [result] = list(report.subjects(RDF.type, URIRef(sh + "ValidationReport")))
    assert report.value(result, URIRef(sh + "conforms")) == Literal(True)


def test_void_class_partitions_count_the_graph_their_dataset_counts(built, dist):
    """The asserted dataset's partitions count asserted types only; the reasoned one's count inferred types too."""
    void = Graph().parse(dist / "void.ttl")
    for dataset, graph in ((DATASET_IRI, built.asserted), (URIRef(f"{DATASET_IRI}/inferred"), built.reasoned)):
        partitions = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                      for p in void.objects(dataset, VOID.classPartition)}
        counted = {}
        for s, o in graph.subject_objects(RDF.type):
            if str(s).startswith("https://w3id.org/ai-safety-kg/id/"):
                counted.setdefault(o, set()).add(s)
        assert partitions == {cls: len(members) for cls, members in counted.items()}
    assert URIRef("http://data.europa.eu/eli/ontology#Work") not in {
        void.value(p, VOID["class"]) for p in void.objects(DATASET_IRI, VOID.classPartition)}
