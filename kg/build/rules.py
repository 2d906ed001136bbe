"""Reason fast: OWL 2 RL axioms compiled into SPARQL UPDATE rules, run to a
fixpoint in Oxigraph (W3C OWL 2 Profiles, §4.3, rule by rule), semi-naively
(kg.build.seminaive: each run of a rule joins against what is new to it;
transitive properties as property paths).

Compiled (each with a test against owlrl in tests/build/test_rules.py):
cax-sco, cax-eqc1/2 (sub- and equivalent classes), prp-spo1, prp-eqp1/2
(sub- and equivalent properties), prp-dom, prp-rng, prp-inv1/2, prp-symp,
prp-trp, prp-spo2 (property chains of any length), cls-int1/2, cls-uni,
cls-svf1/2, cls-avf, cls-hv1/2, cls-oo, prp-fp, prp-ifp and equality
(eq-sym, eq-trans, eq-rep-s/p/o, when owl:sameAs can arise), and the schema rules that change
which records are in which class: scm-svf1/2, scm-avf1/2, scm-hv (the
other scm-* rules follow from the instance rules run to a fixpoint). Class expressions stand for
themselves through a private class IRI (``urn:x-kg:class:N``) that the
cleanup removes, as owlrl's blank-node classes are filtered out.

Axioms that only make a graph inconsistent (disjointness, asymmetry,
irreflexivity, differentFrom, negative assertions) entail nothing that is
published, so they need no rule. Anything else (keys, cardinalities,
complements, datatype restrictions, a functional property with literal
values, …) raises ``UnsupportedAxiom``, and kg.build.reason uses owlrl for
the closure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

CLASS_PREFIX = "urn:x-kg:class:"
DELTA = "urn:x-ai-safety-kg:graph:delta"  # what the previous round derived (kg.build.seminaive)
ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionIRI, OWL.versionInfo,
               OWL.imports, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
               OWL.deprecated, RDF.first, RDF.rest}
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
                OWL.NamedIndividual, OWL.Restriction, RDFS.Class, RDFS.Datatype, RDF.Property, OWL.Thing,
                OWL.OntologyProperty, OWL.DeprecatedClass, OWL.DeprecatedProperty, RDF.List}
# owlrl only reports an inconsistency for these (a blank node with a message, never published)
NO_ENTAILMENT_TYPES = {OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.AllDisjointClasses,
                       OWL.AllDisjointProperties, OWL.AllDifferent, OWL.NegativePropertyAssertion}
NO_ENTAILMENT = {OWL.disjointWith, OWL.propertyDisjointWith, OWL.differentFrom, OWL.members,
                 OWL.distinctMembers, OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual,
                 OWL.targetValue}
PAIRED = {RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty, RDFS.domain,
          RDFS.range, OWL.inverseOf, OWL.propertyChainAxiom}


class UnsupportedAxiom(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    """One rule: a head triple pattern, and a body of parts (triple patterns, VALUES and FILTER clauses)
    joined by ``.``; ``delta`` overrides the bodies of the later rounds (kg.build.seminaive)."""

    head: str
    parts: tuple = ()
    name: str = field(default="", compare=False)
    delta: tuple | None = field(default=None, compare=False)
    feeds: str = field(default="true", compare=False)  # when a new triple can feed a rule: "true", "false", a condition
    reads: frozenset | None = field(default=None, compare=False)  # the terms it reads (None: any triple)

    @property
    def body(self) -> str:
        return " . ".join(self.parts)


@dataclass
class RuleSet:
    compiled: list  # of Rule

    @property
    def rules(self) -> list[tuple[str, str]]:
        """(head, body) as SPARQL triple patterns."""
        return [(rule.head, rule.body) for rule in self.compiled]

    def run(self, kg_store, max_rounds: int = 100, timings: dict | None = None, stop=None) -> int:
        """Apply the rules semi-naively until a round derives nothing new; returns the number of rounds.
        ``timings`` (the benchmark's), if given, gathers the seconds spent in each rule."""
        from .seminaive import run

        return run(self.compiled, kg_store, max_rounds, timings, stop)


def _values(pairs) -> str:
    return " ".join(f"({a.n3()} {b.n3()})" for a, b in sorted(pairs))


def _closure(pairs: set) -> set:
    closed = set(pairs)
    while True:
        extra = {(a, d) for a, b in closed for c, d in closed if b == c} - closed
        if not extra:
            return closed
        closed |= extra


def _name(term) -> str:
    text = str(term)
    for namespace, prefix in ((str(OWL), "owl:"), (str(RDFS), "rdfs:"), (str(RDF), "rdf:")):
        text = text.replace(namespace, prefix)
    return text


@dataclass
class Axioms:
    """The axioms read from the ontology, grouped by the rule that uses them."""

    graph: Graph
    sub_classes: set = field(default_factory=set)
    sub_properties: set = field(default_factory=set)
    domains: set = field(default_factory=set)
    ranges: set = field(default_factory=set)
    inverses: set = field(default_factory=set)
    chains: list = field(default_factory=list)
    symmetric: set = field(default_factory=set)
    transitive: set = field(default_factory=set)
    rules: list = field(default_factory=list)  # rules of class expressions: (head, body, the expression)
    restrictions: list = field(default_factory=list)  # (kind, property, filler, private class)
    functional: set = field(default_factory=set)
    inverse_functional: set = field(default_factory=set)
    same_as: bool = False  # owl:sameAs is asserted somewhere
    classes: dict = field(default_factory=dict)  # blank node -> its private class IRI

    def items(self, head) -> list:
        if head != RDF.nil and (head, RDF.first, None) not in self.graph:
            raise UnsupportedAxiom(f"{head.n3()} where a list is expected")
        return list(Collection(self.graph, head))

    def property(self, node) -> URIRef:
        if not isinstance(node, URIRef):
            raise UnsupportedAxiom("an inverse property expression (owl:inverseOf on a blank node)")
        return node

    def class_term(self, node) -> URIRef:
        """A named class, or the private class of a class expression (its rules added once)."""
        if isinstance(node, URIRef):
            return node
        if not isinstance(node, BNode):
            raise UnsupportedAxiom(f"{node.n3()} where a class is expected")
        if node not in self.classes:
            self.classes[node] = URIRef(f"{CLASS_PREFIX}{len(self.classes)}")
            self._expression(node, self.classes[node])
        return self.classes[node]

    def _expression(self, node, term: URIRef) -> None:
        g = self.graph
        keys = set(g.predicates(node)) - {RDF.type, RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith}
        if keys == {OWL.intersectionOf}:
            members = [self.class_term(m) for m in self.items(g.value(node, OWL.intersectionOf))]
            self.rules.append((f"?x a {term.n3()}", tuple(f"?x a {m.n3()}" for m in members), term, "cls-int1"))
            self.sub_classes |= {(term, m) for m in members}  # cls-int2
        elif keys == {OWL.unionOf}:
            self.sub_classes |= {(self.class_term(m), term) for m in self.items(g.value(node, OWL.unionOf))}  # cls-uni
        elif keys == {OWL.oneOf}:
            for member in self.items(g.value(node, OWL.oneOf)):  # cls-oo
                self.rules.append((f"{member.n3()} a {term.n3()}", (), term, "cls-oo"))
        elif keys == {OWL.onProperty, OWL.someValuesFrom}:
            p, c = self.property(g.value(node, OWL.onProperty)), g.value(node, OWL.someValuesFrom)
            body = (f"?x {p.n3()} ?y",) + (() if c == OWL.Thing else (f"?y a {self.class_term(c).n3()}",))
            self.rules.append((f"?x a {term.n3()}", body, term, "cls-svf1" if len(body) > 1 else "cls-svf2"))
            self.restrictions.append((OWL.someValuesFrom, p, self.class_term(c), term))
        elif keys == {OWL.onProperty, OWL.allValuesFrom}:
            p, c = self.property(g.value(node, OWL.onProperty)), self.class_term(g.value(node, OWL.allValuesFrom))
            self.rules.append((f"?y a {c.n3()}", (f"?x a {term.n3()}", f"?x {p.n3()} ?y", "FILTER(!isLiteral(?y))"), term, "cls-avf"))
            self.restrictions.append((OWL.allValuesFrom, p, c, term))
        elif keys == {OWL.onProperty, OWL.hasValue}:
            p, v = self.property(g.value(node, OWL.onProperty)), g.value(node, OWL.hasValue)
            if isinstance(v, BNode):
                raise UnsupportedAxiom("owl:hasValue with a blank node")
            self.rules.append((f"?x {p.n3()} {v.n3()}", (f"?x a {term.n3()}",), term, "cls-hv1"))
            self.rules.append((f"?x a {term.n3()}", (f"?x {p.n3()} {v.n3()}",), term, "cls-hv2"))
            self.restrictions.append((OWL.hasValue, p, v, term))
        else:
            raise UnsupportedAxiom(f"a class expression with {', '.join(sorted(_name(k) for k in keys)) or 'nothing'}")

    def restriction_hierarchy(self) -> None:
        """scm-svf1/2, scm-avf1/2, scm-hv: one restriction is a sub-class of another when their classes
        or properties are (a restriction's members need not have any value to be members)."""
        while True:
            classes, properties = _closure(self.sub_classes), _closure(self.sub_properties)
            new = set()
            for kind, p1, c1, e1 in self.restrictions:
                for other, p2, c2, e2 in self.restrictions:
                    if kind != other or e1 == e2:
                        continue
                    same_p, same_c = p1 == p2, c1 == c2
                    sub_c, sub_p = (c1, c2) in classes or c2 == OWL.Thing, (p1, p2) in properties
                    if kind != OWL.hasValue and same_p and (same_c or sub_c):  # scm-svf1, scm-avf1
                        new.add((e1, e2))
                    if same_c and sub_p:  # scm-svf2, scm-hv; scm-avf2 the other way round
                        new.add((e2, e1) if kind == OWL.allValuesFrom else (e1, e2))
            if new <= self.sub_classes:
                return
            self.sub_classes |= new

    def read(self, s, p, o) -> None:
        """One triple of the ontology."""
        if p == RDF.type:
            if o in (OWL.SymmetricProperty, OWL.TransitiveProperty):
                (self.symmetric if o == OWL.SymmetricProperty else self.transitive).add(self.property(s))
            elif o in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
                (self.functional if o == OWL.FunctionalProperty else self.inverse_functional).add(self.property(s))
            elif str(o).startswith((str(OWL), str(RDFS))) and o not in DECLARATIONS | NO_ENTAILMENT_TYPES:
                raise UnsupportedAxiom(f"{_name(o)}")
        elif p == RDFS.subClassOf:
            self.sub_classes.add((self.class_term(s), self.class_term(o)))
        elif p == OWL.equivalentClass:
            a, b = self.class_term(s), self.class_term(o)
            self.sub_classes |= {(a, b), (b, a)}
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty):
            a, b = self.property(s), self.property(o)
            self.sub_properties |= {(a, b)} | ({(b, a)} if p == OWL.equivalentProperty else set())
        elif p == RDFS.domain:
            self.domains.add((self.property(s), self.class_term(o)))
        elif p == RDFS.range:
            if not (isinstance(o, URIRef) and str(o).startswith("http://www.w3.org/2001/XMLSchema#")) and o != RDFS.Literal:
                self.ranges.add((self.property(s), self.class_term(o)))
        elif p == OWL.inverseOf:
            a, b = self.property(s), self.property(o)
            self.inverses |= {(a, b), (b, a)}
        elif p == OWL.propertyChainAxiom:
            steps = [self.property(step) for step in self.items(o)]
            if not steps:
                raise UnsupportedAxiom("owl:propertyChainAxiom with an empty chain")
            self.chains.append((self.property(s), steps))
        elif p == OWL.sameAs:
            if isinstance(o, Literal):
                raise UnsupportedAxiom("owl:sameAs with a literal")
            self.same_as = True
        elif p in ANNOTATIONS or p in NO_ENTAILMENT:
            return
        elif str(p).startswith((str(OWL), str(RDFS))):
            raise UnsupportedAxiom(_name(p))


