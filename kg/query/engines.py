"""Where a query runs: Oxigraph in process (the default), rdflib in process,
or any SPARQL 1.1 endpoint over HTTP. Each takes a query and typed parameter
bindings and returns engine-neutral results (kg.query.results).

Parameters are bound by each engine's own mechanism: rdflib's
``initBindings``, Oxigraph's ``substitutions`` (SEP-0007, which needs the
variable in the SELECT clause). An endpoint has no binding API, so the typed
terms are given as a ``VALUES`` row at the start of the WHERE group
(kg.query.sparqltext), each written by an escaping serialiser."""

from __future__ import annotations

import os
import re
import sys

from .. import __version__
from ..errors import InputError, KgError, UsageError
from .results import AskResult, GraphResult, SelectResult
from ..terms import Term

ENGINES = ("oxigraph", "rdflib")
#: Public endpoints (Wikidata's among them) ask clients to say who they are.
USER_AGENT = f"ai-safety-kg/{__version__} (https://w3id.org/ai-safety-kg/)"
SYNTAX_POSITION = r"error at (\d+):(\d+): ?(.*)"  # compiled on the error path only (re caches it)


class QuerySyntaxError(InputError):
    pass


#: Oxigraph's parser and optimiser recurse over the query; a long chain of
#: OPTIONALs or path steps overflows a thread's usual 8 MiB. Queries run on a
#: thread with this much stack (address space, used only as needed).
BIG_STACK = 512 * 1024 * 1024


