"""``kg publish``: put the built graph into an external triple store.

The asserted triples go to one named graph and the entailments to another
(``BASE/asserted`` and ``BASE/inferred``); only those two graphs are
replaced, nothing else in the store is touched. Either the SPARQL 1.1 Graph
Store HTTP Protocol (``--store URL``: one PUT per graph) or SPARQL 1.1 Update
(``--update URL``: DROP SILENT GRAPH, then INSERT DATA in batches) carries
the data; afterwards the triple count of each graph is read back through the
query endpoint and compared."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..query.engines import EndpointEngine, _basic_auth
from ..errors import KgError, UsageError, ValidationFailed

DEFAULT_BASE = "https://w3id.org/ai-safety-kg/graph"
BATCH = 5000


@dataclass
class Published:
    graph: str
    local: int
    remote: int


def graphs_of(dist: Path, base: str) -> dict[str, Path]:
    files = {f"{base.rstrip('/')}/asserted": dist / "kg.ttl", f"{base.rstrip('/')}/inferred": dist / "entailments.ttl"}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise UsageError(f"No built graph ({', '.join(missing)}); run 'kg build' first.")
    return files


def _send(url: str, method: str, body: bytes, content_type: str, auth: dict, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type, **auth})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", errors="replace").strip().splitlines()
        raise KgError(f"{method} {url} failed with {error.code}: {detail[0] if detail else error.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise KgError(f"Cannot reach {url}: {getattr(error, 'reason', error)}.") from None


def _put(store: str, graph: str, path: Path, auth: dict, timeout: float) -> None:
    separator = "&" if "?" in store else "?"
    url = f"{store}{separator}{urllib.parse.urlencode({'graph': graph})}"
    _send(url, "PUT", path.read_bytes(), "text/turtle", auth, timeout)


def _update(update: str, graph: str, path: Path, auth: dict, timeout: float) -> None:
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    # blank nodes keep their identity only within one request: all triples touching one go together
    with_blanks = [t for t in triples if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    plain = [t for t in triples if not (isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode))]
    batches = [with_blanks] + [plain[i:i + BATCH] for i in range(0, len(plain), BATCH)]
    _send(update, "POST", f"DROP SILENT GRAPH <{graph}>".encode(), "application/sparql-update", auth, timeout)
    for batch in batches:
        if batch:
            body = f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "".join(f"{t} .\n" for t in batch) + "} }"
            _send(update, "POST", body.encode("utf-8"), "application/sparql-update", auth, timeout)


def publish(dist: Path, endpoint: str, store: str | None, update: str | None, base: str,
            user: str | None, password: str | None, timeout: float = 300.0) -> list[Published]:
    if (store is None) == (update is None):
        raise UsageError("Give either --store URL (Graph Store Protocol) or --update URL (SPARQL Update).")
    auth = _basic_auth(user, password)
    reader = EndpointEngine(endpoint, timeout, user=user, password=password)
    results = []
    for graph, path in graphs_of(dist, base).items():
        local = sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        if store:
            _put(store, graph, path, auth, timeout)
        else:
            _update(update, graph, path, auth, timeout)
        count = reader.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", {})
        remote = int(count.rows[0]["n"].value)
        results.append(Published(graph, local, remote))
    wrong = [r for r in results if r.local != r.remote]
    if wrong:
        raise ValidationFailed("; ".join(f"<{r.graph}> holds {r.remote} triples, {r.local} were sent" for r in wrong) + ".")
    return results
