"""``kg validate --shapes``: any data files against any shapes files,
outside the project's own sources; the W3C report written as Turtle."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ...errors import InputError
from ...files import write_file_atomically
from ..store import FORMATS, _reason
from .engine import Outcome, validate
from .exact import exactness
from .report import report_graph
from .terms import graph_of



def parse_files(paths: list[Path]) -> list:
    """Every triple of the files, exactly as written (Turtle, N-Triples or JSON-LD by suffix)."""
    triples = []
    for path in map(Path, paths):
        if not path.is_file():
            raise InputError(f"{path}: file not found.")
        try:
            triples += ox.parse(path=str(path), format=FORMATS.get(path.suffix, ox.RdfFormat.TURTLE),
                                base_iri=path.resolve().as_uri())
        except SyntaxError as error:
            raise InputError(f"{path}:{error.lineno}:{error.offset}: syntax error: {_reason(error)}.") from None
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: cannot be read: {error}.") from None
    return triples


def validate_files(shapes_files: list[Path], data_files: list[Path], reference: bool = False,
                   notice=None) -> tuple[Outcome, Graph]:
    """Validate the data against the shapes; returns the outcome and the report graph."""
    shapes = graph_of(parse_files(shapes_files))
    triples = parse_files(data_files)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)  # blank-node labels kept
    outcome = validate(shapes, store.query, lambda: graph_of(triples), reference=reference, notice=notice,
                       exact=exactness(triples, shapes))
    graph = report_graph(outcome.results)
    for prefix, namespace in declared_prefixes(shapes_files):
        graph.bind(prefix, namespace, override=False)
    return outcome, graph


def declared_prefixes(paths: list[Path]):
    """The prefixes declared in the shapes files (for a readable report)."""
    for path in paths:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        yield from re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text)


def write_report(graph: Graph, path: Path) -> None:
    write_file_atomically(Path(path), graph.serialize(format="turtle").encode("utf-8"))


def describe(outcome: Outcome, graph: Graph) -> list[str]:
    """One line per result: severity, focus node, shape, constraint, path, value and message."""
    from rdflib import URIRef

    def short(node) -> str:
        if node is None:
            return "-"
        if isinstance(node, URIRef):
            return graph.namespace_manager.normalizeUri(node)
        return node.n3(graph.namespace_manager)

    lines = []
    for r in sorted(outcome.results, key=lambda r: (str(r.focus), str(r.shape), str(r.component))):
        level = str(r.severity).rsplit("#", 1)[-1].lower()
        path = f" on {short(r.path)}" if r.path is not None else ""
        value = f" (value {short(r.value)})" if r.value is not None else ""
        message = f": {' / '.join(str(m) for m in r.messages)}" if r.messages else ""
        lines.append(f"{level}: {short(r.focus)} breaks {short(r.shape)} "
                     f"({short(r.component)}){path}{value}{message}")
    return lines
