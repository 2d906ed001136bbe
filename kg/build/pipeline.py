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


def reason_and_check(project: Project, store: KgStore, ontology: Graph, report: ValidationReport | None,
                     progress: Progress, reference: bool = False, stop=None, reasoned=None) -> Built:
    """Reason, then run the integrity checks; ``stop`` (an Event) ends the reasoning early (kg.build.seminaive),
    ``reasoned`` (an Event) is set when the inferred graph is complete."""
    with progress.stage("reason"):
        if reference:
            _reason_with_owlrl(store)
        else:
            from .reason import infer_in_store

            infer_in_store(store, ontology, stop=stop)
    if reasoned is not None:
        reasoned.set()
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
    """Run the whole pipeline; ``out`` is replaced only if every stage succeeds.

    On the fast path the two halves run side by side, one core each: validation and the dumps of the
    asserted graph on a second thread, reasoning and the checks on this one (Oxigraph lets go of the
    interpreter while it evaluates). Neither writes what the other reads; a failed validation stops the
    reasoning at its next rule, and is the error reported, as when the stages ran one after the other."""
    progress = progress or Progress()
    _check_out(project, out)
    if reference:
        return _build_in_turn(project, out, progress)
    from concurrent.futures import ThreadPoolExecutor
    from threading import Event

    with progress.stage("load"):
        store = KgStore().load_project(project, check=False)
        ontology = parse_file(project.ontology_files[0], project.relative(project.ontology_files[0]))
        shapes = load_shapes(project.shapes_file, project.relative(project.shapes_file))
        context, catalogue = load_context(project.context_file), stored_query_catalogue(project)
        _canonicalize(store)
    stop, reasoned = Event(), Event()
    try:
        with atomic_folder(out) as staging, ThreadPoolExecutor(1, thread_name_prefix="kg-validate") as side:
            validated = side.submit(_validate_and_dump, store, shapes, context, staging, (stop, reasoned), progress)
            try:
                built = reason_and_check(project, store, ontology, None, progress, stop=stop, reasoned=reasoned)
            except BaseException:
                stop.set()  # the other half stops after its current step
                _report_first(validated)
                raise
            built.report, facts = _report_first(validated)
            with progress.stage("export"):
                write_rest(project, built, catalogue, staging, facts)
    except OSError as error:
        raise OutputError(f"Cannot write {project.relative(out)}/: {_os_reason(error)}.") from None
    return built


def _build_in_turn(project: Project, out: Path, progress: Progress) -> Built:
    """The reference path: pySHACL, then owlrl, then every dump, one after the other."""
    store, ontology, report = load_and_validate(project, progress, reference=True)
    if not report.conforms:
        raise validation_error(report)
    built = reason_and_check(project, store, ontology, report, progress, reference=True)
    with progress.stage("export"):
        try:
            write_dist(project, built, out)
        except OSError as error:
            raise OutputError(f"Cannot write {project.relative(out)}/: {_os_reason(error)}.") from None
    return built


def _validate_and_dump(store: KgStore, shapes, context: dict, folder: Path, events, progress: Progress):
    """The second thread's half: validate; if the data conforms, write the asserted graph's dumps and count
    it for VoID, then, once the reasoning is done (while the checks run), the same for the inferred graph.
    ``events``: (stop, reasoned). Returns the report and the VoID counts."""
    from .literals import check_literals
    from .shacl_sparql import validate_in_store
    from .void import asserted_facts, reasoned_facts

    stop, reasoned = events
    with progress.stage("validate"):
        try:
            check_literals(store)  # an ill-typed literal is bad input, reported before any finding
        except BaseException:
            stop.set()
            raise
        report = validate_in_store(store, shapes)
    if not report.conforms:
        stop.set()
        return report, {}
    if stop.is_set():
        return report, {}
    with progress.stage("asserted dumps"):
        write_asserted_dumps(store, context, folder)
        facts = asserted_facts(_rows(store, ASSERTED))
    while not reasoned.wait(0.05):
        if stop.is_set():
            return report, facts
    if not stop.is_set():
        with progress.stage("inferred dumps"):
            write_inferred_dumps(store, folder)
            facts.update(reasoned_facts(_rows(store, ASSERTED, INFERRED)))
    return report, facts


def _report_first(validated) -> tuple[ValidationReport, dict]:
    """The second thread's outcome once it is done; a failed validation is the build's error."""
    report, facts = validated.result()
    if not report.conforms:
        raise validation_error(report)
    return report, facts


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


def _canonicalize(store: KgStore) -> None:
    from .canonical import canonicalize_store

    canonicalize_store(store)  # blank-node labels by RDFC-1.0: the same sources give the same bytes


def write_dist(project: Project, built: Built, out: Path) -> None:
    """Every file of dist/, one after the other (the reference path, and the benchmark's stage timing)."""
    from .void import dataset_facts

    store = built.store
    _canonicalize(store)
    with atomic_folder(out) as staging:
        write_asserted_dumps(store, load_context(project.context_file), staging)
        write_inferred_dumps(store, staging)
        facts = dataset_facts(_rows(store, ASSERTED), _rows(store, ASSERTED, INFERRED))
        write_rest(project, built, stored_query_catalogue(project), staging, facts)


def write_rest(project: Project, built: Built, catalogue: Graph, folder: Path, facts: dict) -> None:
    """What follows the dumps: the validation report, the query catalogue and VoID (``facts``: its counts)."""
    from .canonical import canonical_graph
    from .void import describe_dataset, sources_date

    canonical_graph(built.report.graph).serialize(folder / "validation.ttl", format="turtle")
    canonical_graph(catalogue).serialize(folder / "queries.ttl", format="turtle")
    dumps = {p.name: (p.stat().st_size, _sha256(p)) for p in sorted(folder.iterdir())}
    void = describe_dataset(facts, dumps, sources_date(project))
    canonical_graph(void).serialize(folder / "void.ttl", format="turtle")


def write_asserted_dumps(store: KgStore, context: dict, folder: Path) -> None:
    """``kg.ttl``, ``kg.jsonld`` and the sorted ``kg.nt``, streamed from the store."""
    for name, fmt in (("kg.ttl", "ttl"), ("kg.jsonld", "jsonld"), ("kg.nt", "nt")):
        _write(store, (ASSERTED,), fmt, context, folder / name)


def write_inferred_dumps(store: KgStore, folder: Path) -> None:
    """``entailments.ttl``, and ``kg-inferred.ttl``: ``kg.ttl`` followed by ``entailments.ttl``, the bytes
    kg.build.export writes for both graphs (``kg.ttl`` must be written already)."""
    import shutil

    _write(store, (INFERRED,), "ttl", None, folder / "entailments.ttl")
    with (folder / "kg-inferred.ttl").open("wb") as stream:
        for name in ("kg.ttl", "entailments.ttl"):
            with (folder / name).open("rb") as part:
                shutil.copyfileobj(part, stream, 1 << 20)


def _write(store: KgStore, graphs, fmt: str, context: dict | None, path: Path) -> None:
    from .export import write_graph

    with path.open("wb") as stream:
        write_graph(store, graphs, fmt, context, stream)


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
