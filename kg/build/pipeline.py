"""The pipeline: load → validate → reason → check → export (DESIGN.md).

By default every stage works on an Oxigraph store: shapes compiled to SPARQL
(kg.build.shacl_sparql), the ontology compiled to SPARQL rules (kg.build.rules), dumps
written by Oxigraph's serialisers. ``reference=True`` validates with pySHACL
and reasons with owlrl instead; the tests hold the two paths equal, and the
export is the same code for both."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from .checks import CheckFailure, run_checks, schema_terms_in_data, store_select
from ..errors import OutputError, ValidationFailed
from ..files import atomic_folder
from .export import load_context
from .load import load_project, new_graph, parse_file
from ..progress import Progress
from ..project import Project
from .store import ASSERTED, INFERRED, KgStore
from .validate import ValidationReport, load_shapes


@dataclass
class Built:
    store: KgStore
    ontology: Graph
    report: ValidationReport
    counts: dict = field(default_factory=dict)

    def graph(self, *graphs) -> Graph:
        import pyoxigraph as ox

        graph = new_graph()
        data = ox.serialize(self.store.triples(*graphs), format=ox.RdfFormat.N_TRIPLES)
        graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    @cached_property
    def asserted(self) -> Graph:
        return self.graph(ASSERTED)

    @cached_property
    def inferred(self) -> Graph:
        return self.graph(INFERRED)

    @cached_property
    def reasoned(self) -> Graph:
        return self.graph(ASSERTED, INFERRED)


def validation_error(report: ValidationReport, graph: Graph | None = None) -> ValidationFailed:
    graph = graph if graph is not None else new_graph()
    lines = [finding.describe(graph) for finding in report.violations]
    count = len(report.violations)
    lines.append(f"Validation failed: {count} violation{'s' if count != 1 else ''} of the shapes in ontology/shapes.ttl.")
    return ValidationFailed("\n".join(lines))


def check_error(failures: list[CheckFailure]) -> ValidationFailed:
    graph = new_graph()
    lines = [failure.describe(graph) for failure in failures]
    lines.append(f"Integrity checks failed: {', '.join(f.check for f in failures)}.")
    return ValidationFailed("\n".join(lines))


def load_and_validate(project: Project, progress: Progress, data_files: list[Path] | None = None,
                      reference: bool = False):
    """Load every source into a store and validate it; returns (store, ontology, report)."""
    with progress.stage("load"):
        store = KgStore().load_project(project, data_files)
        ontology = parse_file(project.ontology_files[0], project.relative(project.ontology_files[0]))
        shapes = load_shapes(project.shapes_file, project.relative(project.shapes_file))
    with progress.stage("validate"):
        if reference:
            from .validate import validate

            report = validate(load_project(project, data_files), shapes)
        else:
            from .shacl_sparql import validate_in_store

            report = validate_in_store(store, shapes)
    return store, ontology, report


def reason_and_check(project: Project, store: KgStore, ontology: Graph, report: ValidationReport,
                     progress: Progress, reference: bool = False) -> Built:
    with progress.stage("reason"):
        if reference:
            _reason_with_owlrl(store)
        else:
            from .reason import infer_in_store

            infer_in_store(store, ontology)
    built = Built(store, ontology, report)
    with progress.stage("check"):
        failures = schema_terms_in_data(store_select(store, ASSERTED), ontology)
        failures += run_checks(store_select(store, ASSERTED, INFERRED), project.checks_dir)
    if failures:
        raise check_error(failures)
    built.counts = {"asserted": store.count(ASSERTED), "inferred": store.count(INFERRED)}
    return built


def _reason_with_owlrl(store: KgStore) -> None:
    """The reference reasoner: owlrl's closure of an rdflib copy, filtered, put back as the inferred graph."""
    from .reason import infer_with_owlrl

    infer_with_owlrl(store)


