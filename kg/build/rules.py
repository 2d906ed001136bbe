"""Reason fast: the ontology's OWL 2 RL axioms compiled into SPARQL UPDATE
rules and run to a fixpoint in Oxigraph.

Only the constructs the ontology uses are compiled (sub-classes and
sub-properties, domains and ranges, inverses, transitive properties,
two-step property chains, ``owl:hasValue`` restrictions); ``compile_rules``
refuses an ontology that uses anything else, so a new axiom cannot be
silently ignored. owlrl stays the reference: ``tests/build/test_reasoning.py`` checks
that the filtered entailments of both are the same set.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

# Axioms about our terms that need no rule: annotations and declarations.
IGNORED = {
    RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
    URIRef("http://www.w3.org/2004/02/skos/core#definition"),
    URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"),
    OWL.versionIRI, OWL.versionInfo,
}
HANDLED = {RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
           OWL.inverseOf, OWL.propertyChainAxiom}


class UnsupportedAxiom(ValueError):
    pass


@dataclass
class RuleSet:
    rules: list[tuple[str, str]]  # (head, body) as SPARQL triple patterns

    def updates(self, asserted: str, inferred: str) -> list[str]:
        """Each rule as an UPDATE that reads both graphs and writes entailments to ``inferred``."""
        return [
            f"INSERT {{ GRAPH <{inferred}> {{ {head} }} }} USING <{asserted}> USING <{inferred}> WHERE {{ {body} }}"
            for head, body in self.rules
        ]

    def run(self, kg_store, max_rounds: int = 50) -> int:
        """Apply every rule until nothing new is inserted; returns the number of rounds."""
        from .store import ASSERTED, INFERRED

        updates = self.updates(ASSERTED.value, INFERRED.value)
        size = kg_store.count(INFERRED)
        for round_number in range(1, max_rounds + 1):
            for update in updates:
                kg_store.store.update(update)
            new_size = kg_store.count(INFERRED)
            if new_size == size:
                return round_number
            size = new_size
        raise RuntimeError(f"reasoning did not reach a fixpoint in {max_rounds} rounds")


def _values(pairs) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in sorted(pairs))


def _closure(pairs: set[tuple[URIRef, URIRef]]) -> set[tuple[URIRef, URIRef]]:
    closed = set(pairs)
    while True:
        extra = {(a, d) for a, b in closed for c, d in closed if b == c} - closed
        if not extra:
            return closed
        closed |= extra


def compile_rules(ontology: Graph) -> RuleSet:
    sub_classes: set = set()
    sub_properties: set = set()
    domains: set = set()
    ranges: set = set()
    inverses: set = set()
    chains: list = []
    has_value_implies: set = set()  # (class, property, value): members have the value
    has_value_defines: set = set()  # (class, property, value): having the value makes a member

    def restriction(node):
        prop = ontology.value(node, OWL.onProperty)
        value = ontology.value(node, OWL.hasValue)
        others = set(ontology.predicates(node)) - {RDF.type, OWL.onProperty, OWL.hasValue}
        if prop is None or value is None or others:
            raise UnsupportedAxiom(f"only owl:hasValue restrictions are compiled, not {sorted(others)}")
        return prop, value

    for s, p, o in ontology:
        if isinstance(s, BNode):
            continue  # restrictions and lists are read through the axiom that uses them
        if p in IGNORED or p not in HANDLED and not str(p).startswith(str(OWL)):
            continue
        if p == RDFS.subClassOf:
            if isinstance(o, BNode):
                has_value_implies.add((s, *restriction(o)))
            else:
                sub_classes.add((s, o))
        elif p == OWL.equivalentClass:
            if not isinstance(o, BNode):
                raise UnsupportedAxiom(f"owl:equivalentClass between named classes ({s}, {o})")
            prop, value = restriction(o)
            has_value_implies.add((s, prop, value))
            has_value_defines.add((s, prop, value))
        elif p == RDFS.subPropertyOf:
            sub_properties.add((s, o))
        elif p == RDFS.domain:
            domains.add((s, o))
        elif p == RDFS.range:
            if (s, RDF.type, OWL.ObjectProperty) in ontology:
                ranges.add((s, o))
        elif p == OWL.inverseOf:
            inverses |= {(s, o), (o, s)}
        elif p == OWL.propertyChainAxiom:
            steps = list(ontology.items(o))
            if len(steps) != 2:
                raise UnsupportedAxiom(f"property chains of {len(steps)} steps ({s})")
            chains.append((s, *steps))
        elif p in (OWL.imports,):
            raise UnsupportedAxiom("owl:imports")
    transitive = sorted(ontology.subjects(RDF.type, OWL.TransitiveProperty))

    rules = []
    if sub_classes:
        rules.append(("?x a ?super", f"VALUES (?sub ?super) {{ {_values(_closure(sub_classes))} }} ?x a ?sub"))
    if sub_properties:
        rules.append(("?s ?super ?o", f"VALUES (?sub ?super) {{ {_values(_closure(sub_properties))} }} ?s ?sub ?o"))
    if inverses:
        rules.append(("?o ?q ?s", f"VALUES (?p ?q) {{ {_values(inverses)} }} ?s ?p ?o FILTER(!isLiteral(?o))"))
    for prop in transitive:
        rules.append((f"?x <{prop}> ?z", f"?x <{prop}>/<{prop}>+ ?z"))
    for result, first, second in sorted(chains):
        rules.append((f"?x <{result}> ?z", f"?x <{first}> ?y . ?y <{second}> ?z"))
    if domains:
        rules.append(("?s a ?c", f"VALUES (?p ?c) {{ {_values(domains)} }} ?s ?p ?o"))
    if ranges:
        rules.append(("?o a ?c", f"VALUES (?p ?c) {{ {_values(ranges)} }} ?s ?p ?o FILTER(!isLiteral(?o))"))
    for cls, prop, value in sorted(has_value_implies):
        rules.append((f"?x <{prop}> {value.n3()}", f"?x a <{cls}>"))
    for cls, prop, value in sorted(has_value_defines):
        rules.append((f"?x a <{cls}>", f"?x <{prop}> {value.n3()}"))
    return RuleSet(rules)
