"""What each ``kg`` command does, once kg.cli has read its arguments.

Heavy modules (rdflib, owlrl, pyshacl) are imported inside the commands that
need them, so that ``kg query`` starts in a fraction of a second.
"""

from __future__ import annotations

import sys

from .errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: kg query runs without pathlib (kg.project)
    from pathlib import Path


def in_project(project, given: str) -> Path:
    """A path given on the command line: absolute as given, else relative to the project."""
    from pathlib import Path

    path = Path(given)
    return path if path.is_absolute() else project.root / path


def cmd_query(args, project, progress) -> int:
    from .query.commands import run_query

    return run_query(project, args)


def cmd_docs(args, project, progress) -> int:
    project.require_checkout("docs")
    from .publish.docs import write_docs

    out = in_project(project, args.out)
    with progress.stage("docs"):
        written = write_docs(project, out)
    print(f"Wrote {len(written)} pages and an index to {project.relative(out)}/.")
    return 0


def cmd_w3id(args, project, progress) -> int:
    project.require_checkout("w3id")
    from .files import write_file_atomically
    from .publish.w3id import htaccess

    out = in_project(project, args.output)
    write_file_atomically(out, htaccess(args.target).encode("utf-8"))
    print(f"Wrote {project.relative(out)}: copy it to the w3id.org repository as ai-safety-kg/.htaccess.")
    return 0


def cmd_serve(args, project, progress) -> int:
    from .publish.serve import Limits, serve
    from .publish.serve.workers import MAX_WORKERS, default_workers
    from .query.commands import built_graph

    numbers = {"--timeout": args.timeout, "--limit": args.limit, "--max-result-mb": args.max_result_mb,
               "--max-query-bytes": args.max_query_bytes, "--max-depth": args.max_depth,
               "--idle-timeout": args.idle_timeout, "--max-header-kb": args.max_header_kb,
               "--max-body-kb": args.max_body_kb, "--max-connections": args.max_connections,
               "--max-memory-mb": args.max_memory_mb}
    for option, value in numbers.items():
        if value <= 0:
            raise UsageError(f"{option} must be positive.")
    for url in args.allow_service or []:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--allow-service needs an http(s) URL, got {url!r}.")
    limits = Limits(timeout=args.timeout, rows=args.limit, result_bytes=args.max_result_mb * 1024 * 1024,
                    query_bytes=args.max_query_bytes, depth=args.max_depth, idle=args.idle_timeout,
                    header_bytes=args.max_header_kb * 1024, body_bytes=args.max_body_kb * 1024,
                    connections=args.max_connections, memory_mb=args.max_memory_mb,
                    allow_services=tuple(args.allow_service or ()))
    workers = default_workers() if args.workers is None else args.workers
    if not 1 <= workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be between 1 and {MAX_WORKERS}.")
    serve(project, built_graph(project, args.graph), args.host, args.port, limits, args.public_url, workers)
    return 0


def cmd_publish(args, project, progress) -> int:
    from .publish.stores import publish

    out = in_project(project, args.out)
    results = publish(out, args.endpoint, args.store, args.update, args.graph, args.user, args.password, args.timeout)
    for r in results:
        print(f"<{r.graph}>: {r.remote} triples, as sent.")
    graphs = " ".join(f"--default-graph {r.graph}" for r in results)
    print(f"Query it with: kg query NAME --endpoint {args.endpoint} {graphs}")
    return 0


def cmd_link(args, project, progress) -> int:
    project.require_checkout("link")
    from pathlib import Path

    from .link.wikidata import link_wikidata

    done = link_wikidata(project, args.endpoint, Path(args.out) if args.out else None, args.timeout, progress)
    print(
        f"Wrote {project.relative(done.out)}: {done.candidates} candidates for {done.matched} of {done.records} records "
        f"without a Wikidata link; {done.kept} earlier decisions kept. Nothing is linked until you write 'accept' "
        f"in a row's decision column and run kg build."
    )
    return 0


def cmd_site(args, project, progress) -> int:
    project.require_checkout("site")
    from .publish.site import build_site

    dist, out = in_project(project, args.dist), in_project(project, args.out)
    with progress.stage("site"):
        written = build_site(project, dist, out)
    print(f"Wrote {project.relative(out)}/: {written.records} records in Japanese and English, "
          f"{written.files} files; open {project.relative(out / 'index.html')}.")
    return 0


