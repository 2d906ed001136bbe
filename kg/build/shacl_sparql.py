"""Validate fast: the project's SHACL shapes compiled into one SPARQL query
per constraint, run set-wise in Oxigraph instead of focus node by focus node.

Only the SHACL Core features that ontology/shapes.ttl uses are compiled;
``compile_shapes`` refuses anything else, so a new kind of constraint cannot
be silently skipped. pySHACL stays the reference: tests/build/test_shacl_sparql.py
checks that both report the same (focus node, shape, constraint) triples on
every shape test case and on the curated graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

SUBCLASS_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
CASTABLE = {XSD.date, XSD.integer, XSD.decimal, XSD.boolean, XSD.dateTime}
VALUE_KEYS = {SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH["in"], SH["or"], SH.minInclusive, SH.languageIn}
PROPERTY_KEYS = VALUE_KEYS | {SH.path, SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.qualifiedMinCount,
                              SH.qualifiedMaxCount, SH.uniqueLang, SH.message, SH.severity, RDF.type,
                              RDFS.label, SH.name, SH.description}
NODE_KEYS = {SH.targetClass, SH.property, SH["or"], SH.message, SH.severity, RDF.type, RDFS.label, RDFS.comment,
             RDFS.seeAlso, SH.datatype, SH.pattern, SH.nodeKind, SH["class"]}


class UnsupportedShape(ValueError):
    pass


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a query whose rows (?focus, ?value) are its violations."""

    shape: URIRef | BNode  # the shape reported as sh:sourceShape
    node_shape: URIRef
    component: URIRef
    path: object  # an rdflib path node (IRI or blank node), or None for node-level checks
    query: str


def compile_shapes(shapes: Graph) -> list[Check]:
    checks: list[Check] = []
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None))):
        _only(shapes, node_shape, NODE_KEYS)
        targets = " UNION ".join(
            f"{{ ?focus {SUBCLASS_PATH} <{c}> }}" for c in sorted(shapes.objects(node_shape, SH.targetClass))
        )
        if (node_shape, SH["or"], None) in shapes:
            members = _list(shapes, shapes.value(node_shape, SH["or"]))
            tests = " || ".join(_focus_condition(shapes, m) for m in members)
            checks.append(Check(node_shape, node_shape, SH.OrConstraintComponent, None,
                                f"SELECT DISTINCT ?focus ?value WHERE {{ {targets} BIND(?focus AS ?value) FILTER(!({tests})) }}"))
        for prop in sorted(shapes.objects(node_shape, SH.property)):
            checks.extend(_property_checks(shapes, node_shape, prop, targets))
    return checks


def _only(shapes: Graph, shape, allowed: set) -> None:
    unknown = set(shapes.predicates(shape)) - allowed
    if unknown:
        raise UnsupportedShape(f"{shape}: constraints not compiled to SPARQL: {sorted(unknown)}")


def _list(shapes: Graph, head) -> list:
    return list(Collection(shapes, head))


def path_sparql(shapes: Graph, path) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_sparql(shapes, p) for p in _list(shapes, alternatives)) + ")"
    if (path, RDF.first, None) in shapes:  # a sequence path
        return "(" + "/".join(path_sparql(shapes, p) for p in _list(shapes, path)) + ")"
    raise UnsupportedShape(f"path {path} is not an IRI, alternative or sequence path")


def _focus_condition(shapes: Graph, member) -> str:
    """A node-level sh:or member: a property shape with sh:minCount 1."""
    _only(shapes, member, {SH.path, SH.minCount})
    if int(shapes.value(member, SH.minCount)) != 1:
        raise UnsupportedShape("node-level sh:or members are compiled only as sh:minCount 1")
    return f"EXISTS {{ ?focus {path_sparql(shapes, shapes.value(member, SH.path))} ?any }}"


def _literal(value: Literal) -> str:
    return value.n3()


def value_condition(shapes: Graph, shape) -> str:
    """A SPARQL expression true when ?value conforms to every value-level constraint of ``shape``."""
    return constraints_condition(shapes, sorted(shapes.predicate_objects(shape)))


