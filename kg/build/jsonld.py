"""Compact JSON-LD written straight from the store, one node object per
subject, with the project's context (ontology/context.jsonld): short keys,
language maps for titles, IRIs as ``@id``, typed dates.

rdflib's serialiser does the same for small graphs (the reference path);
this one streams, so the dump stays linear at a million triples. Tests read
both back and compare the graphs."""

from __future__ import annotations

import json

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Compactor:
    def __init__(self, context: dict):
        self.context = context
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))}
        self.by_namespace: dict[str, str] = {}
        for prefix, namespace in self.prefixes.items():
            self.by_namespace.setdefault(namespace, prefix)
        self.longest = max(map(len, self.by_namespace), default=0)
        self.terms: dict[str, list[tuple[str, dict]]] = {}
        for key, definition in context.items():
            if key.startswith("@") or key in self.prefixes:
                continue
            if isinstance(definition, str):
                definition = {"@id": definition}
            iri = self.expand(definition["@id"])
            if iri.startswith("@"):
                continue
            self.terms.setdefault(iri, []).append((key, definition))

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return value

    def iri(self, value: str) -> str:
        """``prefix:local`` by the longest namespace that starts ``value`` (the first prefix named for it),
        found by cutting the IRI at each ``/`` and ``#`` from the right: the namespaces all end in one. Only
        the cuts within the longest namespace are tried, so an IRI of many thousand slashes costs no more."""
        end = min(len(value) - 1, self.longest)  # a namespace must leave a local part
        while (end := max(value.rfind("/", 0, end), value.rfind("#", 0, end))) >= 0:
            prefix = self.by_namespace.get(value[:end + 1])
            if prefix is not None:
                return f"{prefix}:{value[end + 1:]}"
        return value

    def _expanded(self, term) -> dict | str:
        if isinstance(term, ox.NamedNode):
            return {"@id": self.iri(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value)}

    def _fits(self, definition: dict, term) -> bool:
        container = definition.get("@container")
        containers = container if isinstance(container, list) else [container]
        coercion = definition.get("@type")
        if "@language" in containers:
            return isinstance(term, ox.Literal) and bool(term.language)
        if coercion == "@id":
            return isinstance(term, (ox.NamedNode, ox.BlankNode))
        if coercion:
            return isinstance(term, ox.Literal) and not term.language and term.datatype.value == self.expand(coercion)
        if "@language" in definition:
            return isinstance(term, ox.Literal) and term.language == definition["@language"]
        return True

    def node(self, subject, pairs) -> dict:
        """One node object for a subject and its (predicate, object) pairs."""
        out: dict = {"id": self.iri(subject.value) if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"}
        for predicate, obj in pairs:
            if predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
                out.setdefault("type", []).append(self.iri(obj.value))
                continue
            key, value, language_map = self._entry(predicate.value, obj)
            if language_map:
                bucket = out.setdefault(key, {})
                if obj.language in bucket:  # two values in one language: the map keeps a list
                    previous = bucket[obj.language]
                    bucket[obj.language] = (previous if isinstance(previous, list) else [previous]) + [value]
                else:
                    bucket[obj.language] = value
            else:
                out.setdefault(key, []).append(value)
        return {k: (v[0] if isinstance(v, list) and len(v) == 1 and k not in self._set_keys else v) for k, v in out.items()}

    @property
    def _set_keys(self) -> set:
        return {"altLabel"}

    def _entry(self, predicate: str, obj):
        for key, definition in self.terms.get(predicate, []):
            if self._fits(definition, obj):
                containers = definition.get("@container")
                containers = containers if isinstance(containers, list) else [containers]
                if "@language" in containers:
                    return key, obj.value, True
                if isinstance(obj, ox.NamedNode):
                    return key, self.iri(obj.value), False
                if isinstance(obj, ox.BlankNode):
                    return key, f"_:{obj.value}", False
                if definition.get("@type") or "@language" in definition:
                    return key, obj.value, False
                return key, self._expanded(obj), False
        return self.iri(predicate), self._expanded(obj), False


def write_jsonld(triples_by_subject, context: dict, stream) -> None:
    """Write ``{"@context": …, "@graph": […]}``; ``triples_by_subject`` yields (subject, [(p, o), …])."""
    compactor = Compactor(context)
    stream.write('{\n"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',\n"@graph": [\n')
    first = True
    for subject, pairs in triples_by_subject:
        if not first:
            stream.write(",\n")
        stream.write(json.dumps(compactor.node(subject, pairs), ensure_ascii=False))
        first = False
    stream.write("\n]\n}\n")


def grouped(triples):
    """(subject, pairs) groups from triples sorted by subject."""
    current, pairs = None, []
    for triple in triples:
        if current is not None and triple.subject != current:
            yield current, pairs
            pairs = []
        current = triple.subject
        pairs.append((triple.predicate, triple.object))
    if current is not None:
        yield current, pairs


def subject_groups(kg_store, graphs):
    """(subject, pairs) for every subject of ``graphs``, in the order the store first gives it, with its pairs
    from every graph: read from the store's indexes subject by subject, never a sorted copy of the graph
    (only the subjects already written are remembered)."""
    store, written = kg_store.store, set()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            subject = quad.subject
            if subject in written:
                continue
            written.add(subject)
            yield subject, [(q.predicate, q.object) for g in graphs for q in store.quads_for_pattern(subject, None, None, g)]