def cmd_queries(args, project, progress) -> int:
    from .query.commands import list_queries

    return list_queries(project, args)


def cmd_build(args, project, progress) -> int:
    project.require_checkout("build")
    from .build.pipeline import build

    out = in_project(project, args.out)
    built = build(project, out, progress, reference=args.reference)
    print(
        f"Built {project.relative(out)}/: {built.counts['asserted']} asserted triples, "
        f"{built.counts['inferred']} inferred; {len(built.report.findings)} validation findings, 0 violations."
    )
    return 0


def cmd_validate(args, project, progress) -> int:
    from pathlib import Path

    if args.shapes:  # any data against any shapes: no project files involved
        return _validate_any(args)
    project.require_checkout("validate")
    from .build.pipeline import load_and_validate, validation_error

    extra = None
    if args.files:
        given = [Path(f).resolve() for f in args.files]
        extra = sorted(set(project.data_files) | set(given))
    from .build.load import new_graph
    from .build.store import ASSERTED

    store, _, report = load_and_validate(project, progress, extra, reference=args.reference)
    if args.report:
        from .build.shacl.files import write_report

        write_report(report.graph, Path(args.report))
    for finding in report.findings:
        if not finding.is_violation:
            print(finding.describe(new_graph()), file=sys.stderr)
    if not report.conforms:
        raise validation_error(report)
    print(f"Conforms: {store.count(ASSERTED)} triples checked against ontology/shapes.ttl.")
    return 0


def _validate_any(args) -> int:
    """kg validate --shapes SHAPES … DATA …: SHACL's own verdict, any result (of any severity) exits 1."""
    from pathlib import Path

    from .build.shacl.files import describe, validate_files, write_report

    if not args.files:
        raise UsageError("--shapes needs at least one data FILE to validate (see 'kg validate --help').")
    outcome, graph = validate_files([Path(p) for p in args.shapes], [Path(p) for p in args.files], args.reference)
    if args.report:
        write_report(graph, Path(args.report))
    for line in describe(outcome, graph):
        print(line)
    count = len(outcome.results)
    print("Conforms: no results." if outcome.conforms else f"Does not conform: {count} result{'s' if count != 1 else ''}.",
          file=sys.stderr)
    return 0 if outcome.conforms else 1


def _reasoned(project, progress):
    from .build.pipeline import load_and_validate, reason_and_check, validation_error

    store, ontology, report = load_and_validate(project, progress)
    if not report.conforms:
        raise validation_error(report)
    return reason_and_check(project, store, ontology, report, progress)


def cmd_export(args, project, progress) -> int:
    import io
    from pathlib import Path

    from .build.export import load_context, write_graph
    from .files import write_file_atomically
    from .build.store import ASSERTED, INFERRED, KgStore

    if project.bundled:
        store, graphs = KgStore().load_built(project.dist, args.inferred), (ASSERTED, INFERRED)
    elif args.inferred:
        store, graphs = _reasoned(project, progress).store, (ASSERTED, INFERRED)
    else:
        store, graphs = KgStore().load_project(project), (ASSERTED,)
    from .build.canonical import canonicalize_store

    canonicalize_store(store)  # the same bytes as dist/ (blank nodes by RDFC-1.0)
    context = load_context(project.context_file) if args.format == "jsonld" else None
    buffer = io.BytesIO()
    write_graph(store, graphs, args.format, context, buffer)
    if args.output:
        write_file_atomically(Path(args.output), buffer.getvalue())
    else:
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
    return 0


def cmd_stats(args, project, progress) -> int:
    from .build.stats import compute_stats, format_stats

    from .build.checks import store_select
    from .build.store import ASSERTED, INFERRED

    from .build.store import KgStore

    store = KgStore().load_built(project.dist) if project.bundled else _reasoned(project, progress).store
    stats = compute_stats(store_select(store, ASSERTED, INFERRED))
    if args.format == "json":
        import json

        print(json.dumps({facet: dict(rows) for facet, rows in stats.items()}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_stats(stats))
    return 0


def cmd_info(args, project, progress) -> int:
    from .api import describe

    about = describe(project)
    if args.format == "json":
        import json

        print(json.dumps(about, ensure_ascii=False, indent=1))
    else:
        width = max(map(len, about))
        for key, value in about.items():
            print(f"{key.ljust(width)}  {value}")
    return 0
