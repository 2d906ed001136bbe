"""Asking the engine: one HTTP/1.1 request to the private Oxigraph server,
its answer read as it streams, cut at the row and byte limits.

Rows are counted while the answer arrives (SPARQL Results XML through an
incremental parser; N-Triples line by line), so a runaway result costs the
front at most the byte limit, and the connection is closed as soon as the
limit is reached: Oxigraph stops a query when it can no longer write."""

from __future__ import annotations

import asyncio
import urllib.parse
from xml.etree.ElementTree import ParseError, XMLPullParser

import h11

from ...query.engines import parse_response
from ...query.results import AskResult, SelectResult
from ...terms import Term

CHUNK = 64 * 1024
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class EngineDown(Exception):
    """The engine did not answer at all: it is gone or restarting."""


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


async def _send(writer: asyncio.StreamWriter, connection: h11.Connection, text: str, accept: str, host: str) -> None:
    body = urllib.parse.urlencode({"query": text}).encode("utf-8")
    headers = [("Host", host), ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", accept),
               ("Content-Length", str(len(body))), ("Connection", "close")]
    writer.write(connection.send(h11.Request(method="POST", target="/query", headers=headers)))
    writer.write(connection.send(h11.Data(data=body)))
    writer.write(connection.send(h11.EndOfMessage()))
    await writer.drain()


async def _events(reader: asyncio.StreamReader, connection: h11.Connection):
    """The engine's response as h11 events; EngineDown if it hangs up before the end."""
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            data = await reader.read(CHUNK)
            if not data:
                raise EngineDown("the engine closed the connection")
            connection.receive_data(data)
            continue
        yield event
        if isinstance(event, h11.EndOfMessage):
            return


async def ask(port: int, text: str, graph: bool, rows: int, max_bytes: int, host: str = "localhost"):
    """Run ``text`` on the engine; (result, truncated). Cancel it to stop the query.

    ``host`` is the public host name: Oxigraph makes the query's base IRI from the Host header, and
    sends that base along in SERVICE requests, which must not carry the engine's private address."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        raise EngineDown(str(error)) from None
    try:
        connection = h11.Connection(h11.CLIENT)
        await _send(writer, connection, text, "application/n-triples" if graph else "application/sparql-results+xml",
                    host)
        return await _read(reader, connection, TripleLines(rows) if graph else XmlRows(rows), max_bytes)
    except (ConnectionError, h11.ProtocolError) as error:
        raise EngineDown(str(error)) from None
    finally:
        writer.close()  # before the end of the answer, this stops the query in the engine


async def _read(reader, connection, collector, max_bytes: int):
    loop = asyncio.get_running_loop()
    status, error_body, read, tail = 0, b"", 0, b""
    async for event in _events(reader, connection):
        if isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.Data):
            if status != 200:
                error_body = (error_body + event.data)[:4096]
                continue
            read += len(event.data)
            tail = (tail + event.data)[-256:]
            try:
                # parsing rows costs CPU: off the event loop, which keeps answering other requests
                if read > max_bytes or await loop.run_in_executor(None, collector.feed, event.data):
                    return collector.result(), True
            except ParseError:
                return _broken(tail)
    if status != 200:
        raise _refusal(status, error_body.decode("utf-8", errors="replace"))
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
