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
get, at a fraction of the cost. They go back into the store sorted, so that
the store's order, which the dumps follow, is the same from build to build."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict

import pyoxigraph as ox

from ..errors import InputError

ALGORITHM = ox.CanonicalizationAlgorithm.RDFC_1_0
#: RDFC-1.0 is exponential on blank nodes that look alike and link to one another (a chain of
#: 3,000 [ :p [ :p … ] ], a clique of ten): such graphs get this long, in a child process, then are refused.
TIMEOUT = 30.0
WITH_BLANK_NODES = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBLANK(?s) || isBLANK(?o)) }"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
CHILD = """import sys, pyoxigraph as ox
dataset = ox.Dataset(ox.parse(sys.stdin.buffer.read(), format=ox.RdfFormat.N_QUADS))
dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
sys.stdout.buffer.write(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS))"""


class TooHardToLabel(InputError):
    """Blank nodes whose canonical labels cannot be computed in bounded time."""


def canonical_dataset(quads: list, timeout: float = TIMEOUT) -> ox.Dataset:
    """The quads with their blank nodes relabelled by RDFC-1.0 (``_:c14n0``, …).

    In this process when every blank node has its own first-degree hash (RDFC-1.0 is then
    polynomial: the ontology's lists and restrictions); otherwise in a child process stopped
    after ``timeout`` seconds (TooHardToLabel)."""
    if _look_alikes(quads) == 0:
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ALGORITHM)
        return dataset
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    try:
        done = subprocess.run([sys.executable, "-c", CHILD], input=data, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TooHardToLabel(f"blank nodes that look alike and link to one another could not get canonical labels "
                             f"(RDFC-1.0) within {timeout:g} s") from None
    if done.returncode != 0:
        raise TooHardToLabel(f"blank nodes could not get canonical labels (RDFC-1.0): "
                             f"{done.stderr.decode('utf-8', 'replace').strip().splitlines()[-1:]}")
    return ox.Dataset(ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS))


def _look_alikes(quads) -> int:
    """How many blank nodes share RDFC-1.0's first-degree hash input (their quads, self as _:a, others as _:z)
    with another: only these make RDFC-1.0 search, at a cost that can grow exponentially."""
    around = defaultdict(list)
    for quad in quads:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                around[term].append(quad)

    def shape(node, mentions) -> tuple:
        def name(term):
            return ("_:a" if term == node else "_:z") if isinstance(term, ox.BlankNode) else str(term)

        return tuple(sorted(" ".join(name(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in mentions))

    shapes = Counter(shape(node, mentions) for node, mentions in around.items())
    return sum(count for count in shapes.values() if count > 1)


def canonicalize_store(kg_store, timeout: float = TIMEOUT) -> int:
    """Relabel the blank nodes of every graph in the store, in place; returns how many quads were relabelled."""
    store = kg_store.store
    quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in store.query(WITH_BLANK_NODES)]
    if not quads:
        return 0
    try:
        dataset = canonical_dataset(quads, timeout)
    except TooHardToLabel as error:
        raise TooHardToLabel(f"{_first_file_with_linked_blank_nodes(kg_store)}: {error}; give these nodes IRIs.") from None
    for quad in quads:
        store.remove(quad)
    store.extend(sorted(dataset, key=str))  # in a fixed order: the store writes its triples in insertion order
    return len(quads)


def _first_file_with_linked_blank_nodes(kg_store) -> str:
    """The source file with the most look-alike blank nodes (only on the error path)."""
    from .store import FORMATS

    counts = []
    for path, shown_as in kg_store.files:
        quads = list(ox.parse(path=str(path), format=FORMATS.get(path.suffix, ox.RdfFormat.TURTLE)))
        counts.append((_look_alikes(quads), shown_as))
    count, shown_as = max(counts, default=(0, "the graph"), key=lambda c: c[0])
    return shown_as if count else "the graph"


def canonical_graph(graph):
    """A copy of an rdflib graph whose blank nodes carry their RDFC-1.0 labels (and the same prefixes)."""
    from rdflib import Graph

    from .shacl.terms import to_rdflib as back

    data = graph.serialize(format="nt", encoding="utf-8")
    dataset = canonical_dataset(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for quad in dataset:
        out.add((back(quad.subject), back(quad.predicate), back(quad.object)))
    return out
