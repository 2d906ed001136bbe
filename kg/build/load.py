"""Load: parse every source file, or stop with the file, line and column of
the first syntax error before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import InputError
from ..link.review import accepted_links
from ..namespaces import PREFIXES
from ..project import Project


@dataclass
class SourceGraphs:
    """The asserted graph, kept in its three parts, and where each subject was written."""

    ontology: Graph
    vocab: Graph
    data: Graph
    origin: dict = field(default_factory=dict)

    def asserted(self) -> Graph:
        """Ontology, vocabularies and records together: what ``dist/kg.ttl`` holds."""
        graph = new_graph()
        for part in (self.ontology, self.vocab, self.data):
            graph += part
        return graph

    def records(self) -> Graph:
        """Vocabularies and records: the data graph that shapes are checked on."""
        graph = new_graph()
        graph += self.vocab
        graph += self.data
        return graph


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def parse_file(path: Path, shown_as: str | None = None) -> Graph:
    """Parse one Turtle file; a syntax error becomes an InputError naming file, line and column."""
    shown_as = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown_as}: file not found.") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{shown_as}: not UTF-8 text (byte {error.start}).") from None
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as error:
        line, column = _position(error)
        raise InputError(
            f"{shown_as}:{line}:{column}: Turtle syntax error: {error._why}."
        ) from None
    except Exception as error:  # rdflib raises plain exceptions for bad IRIs and literals
        raise InputError(f"{shown_as}: cannot be parsed as Turtle: {error}.") from None
    return graph


def _position(error: BadSyntax) -> tuple[int, int]:
    text = error._str
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
        # _i counts bytes; recount in characters up to the same byte offset
        offset = len(error._str[: error._i].decode("utf-8", errors="replace"))
    else:
        offset = error._i
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def load_project(project: Project, extra_data: list[Path] | None = None) -> SourceGraphs:
    """Parse the ontology, the vocabularies and the data files (or ``extra_data`` instead of data/)."""
    ontology = new_graph()
    for path in project.ontology_files:
        ontology += parse_file(path, project.relative(path))
    sources = SourceGraphs(ontology=ontology, vocab=new_graph(), data=new_graph())
    for path in project.vocab_files:
        _add(sources, sources.vocab, path, project.relative(path))
    for path in extra_data if extra_data is not None else project.data_files:
        _add(sources, sources.data, path, project.relative(path))
    for s, p, o in accepted_links(project):  # the accepted rows of links/*-review.tsv, as KgStore.load_project
        sources.data.add((URIRef(s), URIRef(p), URIRef(o)))
    return sources


def _add(sources: SourceGraphs, target: Graph, path: Path, shown_as: str) -> None:
    graph = parse_file(path, shown_as)
    for subject in set(graph.subjects()):
        if not isinstance(subject, BNode):
            sources.origin.setdefault(subject, shown_as)
    target += graph
