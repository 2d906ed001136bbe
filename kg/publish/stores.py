"""``kg publish``: put the built graph into an external triple store.

The asserted triples go to one named graph and the entailments to another
(``BASE/asserted`` and ``BASE/inferred``); only those two graphs are
replaced (and, while publishing, their staging graphs ``…-incoming``);
nothing else in the store is touched.

The store is never left half-written without saying so:

1. **Stage.** Each graph is loaded into its staging graph, by the SPARQL 1.1
   Graph Store HTTP Protocol (``--store URL``: one PUT per graph) or by SPARQL
   1.1 Update (``--update URL``: DROP SILENT GRAPH, then INSERT DATA in
   batches). The data is sent as N-Triples, which every store parses alike.
   The staged counts are read back; if anything fails here, the staging
   graphs are dropped and the live graphs were never touched.
2. **Swap.** With ``--update``, one request ``MOVE <staging> TO <live>`` for
   both graphs (a store that runs an update request as one transaction, as
   Oxigraph does, switches both at once). With only ``--store``
   there is no move operation: each live graph is replaced by one PUT of the
   data already accepted once, then the staging graphs are deleted.
3. **Check.** The live counts are read back; any difference is exit 1.

If a step fails after the swap began, the error names every graph and the
state it was read back in (old triples, new triples, or unknown)."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError, UsageError, ValidationFailed
from .storehttp import StoreClient, StoreError

DEFAULT_BASE = "https://w3id.org/ai-safety-kg/graph"
BATCH = 5000
#: the base of the graph names, written into SPARQL as <IRI>: nothing that could end or bend it
GRAPH_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")
NTRIPLES = "application/n-triples"
SPARQL_UPDATE = "application/sparql-update"


@dataclass
class Published:
    graph: str
    local: int
    remote: int


@dataclass(eq=False)
class Graph:
    live: str
    staging: str
    triples: list

    @property
    def local(self) -> int:
        return len(self.triples)

    def ntriples(self) -> bytes:
        return "".join(f"{t} .\n" for t in self.triples).encode("utf-8")


class Target:
    """Where and how to write: the store's endpoints and one HTTP client for all of them."""

    def __init__(self, endpoint: str, store: str | None, update: str | None, client: StoreClient):
        self.endpoint, self.store, self.update, self.client = endpoint, store, update, client

    def put(self, graph: str, body: bytes) -> None:
        self.client.send("PUT", self._gsp(graph), body, NTRIPLES)

    def delete(self, graph: str) -> None:
        try:
            self.client.send("DELETE", self._gsp(graph))
        except StoreError as error:
            if error.status != 404:  # already gone
                raise

    def _gsp(self, graph: str) -> str:
        separator = "&" if "?" in self.store else "?"
        return f"{self.store}{separator}{urllib.parse.urlencode({'graph': graph})}"

    def run_update(self, text: str) -> None:
        self.client.send("POST", self.update, text.encode("utf-8"), SPARQL_UPDATE)

    def count(self, graph: str) -> int:
        return self.client.count(self.endpoint, graph)

    def load(self, graph: Graph) -> None:
        """Replace the staging graph's content with the graph's triples."""
        if self.store:
            self.put(graph.staging, graph.ntriples())
            return
        self.run_update(f"DROP SILENT GRAPH <{graph.staging}>")
        for batch, blank in batches(graph.triples):
            triples = "".join(f"{t} .\n" for t in batch)
            # INSERT DATA may hold blank nodes, but Virtuoso refuses them there (SP031): a template with
            # WHERE {} is the same insert (one solution, so one fresh node per label) that all stores take
            form = "INSERT {{ GRAPH <{}> {{\n{}}} }} WHERE {{}}" if blank else "INSERT DATA {{ GRAPH <{}> {{\n{}}} }}"
            self.run_update(form.format(graph.staging, triples))

    def drop(self, graph: str) -> None:
        if self.update:
            self.run_update(f"DROP SILENT GRAPH <{graph}>")
        else:
            self.delete(graph)


def batches(triples: list) -> list[tuple[list, bool]]:
    """Insert requests, each with whether it holds blank nodes: they keep
    their identity only within one request, so all triples touching one go
    together."""
    def blank(t):
        return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)

    with_blanks = [t for t in triples if blank(t)]
    plain = [t for t in triples if not blank(t)]
    return [(b, b is with_blanks) for b in [with_blanks] + [plain[i:i + BATCH] for i in range(0, len(plain), BATCH)] if b]


def graphs_of(dist: Path, base: str) -> dict[str, Path]:
    files = {f"{base.rstrip('/')}/asserted": dist / "kg.ttl", f"{base.rstrip('/')}/inferred": dist / "entailments.ttl"}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise UsageError(f"No built graph ({', '.join(missing)}); run 'kg build' first.")
    return files


