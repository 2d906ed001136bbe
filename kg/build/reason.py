"""Reason: the OWL 2 RL closure (owlrl) on a copy of the asserted graph.

Only what is new and useful is kept: triples about our own records (subjects
under ``…/id/``), without owlrl's trivial output (``rdf:type owl:Thing``,
reflexive ``owl:sameAs``, types that are anonymous restriction classes, …).
The standard terms that OWL cannot derive exactly (names, ELI's full-date
properties, the ELI terms of laws) are added by the SPARQL rules of
kg.build.derive afterwards, and kept with the rest of the inferences.
"""

from __future__ import annotations

import sys
import time

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .load import new_graph
from .rules import CLASS_PREFIX
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
USING NAMED <{inferred}>
WHERE {{
  GRAPH <{inferred}> {{ ?s ?p ?o }}
  FILTER(
    !isIRI(?s) || !STRSTARTS(STR(?s), "{base}") || isBlank(?o) || STRSTARTS(STR(?o), "{private}")
    || ?p IN (owl:sameAs, owl:differentFrom)
    || (?p = rdf:type && ?o IN (owl:Thing, rdfs:Resource, owl:NamedIndividual, rdfs:Class, owl:Class))
  )
}}
"""

SCHEMA = """
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?p ?o } WHERE {
  ?s ?p ?o
  FILTER(?p NOT IN (rdfs:label, rdfs:comment, rdfs:seeAlso, rdfs:isDefinedBy))
  FILTER(STRSTARTS(STR(?p), STR(owl:)) || STRSTARTS(STR(?p), STR(rdfs:)) || ?p IN (rdf:first, rdf:rest)
         || (?p = rdf:type && (STRSTARTS(STR(?o), STR(owl:)) || STRSTARTS(STR(?o), STR(rdfs:)))))
}
"""


def schema_graph(kg_store) -> Graph:
    """Every axiom in the asserted graph, wherever it was written (ontology, vocabularies or records)."""
    from .shacl.terms import graph_of
    from .store import ASSERTED

    return graph_of(kg_store.query(SCHEMA, ASSERTED))


def infer_in_store(kg_store, ontology: Graph | None = None, notice=None, timings: dict | None = None,
                   stop=None) -> int:
    """Materialise the useful entailments into the store's inferred graph; returns their number.

    The axioms are compiled to rules (kg.build.rules); if one is outside the compiled rule table,
    owlrl computes the closure instead, with one line on stderr, and the output is filtered the same.
    ``timings`` (the benchmark's), if given, gathers the seconds of each rule, derivation and the cleanup;
    ``stop`` (a threading.Event), if set meanwhile, ends the work early with ``Stopped``."""
    from .rules import UnsupportedAxiom, compile_rules, literal_equalities
    from .store import ASSERTED, INFERRED

    axioms = schema_graph(kg_store)  # the ontology is in the asserted graph; ``ontology`` is not read again
    try:
        rules = compile_rules(axioms)
        ask = literal_equalities(rules)
        if ask and kg_store.query(ask, ASSERTED):
            raise UnsupportedAxiom("owl:FunctionalProperty with literal values (owl:sameAs between literals)")
        rules.run(kg_store, timings=timings, stop=stop)
    except (UnsupportedAxiom, ValueError, TypeError, SyntaxError, OSError, RuntimeError) as why:
        # never an internal error, never a silent gap: owlrl, the reference, computes the closure
        (notice or _notice)(str(why) if isinstance(why, UnsupportedAxiom) else f"an axiom the rules fail on ({why})")
        infer_with_owlrl(kg_store)
        return kg_store.count(INFERRED)
    graphs = {"asserted": ASSERTED.value, "inferred": INFERRED.value}
    started = time.perf_counter()
    derive_in_store(kg_store)
    cleanup = CLEANUP.format(base=str(ID), private=CLASS_PREFIX, **graphs)
    middle = time.perf_counter()
    kg_store.store.update(cleanup)
    if timings is not None:
        timings["derivations"], timings["cleanup"] = middle - started, time.perf_counter() - middle
    return kg_store.count(INFERRED)


def derive_in_store(kg_store) -> None:
    """The derivations of kg.build.derive, those not asserted already, added to the inferred graph (the rules
    of kg.build.seminaive never write an asserted triple, so the cleanup need not look for them)."""
    from .derive import updates
    from .store import ASSERTED, INFERRED

    for update in updates(ASSERTED.value, INFERRED.value):
        kg_store.store.update(update)


def _notice(axiom: str) -> None:
    print(f"kg: the ontology uses {axiom}, which the rule compiler does not translate: "
          f"the OWL 2 RL closure is owlrl's (slower).", file=sys.stderr)


def infer_with_owlrl(kg_store) -> None:
    """The reference reasoner: owlrl's closure of a copy of the asserted graph, filtered, as the inferred graph."""
    import pyoxigraph as ox

    from .store import ASSERTED, INFERRED

    asserted = Graph()
    asserted.parse(data=ox.serialize(kg_store.triples(ASSERTED), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    inferred = infer(asserted)
    lines = sorted(inferred.serialize(format="nt").splitlines(keepends=True))  # a fixed order: the dumps follow it
    kg_store.store.remove_graph(INFERRED)
    kg_store.store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=INFERRED)