def compile_rules(ontology: Graph) -> RuleSet:
    """The rules of every axiom of ``ontology``; raises UnsupportedAxiom for one outside the rule table above."""
    axioms = Axioms(ontology)
    for s, p, o in sorted(ontology, key=lambda t: tuple(map(str, t))):
        class_axiom = p in (RDFS.subClassOf, OWL.equivalentClass)  # a class expression may be the sub-class
        if isinstance(s, BNode) and not class_axiom and not (p == RDF.type and o in NO_ENTAILMENT_TYPES):
            if p == RDF.type and o not in DECLARATIONS:
                raise UnsupportedAxiom(_name(o))
            continue  # class expressions and lists are read through the axiom that uses them
        if isinstance(s, Literal):
            continue
        axioms.read(s, p, o)
    axioms.restriction_hierarchy()
    from .feeds import mark_feeds

    return RuleSet(mark_feeds(_rules(axioms)))


def _rules(a: Axioms) -> list[Rule]:
    classes = _closure(a.sub_classes)
    named = {(sub, sup) for sub, sup in classes if not str(sup).startswith(CLASS_PREFIX)}
    rules = []
    if named:  # cax-sco, cax-eqc1/2 (membership of a class expression is read through its sub-classes instead)
        rules.append(Rule("?x a ?super", (f"VALUES (?sub ?super) {{ {_values(named)} }}", "?x a ?sub"), "cax-sco"))
    if a.sub_properties:  # prp-spo1, prp-eqp1/2
        rules.append(Rule("?s ?super ?o", (f"VALUES (?sub ?super) {{ {_values(_closure(a.sub_properties))} }}",
                                           "?s ?sub ?o"), "prp-spo1"))
    if a.inverses:  # prp-inv1/2
        rules.append(Rule("?o ?q ?s", (f"VALUES (?p ?q) {{ {_values(a.inverses)} }}", "?s ?p ?o",
                                       "FILTER(!isLiteral(?o))"), "prp-inv"))
    for prop in sorted(a.symmetric):  # prp-symp
        rules.append(Rule(f"?y {prop.n3()} ?x", (f"?x {prop.n3()} ?y", "FILTER(!isLiteral(?y))"), f"prp-symp {_short(prop)}"))
    for prop in sorted(a.transitive):  # prp-trp, as a property path; later rounds extend paths through new edges
        p = prop.n3()
        rules.append(Rule(f"?x {p} ?z", (f"?x {p}/{p}+ ?z",), f"prp-trp {_short(prop)}",
                          delta=((f"GRAPH <{DELTA}> {{ ?a {p} ?b }}", f"?x {p}* ?a", f"?b {p}* ?z"),)))
    for result, steps in sorted(a.chains):  # prp-spo2
        body = tuple(f"?y{i} {step.n3()} ?y{i + 1}" for i, step in enumerate(steps))
        rules.append(Rule(f"?y0 {result.n3()} ?y{len(steps)}", body, f"prp-spo2 {_short(result)}"))
    if a.domains:  # prp-dom
        rules.append(Rule("?s a ?c", (f"VALUES (?p ?c) {{ {_values(a.domains)} }}", "?s ?p ?o"), "prp-dom"))
    if a.ranges:  # prp-rng
        rules.append(Rule("?o a ?c", (f"VALUES (?p ?c) {{ {_values(a.ranges)} }}", "?s ?p ?o",
                                      "FILTER(!isLiteral(?o))"), "prp-rng"))
    expressions = [(Rule(head, _through_subclasses(body, classes), name), owner)
                   for head, body, owner, name in sorted(set(a.rules))]

    def read_elsewhere(term) -> bool:  # by another rule, or as a sub-class of a named class
        return any(term.n3() in rule.body for rule in rules) or any(
            term.n3() in rule.body for rule, owner in expressions if owner != term)

    # an expression's membership that only its own rules would read adds nothing (cls-hv2 feeding cls-hv1)
    kept = [rule for rule, owner in expressions if rule.head != f"?x a {owner.n3()}" or read_elsewhere(owner)]
    # in the order the data flows (chains and inverses feed sub-properties, which feed domains, ranges and
    # classes), so that one pass derives nearly everything and the later passes read small deltas
    rules.sort(key=lambda rule: ORDER.index(rule.name.split()[0]))
    return list(dict.fromkeys(rules + kept + _equality(a)))  # each rule once