def read_graphs(dist: Path, base: str) -> list[Graph]:
    graphs = []
    for live, path in graphs_of(dist, base).items():
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError, ValueError) as error:
            raise UsageError(f"{path}: cannot read the built graph ({error}); run 'kg build' again.") from None
        graphs.append(Graph(live, f"{live}-incoming", triples))
    return graphs


def publish(dist: Path, endpoint: str, store: str | None, update: str | None, base: str,
            user: str | None, password: str | None, timeout: float = 300.0) -> list[Published]:
    if store is None and update is None:
        raise UsageError("Give either --store URL (Graph Store Protocol) or --update URL (SPARQL Update), or both.")
    if not GRAPH_IRI.fullmatch(base):
        raise UsageError(f"--graph must be an absolute IRI without spaces or any of <>\"{{}}|^`\\, got {base!r}.")
    urls = tuple(u for u in (endpoint, store, update) if u)
    target = Target(endpoint, store, update, StoreClient(timeout, user, password, urls))
    graphs = read_graphs(dist, base)
    stage(target, graphs)
    swap(target, graphs)
    return check(target, graphs)


def stage(target: Target, graphs: list[Graph]) -> None:
    """Load every staging graph and read its count back; on failure drop them all and say so."""
    try:
        for graph in graphs:
            target.load(graph)
        wrong = [(g, n) for g in graphs if (n := target.count(g.staging)) != g.local]
    except KgError as error:
        raise StoreError(f"{str(error).rstrip('.')}; {untouched(target, graphs)}.") from None
    if wrong:
        sizes = ", ".join(f"<{g.staging}> holds {n} triples, {g.local} were sent" for g, n in wrong)
        raise ValidationFailed(f"Staging failed ({sizes}); {untouched(target, graphs)}.")


def untouched(target: Target, graphs: list[Graph]) -> str:
    """The state after a failed staging: live graphs as they were; staging graphs dropped if possible."""
    live = " and ".join(f"<{g.live}>" for g in graphs)
    left = []
    for graph in graphs:
        try:
            target.drop(graph.staging)
        except KgError:
            left.append(f"<{graph.staging}>")
    graph_s = "graphs" if len(left) > 1 else "graph"
    tail = (f"the staging {graph_s} {' and '.join(left)} could not be dropped and may hold part of the new triples"
            if left else "the staging graphs were dropped")
    return f"nothing was replaced: {live} still hold their earlier triples, {tail}"


def swap(target: Target, graphs: list[Graph]) -> None:
    """Put the staged triples in place of the live ones."""
    replaced: list[Graph] = []
    try:
        if target.update:
            target.run_update(" ;\n".join(f"MOVE SILENT GRAPH <{g.staging}> TO <{g.live}>" for g in graphs))
            return
        for graph in graphs:
            target.put(graph.live, graph.ntriples())
            replaced.append(graph)
        for graph in graphs:
            target.delete(graph.staging)
    except KgError as error:
        raise StoreError(f"{str(error).rstrip('.')} while replacing the live graphs; "
                         f"{states(target, graphs, replaced)}.") from None


def states(target: Target, graphs: list[Graph], replaced: list[Graph]) -> str:
    """Each live graph's state: new where its replacement was acknowledged, else as read back."""
    parts = []
    for graph in graphs:
        if graph in replaced:
            parts.append(f"<{graph.live}> holds the new triples")
            continue
        try:
            live, staged = target.count(graph.live), target.count(graph.staging)
        except KgError:
            parts.append(f"<{graph.live}> is in an unknown state (its count could not be read back)")
            continue
        if staged == 0 and live == graph.local:
            state = "holds the new triples"
        elif staged == graph.local and live != graph.local:
            state = f"still holds its earlier {live} triples (the new ones wait in <{graph.staging}>)"
        elif staged == graph.local:
            state = (f"holds {live} triples, as many as were sent, old or new (the new ones also wait in "
                     f"<{graph.staging}>)")
        else:
            state = f"is in an unknown state ({live} triples; <{graph.staging}> holds {staged})"
        parts.append(f"<{graph.live}> {state}")
    if len(replaced) == len(graphs):
        parts.append("the staging graphs " + " and ".join(f"<{g.staging}>" for g in graphs) + " may be left behind")
    return "; ".join(parts) + "; run kg publish again to finish"


def check(target: Target, graphs: list[Graph]) -> list[Published]:
    results = [Published(g.live, g.local, target.count(g.live)) for g in graphs]
    wrong = [r for r in results if r.local != r.remote]
    if wrong:
        raise ValidationFailed("; ".join(f"<{r.graph}> holds {r.remote} triples, {r.local} were sent" for r in wrong) + ".")
    return results