def constraints_condition(shapes: Graph, constraints) -> str:
    """A SPARQL expression true when ?value meets every (predicate, object) constraint given."""
    parts = []
    for predicate, obj in constraints:
        if predicate == SH.datatype:
            test = f"isLiteral(?value) && DATATYPE(?value) = <{obj}>"
            if obj in CASTABLE:  # a wrongly written value of these types is ill-typed: the cast fails
                test += f" && DATATYPE(<{obj}>(STR(?value))) = <{obj}>"
            parts.append(f"({test})")
        elif predicate == SH["class"]:
            parts.append(f"EXISTS {{ ?value {SUBCLASS_PATH} <{obj}> }}")
        elif predicate == SH.nodeKind:
            parts.append({SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)", SH.BlankNode: "isBlank(?value)"}[obj])
        elif predicate == SH.pattern:
            parts.append(f"(!isBlank(?value) && REGEX(STR(?value), {_literal(obj)}))")
        elif predicate == SH["in"]:
            parts.append(f"(?value IN ({', '.join(v.n3() for v in _list(shapes, obj))}))")
        elif predicate == SH["or"]:
            parts.append("(" + " || ".join(f"({value_condition(shapes, m)})" for m in _list(shapes, obj)) + ")")
        elif predicate == SH.minInclusive:
            parts.append(f"COALESCE(?value >= {_literal(obj)}, false)")
        elif predicate == SH.languageIn:
            tags = " || ".join(f'LANGMATCHES(LANG(?value), "{t}")' for t in _list(shapes, obj))
            parts.append(f"(isLiteral(?value) && LANG(?value) != \"\" && ({tags}))")
    # an expression error (DATATYPE of an IRI, a failed cast) means "does not conform"
    return " && ".join(f"COALESCE({part}, false)" for part in parts) if parts else "true"


COMPONENTS = {
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
}


def _property_checks(shapes: Graph, node_shape, prop, targets: str) -> list[Check]:
    _only(shapes, prop, PROPERTY_KEYS)
    path_node = shapes.value(prop, SH.path)
    path = path_sparql(shapes, path_node)
    values = f"{targets} ?focus {path} ?value ."

    def check(component, query):
        return Check(prop, node_shape, component, path_node, query)

    out = []
    for predicate, component in COMPONENTS.items():
        for obj in shapes.objects(prop, predicate):
            condition = constraints_condition(shapes, [(predicate, obj)])
            out.append(check(component, f"SELECT DISTINCT ?focus ?value WHERE {{ {values} FILTER(!({condition})) }}"))
    min_count = shapes.value(prop, SH.minCount)
    if min_count is not None:
        out.append(check(SH.MinCountConstraintComponent,
                         f"SELECT ?focus (SAMPLE(?none) AS ?value) WHERE {{ {targets} OPTIONAL {{ ?focus {path} ?v }} }} "
                         f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {int(min_count)})"))
    max_count = shapes.value(prop, SH.maxCount)
    if max_count is not None:
        out.append(check(SH.MaxCountConstraintComponent,
                         f"SELECT ?focus (SAMPLE(?none) AS ?value) WHERE {{ {values} }} "
                         f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {int(max_count)})"))
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        _only(shapes, qualified, VALUE_KEYS)
        condition = value_condition(shapes, qualified)

        def counted(comparison: str) -> str:
            return (f"SELECT ?focus (SAMPLE(?none) AS ?value) WHERE {{ {targets} OPTIONAL {{ ?focus {path} ?value "
                    f"FILTER({condition}) }} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) {comparison})")

        low = shapes.value(prop, SH.qualifiedMinCount)
        high = shapes.value(prop, SH.qualifiedMaxCount)
        if low is not None:
            out.append(check(SH.QualifiedMinCountConstraintComponent, counted(f"< {int(low)}")))
        if high is not None:
            out.append(check(SH.QualifiedMaxCountConstraintComponent, counted(f"> {int(high)}")))
    if shapes.value(prop, SH.uniqueLang) == Literal(True):
        out.append(check(SH.UniqueLangConstraintComponent,
                         f"SELECT DISTINCT ?focus (SAMPLE(?none) AS ?value) WHERE {{ {targets} ?focus {path} ?a , ?b . "
                         f"FILTER(!sameTerm(?a, ?b) && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) }} GROUP BY ?focus"))
    return out


def to_rdflib(term):
    """An Oxigraph term as an rdflib term (for reports and messages)."""
    import pyoxigraph as ox
    from rdflib import BNode as RBNode
    from rdflib import Literal as RLiteral
    from rdflib import URIRef as RURIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return RURIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return RBNode(term.value)
    if term.language:
        return RLiteral(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return RLiteral(term.value)  # rdflib writes simple literals without a datatype
    return RLiteral(term.value, datatype=RURIRef(term.datatype.value))


def validate_in_store(kg_store, shapes: Graph):
    """The compiled shapes run on the store's asserted graph: a ValidationReport like pySHACL's."""
    from .store import ASSERTED
    from .validate import Finding, ValidationReport

    rows = []
    for check in compile_shapes(shapes):
        for row in kg_store.query(check.query, ASSERTED):
            rows.append((check, to_rdflib(row["focus"]), to_rdflib(row["value"])))
    origin = kg_store.origin({focus for _, focus, _ in rows}) if rows else {}
    findings = []
    for check, focus, value in rows:
        messages = {m.language: str(m) for m in shapes.objects(check.shape, SH.message)}
        if not messages:
            messages = {m.language: str(m) for m in shapes.objects(check.node_shape, SH.message)}
        findings.append(Finding(
            focus=focus,
            rule=check.shape,
            component=check.component,
            path=check.path if isinstance(check.path, URIRef) else None,
            value=value,
            severity=shapes.value(check.shape, SH.severity) or SH.Violation,
            message_ja=messages.get("ja", ""),
            message_en=messages.get("en", ""),
            file=origin.get(str(focus)),
        ))
    findings.sort(key=lambda f: (f.file or "", str(f.focus), str(f.rule)))
    conforms = not any(f.is_violation for f in findings)
    return ValidationReport(conforms=conforms, findings=findings, graph=report_graph(findings, conforms))


def report_graph(findings, conforms: bool) -> Graph:
    from .load import new_graph

    graph = new_graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for finding in findings:
        result = BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, finding.focus))
        graph.add((result, SH.sourceShape, finding.rule))
        graph.add((result, SH.sourceConstraintComponent, finding.component))
        graph.add((result, SH.resultSeverity, finding.severity))
        if finding.path is not None:
            graph.add((result, SH.resultPath, finding.path))
        if finding.value is not None:
            graph.add((result, SH.value, finding.value))
        for lang, text in (("ja", finding.message_ja), ("en", finding.message_en)):
            if text:
                graph.add((result, SH.resultMessage, Literal(text, lang=lang)))
    return graph