ORDER = ["prp-spo2", "prp-inv", "prp-symp", "prp-spo1", "prp-trp", "prp-dom", "prp-rng", "cax-sco"]


def _short(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _through_subclasses(body: tuple, classes: set) -> tuple:
    """``?x a <urn:x-kg:class:N>`` as membership of that class or any of its sub-classes, so that
    members of named classes need not be copied into the private class first (one round, no extra triples)."""
    import re

    parts = []
    for part in body:
        match = re.fullmatch(r"(\?\w+) a <(" + re.escape(CLASS_PREFIX) + r"\d+)>", part)
        if not match:
            parts.append(part)
            continue
        term = URIRef(match.group(2))
        members = {term} | {sub for sub, sup in classes if sup == term}
        # the highest named ones suffice: cax-sco brings every member of a lower class up to them
        subs = sorted(c for c in members if not any(
            (c, d) in classes and (d, c) not in classes and not str(d).startswith(CLASS_PREFIX) for d in members))
        var = f"?c{len(parts)}"
        parts += [f"VALUES {var} {{ {' '.join(c.n3() for c in subs)} }}", f"{match.group(1)} a {var}"]
    return tuple(parts)


SAME = f"<{OWL.sameAs}>"


def _equality(a: Axioms) -> list[Rule]:
    """prp-fp, prp-ifp and the equality rules eq-sym, eq-trans, eq-rep-s/p/o (eq-ref only adds the
    reflexive owl:sameAs that is never published), when owl:sameAs can arise at all."""
    rules = []
    if a.functional:  # prp-fp
        rules.append(Rule(f"?y1 {SAME} ?y2", (f"VALUES ?p {{ {' '.join(p.n3() for p in sorted(a.functional))} }}",
                                              "?x ?p ?y1", "?x ?p ?y2", "FILTER(!sameTerm(?y1, ?y2))"), "prp-fp"))
    if a.inverse_functional:  # prp-ifp
        rules.append(Rule(f"?x1 {SAME} ?x2", (f"VALUES ?p {{ {' '.join(p.n3() for p in sorted(a.inverse_functional))} }}",
                                              "?x1 ?p ?y", "?x2 ?p ?y", "FILTER(!sameTerm(?x1, ?x2))"), "prp-ifp"))
    if rules or a.same_as:
        rules += [
            Rule(f"?y {SAME} ?x", (f"?x {SAME} ?y",), "eq-sym"),
            Rule(f"?x {SAME} ?z", (f"?x {SAME} ?y", f"?y {SAME} ?z"), "eq-trans"),
            Rule("?s2 ?p ?o", (f"?s {SAME} ?s2", "?s ?p ?o"), "eq-rep-s"),
            Rule("?s ?p2 ?o", (f"?p {SAME} ?p2", "?s ?p ?o", "FILTER(isIRI(?p2))"), "eq-rep-p"),
            Rule("?s ?p ?o2", (f"?o {SAME} ?o2", "?s ?p ?o"), "eq-rep-o"),
        ]
    return rules


def literal_equalities(ruleset: RuleSet) -> str:
    """An ASK true when owl:sameAs would be entailed between literals, which a store cannot hold
    (owlrl replicates triples through them): such data goes to owlrl."""
    heads = [body for head, body in ruleset.rules if head in (f"?y1 {SAME} ?y2",)]
    return f"ASK {{ {heads[0]} FILTER(isLiteral(?y1)) }}" if heads else ""
