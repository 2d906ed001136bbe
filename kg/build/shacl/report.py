"""The W3C validation report (SHACL §3.6) as an rdflib graph: sh:conforms
is true only when there is no result, whatever the results' severity."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

from .model import Result


def report_graph(results: list[Result], graph: Graph | None = None) -> Graph:
    """A report of ``results``, into ``graph`` (a new graph when None)."""
    graph = graph if graph is not None else Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not results)))
    for result in sorted(results, key=_order):
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        graph.add((node, SH.sourceShape, result.shape))
        if isinstance(result.shape, BNode) and result.path_graph is not None:
            _copy_closure(result.path_graph, result.shape, graph)
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.resultSeverity, result.severity))
        if result.path is not None:
            graph.add((node, SH.resultPath, result.path))
            if isinstance(result.path, BNode) and result.path_graph is not None:
                _copy_closure(result.path_graph, result.path, graph)
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def _copy_closure(source: Graph, node, target: Graph) -> None:
    """Copy the triples describing a blank node (a complex path), recursively."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _order(result: Result):
    return tuple(str(x) for x in (result.focus, result.shape, result.component, result.path, result.value))
