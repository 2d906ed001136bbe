"""The ``kg`` command line (DESIGN.md's contract).

Exit codes: 0 success, 1 validation or check failure, 2 bad input or usage.
Errors are printed to stderr as a sentence, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import SOURCE, __version__
from .errors import KgError, UsageError
from .parsing import Commands, Formatter
from .progress import Progress
from .project import find_project

# Heavy modules (rdflib, owlrl, pyshacl) are imported inside the commands that
# need them, so that 'kg query' starts in a fraction of a second.
EXPORT_FORMATS = ("jsonld", "nt", "ttl", "xml")


class VersionAction(argparse.Action):
    """``kg --version``, printed as one unwrapped line."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"kg {__version__} (ai-safety-kg dataset {__version__}, read from {SOURCE})")
        parser.exit(0)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        raise UsageError(f"{message} (see 'kg {self.prog.split()[-1]} --help')." if " " in self.prog else f"{message} (see 'kg --help').")


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only``: build just that subcommand (falls back to all if there is none by that name)."""
    parser = Parser(prog="kg", description="Build, validate, query and export the AI Safety Knowledge Graph.")
    parser.add_argument("--version", action=VersionAction, nargs=0, help="show the package and dataset versions and exit")
    # prog given: argparse would otherwise build a help formatter here, which imports shutil (kg query's start-up)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, action=Commands, prog="kg")
    commands.only = only

    p = commands.add_parser("build", help="load, validate, reason, check and export to dist/")
    p.add_argument("--out", default="dist", help="output folder, relative to the project (default: dist)")
    p.add_argument("--reference", action="store_true",
                   help="validate with pySHACL and reason with owlrl (the slow reference engines) instead of Oxigraph")
    p.set_defaults(run=cmd_build)

    p = commands.add_parser("validate", help="validate the records against the shapes, or any data against any shapes")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="Turtle files to validate with the project's records (default: data/); "
                        "with --shapes, the data files to validate (Turtle, N-Triples or JSON-LD)")
    p.add_argument("--shapes", action="append", metavar="SHAPES",
                   help="validate the FILEs alone against this shapes file instead of the project (repeatable); "
                        "exit 0 conforms, 1 any result, 2 bad input")
    p.add_argument("--report", metavar="REPORT.ttl", help="write the W3C validation report (Turtle) to this file")
    p.add_argument("--reference", action="store_true", help="validate with pySHACL (the reference) instead of compiled SPARQL")
    p.set_defaults(run=cmd_validate)

    p = commands.add_parser("export", help="write the graph in one format")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="ttl, jsonld, nt or xml")
    p.add_argument("--inferred", action="store_true", help="include the filtered OWL 2 RL entailments")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(run=cmd_export)

    p = commands.add_parser("stats", help="counts by class, kind, issuer, jurisdiction and year")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_stats)

    p = commands.add_parser("query", help="run a stored query (by name) or a query file")
    p.add_argument("query", metavar="NAME|FILE", help="a stored query's name (see 'kg queries') or a .rq file")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="a parameter value; repeat for several")
    p.add_argument("--lang", choices=["ja", "en"], help="language of titles, for queries with a lang parameter")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json", "ttl", "nt", "jsonld", "xml"],
                   help="SELECT: table (default on a terminal), csv (default otherwise), tsv, json, xml; "
                        "CONSTRUCT: ttl (default), nt, jsonld, xml")
    p.add_argument("--engine", default="oxigraph", choices=["oxigraph", "rdflib"], help="local engine (default: oxigraph)")
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead of the local graph")
    p.add_argument("--graph", metavar="FILE", help="RDF file to query (default: dist/kg-inferred.ttl)")
    p.add_argument("--default-graph", action="append", metavar="IRI",
                   help="with --endpoint: a named graph to query as the default graph (repeat; see kg publish)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for an endpoint (default: 60)")
    p.add_argument("--allow-service", action="append", metavar="URL",
                   help="let SERVICE clauses call this endpoint (repeat for several; by default SERVICE is refused)")
    p.set_defaults(run=cmd_query)

    p = commands.add_parser("docs", help="ontology and vocabulary documentation (pyLODE) into dist/docs/")
    p.add_argument("--out", default="dist/docs", help="output folder, relative to the project (default: dist/docs)")
    p.set_defaults(run=cmd_docs)

    p = commands.add_parser("w3id", help="the w3id.org .htaccess redirecting the persistent IRIs to a host of dist/")
    p.add_argument("--target", required=True, metavar="URL", help="https:// address where dist/ is published")
    p.add_argument("-o", "--output", default="dist/w3id/.htaccess", help="file to write (default: dist/w3id/.htaccess)")
    p.set_defaults(run=cmd_w3id)

    add_serve_parser(commands)

    p = commands.add_parser("publish", help="load dist/ into an external triple store, replacing only its own graphs")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint (to verify counts)")
    p.add_argument("--store", metavar="URL", help="Graph Store Protocol endpoint (loads by PUT per graph)")
    p.add_argument("--update", metavar="URL",
                   help="SPARQL Update endpoint (loads when there is no --store; swaps the graphs in by MOVE)")
    p.add_argument("--graph", default="https://w3id.org/ai-safety-kg/graph", metavar="IRI",
                   help="base IRI of the two graphs written: IRI/asserted and IRI/inferred")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--out", default="dist", help="the built folder to publish (default: dist)")
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                   help="longest wait for any one request to the store (default: 300)")
    p.set_defaults(run=cmd_publish)

    p = commands.add_parser("link", help="propose links to Wikidata items in a review file (never adds a link itself)")
    p.add_argument("target", choices=["wikidata"], help="where to look for matching records: wikidata")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="a SPARQL endpoint with Wikidata's RDF, e.g. https://query.wikidata.org/sparql")
    p.add_argument("--out", metavar="FILE", help="review file to write (default: links/wikidata-review.tsv in the project)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each answer of the endpoint (default: 60)")
    p.set_defaults(run=cmd_link)

    p = commands.add_parser("site", help="write a static website of the built graph, in Japanese and English")
    p.add_argument("--out", default="dist/site", help="folder to write, relative to the project (default: dist/site)")
    p.add_argument("--dist", default="dist", help="the built folder to read (default: dist)")
    p.set_defaults(run=cmd_site)

    p = commands.add_parser("info", help="which graph kg uses (a checkout or the bundled graph), its version and source")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=cmd_info)

    p = commands.add_parser("queries", help="list the stored queries with their summaries and parameters")
    p.add_argument("--lang", choices=["ja", "en"], default="en")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_queries)
    if only is not None and only not in commands.choices:
        return make_parser()
    return parser


def add_serve_parser(commands) -> None:
    """kg serve's options: where it listens, what it allows, and its limits (the README's table)."""
    p = commands.add_parser("serve", help="a read-only SPARQL endpoint with dereferenceable record IRIs")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--graph", metavar="FILE", help="RDF file to serve (default: dist/kg-inferred.ttl)")
    p.add_argument("--public-url", metavar="URL", help="the address clients use, for the service description "
                                                       "(default: http://HOST:PORT)")
    p.add_argument("--allow-service", action="append", metavar="URL",
                   help="let SERVICE clauses call this endpoint (repeat for several; by default SERVICE is refused)")
    limits = p.add_argument_group("limits (the README's table explains each)")
    limits.add_argument("--timeout", type=float, default=10.0, help="seconds for a whole answer (default: 10)")
    limits.add_argument("--limit", type=int, default=10000, help="most rows or triples in a result (default: 10000)")
    limits.add_argument("--max-result-mb", type=int, default=8, help="most MiB read from the engine per answer (default: 8)")
    limits.add_argument("--max-query-bytes", type=int, default=32768, help="longest query in bytes (default: 32768)")
    limits.add_argument("--max-depth", type=int, default=40, help="deepest nesting of { ( [ in a query (default: 40)")
    limits.add_argument("--idle-timeout", type=float, default=5.0,
                        help="seconds a connection may stay silent or take to send a request (default: 5)")
    limits.add_argument("--max-header-kb", type=int, default=128, help="largest request head in KiB (default: 128)")
    limits.add_argument("--max-body-kb", type=int, default=128, help="largest request body in KiB (default: 128)")
    limits.add_argument("--max-connections", type=int, default=32, help="connections served at once (default: 32)")
    limits.add_argument("--max-memory-mb", type=int, default=512,
                        help="the engine's resident memory before it is restarted, in MiB (default: 512)")
    p.set_defaults(run=cmd_serve)


def cmd_query(args, project, progress) -> int:
    from .query.commands import run_query

    return run_query(project, args)


def cmd_docs(args, project, progress) -> int:
    project.require_checkout("docs")
    from .publish.docs import write_docs

    out = Path(args.out)
    out = out if out.is_absolute() else project.root / out
    with progress.stage("docs"):
        written = write_docs(project, out)
    print(f"Wrote {len(written)} pages and an index to {project.relative(out)}/.")
    return 0


def cmd_w3id(args, project, progress) -> int:
    project.require_checkout("w3id")
    from .files import write_file_atomically
    from .publish.w3id import htaccess

    out = Path(args.output)
    out = out if out.is_absolute() else project.root / out
    write_file_atomically(out, htaccess(args.target).encode("utf-8"))
    print(f"Wrote {project.relative(out)}: copy it to the w3id.org repository as ai-safety-kg/.htaccess.")
    return 0


def cmd_serve(args, project, progress) -> int:
    from .publish.serve import Limits, serve
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
    serve(project, built_graph(project, args.graph), args.host, args.port, limits, args.public_url)
    return 0


def cmd_publish(args, project, progress) -> int:
    from .publish.stores import publish

    out = Path(args.out)
    out = out if out.is_absolute() else project.root / out
    results = publish(out, args.endpoint, args.store, args.update, args.graph, args.user, args.password, args.timeout)
    for r in results:
        print(f"<{r.graph}>: {r.remote} triples, as sent.")
    graphs = " ".join(f"--default-graph {r.graph}" for r in results)
    print(f"Query it with: kg query NAME --endpoint {args.endpoint} {graphs}")
    return 0


def cmd_link(args, project, progress) -> int:
    project.require_checkout("link")
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

    dist, out = (Path(p) if Path(p).is_absolute() else project.root / p for p in (args.dist, args.out))
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

    out = Path(args.out)
    out = out if out.is_absolute() else project.root / out
    built = build(project, out, progress, reference=args.reference)
    print(
        f"Built {project.relative(out)}/: {built.counts['asserted']} asserted triples, "
        f"{built.counts['inferred']} inferred; {len(built.report.findings)} validation findings, 0 violations."
    )
    return 0


def cmd_validate(args, project, progress) -> int:
    project.require_checkout("validate")
    from .build.pipeline import load_and_validate, validation_error

    if args.shapes:
        return _validate_any(args)
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(argv[0] if argv and not argv[0].startswith("-") else None)
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return 2
        project = find_project()
        return args.run(args, project, Progress())
    except KgError as error:
        print(f"kg: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file or folder that cannot be read or written: one sentence, exit 2
        where = f" {error.filename}" if error.filename else " a file"
        print(f"kg: cannot read or write{where}: {error.strerror or error}.", file=sys.stderr)
        return 2
    except Exception as error:  # a bug: still one sentence, the traceback only on request
        if os.environ.get("KG_DEBUG"):
            raise
        print(f"kg: internal error: {type(error).__name__}: {error} (set KG_DEBUG=1 for the traceback).", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
