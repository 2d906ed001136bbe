"""Validate fast: the project's shapes compiled to SPARQL and run set-wise in
Oxigraph (the compiler is the package ``kg.build.shacl``). A shape that uses a
construct outside the compiler's allow-list is validated by pySHACL instead,
with one line on stderr; the results are merged. pySHACL stays the
reference: tests/build/test_shacl_sparql.py and test_w3c_shacl.py hold both equal.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from .shacl.engine import compile_all, validate
from .shacl.exact import exactness
from .shacl.model import Check, Unsupported
from .shacl.report import report_graph as _report_graph
from .shacl.terms import graph_of, to_rdflib

UnsupportedShape = Unsupported
__all__ = ["Check", "UnsupportedShape", "compile_shapes", "to_rdflib", "validate_in_store"]


def compile_shapes(shapes: Graph, kg_store=None) -> list[Check]:
    """The compiled checks; raises UnsupportedShape for the first shape that would go to pySHACL."""
    from .store import ASSERTED

    query = (lambda text: kg_store.query(text, ASSERTED)) if kg_store is not None else (lambda text: [])
    checks, fallback = compile_all(shapes, query, for_this_data=kg_store is not None)
    for shape, why in fallback.items():
        raise UnsupportedShape(f"{shape}: {why}")
    return [check for shape_checks in checks.values() for check in shape_checks]


def validate_in_store(kg_store, shapes: Graph, notice=None):
    """The shapes on the store's asserted graph: a ValidationReport like pySHACL's."""
    from .store import ASSERTED
    from .validate import Finding, ValidationReport

    exact = exactness(_written(kg_store), shapes)

    def data_graph():
        if exact.collision:  # the store lost a distinction: read the files again (and the links, IRIs only)
            return graph_of(_written(kg_store)) + graph_of(
                t for t in kg_store.triples(ASSERTED) if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode))
        return graph_of(_as_written(kg_store.triples(ASSERTED), exact))

    outcome = validate(shapes, lambda text: kg_store.query(text, ASSERTED), data_graph, notice=notice, exact=exact)
    origin = kg_store.origin({r.focus for r in outcome.results}) if outcome.results else {}
    findings = []
    for result in outcome.results:
        messages = {m.language: str(m) for m in result.messages}
        findings.append(Finding(
            focus=result.focus, rule=result.shape, component=result.component,
            path=result.path, value=result.value, severity=result.severity,
            message_ja=messages.get("ja") or messages.get(None, ""),
            message_en=messages.get("en") or messages.get(None, ""),
            file=origin.get(str(result.focus)),
        ))
    findings.sort(key=lambda f: (f.file or "", str(f.focus), str(f.rule)))
    passes = not any(f.is_violation for f in findings)
    from .load import new_graph

    return ValidationReport(conforms=passes, findings=findings, graph=_report_graph(outcome.results, new_graph()))


def _written(kg_store):
    """The triples of the store's files as written (the store keeps some literals in another form: exact.py)."""
    from .store import FORMATS

    for path, _ in kg_store.files:
        yield from ox.parse(path=str(path), format=FORMATS.get(path.suffix, ox.RdfFormat.TURTLE),
                            base_iri=path.resolve().as_uri())


def _as_written(triples, exact):
    for t in triples:
        yield ox.Triple(t.subject, t.predicate, exact.restored(t.object)) if str(t.object) in exact.restore else t


def report_graph(findings, conforms: bool | None = None) -> Graph:
    """A W3C report of findings (sh:conforms is false as soon as there is any result)."""
    from .load import new_graph
    from .shacl.model import Result

    results = [Result(f.focus, f.path, f.value, f.rule, f.component, f.severity) for f in findings]
    return _report_graph(results, new_graph())


