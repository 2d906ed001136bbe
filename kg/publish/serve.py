"""``kg serve``: a read-only SPARQL 1.1 endpoint over the built graph, with
dereferenceable record IRIs.

The SPARQL engine is the Oxigraph server (PyPI package ``oxigraph``), run
read-only on a private loopback port with its own query timeout. In front of
it, this module adds what a linked-data service needs: content negotiation
through one media-type table, a result limit, refusal of every write, a
service description, record pages under ``/id/…`` as HTML, Turtle or JSON-LD,
the stored queries by name under ``/queries/NAME``, a query page, and CORS.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..query.catalogue import StoredQuery, stored_queries
from ..query.engines import EndpointEngine, EndpointError, parse_response
from ..errors import KgError, UsageError
from ..query.params import bind
from ..prefixes import BASE, shorten
from ..query.results import GraphResult, SelectResult, format_result, limit_result
from ..query.sparqltext import query_form, with_values

# The one media-type table: what each result kind can be written as.
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
# ?format=… (and the aliases clients such as SPARQLWrapper send) for browsers and simple clients
FORMAT_TYPES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",), "tsv": ("text/tab-separated-values",),
    "ttl": ("text/turtle",), "turtle": ("text/turtle",), "n3": ("text/turtle",),
    "jsonld": ("application/ld+json",), "json-ld": ("application/ld+json",),
    "nt": ("application/n-triples",), "ntriples": ("application/n-triples",), "rdf": ("application/rdf+xml",),
}
RECORD_SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                   ".html": "text/html"}
RECORD_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?record ?p ?o . ?s ?q ?record . ?neighbour rdfs:label ?label . }
WHERE {
  { ?record ?p ?o } UNION { ?s ?q ?record }
  UNION { { ?record ?any ?neighbour } UNION { ?neighbour ?any ?record } FILTER(isIRI(?neighbour)) ?neighbour rdfs:label ?label }
}
"""


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header likes best (q-values honoured; */* takes the first offered)."""
    if not accept:
        return offered[0]
    best, best_q = None, 0.0
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        candidates = offered if media in ("*/*", "") else [o for o in offered if o == media or
                                                             (media.endswith("/*") and o.startswith(media[:-1]))]
        for candidate in candidates:
            if q > best_q:
                best, best_q = candidate, q
    return best


@dataclass
class Settings:
    timeout: float
    limit: int


class Backend:
    """The Oxigraph server on a private port, loaded with the built graph."""

    def __init__(self, dump: Path, timeout: float):
        self.folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        binary = oxigraph_binary()
        loaded = subprocess.run([binary, "load", "--location", str(self.folder / "store"), "--file", str(dump)],
                                capture_output=True, text=True)
        if loaded.returncode:
            raise KgError(f"oxigraph could not load {dump}: {loaded.stderr.strip().splitlines()[-1]}")
        self.port = _free_port()
        self.process = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(self.folder / "store"),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(max(1, int(round(timeout))))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}/query"
        self._wait()

    def _wait(self) -> None:
        import urllib.request

        for _ in range(400):
            if self.process.poll() is not None:
                raise KgError("the oxigraph server stopped while starting")
            try:
                urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                time.sleep(0.025)
        raise KgError("the oxigraph server did not start")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise UsageError("kg serve needs the Oxigraph server: pip install oxigraph (it comes with the test extra).")
    return found


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class App:
    """Everything a request needs: the backend, the stored queries, the settings."""

    def __init__(self, backend: Backend, queries: list[StoredQuery], settings: Settings, triples: int):
        self.backend = backend
        self.queries = {q.name: q for q in queries}
        self.settings = settings
        self.triples = triples
        self.engine = EndpointEngine(backend.url, timeout=settings.timeout + 5)

    def run(self, text: str):
        """Run a query on the backend; (result, truncated). Errors carry an HTTP status."""
        try:
            form = query_form(text)
        except ValueError:
            form = "SELECT"  # let the engine's parser say what is wrong
        graph = form in ("CONSTRUCT", "DESCRIBE")
        started = time.monotonic()
        try:
            body = self.engine.post(text, "application/n-triples" if graph else "application/sparql-results+json")
        except EndpointError as error:
            if error.status == 400:  # the engine's parser message, without the private backend address
                raise HttpError(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {error.detail}")
            raise HttpError(HTTPStatus.BAD_GATEWAY, str(error))
        except KgError as error:
            if time.monotonic() - started >= self.settings.timeout:
                raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, self._timeout_message())
            raise HttpError(HTTPStatus.BAD_GATEWAY, str(error))
        try:
            result = parse_response(body, graph)
        except (ValueError, SyntaxError):
            if "cancelled" in body[-200:]:
                raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, self._timeout_message())
            raise HttpError(HTTPStatus.BAD_GATEWAY, "The SPARQL engine sent an unreadable result.")
        return limit_result(result, self.settings.limit)

    def _timeout_message(self) -> str:
        return f"The query was stopped: it ran longer than the {self.settings.timeout:g} s this server allows."


class HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    server_version = "ai-safety-kg"
    app: App  # set on the subclass made by make_server

    # -- plumbing -------------------------------------------------------------
    def log_message(self, format, *args):  # quiet: one line per request only when asked
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def send_body(self, status: int, media: str, body: bytes | str, extra: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media if ";" in media or not media.startswith("text/") and "json" not in media
                         else f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-Result-Truncated")
        self.send_header("Vary", "Accept")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def fail(self, status: int, message: str, extra: dict | None = None) -> None:
        self.send_body(status, "text/plain", message + "\n", extra)

    def handle_errors(self, action) -> None:
        try:
            action()
        except HttpError as error:
            self.fail(error.status, str(error))
        except KgError as error:
            self.fail(HTTPStatus.BAD_REQUEST, str(error))
        except BrokenPipeError:
            pass

    # -- methods --------------------------------------------------------------
    def do_OPTIONS(self):
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.end_headers()

    def do_GET(self):
        self.handle_errors(self.route_get)

    def do_HEAD(self):
        self.handle_errors(self.route_get)

    def do_POST(self):
        self.handle_errors(self.route_post)

    def refuse_write(self):
        self.fail(HTTPStatus.METHOD_NOT_ALLOWED, "This server is read-only: it takes SPARQL queries, not updates or graph writes.",
                  {"Allow": "GET, POST, HEAD, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = refuse_write

    # -- routes ---------------------------------------------------------------
    def route_get(self):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            return self.send_body(HTTPStatus.OK, "text/html", query_page(self.app))
        if url.path == "/sparql":
            if "update" in params:
                return self.refuse_update()
            if "query" not in params:
                return self.service_description()
            return self.answer(params["query"][0], params)
        if url.path.startswith("/queries/"):
            return self.stored(urllib.parse.unquote(url.path[len("/queries/"):]), params)
        if url.path == "/queries":
            return self.send_body(HTTPStatus.OK, "application/json", json.dumps(
                [{"name": q.name, "summary": q.summary, "summary_ja": q.summary_ja, "params": q.params,
                  "defaults": q.defaults} for q in self.app.queries.values()], ensure_ascii=False))
        if url.path.startswith("/id/"):
            return self.record(url.path, params)
        if url.path in ("/update", "/store"):
            return self.refuse_write()
        self.fail(HTTPStatus.NOT_FOUND, f"Nothing at {url.path}. Try /sparql, /queries or /id/….")

    def route_post(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self.refuse_write()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if kind == "application/sparql-update":
            return self.refuse_update()
        if kind == "application/sparql-query":
            return self.answer(body, urllib.parse.parse_qs(url.query))
        if kind == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in params:
                return self.refuse_update()
            if "query" in params:
                return self.answer(params["query"][0], params)
            return self.fail(HTTPStatus.BAD_REQUEST, "The form has no 'query' field.")
        self.fail(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                  "POST a query as application/sparql-query or application/x-www-form-urlencoded.")

    def refuse_update(self):
        self.fail(HTTPStatus.FORBIDDEN, "This server is read-only: SPARQL UPDATE is refused.")

    # -- answers --------------------------------------------------------------
    def answer(self, text: str, params: dict):
        result, truncated = self.app.run(text)
        self.send_result(result, truncated, params)

    def send_result(self, result, truncated: bool, params: dict):
        graph = isinstance(result, GraphResult)
        table = GRAPH_TYPES if graph else SELECT_TYPES
        wanted = params.get("format", [""])[0].lower()
        fitting = [m for m in FORMAT_TYPES.get(wanted, ()) if m in table]
        media = fitting[0] if fitting else negotiate(self.headers.get("Accept"), list(table))
        if media is None:
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"This result can be sent as {', '.join(table)}.")
        body = format_result(result, table[media])
        extra = {"X-Result-Truncated": "true"} if truncated else {}
        self.send_body(HTTPStatus.OK, media, body, extra)

    def stored(self, name: str, params: dict):
        query = self.app.queries.get(name)
        if query is None:
            raise HttpError(HTTPStatus.NOT_FOUND, f"No stored query named {name!r}; GET /queries lists them.")
        given = [f"{k}={v[0]}" for k, v in params.items() if k != "format"]
        bindings = bind(query, given)
        text = with_values(query.text, bindings) if bindings else query.text
        result, truncated = self.app.run(text)
        if isinstance(result, SelectResult):
            result = result.without(set(query.params))
        self.send_result(result, truncated, params)

    def service_description(self):
        media = negotiate(self.headers.get("Accept"), ["text/turtle", "application/ld+json", "application/n-triples", "text/html"])
        if media == "text/html":
            return self.send_body(HTTPStatus.OK, "text/html", query_page(self.app))
        import pyoxigraph as ox

        here = f"http://{self.headers.get('Host', 'localhost')}/sparql"
        description = service_description(here, self.app)
        fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/n-triples": ox.RdfFormat.N_TRIPLES}[media or "text/turtle"]
        triples = ox.parse(description.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "void": "http://rdfs.org/ns/void#",
                    "dcterms": "http://purl.org/dc/terms/", "formats": "http://www.w3.org/ns/formats/"}
        self.send_body(HTTPStatus.OK, media or "text/turtle",
                       ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None))

    def record(self, path: str, params: dict):
        suffix = next((s for s in RECORD_SUFFIXES if path.endswith(s)), None)
        if suffix:
            path, media = path[: -len(suffix)], RECORD_SUFFIXES[suffix]
        else:
            media = negotiate(self.headers.get("Accept"), ["text/html", *GRAPH_TYPES])
            if media is None:
                raise HttpError(HTTPStatus.NOT_ACCEPTABLE, "A record is served as HTML, Turtle, JSON-LD or N-Triples.")
        iri = BASE.rstrip("/") + path
        from ..terms import Term

        result, _ = self.app.run(with_values(RECORD_QUERY, {"record": Term.iri(iri)}))
        if not result.ntriples.strip():
            raise HttpError(HTTPStatus.NOT_FOUND, f"No record {iri}.")
        if media == "text/html":
            return self.send_body(HTTPStatus.OK, "text/html", record_page(iri, result.ntriples),
                                  {"Link": f'<{path}.ttl>; rel="alternate"; type="text/turtle", '
                                           f'<{path}.jsonld>; rel="alternate"; type="application/ld+json"'})
        self.send_body(HTTPStatus.OK, media, format_result(result, GRAPH_TYPES[media]))


def service_description(endpoint: str, app: App) -> str:
    formats = "http://www.w3.org/ns/formats/"
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <{formats}SPARQL_Results_JSON> , <{formats}SPARQL_Results_XML> , <{formats}SPARQL_Results_CSV> ,
        <{formats}SPARQL_Results_TSV> , <{formats}Turtle> , <{formats}JSON-LD> , <{formats}N-Triples> ;
    dcterms:description "Read-only. Queries stop after {app.settings.timeout:g} s; results are cut at {app.settings.limit} rows."@en ;
    sd:defaultDataset [ a sd:Dataset ;
        dcterms:source <{BASE}dataset> ;
        sd:defaultGraph [ a sd:Graph ; void:triples {app.triples} ] ] .
"""


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def record_page(iri: str, ntriples: str) -> str:
    """A plain HTML page for one record: labels, statements both ways, links that stay on this server."""
    import pyoxigraph as ox

    triples = list(ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    labels: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label" and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value

    def show(term) -> str:
        if isinstance(term, ox.NamedNode):
            name = labels.get(term.value, {})
            text = name.get("en") or name.get("ja") or shorten(term.value)
            href = term.value[len(BASE) - 1:] if term.value.startswith(BASE + "id/") else term.value
            return f'<a href="{_escape(href)}">{_escape(text)}</a>'
        if isinstance(term, ox.Literal):
            lang = f' <span class="lang">@{term.language}</span>' if term.language else ""
            return _escape(term.value) + lang
        return _escape(str(term))

    outgoing = sorted((shorten(t.predicate.value), show(t.object)) for t in triples if t.subject.value == iri)
    incoming = sorted((show(t.subject), shorten(t.predicate.value)) for t in triples
                      if isinstance(t.object, ox.NamedNode) and t.object.value == iri and t.subject.value != iri)
    own = labels.get(iri, {})
    title = own.get("ja", "") + (" / " if own.get("ja") and own.get("en") else "") + own.get("en", "")
    path = iri[len(BASE) - 1:]
    rows = "\n".join(f"<tr><th>{_escape(p)}</th><td>{o}</td></tr>" for p, o in outgoing)
    back = "\n".join(f"<tr><td>{s}</td><th>{_escape(p)}</th></tr>" for s, p in incoming)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_escape(title or iri)}</title>
<link rel="alternate" type="text/turtle" href="{_escape(path)}.ttl">
<link rel="alternate" type="application/ld+json" href="{_escape(path)}.jsonld">
<style>body{{font-family:sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}}th{{text-align:left;vertical-align:top;padding-right:1rem;font-weight:normal;color:#555}}td{{padding:.15rem 0}}.lang{{color:#888;font-size:.8em}}</style>
</head><body>
<p><a href="/">AI Safety Knowledge Graph</a></p>
<h1>{_escape(title or shorten(iri))}</h1>
<p><code>{_escape(iri)}</code> · <a href="{_escape(path)}.ttl">Turtle</a> · <a href="{_escape(path)}.jsonld">JSON-LD</a></p>
<h2>Statements</h2><table>{rows}</table>
<h2>Referred to by</h2><table>{back or '<tr><td>—</td></tr>'}</table>
</body></html>
"""


def query_page(app: App) -> str:
    catalogue = [{"name": q.name, "summary": q.summary, "summary_ja": q.summary_ja, "params": q.params,
                  "defaults": q.defaults, "text": q.text} for q in app.queries.values()]
    data = json.dumps(catalogue, ensure_ascii=False).replace("</", "<\\/")
    return """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AI Safety Knowledge Graph – SPARQL</title>
<style>
body{font-family:sans-serif;max-width:75rem;margin:2rem auto;padding:0 1rem}
textarea{width:100%;height:16rem;font-family:monospace}
table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}
#params label{margin-right:1rem}#status{color:#a00}
</style></head><body>
<h1>AI Safety Knowledge Graph: SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST). Stored queries run by name at
<code>/queries/NAME?param=value</code>. Records dereference under <code>/id/…</code>.</p>
<p><label>Stored query: <select id="stored"><option value="">(write your own)</option></select></label></p>
<p id="summary"></p><div id="params"></div>
<textarea id="query">SELECT ?instrument ?title WHERE {
  ?instrument a <https://w3id.org/ai-safety-kg/ontology#Instrument> ;
      <http://www.w3.org/2000/01/rdf-schema#label> ?title .
  FILTER(LANG(?title) = "en")
} ORDER BY ?instrument LIMIT 20</textarea>
<p><button id="run">Run</button> <span id="status"></span></p>
<div id="results"></div>
<script>
const catalogue = """ + data + """;
const select = document.getElementById("stored");
for (const q of catalogue) { const o = document.createElement("option"); o.value = q.name; o.textContent = q.name; select.append(o); }
select.addEventListener("change", () => {
  const q = catalogue.find(x => x.name === select.value);
  const params = document.getElementById("params"); params.innerHTML = "";
  document.getElementById("summary").textContent = q ? q.summary + " / " + q.summary_ja : "";
  if (!q) return;
  document.getElementById("query").value = q.text;
  for (const [name, type] of Object.entries(q.params)) {
    const label = document.createElement("label"); label.textContent = name + " (" + type + ") ";
    const input = document.createElement("input"); input.name = name; input.value = q.defaults[name] || "";
    label.append(input); params.append(label);
  }
});
function cell(term) {
  if (!term) return "";
  const a = document.createElement("a");
  if (term.type === "uri") { a.href = term.value.startsWith(""" + json.dumps(BASE + "id/") + """) ? term.value.slice(""" + str(len(BASE) - 1) + """) : term.value; a.textContent = term.value; return a.outerHTML; }
  const s = document.createElement("span"); s.textContent = term.value; return s.outerHTML;
}
document.getElementById("run").addEventListener("click", async () => {
  const status = document.getElementById("status"); status.textContent = "running…";
  let response;
  if (select.value) {
    const query = new URLSearchParams();
    for (const input of document.querySelectorAll("#params input")) if (input.value) query.set(input.name, input.value);
    response = await fetch("/queries/" + select.value + "?" + query, {headers: {Accept: "application/sparql-results+json, text/turtle;q=0.5"}});
  } else {
    response = await fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query",
      Accept: "application/sparql-results+json, text/turtle;q=0.5"}, body: document.getElementById("query").value});
  }
  const results = document.getElementById("results");
  if (!response.ok) { status.textContent = await response.text(); results.innerHTML = ""; return; }
  status.textContent = response.headers.get("X-Result-Truncated") ? "(cut at the server's limit)" : "";
  if ((response.headers.get("Content-Type") || "").includes("json")) {
    const doc = await response.json();
    if ("boolean" in doc) { results.textContent = String(doc.boolean); return; }
    let html = "<table><tr>" + doc.head.vars.map(v => "<th>" + v + "</th>").join("") + "</tr>";
    for (const b of doc.results.bindings) html += "<tr>" + doc.head.vars.map(v => "<td>" + cell(b[v]) + "</td>").join("") + "</tr>";
    results.innerHTML = html + "</table><p>" + doc.results.bindings.length + " rows</p>";
  } else { const pre = document.createElement("pre"); pre.textContent = await response.text(); results.replaceChildren(pre); }
});
</script>
</body></html>
"""


def make_server(project, dump: Path, host: str, port: int, timeout: float, limit: int):
    """Start the backend and return (http server, backend); the caller serves and closes both."""
    backend = Backend(dump, timeout)
    # the engine has the graph loaded already: ask it rather than parse the dump a second time
    count = EndpointEngine(backend.url).run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
    triples = int(count.rows[0]["n"].value)
    app = App(backend, stored_queries(project.queries_dir), Settings(timeout, limit), triples)
    handler = type("BoundHandler", (Handler,), {"app": app})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        backend.close()
        raise UsageError(f"Cannot listen on {host}:{port}: {error.strerror}.") from None
    server.daemon_threads = True
    return server, backend


def serve(project, dump: Path, host: str, port: int, timeout: float, limit: int, ready=None) -> None:
    server, backend = make_server(project, dump, host, port, timeout, limit)
    address = f"http://{server.server_address[0]}:{server.server_address[1]}"
    print(f"Serving {dump.name} at {address}/ (SPARQL endpoint {address}/sparql); Ctrl-C stops.", flush=True)
    if ready:
        ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.close()
