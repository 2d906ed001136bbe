"""``kg validate --shapes``: any data files against any shapes files,
outside the project's own sources; the W3C report written as Turtle."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ...errors import InputError
from ...files import write_file_atomically
from ..store import FORMATS, _reason
from .engine import Outcome, validate
from .report import report_graph
from .terms import graph_of

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


def rewritten_literals(triples, limit: int = 3) -> list[str]:
    """Literals a store keeps in another form than written ("4.0"^^xsd:decimal as "4", "300"^^xsd:byte
    as an xsd:integer): sameTerm and datatype checks on them could not be exact."""
    written = {t.object for t in triples if isinstance(t.object, ox.Literal) and t.object.datatype.value != XSD_STRING}
    scratch = ox.Store()
    subject, predicate = ox.NamedNode("urn:x-kg:s"), ox.NamedNode("urn:x-kg:p")
    scratch.extend(ox.Quad(subject, predicate, literal) for literal in written)
    return sorted(str(literal) for literal in written - {quad.object for quad in scratch})[:limit]


def validate_files(shapes_files: list[Path], data_files: list[Path], reference: bool = False,
                   notice=None) -> tuple[Outcome, Graph]:
    """Validate the data against the shapes; returns the outcome and the report graph."""
    shapes = graph_of(parse_files(shapes_files))
    triples = parse_files(data_files)
    rewritten = [] if reference else rewritten_literals(triples)
    if rewritten:
        print(f"kg: the data has literals Oxigraph would store in another form (e.g. {rewritten[0]}): "
              f"validated by pySHACL, which keeps them as written.", file=sys.stderr)
        reference = True
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)  # blank-node labels kept
    outcome = validate(shapes, store.query, lambda: graph_of(triples), reference=reference, notice=notice)
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
