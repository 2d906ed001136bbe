"""The HTTP face of ``kg serve``: a Starlette application.

Routes: ``/`` (query page), ``/sparql`` (SPARQL 1.1 protocol, GET and POST,
and the service description), ``/queries`` and ``/queries/NAME`` (the stored
queries by name), ``/id/…`` (records as HTML, Turtle, JSON-LD, N-Triples).
Every write is refused; every answer carries CORS headers; every error is
one sentence of plain text with a 4xx (or 503 when the engine is busy or
restarting), never a traceback, an internal address or a request's Host."""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.parse

from starlette.requests import Request
from starlette.responses import Response

from ...errors import KgError
from ...prefixes import BASE
from ...query.params import bind
from ...query.results import GraphResult, SelectResult, format_result
from ...query.sparqltext import with_values
from . import passthrough
from .media import FORMAT_TYPES, GRAPH_TYPES, RECORD_SUFFIXES, SELECT_TYPES, content_type, negotiate
from .pages import query_page, record_page
from .service import HttpError, Service

RECORD_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?record ?p ?o . ?s ?q ?record . ?neighbour rdfs:label ?label . }
WHERE {
  { ?record ?p ?o } UNION { ?s ?q ?record }
  UNION { { ?record ?any ?neighbour } UNION { ?neighbour ?any ?record } FILTER(isIRI(?neighbour)) ?neighbour rdfs:label ?label }
}
"""
ALLOW = "GET, POST, HEAD, OPTIONS"
READ_ONLY = "This server is read-only: it takes SPARQL queries, not updates or graph writes."


class BoundedResponse(Response):
    """A response that a client must take within ``send_timeout`` seconds, or lose its connection."""

    send_timeout = 10.0

    async def __call__(self, scope, receive, send) -> None:
        try:
            async with asyncio.timeout(self.send_timeout):
                await super().__call__(scope, receive, send)
        except TimeoutError:
            pass  # uvicorn closes a connection whose answer was not completed


def response(status: int, data: bytes, headers: dict[str, str]) -> Response:
    """A response whose header names keep their usual capitals (Starlette would lower-case them)."""
    answer = BoundedResponse(data, status_code=status)
    length = {"Content-Length": str(len(data))} if status != 204 else {}
    answer.raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in {**length, **headers}.items()]
    return answer


def reply(status: int, media: str, body: bytes | str, extra: dict | None = None) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    headers = {"Content-Type": content_type(media), "Access-Control-Allow-Origin": "*",
               "Access-Control-Expose-Headers": "X-Result-Truncated", "Vary": "Accept", **(extra or {})}
    return response(status, data, headers)


def fail(status: int, message: str, extra: dict | None = None) -> Response:
    return reply(status, "text/plain", message.rstrip() + "\n", extra)


def params_of(query: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(query, keep_blank_values=True, errors="strict", max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "The query string is not well-formed UTF-8 form data.") from None


def make_endpoint(service: Service):
    BoundedResponse.send_timeout = service.limits.timeout + service.limits.idle

    async def endpoint(request: Request) -> Response:
        try:
            return await route(service, request)
        except HttpError as error:
            return fail(error.status, str(error), error.headers)
        except KgError as error:
            return fail(400, str(error))
        except ValueError:  # a value that cannot be a term, such as a record IRI with a space
            return fail(400, "The request holds a value that cannot be used in a query (such as an IRI with a space).")
        except Exception as error:  # a bug: one line in the log, one sentence to the client
            print(f"kg serve: internal error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            return fail(500, "The server could not answer this request.")

    return endpoint


async def route(service: Service, request: Request) -> Response:
    method, path = request.method, request.url.path
    head = len(request.scope.get("raw_path") or b"") + len(request.scope.get("query_string") or b"")
    head += sum(len(k) + len(v) + 4 for k, v in request.scope["headers"])
    if head > service.limits.header_bytes:  # h11 caps a head that arrives in pieces; this, one that arrives at once
        return fail(431, f"The request head may be at most {service.limits.header_bytes:,} bytes.", {"Connection": "close"})
    if method == "OPTIONS":
        return response(204, b"", {
            "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": ALLOW,
            "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "86400"})
    if method not in ("GET", "HEAD", "POST") or path in ("/update", "/store") or (method == "POST" and path != "/sparql"):
        return fail(405, READ_ONLY, {"Allow": ALLOW})
    if method == "POST":
        return await sparql_post(service, request)
    params = params_of(request.url.query)
    if path in ("/", "/index.html"):
        return reply(200, "text/html", query_page(service.queries.values()))
    if path == "/sparql":
        if "update" in params:
            return refuse_update()
        if "query" not in params:
            return service_description(service, request)
        return await answer(service, request, params["query"][0], params)
    if path == "/queries":
        return reply(200, "application/json", json.dumps(
            [{"name": q.name, "summary": q.summary, "summary_ja": q.summary_ja, "params": q.params,
              "defaults": q.defaults} for q in service.queries.values()], ensure_ascii=False))
    if path.startswith("/queries/"):
        return await stored(service, request, path[len("/queries/"):], params)
    if path.startswith("/id/"):
        return await record(service, request, path)
    return fail(404, "Nothing here. Try /sparql, /queries or /id/….")


def refuse_update() -> Response:
    return fail(403, "This server is read-only: SPARQL UPDATE is refused.")


async def sparql_post(service: Service, request: Request) -> Response:
    kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if kind == "application/sparql-update":
        return refuse_update()
    if kind not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        return fail(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded.")
    body = await service.read_body(request)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return fail(400, "The request body is not UTF-8.")
    if kind == "application/sparql-query":
        return await answer(service, request, text, params_of(request.url.query))
    params = params_of(text)
    if "update" in params:
        return refuse_update()
    if "query" not in params:
        return fail(400, "The form has no 'query' field.")
    return await answer(service, request, params["query"][0], params)


def chosen_media(request: Request, table: dict, params: dict) -> str | None:
    wanted = params.get("format", [""])[0].lower()
    fitting = [m for m in FORMAT_TYPES.get(wanted, ()) if m in table]
    return fitting[0] if fitting else negotiate(request.headers.get("accept"), list(table))


async def answer(service: Service, request: Request, text: str, params: dict) -> Response:
    """A query's answer: passed through as the engine writes it where the format allows (SELECT and ASK in
    every result format, CONSTRUCT and DESCRIBE as N-Triples), otherwise read into rows and written out."""
    form, sent, within = passthrough.capped(text, service.limits.rows)  # form None: the engine will say why
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    media = chosen_media(request, table, params)
    fmt = table.get(media or "")
    if sent is not None and (form == "SELECT" or form == "ASK" or fmt == "nt") and fmt is not None:
        body, truncated = await service.run_raw(text, sent, request, fmt, within)
        return reply(200, media, body, {"X-Result-Truncated": "true"} if truncated else {})
    result, truncated = await service.run(text, request)
    return await send_result(request, result, truncated, params)


async def send_result(request: Request, result, truncated: bool, params: dict) -> Response:
    from starlette.concurrency import run_in_threadpool

    table = GRAPH_TYPES if isinstance(result, GraphResult) else SELECT_TYPES
    media = chosen_media(request, table, params)
    if media is None:
        raise HttpError(406, f"This result can be sent as {', '.join(table)}.")
    try:
        async with asyncio.timeout_at(request.scope["kg.deadline"]):  # the timeout covers writing the answer too
            body = await run_in_threadpool(format_result, result, table[media])
    except TimeoutError:
        raise HttpError(503, request.scope["kg.timeout_message"]) from None
    return reply(200, media, body, {"X-Result-Truncated": "true"} if truncated else {})


async def stored(service: Service, request: Request, name: str, params: dict) -> Response:
    query = service.queries.get(name)
    if query is None:
        raise HttpError(404, "No stored query by that name; GET /queries lists them.")
    given = [f"{k}={v[0]}" for k, v in params.items() if k != "format"]
    bindings = bind(query, given)
    text = with_values(query.text, bindings) if bindings else query.text
    result, truncated = await service.run(text, request)
    if isinstance(result, SelectResult):
        result = result.without(set(query.params))
    return await send_result(request, result, truncated, params)


def service_description(service: Service, request: Request) -> Response:
    import pyoxigraph as ox

    media = negotiate(request.headers.get("accept"),
                      ["text/turtle", "application/ld+json", "application/n-triples", "text/html"])
    if media == "text/html":
        return reply(200, "text/html", query_page(service.queries.values()))
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
           "application/n-triples": ox.RdfFormat.N_TRIPLES}[media or "text/turtle"]
    triples = ox.parse(service.description().encode("utf-8"), format=ox.RdfFormat.TURTLE)
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "void": "http://rdfs.org/ns/void#",
                "dcterms": "http://purl.org/dc/terms/", "formats": "http://www.w3.org/ns/formats/"}
    return reply(200, media or "text/turtle",
                 ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None))


async def record(service: Service, request: Request, path: str) -> Response:
    from ...terms import Term

    suffix = next((s for s in RECORD_SUFFIXES if path.endswith(s)), None)
    if suffix:
        path, media = path[: -len(suffix)], RECORD_SUFFIXES[suffix]
    else:
        media = negotiate(request.headers.get("accept"), ["text/html", *GRAPH_TYPES])
        if media is None:
            raise HttpError(406, "A record is served as HTML, Turtle, JSON-LD or N-Triples.")
    iri = BASE.rstrip("/") + path
    result, _ = await service.run(with_values(RECORD_QUERY, {"record": Term.iri(iri)}), request)
    if not result.ntriples.strip():
        raise HttpError(404, "No record with that IRI.")
    if media == "text/html":
        page = await asyncio.get_running_loop().run_in_executor(None, record_page, iri, result.ntriples)
        quoted = urllib.parse.quote(path)
        return reply(200, "text/html", page, {"Link": f'<{quoted}.ttl>; rel="alternate"; type="text/turtle", '
                                                      f'<{quoted}.jsonld>; rel="alternate"; type="application/ld+json"'})
    return reply(200, media, format_result(result, GRAPH_TYPES[media]))
