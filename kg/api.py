"""The Python API: the graph as a researcher uses it in a notebook.

    >>> import kg
    >>> graph = kg.load()                                   # the bundled graph, or a checkout's dist/
    >>> graph.query("instruments").to_pandas()              # a stored query, as a DataFrame
    >>> graph.query("lineage-based-on", instrument="inst:ai-guidelines-for-business").to_records()
    >>> graph.query("SELECT ?law WHERE { ?law a <https://w3id.org/ai-safety-kg/ontology#Law> }")
    >>> graph.record("inst:ai-promotion-act").label("ja")

Parameters are typed by the stored query's header and bound by the engine,
exactly as ``kg query --param`` binds them; nothing is pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import SOURCE, __version__
from .errors import UsageError
from .project import Project, find_project
from .query.catalogue import StoredQuery, parse_query, read_query, stored_queries
from .query.params import bind
from .query.rows import QueryResult
from .terms import Term

QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RDF_SUFFIXES = {".ttl", ".nt", ".jsonld"}


@dataclass(frozen=True)
class QueryInfo:
    """A stored query as ``KnowledgeGraph.queries()`` lists it."""

    name: str
    summary: str
    summary_ja: str
    params: dict[str, str]
    defaults: dict[str, str]
    tags: tuple[str, ...]


class KnowledgeGraph:
    """The AI Safety Knowledge Graph (asserted and inferred triples), ready to query.

    Make one with :func:`kg.load`. ``origin`` says where the graph came from,
    ``path`` which file is queried.
    """

    def __init__(self, path: Path, project: Project | None, origin: str):
        self.path = path
        self.project = project
        self.origin = origin
        self._engine = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.origin}: {self.path}>"

    @property
    def version(self) -> str:
        """The dataset version (the package version it was built with)."""
        return __version__

    @property
    def source(self) -> str:
        """The primary source the records were read from."""
        return SOURCE

    def _run(self, text: str, bindings: dict[str, Term]):
        if self._engine is None:
            from .query.engines import open_engine

            self._engine = open_engine("oxigraph", self.path)
        return self._engine.run(text, bindings)

    def queries(self) -> list[QueryInfo]:
        """The stored queries: name, English and Japanese summaries, typed parameters, defaults, tags."""
        return [QueryInfo(q.name, q.summary, q.summary_ja, dict(q.params), dict(q.defaults), q.tags)
                for q in self._stored()]

    def _stored(self) -> list[StoredQuery]:
        if self.project is None:
            return []
        return stored_queries(self.project.queries_dir)

    def _find(self, query: str) -> StoredQuery:
        """A stored query by name, a ``.rq`` file, or SPARQL text."""
        if QUERY_NAME.match(query):
            if self.project is not None and (self.project.queries_dir / f"{query}.rq").is_file():
                return read_query(self.project.queries_dir / f"{query}.rq")
            names = ", ".join(q.name for q in self._stored()) or "none with this graph"
            raise UsageError(f"No stored query named {query!r}; the stored queries are: {names}.")
        if query.endswith(".rq") and "\n" not in query and Path(query).is_file():
            return read_query(Path(query), require_header=False)
        return parse_query(query, Path("<query>"), "the query text", require_header=False)

    def query(self, query: str, *, lang: str | None = None, **params: Any) -> QueryResult:
        """Run a stored query by name, a ``.rq`` file or any SPARQL text.

        Keyword arguments are the query's parameters (``instrument="inst:…"``,
        ``binding=True``, ``from_=2024`` is not needed: use ``**{"from": 2024}``),
        checked against the types its header declares. ``lang`` chooses the
        language of titles for queries that take one (``"ja"`` or ``"en"``).
        """
        from .query.engines import check_syntax

        stored = self._find(query)
        check_syntax(stored.text, stored.name)
        given = [f"{name}={_as_text(value)}" for name, value in params.items()]
        bindings = bind(stored, given, lang)
        result = self._run(stored.text, bindings)
        return QueryResult(result, hidden=set(stored.params), labels=self._labels, lang=lang or "en")

    def _labels(self, iris: list[str], lang: str) -> dict[str, str]:
        """``rdfs:label`` (else ``skos:prefLabel``) of each IRI in one language."""
        if not iris:
            return {}
        values = " ".join(Term.iri(i).n3() for i in sorted(set(iris)))
        text = (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            f"SELECT ?lang ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }} "
            "?s rdfs:label|skos:prefLabel ?l . FILTER(LANGMATCHES(LANG(?l), ?lang)) } GROUP BY ?lang ?s"
        )
        rows = self._run(text, {"lang": Term.literal(lang)}).rows
        return {row["s"].value: row["label"].value for row in rows if "label" in row}

    def record(self, iri: str) -> "Record":
        """One record by IRI or prefixed name (``inst:ai-promotion-act``, ``org:meti``)."""
        from .prefixes import expand
        from .query.results import GraphResult

        full = iri if iri.startswith(("http://", "https://")) else expand(iri)
        if not full:
            raise UsageError(f"{iri!r} is neither an IRI nor a known prefixed name (inst:, org:, jur:, kind:, topic:, force:).")
        result = self._run(f"DESCRIBE {Term.iri(full).n3()}", {})
        assert isinstance(result, GraphResult)
        if not result.ntriples.strip():
            raise UsageError(f"No record {iri} in the graph.")
        return Record(full, result.ntriples)


class Record:
    """One record's own triples, with accessors for what a reader wants first."""

    def __init__(self, iri: str, ntriples: str):
        import rdflib

        self.iri = iri
        self.graph = rdflib.Graph().parse(data=ntriples, format="nt")
        self._node = rdflib.URIRef(iri)

    def __repr__(self) -> str:
        return f"<Record {self.iri}: {self.label('en') or self.label('ja')}>"

    def values(self, prop: str) -> list:
        """Every object of ``prop`` (a full IRI or a prefixed name such as ``dcterms:issued``)."""
        import rdflib

        from .prefixes import expand

        full = expand(prop) or prop
        return sorted((o.toPython() if isinstance(o, rdflib.Literal) else str(o))
                      for o in self.graph.objects(self._node, rdflib.URIRef(full)))

    def label(self, lang: str = "en") -> str | None:
        """The title in one language."""
        import rdflib

        for o in self.graph.objects(self._node, rdflib.RDFS.label):
            if getattr(o, "language", None) == lang:
                return str(o)
        return None

    @property
    def types(self) -> list[str]:
        return self.values("rdf:type")

    @property
    def issuers(self) -> list[str]:
        return self.values("aisk:issuedBy")

    @property
    def issued(self) -> list:
        return self.values("dcterms:issued")

    def relations(self) -> dict[str, list[str]]:
        """Every property whose value is another record, by property IRI."""
        import rdflib

        out: dict[str, list[str]] = {}
        for p, o in self.graph.predicate_objects(self._node):
            if isinstance(o, rdflib.URIRef) and p != rdflib.RDF.type:
                out.setdefault(str(p), []).append(str(o))
        return {p: sorted(v) for p, v in sorted(out.items())}


