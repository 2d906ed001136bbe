"""``kg query`` and ``kg queries``: find a stored query or a user's file,
bind its parameters, run it on the chosen engine, print the result."""

from __future__ import annotations

import os
import sys

from .catalogue import StoredQuery, read_query, stored_queries
from ..errors import UsageError
from .params import bind
from ..project import Project

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: kg query runs without pathlib (kg.project)
    from pathlib import Path


def find_query(project: Project, name_or_file: str) -> StoredQuery:
    """A user's query file, or the stored query of that name; its ``path`` is a string (no pathlib: kg.project)."""
    path = name_or_file
    if name_or_file.endswith(".rq") or "/" in name_or_file or os.path.isfile(path):
        if not os.path.exists(path):
            raise UsageError(f"Query file {name_or_file} does not exist.")
        if not os.path.isfile(path):
            raise UsageError(f"Query file {name_or_file} is not a regular file.")
        return read_query(path, name_or_file, require_header=False)
    stored = project.path("queries", f"{name_or_file}.rq")
    if os.path.isfile(stored):
        return read_query(stored, project.relative(stored))
    names = [p.stem for p in sorted(project.queries_dir.glob("*.rq"))]
    import difflib

    close = difflib.get_close_matches(name_or_file, names, n=3, cutoff=0.5) or [
        n for n in names if name_or_file in n
    ][:3]
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"No stored query named {name_or_file!r}.{hint} ('kg queries' lists them all.)")


def built_graph(project: Project, given: str | None) -> Path:
    from pathlib import Path

    return Path(built_graph_file(project, given))


def built_graph_file(project: Project, given: str | None) -> str:
    """The graph kg query reads, as a string: ``--graph FILE`` or the built dump (noting if sources are newer)."""
    if given:
        if not os.path.exists(given):
            raise UsageError(f"--graph {given}: no such file.")
        if not os.path.isfile(given):
            raise UsageError(f"--graph {given}: not a regular file.")
        return given
    path = project.path("dist", "kg-inferred.ttl")
    if not os.path.isfile(path):
        raise UsageError("No built graph at dist/kg-inferred.ttl; run 'kg build' first, or give --graph FILE or --endpoint URL.")
    if not project.bundled:
        _warn_if_stale(project, path)
    return path


def _warn_if_stale(project: Project, built: str) -> None:
    built_at = os.stat(built).st_mtime
    newer = next((p for p in _sources(project) if os.stat(p).st_mtime > built_at), None)
    if newer:
        print(
            f"kg: note: {project.relative(newer)} is newer than dist/; results may be out of date ('kg build' refreshes them).",
            file=sys.stderr,
        )


def _sources(project: Project):
    """The ontology, vocab/*.ttl and data/**/*.ttl, in the order of Project's lists (sorted as paths sort, by
    folder names first), as strings."""
    yield project.path("ontology", "aisk.ttl")
    for folder, recurse in ((project.path("vocab"), False), (project.path("data"), True)):
        found = []
        for top, folders, files in os.walk(folder):
            found += [os.path.relpath(os.path.join(top, n), folder) for n in files + folders if n.endswith(".ttl")]
            if not recurse:
                break
        yield from (os.path.join(folder, p) for p in sorted(found, key=lambda p: p.split(os.sep)))


def run_query(project: Project, args) -> int:
    from .engines import check_syntax, open_engine
    from .guard import check_query
    from .results import GraphResult, SelectResult, format_result

    query = find_query(project, args.query)
    shown = project.relative(query.path) if os.path.isabs(query.path) else str(query.path)
    check_query(query.text, args.allow_service or (), shown_as=f"The query in {shown}")  # before any engine parses it
    check_syntax(query.text, shown)
    bindings = bind(query, args.param or [], args.lang)
    graph = None if args.endpoint else built_graph_file(project, args.graph)
    engine = open_engine(args.engine, graph, args.endpoint, args.timeout, args.default_graph, ready=not args.graph)
    result = engine.run(query.text, bindings)
    if isinstance(result, SelectResult):
        result = result.without(set(query.params))  # parameters are constant columns: echo nothing
    fmt = args.format or ("ttl" if isinstance(result, GraphResult) else ("table" if sys.stdout.isatty() else "csv"))
    sys.stdout.write(format_result(result, fmt))
    return 0


def list_queries(project: Project, args) -> int:
    import json

    queries = stored_queries(project.queries_dir)
    if args.format == "json":
        print(json.dumps([
            {"name": q.name, "summary": q.summary, "summary_ja": q.summary_ja, "params": q.params,
             "defaults": q.defaults, "tags": list(q.tags)} for q in queries
        ], ensure_ascii=False, indent=1))
        return 0
    width = max(len(q.name) for q in queries)
    for q in queries:
        summary = q.summary_ja if args.lang == "ja" else q.summary
        params = " ".join(
            f"{n}={q.params[n]}" + (f" (default {q.defaults[n]})" if n in q.defaults else "") for n in q.params
        )
        print(f"{q.name.ljust(width)}  {summary}" + (f"\n{' ' * width}    params: {params}" if params else ""))
    return 0