def on_big_stack(function, *args, **kwargs):
    """``function(*args, **kwargs)`` on a thread with BIG_STACK of stack; its result or its exception."""
    import threading

    outcome: dict = {}

    def work():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed back to the caller's thread
            outcome["error"] = error

    previous = threading.stack_size(BIG_STACK)
    try:
        worker = threading.Thread(target=work, name="kg-query", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    while worker.is_alive():
        worker.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


#: Oxigraph's worst case measured: about 1 KiB of stack per byte of query (a run of ``!`` or ``1+``: 8 KiB of
#: query ran on the main thread's 8 MiB stack, 16 KiB overflowed it). A query needing at most a quarter of the
#: main thread's stack by that measure runs there: a thread costs up to a scheduler switch (5 ms) per query.
STACK_PER_QUERY_BYTE = 4 * 1024


def on_enough_stack(text: str, function, *args):
    """``function(text, *args)`` on this thread where it is the main thread and its stack is ample for a query as
    long as ``text``; on a thread with BIG_STACK otherwise."""
    if len(text.encode("utf-8")) * STACK_PER_QUERY_BYTE <= _main_stack() and _on_main_thread():
        return function(text, *args)
    return on_big_stack(function, text, *args)


def _on_main_thread() -> bool:
    threading = sys.modules.get("threading")  # not imported: no thread was started by threading, this is the main one
    return threading is None or threading.current_thread() is threading.main_thread()


def _main_stack() -> int:
    """The main thread's stack in bytes (its soft limit); 0 where unknown."""
    try:
        import resource
    except ImportError:  # Windows: no limit to read
        return 0
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return BIG_STACK if soft == resource.RLIM_INFINITY else soft


def check_syntax(text: str, shown_as: str) -> None:
    """Parse with Oxigraph's spec-conformant parser; an error names file, line and column."""
    import pyoxigraph as ox

    try:
        on_enough_stack(text, _parse_only, ox)
    except SyntaxError as error:
        message = str(error)
        match = re.search(SYNTAX_POSITION, message, re.S)
        why = match.group(3).strip() if match else message
        position = _first_failing_position(text) or (match.groups()[:2] if match else None)
        where = f"{shown_as}:{position[0]}:{position[1]}" if position else shown_as
        raise QuerySyntaxError(f"{where}: SPARQL syntax error: {why}.") from None
    except (RuntimeError, ValueError):
        pass  # parsed; complaints about evaluation on an empty store do not matter here


def _parse_only(text: str, ox) -> None:
    ox.Store().query(text)  # the answer (on an empty store) is dropped on this thread, as pyoxigraph requires


def _first_failing_position(text: str):
    """Where the statement that fails to parse starts, from rdflib's parser.

    Oxigraph decides whether a query is valid, but its error position is
    often the end of the input; rdflib's points at the statement at fault.
    Only on the error path, so rdflib's import cost is paid only then.
    """
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except Exception as error:  # pyparsing's ParseException carries the position
        if getattr(error, "lineno", None):
            return error.lineno, error.col
    return None


def _ntriples_sorted(lines) -> str:
    return "".join(sorted(f"{line}\n" for line in lines))


def _graph_error(shown_as: str, error: Exception) -> InputError:
    """One sentence for an RDF file that cannot be read or parsed (``--graph FILE``, the built dump)."""
    if hasattr(error, "_why"):  # rdflib's BadSyntax: line counted from 0, no column
        return InputError(f"{shown_as}:{error.lines + 1}: not valid RDF: {error._why}.")
    if isinstance(error, SyntaxError):  # Oxigraph's: line and column
        reason = (error.msg or "").split(": ", 1)[-1]
        return InputError(f"{shown_as}:{error.lineno}:{error.offset}: not valid RDF: {reason}.")
    if isinstance(error, UnicodeDecodeError):
        return InputError(f"{shown_as}: not valid RDF: not UTF-8 text (byte {error.start}).")
    if isinstance(error, OSError):
        return InputError(f"{shown_as}: cannot be read: {error.strerror or error}.")
    return InputError(f"{shown_as}: not valid RDF: {error}.")


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, path: str | os.PathLike, ready: bool = False):
        """``ready``: open the ready store kept beside the dump (kg.query.ready_store) instead of parsing it."""
        import pyoxigraph as ox

        from .ready_store import MIN_BYTES, load_in_memory, open_ready_store

        self.ox = ox
        try:
            self.store = open_ready_store(path) if ready else None
            if self.store is None:  # small dumps get a ready copy (N-Triples), big ones only when their store failed
                self.store = load_in_memory(path, keep_copy=ready and os.stat(path).st_size < MIN_BYTES)
        except (SyntaxError, OSError, ValueError) as error:
            raise _graph_error(str(path), error) from None

    def term(self, term: Term):
        ox = self.ox
        if term.kind == "uri":
            return ox.NamedNode(term.value)
        if term.kind == "bnode":
            return ox.BlankNode(term.value)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)

    def _row(self, variables: list[str], solution) -> dict[str, Term]:
        """One solution as {variable: Term}, unbound ones left out; back() inlined, as it runs for every value."""
        row = {}
        for name, value in zip(variables, solution):
            kind = type(value)
            if kind is self.ox.NamedNode:
                row[name] = Term("uri", value.value)
            elif kind is self.ox.Literal:
                row[name] = Term.literal(value.value, value.datatype.value, value.language)
            elif value is not None:
                row[name] = self.back(value)
        return row

    def back(self, value) -> Term:
        ox = self.ox
        if isinstance(value, ox.NamedNode):
            return Term.iri(value.value)
        if isinstance(value, ox.BlankNode):
            return Term("bnode", value.value)
        return Term.literal(value.value, value.datatype.value, value.language)

    def run(self, text: str, bindings: dict[str, Term]):
        ox = self.ox
        substitutions = {ox.Variable(k): self.term(v) for k, v in bindings.items()}
        try:
            return on_enough_stack(text, self._run, substitutions)
        except RuntimeError as error:
            raise KgError(f"Oxigraph could not run the query: {error}.") from None

    def _run(self, text: str, substitutions: dict):
        ox = self.ox
        result = self.store.query(text, substitutions=substitutions or None)
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            return SelectResult(variables, [self._row(variables, solution) for solution in result])
        return GraphResult(_ntriples_sorted(str(t) + " ." for t in result))


