"""The ``kg`` command line (DESIGN.md's contract).

Exit codes: 0 success, 1 validation or check failure, 2 bad input or usage.
Errors are printed to stderr as a sentence, never as a traceback.
"""

from __future__ import annotations

import os
import sys

from .errors import KgError
from .commands import (
    cmd_build,
    cmd_docs,
    cmd_export,
    cmd_info,
    cmd_link,
    cmd_publish,
    cmd_queries,
    cmd_query,
    cmd_serve,
    cmd_site,
    cmd_stats,
    cmd_validate,
    cmd_w3id,
)
from .project import find_project

# The commands themselves are in kg.commands; they import heavy modules
# (rdflib, owlrl, pyshacl) only when run, so that 'kg query' starts fast.
# argparse too is imported only when needed: kg query's plain forms are read by kg.quickargs.
EXPORT_FORMATS = ("jsonld", "nt", "ttl", "xml")


def make_parser(only: str | None = None):
    """The command line (an argparse parser); ``only``: build just that subcommand (falls back to all if there
    is none by that name)."""
    from .parsing import Commands, Parser, VersionAction

    parser = Parser(prog="kg", description="Build, validate, query and export the AI Safety Knowledge Graph.")
    parser.add_argument("--version", action=VersionAction, nargs=0, help="show the package and dataset versions and exit")
    # prog given: argparse would otherwise build a help formatter here, which imports shutil (kg query's start-up)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, action=Commands, prog="kg")
    commands.only = only
    add_build_parsers(commands)
    add_query_parsers(commands)
    add_publish_parsers(commands)
    if only is not None and only not in commands.choices:
        return make_parser()
    return parser


def add_build_parsers(commands) -> None:
    """build, validate, export, stats."""
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


def add_query_parsers(commands) -> None:
    """query, queries, info."""
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

    p = commands.add_parser("queries", help="list the stored queries with their summaries and parameters")
    p.add_argument("--lang", choices=["ja", "en"], default="en")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_queries)

    p = commands.add_parser("info", help="which graph kg uses (a checkout or the bundled graph), its version and source")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=cmd_info)


def add_publish_parsers(commands) -> None:
    """docs, w3id, serve, publish, link, site."""
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
    p.add_argument("--workers", type=int, metavar="N", help="front processes sharing the port, in front of one "
                   "engine (default: half the cores, at least 2 and at most 8; 1 on a single core)")
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


def main(argv: list[str] | None = None, exit_when_done: bool = False) -> int:
    """Run one command; ``exit_when_done`` (the ``kg`` program only, see entry): end the process as soon as a
    query's answer is out."""
    from .quickargs import query_args

    argv = sys.argv[1:] if argv is None else argv
    try:
        args = query_args(argv, cmd_query)
        if args is None:
            parser = make_parser(argv[0] if argv and not argv[0].startswith("-") else None)
            args = parser.parse_args(argv)
            if not getattr(args, "run", None):
                parser.print_help(sys.stderr)
                return 2
        project = find_project()
        code = args.run(args, project, _progress(args.command))
        if exit_when_done and code == 0 and args.command == "query":
            exit_now(code)
        return code
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


def _progress(command: str):
    """Stage-by-stage progress for the commands that report it; kg query reports none and skips the import."""
    if command == "query":
        return None
    from .progress import Progress

    return Progress()


def exit_now(code: int) -> None:
    """End the process at once, once stdout and stderr are flushed: skips the interpreter's teardown (freeing
    every module and the graph in memory: about 3 ms of a 30 ms ``kg query``, measured), which does nothing
    a finished query needs. Only where nothing else waits for the exit: no atexit handler registered (a query
    registers none; if a library it used did, the process exits normally) and no thread that a normal exit
    would wait for. The exit code is kept; error paths never come here."""
    import atexit

    if getattr(atexit, "_ncallbacks", lambda: 1)() or "threading" in sys.modules and _other_threads():
        return
    sys.stdout.flush()  # a broken pipe raises here, before the exit, and is handled as before
    sys.stderr.flush()
    os._exit(code)


def _other_threads() -> bool:
    import threading

    return any(t is not threading.current_thread() and not t.daemon and t.is_alive() for t in threading.enumerate())


def entry() -> None:
    """The ``kg`` program (console script and ``python -m kg``)."""
    sys.exit(main(exit_when_done=True))


if __name__ == "__main__":
    entry()
