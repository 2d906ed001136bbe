"""Validate: pySHACL over the asserted records, with the ontology mixed in for
class hierarchy only (no inference), and a report that names the record, its
file, the rule and the message in Japanese and English."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH

from .load import SourceGraphs, new_graph, parse_file


@dataclass(frozen=True)
class Finding:
    """One validation result, readable without the report graph."""

    focus: Node
    rule: Node | None
    component: Node | None
    path: Node | None
    value: Node | None
    severity: Node
    message_ja: str
    message_en: str
    file: str | None

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation

    def describe(self, graph: Graph) -> str:
        def short(node: Node | None) -> str:
            if node is None:
                return "-"
            if isinstance(node, URIRef):
                return graph.namespace_manager.normalizeUri(node)
            return node.n3(graph.namespace_manager)

        where = f"{self.file}: " if self.file else ""
        level = {SH.Violation: "violation", SH.Warning: "warning"}.get(self.severity, "info")
        path = f" on {short(self.path)}" if self.path is not None else ""
        value = f" (value {short(self.value)})" if self.value is not None and self.value != self.focus else ""
        return (
            f"{where}{level}: {short(self.focus)} breaks {short(self.rule)}{path}{value}: "
            f"{self.message_en} / {self.message_ja}"
        )


@dataclass
class ValidationReport:
    conforms: bool
    findings: list[Finding]
    graph: Graph

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.is_violation]


def load_shapes(path: Path, shown_as: str | None = None) -> Graph:
    return parse_file(path, shown_as)


def validate(sources: SourceGraphs, shapes: Graph) -> ValidationReport:
    """Check the asserted records against the shapes; warnings do not make it fail."""
    _, results, _ = pyshacl.validate(
        sources.records(),
        shacl_graph=shapes,
        ont_graph=sources.ontology,
        inference="none",
        advanced=True,
        allow_warnings=False,  # sh:conforms as SHACL defines it; only violations fail the build (below)
        meta_shacl=False,
    )
    report = new_graph()
    report += results
    findings = sorted(
        (_finding(report, result, sources.origin) for result in report.subjects(RDF.type, SH.ValidationResult)),
        key=lambda f: (f.file or "", str(f.focus), str(f.rule)),
    )
    conforms = not any(f.is_violation for f in findings)
    return ValidationReport(conforms=conforms, findings=findings, graph=report)


def _finding(report: Graph, result: Node, origin: dict) -> Finding:
    messages = {m.language: str(m) for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)}
    focus = report.value(result, SH.focusNode)
    return Finding(
        focus=focus,
        rule=report.value(result, SH.sourceShape),
        component=report.value(result, SH.sourceConstraintComponent),
        path=report.value(result, SH.resultPath),
        value=report.value(result, SH.value),
        severity=report.value(result, SH.resultSeverity),
        message_ja=messages.get("ja") or messages.get(None, ""),
        message_en=messages.get("en") or messages.get(None, ""),
        file=origin.get(focus),
    )
