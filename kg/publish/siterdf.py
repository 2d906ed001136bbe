"""A record's own data files in ``kg site``: ``PATH.ttl`` and ``PATH.jsonld``, the
record's triples, the triples pointing at it and the labels of its neighbours."""

from __future__ import annotations

import json
from collections import defaultdict

import pyoxigraph as ox

from ..prefixes import PREFIXES
from .sitegraph import LABEL, PREF_LABEL, Graph


def record_triples(g: Graph, iri: str) -> list[ox.Triple]:
    """The record's triples, the triples pointing at it, and its neighbours' labels (as kg serve's /id/ pages)."""
    own = g.out[iri]
    incoming = [t for t in g.into.get(iri, ()) if t.subject.value != iri]
    neighbours = {t.object.value for t in own if isinstance(t.object, ox.NamedNode)} | {t.subject.value for t in incoming}
    labels = [t for n in neighbours - {iri} for t in g.out.get(n, ()) if t.predicate.value in (LABEL, PREF_LABEL)]
    return sorted(set(own) | set(incoming) | set(labels),
                  key=lambda t: (t.subject.value != iri, str(t.subject), str(t.predicate), str(t.object)))


def turtle(triples: list[ox.Triple]) -> bytes:
    """Turtle with the prefixes it uses (the record's triples come first)."""
    used = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    used |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    prefixes = {k: v for k, v in PREFIXES.items() if any(i.startswith(v) for i in used)}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def jsonld(context: dict, iri: str, triples: list[ox.Triple]) -> str:
    """Compact JSON-LD: the record's node first, then one node per neighbour."""
    from ..build.jsonld import Compactor

    compactor = Compactor(context)
    by_subject: dict[str, list] = defaultdict(list)
    for t in triples:
        by_subject[t.subject.value].append((t.predicate, t.object))
    order = [iri] + sorted(s for s in by_subject if s != iri)
    nodes = [compactor.node(ox.NamedNode(s), by_subject[s]) for s in order if s in by_subject]
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=1) + "\n"
