"""The build's working graph in Oxigraph: asserted triples in one named
graph, entailments in another, so they are kept apart and queried together.

rdflib stays for the small things (the ontology, the shapes) and for the
reference path of the tests; the records themselves never need to be in an
rdflib graph, which is what lets the build reach a million triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..link.review import accepted_links
from .literals import check_literals
from ..project import Project

ASSERTED = ox.NamedNode("urn:x-ai-safety-kg:graph:asserted")
INFERRED = ox.NamedNode("urn:x-ai-safety-kg:graph:inferred")
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}


class KgStore:
    def __init__(self):
        self.store = ox.Store()
        self.files: list[tuple[Path, str]] = []  # (path, as shown to the user), in load order

    # -- loading ---------------------------------------------------------------
    def load(self, path: Path, shown_as: str, graph: ox.NamedNode = ASSERTED) -> None:
        """Add a file to a graph (the asserted one unless told); a syntax error names file, line and column."""
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{shown_as}: {'not a regular file' if path.exists() else 'file not found'}.")
        try:
            self.store.load(path=str(path), format=FORMATS.get(path.suffix, ox.RdfFormat.TURTLE),
                            base_iri=path.resolve().as_uri(), to_graph=graph)
        except SyntaxError as error:
            raise InputError(f"{shown_as}:{error.lineno}:{error.offset}: Turtle syntax error: {_reason(error)}.") from None
        except (OSError, ValueError) as error:
            raise InputError(f"{shown_as}: cannot be read: {error}.") from None
        self.files.append((path, shown_as))

    def add_graph(self, graph, shown_as: str) -> None:
        """Add an rdflib graph to the asserted graph (tests and the reference path use this)."""
        data = graph.serialize(format="nt").encode("utf-8")
        self.store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ASSERTED)

    def load_project(self, project: Project, data_files: list[Path] | None = None, check: bool = True) -> "KgStore":
        """Every source file and accepted link in the asserted graph; ``check=False`` leaves the literals'
        check (kg.build.literals) to the caller (the build runs it on its second thread)."""
        for path in [*project.ontology_files, *project.vocab_files, *(project.data_files if data_files is None else data_files)]:
            self.load(path, project.relative(path))
        for s, p, o in accepted_links(project):  # the accepted rows of links/*-review.tsv (kg.link.review)
            self.store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), ASSERTED))
        if check:
            check_literals(self)  # "2025-13-45"^^xsd:date is bad input, like a syntax error
        return self

    def load_built(self, dist: Path, inferred: bool = True) -> "KgStore":
        """The graph as a build wrote it: ``kg.ttl`` asserted, ``entailments.ttl`` inferred."""
        self.load(dist / "kg.ttl", "kg.ttl")
        if inferred:
            self.load(dist / "entailments.ttl", "entailments.ttl", INFERRED)
        return self

    def origin(self, subjects) -> dict:
        """Which file first describes each subject (read again from the files: only needed on failure)."""
        wanted = {str(s) for s in subjects}
        found: dict = {}
        for path, shown_as in self.files:
            for triple in ox.parse(path=str(path), format=FORMATS.get(path.suffix, ox.RdfFormat.TURTLE),
                                   base_iri=path.resolve().as_uri()):
                key = triple.subject.value if isinstance(triple.subject, ox.NamedNode) else None
                if key in wanted and key not in found:
                    found[key] = shown_as
        return found

    # -- reading ---------------------------------------------------------------
    def count(self, graph: ox.NamedNode) -> int:
        return int(next(iter(self.store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=graph)))["n"].value)

    def triples(self, *graphs: ox.NamedNode):
        for graph in graphs:
            for quad in self.store.quads_for_pattern(None, None, None, graph):
                yield quad.triple

    def query(self, text: str, *graphs: ox.NamedNode, **kwargs):
        return self.store.query(text, default_graph=list(graphs or (ASSERTED, INFERRED)), **kwargs)


def _reason(error: SyntaxError) -> str:
    text = str(error.args[0]) if error.args else str(error)
    text = text.split(": ", 1)[1] if ": " in text else text
    return text.replace("\ufeff", "U+FEFF (a byte-order mark: save the file as UTF-8 without one)")