class RdflibEngine:
    name = "rdflib"

    def __init__(self, path: str | os.PathLike):
        import logging

        from rdflib import Graph

        logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # an ill-typed literal: no traceback on stderr
        try:
            self.graph = Graph().parse(str(path))
        except Exception as error:  # rdflib raises many kinds; all of them mean this file is not readable RDF
            raise _graph_error(str(path), error) from None

    @staticmethod
    def term(term: Term):
        from rdflib import BNode, Literal, URIRef

        if term.kind == "uri":
            return URIRef(term.value)
        if term.kind == "bnode":
            return BNode(term.value)
        return Literal(term.value, lang=term.lang, datatype=term.datatype)

    @staticmethod
    def back(value) -> Term:
        from rdflib import BNode, URIRef

        if isinstance(value, URIRef):
            return Term.iri(str(value))
        if isinstance(value, BNode):
            return Term("bnode", str(value))
        return Term.literal(str(value), str(value.datatype) if value.datatype else None, value.language)

    def run(self, text: str, bindings: dict[str, Term]):
        result = self.graph.query(text, initBindings={k: self.term(v) for k, v in bindings.items()})
        if result.type == "ASK":
            return AskResult(bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            rows = [
                {name: self.back(row[i]) for i, name in enumerate(variables) if row[i] is not None}
                for row in result
            ]
            return SelectResult(variables, rows)
        return GraphResult(_canonical_ntriples(result.graph.serialize(format="nt")))


class EndpointEngine:
    name = "endpoint"

    def __init__(self, url: str, timeout: float = 60.0, default_graphs: list[str] | None = None,
                 user: str | None = None, password: str | None = None):
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--endpoint needs an http(s) URL, got {url!r}.")
        self.url = url
        self.timeout = timeout
        self.default_graphs = default_graphs or []
        self.auth = _basic_auth(user, password)

    def post(self, text: str, accept: str) -> str:
        """Send a query by the SPARQL 1.1 protocol (POST, form-encoded); the response body."""
        import urllib.error
        import urllib.parse
        import urllib.request

        fields = [("query", text)] + [("default-graph-uri", g) for g in self.default_graphs]
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT,
                   **self.auth}
        request = urllib.request.Request(self.url, data=urllib.parse.urlencode(fields).encode("utf-8"),
                                         headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace").strip().splitlines()
            first = detail[0] if detail else str(error.reason)
            raise EndpointError(error.code, f"The endpoint {self.url} answered {error.code}: {first}.", first) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise KgError(f"Cannot reach the endpoint {self.url}: {reason}.") from None

    def run(self, text: str, bindings: dict[str, Term]):
        from .sparqltext import query_form, with_values  # here: a local query does without it

        form = query_form(text)
        try:
            text = with_values(text, bindings)
        except ValueError as error:
            raise UsageError(f"Cannot bind parameters for the endpoint: {error}.") from None
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body = self.post(text, "application/n-triples" if graph else "application/sparql-results+json")
        return parse_response(body, graph)


class EndpointError(KgError):
    def __init__(self, status: int, message: str, detail: str = ""):
        super().__init__(message)
        self.status = status
        self.detail = detail


def _basic_auth(user: str | None, password: str | None) -> dict:
    if user is None:
        return {}
    import base64

    token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def parse_response(body: str, graph: bool):
    """A SPARQL JSON results document, or N-Triples for a graph result, as engine-neutral results."""
    if graph:
        return GraphResult(_canonical_ntriples(body))
    import json

    document = json.loads(body)
    if "boolean" in document:
        return AskResult(bool(document["boolean"]))
    variables = document["head"]["vars"]
    rows = [{k: _from_json(v) for k, v in b.items()} for b in document["results"]["bindings"]]
    return SelectResult(variables, rows)


def _from_json(value: dict) -> Term:
    kind = {"typed-literal": "literal"}.get(value["type"], value["type"])
    if kind == "literal":
        return Term.literal(value["value"], value.get("datatype"), value.get("xml:lang"))
    return Term(kind, value["value"])


def _canonical_ntriples(text: str) -> str:
    import pyoxigraph as ox

    return _ntriples_sorted(str(t) + " ." for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def open_engine(name: str, graph: str | os.PathLike | None = None, endpoint: str | None = None, timeout: float = 60.0,
                default_graphs: list[str] | None = None, ready: bool = False):
    """``ready``: Oxigraph opens the ready store kept beside ``graph`` (the built dump) instead of parsing it."""
    if endpoint:
        return EndpointEngine(endpoint, timeout, default_graphs)
    if name not in ENGINES:
        raise UsageError(f"Unknown engine {name!r}; choose {' or '.join(ENGINES)}.")
    return OxigraphEngine(graph, ready) if name == "oxigraph" else RdflibEngine(graph)
