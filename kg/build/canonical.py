"""Canonical blank-node labels, so that two builds of the same sources give
byte-identical dumps.

Blank nodes (the ontology's RDF lists and restrictions, the query catalogue's
parameters, the checksums in void.ttl) get fresh random labels each time a
file is parsed, and a serialiser's order follows them. Before anything is
written they are relabelled by RDFC-1.0, the W3C RDF Dataset
Canonicalization algorithm (Oxigraph's implementation): ``_:c14n0``,
``_:c14n1``, … decided by the graph's content alone. Blank nodes stay blank
nodes (skolem IRIs would break the OWL 2 DL mapping of the ontology's lists
and restrictions).

Only the quads that mention a blank node take part: RDFC-1.0 hashes a blank
node by those quads alone, so the labels are the ones the whole dataset would
get, at a fraction of the cost."""

from __future__ import annotations

import pyoxigraph as ox

ALGORITHM = ox.CanonicalizationAlgorithm.RDFC_1_0
WITH_BLANK_NODES = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBLANK(?s) || isBLANK(?o)) }"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def canonicalize_store(kg_store) -> int:
    """Relabel the blank nodes of every graph in the store, in place; returns how many quads were relabelled."""
    store = kg_store.store
    quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in store.query(WITH_BLANK_NODES)]
    if not quads:
        return 0
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ALGORITHM)
    for quad in quads:
        store.remove(quad)
    store.extend(dataset)
    return len(quads)


def canonical_graph(graph):
    """A copy of an rdflib graph whose blank nodes carry their RDFC-1.0 labels (and the same prefixes)."""
    from rdflib import BNode, Graph, Literal, URIRef

    def back(term):
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype in (XSD_STRING, RDF_LANGSTRING) else URIRef(datatype))

    data = graph.serialize(format="nt", encoding="utf-8")
    dataset = ox.Dataset(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ALGORITHM)
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for quad in dataset:
        out.add((back(quad.subject), back(quad.predicate), back(quad.object)))
    return out
