"""Oxigraph terms as rdflib terms, keeping blank-node labels, so that
results from the store and from pySHACL name the same nodes."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD


def to_rdflib(term):
    """An Oxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)  # rdflib writes simple literals without a datatype
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)  # the very lexical form


def graph_of(triples) -> Graph:
    """An rdflib graph of Oxigraph triples, blank-node labels kept."""
    graph = Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def from_rdflib(term):
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