def build(project: Project, out: Path, progress: Progress | None = None, reference: bool = False) -> Built:
    """Run the whole pipeline; ``out`` is replaced only if every stage succeeds."""
    progress = progress or Progress()
    _check_out(project, out)
    store, ontology, report = load_and_validate(project, progress, reference=reference)
    if not report.conforms:
        raise validation_error(report)
    built = reason_and_check(project, store, ontology, report, progress, reference)
    with progress.stage("export"):
        try:
            write_dist(project, built, out)
        except OSError as error:
            raise OutputError(f"Cannot write {project.relative(out)}/: {_os_reason(error)}.") from None
    return built


def _check_out(project: Project, out: Path) -> None:
    """The output must be a folder, or not exist yet: a file there is never replaced."""
    shown = project.relative(out)
    for folder in (out, *out.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"Cannot write {shown}/: {project.relative(folder)} exists and is not a folder.")


def _os_reason(error: OSError) -> str:
    return str(error.strerror or error)


def stored_query_catalogue(project: Project) -> Graph:
    """Every stored query and check, syntax-checked; the stored ones as a catalogue graph."""
    from ..query.catalogue import stored_queries
    from ..query.engines import check_syntax
    from .query_catalogue import catalogue_graph

    queries = stored_queries(project.queries_dir)
    for query in queries + stored_queries(project.checks_dir):
        check_syntax(query.text, project.relative(query.path))
    return catalogue_graph(queries)


def write_dist(project: Project, built: Built, out: Path) -> None:
    from .canonical import canonical_graph, canonicalize_store
    from .void import dataset_facts, describe_dataset, sources_date

    store = built.store
    catalogue = stored_query_catalogue(project)
    canonicalize_store(store)  # blank-node labels by RDFC-1.0: the same sources give the same bytes
    with atomic_folder(out) as staging:
        write_dumps(store, load_context(project.context_file), staging)
        canonical_graph(built.report.graph).serialize(staging / "validation.ttl", format="turtle")
        canonical_graph(catalogue).serialize(staging / "queries.ttl", format="turtle")
        dumps = {p.name: (p.stat().st_size, _sha256(p)) for p in sorted(staging.iterdir())}
        facts = dataset_facts(_rows(store, ASSERTED), _rows(store, ASSERTED, INFERRED))
        void = describe_dataset(facts, dumps, sources_date(project))
        canonical_graph(void).serialize(staging / "void.ttl", format="turtle")


def write_dumps(store: KgStore, context: dict, folder: Path) -> None:
    """The five dumps, streamed from the store: the Turtle ones by Oxigraph in a second thread (it lets go
    of the interpreter while it writes) while this one writes JSON-LD and the sorted N-Triples.
    ``kg-inferred.ttl`` is ``kg.ttl`` followed by ``entailments.ttl``: the bytes kg.build.export writes
    for both graphs."""
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    from .export import write_graph

    def write(name: str, graphs, fmt: str) -> None:
        with (folder / name).open("wb") as stream:
            write_graph(store, graphs, fmt, context, stream)

    with ThreadPoolExecutor(max_workers=1) as turtle:
        done = [turtle.submit(write, name, (graph,), "ttl")
                for name, graph in (("kg.ttl", ASSERTED), ("entailments.ttl", INFERRED))]
        write("kg.jsonld", (ASSERTED,), "jsonld")
        write("kg.nt", (ASSERTED,), "nt")
        for job in done:
            job.result()
    with (folder / "kg-inferred.ttl").open("wb") as stream:
        for name in ("kg.ttl", "entailments.ttl"):
            with (folder / name).open("rb") as part:
                shutil.copyfileobj(part, stream, 1 << 20)


def _rows(store: KgStore, *graphs):
    def select(text: str) -> list[tuple[str, ...]]:
        solutions = store.query(text, *graphs)
        names = [v.value for v in solutions.variables]
        return [tuple(s[n].value for n in names) for s in solutions]

    return select


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
