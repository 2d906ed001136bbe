"""The W3C SHACL core test suite's cases (tests/build/fixtures/w3c-shacl/, see
its README), and the comparison pySHACL's own runner makes: sh:conforms, and
the results matched by focus node, path, value, source shape, constraint
component and severity (blank nodes by their description, messages ignored)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.build.shacl.terms import graph_of

SUITE = Path(__file__).parent / "fixtures" / "w3c-shacl" / "core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass(frozen=True)
class Case:
    name: str  # e.g. "property/uniqueLang-002"
    data: Path
    shapes: Path
    expected: Graph
    result: object  # the expected report node in ``expected``


def cases() -> list[Case]:
    out = []
    for manifest in sorted(SUITE.glob("*/manifest.ttl")):
        index = Graph().parse(manifest, format="turtle")
        for included in sorted(index.objects(None, MF.include), key=str):
            path = Path(str(included).removeprefix("file://"))
            graph = exact_graph(path)
            for head in graph.objects(None, MF.entries):
                for entry in Collection(graph, head):
                    action = graph.value(entry, MF.action)
                    out.append(Case(
                        name=f"{manifest.parent.name}/{path.stem}",
                        data=_file(graph.value(action, SHT.dataGraph)),
                        shapes=_file(graph.value(action, SHT.shapesGraph)),
                        expected=graph,
                        result=graph.value(entry, MF.result),
                    ))
    return out


def exact_graph(path: Path) -> Graph:
    """A Turtle file with every literal as written (rdflib's parser would rewrite "2011-01-01"^^xsd:dateTime)."""
    return graph_of(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))


def _file(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


def describe(graph: Graph, node, depth: int = 0) -> str:
    """A blank node by what it says (paths, anonymous shapes); other terms as N3."""
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 8:
        return "[…]"
    if (node, RDF.first, None) in graph:
        return "(" + " ".join(describe(graph, item, depth + 1) for item in Collection(graph, node)) + ")"
    pairs = sorted(f"{p.n3()} {describe(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node)
                   if p not in (SH.message,))
    return "[" + "; ".join(pairs) + "]"


def result_keys(report: Graph, report_node, shapes: Graph) -> Counter:
    """Each result of a report as (focus, path, value, source shape, component, severity)."""
    keys = Counter()
    for result in report.objects(report_node, SH.result):
        def term(key, graph=report, anonymous=True):
            node = report.value(result, key)
            if node is None:
                return ""
            if isinstance(node, BNode) and anonymous:
                return "BNode"
            return describe(graph, node)

        keys[(term(SH.focusNode), term(SH.resultPath, anonymous=False), term(SH.value),
              term(SH.sourceShape, shapes, anonymous=False), term(SH.sourceConstraintComponent),
              term(SH.resultSeverity))] += 1
    return keys


def expected_of(case: Case) -> tuple[bool, Counter]:
    """The expected sh:conforms and results (an anonymous source shape is described in the case's own file)."""
    conforms = case.expected.value(case.result, SH.conforms)
    return bool(conforms.toPython()), result_keys(case.expected, case.result, case.expected)


def actual_of(report: Graph, shapes: Graph) -> tuple[bool, Counter]:
    """The report's sh:conforms and results (anonymous source shapes described in ``shapes``)."""
    node = next(report.subjects(RDF.type, SH.ValidationReport))
    return bool(report.value(node, SH.conforms).toPython()), result_keys(report, node, shapes)
