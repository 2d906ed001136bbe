"""Reason: the OWL 2 RL closure (owlrl) on a copy of the asserted graph.

Only what is new and useful is kept: triples about our own records (subjects
under ``…/id/``), without owlrl's trivial output (``rdf:type owl:Thing``,
reflexive ``owl:sameAs``, types that are anonymous restriction classes, …).
The standard terms that OWL cannot derive exactly (names, ELI's full-date
properties, the ELI terms of laws) are added by the SPARQL rules of
kg.build.derive afterwards, and kept with the rest of the inferences.
"""

from __future__ import annotations

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .load import new_graph
from ..namespaces import ID

TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}

def closure(asserted: Graph) -> Graph:
    """The full OWL 2 RL closure of a copy of ``asserted`` (the input is not changed)."""
    graph = Graph()
    graph += asserted
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    return graph


def is_useful(triple) -> bool:
    """An entailment worth publishing: about one of our records, and not trivial."""
    subject, predicate, obj = triple
    if not isinstance(subject, URIRef) or not subject.startswith(str(ID)):
        return False
    if isinstance(obj, BNode):
        return False
    if predicate == OWL.sameAs or predicate == OWL.differentFrom:
        return False
    if predicate == RDF.type and obj in TRIVIAL_TYPES:
        return False
    if isinstance(obj, Literal) and obj.datatype is None and obj.language is None and predicate == RDF.type:
        return False
    return True


def infer(asserted: Graph) -> Graph:
    """The useful entailments of ``asserted``: new triples only, never asserted ones."""
    from .derive import constructs

    closed = closure(asserted)
    derived = [triple for query in constructs() for triple in closed.query(query)]
    for triple in derived:
        closed.add(triple)
    inferred = new_graph()
    for triple in closed:
        if triple not in asserted and is_useful(triple):
            inferred.add(triple)
    return inferred


# -- the fast path: rules in Oxigraph (kg.build.rules), filtered the same way -------

CLEANUP = """
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
DELETE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }}
USING NAMED <{asserted}> USING NAMED <{inferred}>
WHERE {{
  GRAPH <{inferred}> {{ ?s ?p ?o }}
  FILTER(
    EXISTS {{ GRAPH <{asserted}> {{ ?s ?p ?o }} }}
    || !isIRI(?s) || !STRSTARTS(STR(?s), "{base}") || isBlank(?o)
    || ?p IN (owl:sameAs, owl:differentFrom)
    || (?p = rdf:type && ?o IN (owl:Thing, rdfs:Resource, owl:NamedIndividual, rdfs:Class, owl:Class))
  )
}}
"""


def infer_in_store(kg_store, ontology: Graph) -> int:
    """Materialise the useful entailments into the store's inferred graph; returns their number."""
    from .derive import updates
    from .rules import compile_rules
    from .store import ASSERTED, INFERRED

    compile_rules(ontology).run(kg_store)
    graphs = {"asserted": ASSERTED.value, "inferred": INFERRED.value}
    for update in updates(ASSERTED.value, INFERRED.value):
        kg_store.store.update(update)
    kg_store.store.update(CLEANUP.format(base=str(ID), **graphs))
    return kg_store.count(INFERRED)
