"""Asking the engine: one HTTP/1.1 request to the private Oxigraph server on
a keep-alive connection (``pool``), its answer read as it streams, cut at
the row and byte limits.

``ask_raw`` passes the answer through in the format the client asked for,
as the engine wrote it (``passthrough`` holds it to the limits). ``ask``
reads it into rows, for what needs the terms (record pages, stored queries
whose parameter columns are dropped, Turtle and JSON-LD): SPARQL Results XML
through an incremental parser, N-Triples line by line. Either way a runaway
result costs the front at most the byte limit, and the connection is closed
as soon as a limit is reached: Oxigraph stops a query when it can no longer
write."""

from __future__ import annotations

import asyncio
from xml.etree.ElementTree import ParseError, XMLPullParser

from ...query.engines import parse_response
from ...query.results import AskResult, SelectResult
from ...terms import Term
from . import passthrough
from .pool import EngineDown, Pool, body_chunks, request_bytes, send

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SMALL = 16 * 1024  # a piece of an answer this small is parsed on the event loop: a thread costs more

class EngineRefused(Exception):
    """The engine answered with an error; ``status`` is what the client gets."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _term(element) -> Term:
    kind, text = _local(element.tag), element.text or ""
    if kind == "uri":
        return Term.iri(text)
    if kind == "bnode":
        return Term("bnode", text)
    return Term.literal(text, element.get("datatype"), element.get(XML_LANG))


class XmlRows:
    """SPARQL 1.1 Query Results XML, read incrementally into rows."""

    def __init__(self, limit: int):
        self.parser = XMLPullParser(events=("start", "end"))
        self.limit = limit
        self.variables: list[str] = []
        self.rows: list[dict[str, Term]] = []
        self.boolean: bool | None = None
        self.results = None

    def feed(self, data: bytes) -> bool:
        """Take more of the answer; True once there are more rows than the limit."""
        self.parser.feed(data)
        for event, element in self.parser.read_events():
            tag = _local(element.tag)
            if event == "start":
                if tag == "results":
                    self.results = element
            elif tag == "variable":
                self.variables.append(element.get("name", ""))
            elif tag == "boolean":
                self.boolean = (element.text or "").strip() == "true"
            elif tag == "result":
                self.rows.append({b.get("name", ""): _term(b[0]) for b in element if len(b)})
                if self.results is not None:
                    self.results.remove(element)  # keep nothing of a row but the row
                if len(self.rows) > self.limit:
                    return True
        return False

    def finish(self) -> None:
        self.parser.close()

    def result(self):
        if self.boolean is not None:
            return AskResult(self.boolean)
        return SelectResult(self.variables, self.rows[: self.limit])


class TripleLines:
    """N-Triples, one triple a line, counted as they arrive."""

    def __init__(self, limit: int):
        self.limit = limit
        self.lines: list[bytes] = []
        self.rest = b""

    def feed(self, data: bytes) -> bool:
        *complete, self.rest = (self.rest + data).split(b"\n")
        self.lines += [line for line in complete if line.strip()]
        return len(self.lines) > self.limit

    def finish(self) -> None:
        if self.rest.strip():
            raise ParseError("the answer ends inside a triple")

    def result(self):
        return parse_response(b"\n".join(self.lines[: self.limit]).decode("utf-8") + "\n", True)


async def ask(pool: Pool, port: int, text: str, graph: bool, rows: int, max_bytes: int, host: str = "localhost"):
    """Run ``text`` on the engine and read its answer into rows; (result, truncated). Cancel it to stop the query.

    ``host`` is the public host name: Oxigraph makes the query's base IRI from the Host header, and
    sends that base along in SERVICE requests, which must not carry the engine's private address."""
    accept = "application/n-triples" if graph else "application/sparql-results+xml"
    collector = TripleLines(rows) if graph else XmlRows(rows)
    connection, status, headers = await send(pool, port, request_bytes(text, accept, host))
    try:
        if status != 200:
            raise await _refused(connection, status, headers)
        return await _collect(connection, headers, collector, max_bytes)
    except ConnectionError as error:
        raise EngineDown(str(error)) from None
    finally:
        pool.give_back(connection)  # closed unless the answer was read to its end: that stops the query


async def ask_raw(pool: Pool, port: int, text: str, fmt: str, rows: int, max_bytes: int,
                  host: str = "localhost", within: bool = False) -> tuple[bytes, bool]:
    """Run ``text`` on the engine and pass its answer through as it wrote it (in ``fmt``: json, xml, csv,
    tsv, nt), cut at the row and byte limits; (bytes, truncated). ``within``: the query's own LIMIT keeps
    it within ``rows``."""
    accept = passthrough.ENGINE_TYPES[fmt]
    connection, status, headers = await send(pool, port, request_bytes(text, accept, host))
    try:
        if status != 200:
            raise await _refused(connection, status, headers)
        parts, read, lines, complete = [], 0, 0, True
        async for data in body_chunks(connection, headers):
            parts.append(data)
            read += len(data)
            if fmt == "nt":  # a CONSTRUCT's triples are not bounded by LIMIT: counted as they come
                lines += data.count(b"\n")
            if read > max_bytes or lines > rows:
                complete = False
                break
        data = b"".join(parts)
        if not complete and read > max_bytes:
            data = data[:max_bytes]
        try:
            if len(data) <= SMALL or (complete and within):
                return passthrough.cut(data, fmt, rows, complete, within)
            return await asyncio.get_running_loop().run_in_executor(None, passthrough.cut, data, fmt, rows, complete)
        except ValueError:  # including a JSON answer that is not JSON
            return _broken(data[-256:])
    except ConnectionError as error:
        raise EngineDown(str(error)) from None
    finally:
        pool.give_back(connection)


async def _refused(connection, status: int, headers) -> EngineRefused:
    error_body = b""
    async for data in body_chunks(connection, headers):
        error_body = (error_body + data)[:4096]
    return _refusal(status, error_body.decode("utf-8", errors="replace"))


async def _collect(connection, headers, collector, max_bytes: int):
    loop = asyncio.get_running_loop()
    read, tail = 0, b""
    async for data in body_chunks(connection, headers):
        read += len(data)
        tail = (tail + data)[-256:]
        try:
            # parsing rows costs CPU: big answers off the event loop, which keeps answering other requests
            if read > max_bytes:
                return collector.result(), True
            full = collector.feed(data) if len(data) < SMALL else await loop.run_in_executor(None, collector.feed, data)
            if full:
                return collector.result(), True
        except ParseError:
            return _broken(tail)
    try:
        collector.finish()
    except ParseError:
        return _broken(tail)
    return collector.result(), False


def _broken(tail: bytes):
    if b"cancelled" in tail or b"timeout" in tail.lower():
        raise EngineRefused(503, "timeout")
    raise EngineRefused(503, "The query engine sent an unreadable answer.")


def _refusal(status: int, message: str) -> EngineRefused:
    first = (message.strip().splitlines() or [""])[0].strip()
    if status == 400:
        return EngineRefused(400, f"SPARQL syntax error: {first}")
    if "cancelled" in message or "timeout" in message.lower():
        return EngineRefused(503, "timeout")
    if 400 < status < 500:
        return EngineRefused(400, f"The query engine refused the query: {first}")
    return EngineRefused(503, "The query engine could not answer this query.")