def _as_text(value: Any) -> str:
    """A Python parameter value in the form ``--param`` takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def load(path: str | Path | None = None) -> KnowledgeGraph:
    """The graph, ready to query.

    With no ``path``: the checkout's built ``dist/`` when run inside a checkout,
    else the graph bundled with the installed package. ``path`` may be a built
    ``dist/`` folder or one RDF file (Turtle, N-Triples, JSON-LD); stored
    queries are then those of the checkout or package, if any.
    """
    if path is None:
        project = find_project()
        graph = project.dist / "kg-inferred.ttl"
        if not graph.is_file():
            raise UsageError(f"No built graph at {graph}; run 'kg build' in the checkout first.")
        return KnowledgeGraph(graph, project, project.kind)
    given = Path(path)
    try:
        project = find_project()
    except UsageError:
        project = None
    if given.is_dir():
        graph = given / "kg-inferred.ttl"
        if not graph.is_file():
            raise UsageError(f"{given} holds no kg-inferred.ttl; give a built dist/ folder or an RDF file.")
        return KnowledgeGraph(graph, project, f"the built folder {given}")
    if not given.is_file() or given.suffix not in RDF_SUFFIXES:
        raise UsageError(f"{given}: not an RDF file ({', '.join(sorted(RDF_SUFFIXES))}) or a built dist/ folder.")
    return KnowledgeGraph(given, project, f"the file {given}")


def describe(project: Project) -> dict[str, str]:
    """What ``kg info`` prints: which graph is used, and what it is."""
    graph = project.dist / "kg-inferred.ttl"
    return {
        "graph": project.kind,
        "location": str(project.root),
        "built graph": str(graph) if graph.is_file() else "not built (run kg build)",
        "package version": __version__,
        "dataset version": __version__,
        "source": SOURCE,
    }
