"""The pipeline: load → validate → reason → check → export (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .checks import CheckFailure, run_checks, schema_terms_in_data
from .errors import ValidationFailed
from .export import atomic_folder, load_context, serialize
from .load import SourceGraphs, load_project
from .progress import Progress
from .project import Project
from .reason import infer
from .validate import ValidationReport, load_shapes, validate
from .void import describe_dataset


@dataclass
class Built:
    sources: SourceGraphs
    report: ValidationReport
    asserted: Graph
    inferred: Graph

    @property
    def reasoned(self) -> Graph:
        return self.asserted + self.inferred


def validation_error(report: ValidationReport, graph: Graph) -> ValidationFailed:
    lines = [finding.describe(graph) for finding in report.violations]
    count = len(report.violations)
    lines.append(f"Validation failed: {count} violation{'s' if count != 1 else ''} of the shapes in ontology/shapes.ttl.")
    return ValidationFailed("\n".join(lines))


def check_error(failures: list[CheckFailure], graph: Graph) -> ValidationFailed:
    lines = [failure.describe(graph) for failure in failures]
    lines.append(f"Integrity checks failed: {', '.join(f.check for f in failures)}.")
    return ValidationFailed("\n".join(lines))


def load_and_validate(project: Project, progress: Progress, extra_data: list[Path] | None = None):
    with progress.stage("load"):
        sources = load_project(project, extra_data)
        shapes = load_shapes(project.shapes_file, project.relative(project.shapes_file))
    with progress.stage("validate"):
        report = validate(sources, shapes)
    return sources, report


def reason_and_check(project: Project, sources: SourceGraphs, report: ValidationReport, progress: Progress) -> Built:
    asserted = sources.asserted()
    with progress.stage("reason"):
        inferred = infer(asserted)
    built = Built(sources, report, asserted, inferred)
    with progress.stage("check"):
        failures = schema_terms_in_data(sources.data) + run_checks(built.reasoned, project.checks_dir)
    if failures:
        raise check_error(failures, asserted)
    return built


def build(project: Project, out: Path, progress: Progress | None = None) -> Built:
    """Run the whole pipeline; ``out`` is replaced only if every stage succeeds."""
    progress = progress or Progress()
    sources, report = load_and_validate(project, progress)
    if not report.conforms:
        raise validation_error(report, sources.asserted())
    built = reason_and_check(project, sources, report, progress)
    with progress.stage("export"):
        write_dist(project, built, out)
    return built


def stored_query_catalogue(project: Project) -> Graph:
    """Every stored query and check, syntax-checked; the stored ones as a catalogue graph."""
    from .catalogue import stored_queries
    from .engines import check_syntax
    from .querycatalogue import catalogue_graph

    queries = stored_queries(project.queries_dir)
    for query in queries + stored_queries(project.checks_dir):
        check_syntax(query.text, project.relative(query.path))
    return catalogue_graph(queries)


def write_dist(project: Project, built: Built, out: Path) -> None:
    context = load_context(project.context_file)
    catalogue = stored_query_catalogue(project)
    reasoned = built.reasoned
    dumps = {
        "kg.ttl": serialize(built.asserted, "ttl"),
        "kg-inferred.ttl": serialize(reasoned, "ttl"),
        "entailments.ttl": serialize(built.inferred, "ttl"),
        "kg.jsonld": serialize(built.asserted, "jsonld", context),
        "kg.nt": serialize(built.asserted, "nt"),
        "validation.ttl": serialize(built.report.graph, "ttl"),
        "queries.ttl": serialize(catalogue, "ttl"),
    }
    void = serialize(describe_dataset(built.asserted, built.inferred, dumps), "ttl")
    with atomic_folder(out) as staging:
        for name, content in {**dumps, "void.ttl": void}.items():
            (staging / name).write_bytes(content)
