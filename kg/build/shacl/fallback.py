"""The reference for what the compiler does not translate: pySHACL, run on
the same data for the given shapes only (the targets of every other shape
are taken out of a copy of the shapes graph)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SH

from ...errors import InputError
from .model import TARGETS, Result


def validate_with_pyshacl(data: Graph, shapes: Graph, only=None, ontology: Graph | None = None) -> list[Result]:
    """pySHACL's results for the shapes in ``only`` (all shapes when None)."""
    import pyshacl

    shapes_graph = shapes
    if only is not None:
        shapes_graph = Graph()
        shapes_graph += shapes
        keep = set(only)
        for key in TARGETS:
            for shape, _ in list(shapes_graph.subject_objects(key)):
                if shape not in keep:
                    shapes_graph.remove((shape, key, None))
        for key in (SH.target,):
            for shape, _ in list(shapes_graph.subject_objects(key)):
                if shape not in keep:
                    shapes_graph.remove((shape, key, None))
        for cls in (RDFS.Class, OWL.Class):
            for shape in list(shapes_graph.subjects(RDF.type, cls)):
                if shape not in keep:
                    shapes_graph.remove((shape, RDF.type, cls))
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none",
                                        advanced=True, meta_shacl=False, allow_warnings=False)
    except Exception as error:  # pySHACL refuses malformed shapes (ShapeLoadError, ConstraintLoadError, re.error, …)
        reason = str(error).strip().splitlines()[0].rstrip(".") if str(error).strip() else type(error).__name__
        raise InputError(f"the shapes are not well-formed SHACL: {reason}.") from None
    return results_of(report)


def results_of(report: Graph) -> list[Result]:
    """The results of a W3C validation report graph."""
    out = []
    top = [r for report_node in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(report_node, SH.result)]
    for result in top:  # not the sh:detail results nested in them
        out.append(Result(
            focus=report.value(result, SH.focusNode),
            path=report.value(result, SH.resultPath),
            value=report.value(result, SH.value),
            shape=report.value(result, SH.sourceShape),
            component=report.value(result, SH.sourceConstraintComponent),
            severity=report.value(result, SH.resultSeverity) or SH.Violation,
            messages=tuple(sorted(m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal))),
            path_graph=report,
        ))
    return out
