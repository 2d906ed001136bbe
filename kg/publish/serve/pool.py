"""Keep-alive HTTP/1.1 connections to the engine, and just enough of the
protocol to ask it a query and read its answer as it streams.

A connection goes back to the pool only after an answer was read to its
end; one closed early (a limit reached, the time up, the client gone) is
closed, which is what stops the query in the engine. A connection the engine
closed while it lay idle is noticed when it is taken, or when a query on it
gets no answer at all: the query is then sent once more on a new connection
(queries are read-only, so asking twice is safe)."""

from __future__ import annotations

import asyncio
import time

CHUNK = 64 * 1024
HEAD_LIMIT = 64 * 1024  # the engine's response head is a few hundred bytes
MAX_IDLE = 64  # idle connections kept


class EngineDown(Exception):
    """The engine did not answer at all: it is gone or restarting."""


class Connection:
    def __init__(self, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.port, self.reader, self.writer = port, reader, writer
        self.reusable = False  # set when an answer was read to its end and the engine keeps the connection
        self.idle_since = 0.0

    def close(self) -> None:
        self.writer.close()


class Pool:
    """``max_idle``: seconds a connection may lie idle and still be used. The engine, after its own timeout
    (``--timeout-s``) of silence on a kept-alive connection, writes an unasked 500 ("Resource temporarily
    unavailable") on it and closes it; a connection taken just then would read that as the next answer."""

    def __init__(self, max_idle: float = 0.5):
        self.idle: list[Connection] = []
        self.max_idle = max_idle

    async def take(self, port: int) -> tuple[Connection, bool]:
        """A connection to the engine on ``port``, and whether it was used before."""
        now = time.monotonic()
        while self.idle:
            connection = self.idle.pop()
            fresh = now - connection.idle_since < self.max_idle
            if fresh and connection.port == port and not connection.reader.at_eof() and not connection.writer.is_closing():
                return connection, True
            connection.close()  # the engine was restarted on another port, or closed it
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=HEAD_LIMIT)
        except OSError as error:
            raise EngineDown(str(error)) from None
        return Connection(port, reader, writer), False

    def give_back(self, connection: Connection) -> None:
        if connection.reusable and len(self.idle) < MAX_IDLE and not connection.writer.is_closing():
            connection.reusable = False
            connection.idle_since = time.monotonic()
            self.idle.append(connection)
        else:
            connection.close()

    def clear(self) -> None:
        while self.idle:
            self.idle.pop().close()


def request_bytes(text: str, accept: str, host: str) -> bytes:
    """A SPARQL protocol request: the query as the body, as it is (no form encoding to undo)."""
    body = text.encode("utf-8")
    return (f"POST /query HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
            f"Accept: {accept}\r\nContent-Length: {len(body)}\r\n\r\n").encode("latin-1") + body


async def response_head(connection: Connection) -> tuple[int, dict[str, str]]:
    """The status and headers (lower-cased names) of the engine's response."""
    try:
        head = await connection.reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        raise EngineDown("the engine closed the connection") from None
    except asyncio.LimitOverrunError:
        raise EngineDown("the engine sent an overlong response head") from None
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError):
        raise EngineDown("the engine sent no HTTP status line") from None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


async def body_chunks(connection: Connection, headers: dict[str, str]):
    """The response body as it arrives; marks the connection reusable once the body has ended."""
    reader = connection.reader
    try:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")  # the engine sends no trailers
                    break
                async for data in _exactly(reader, size):
                    yield data
                await reader.readexactly(2)
        elif "content-length" in headers:
            async for data in _exactly(reader, int(headers["content-length"])):
                yield data
        else:
            while data := await reader.read(CHUNK):
                yield data
            return
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
        raise EngineDown("the engine's answer broke off") from None
    connection.reusable = headers.get("connection", "").lower() != "close"


async def send(pool: Pool, port: int, data: bytes) -> tuple[Connection, int, dict[str, str]]:
    """Send a request; the connection, status and headers of the answer (sent again on a new connection
    once, if a connection from the pool turns out to be closed)."""
    for attempt in (1, 2):
        connection, reused = await pool.take(port)
        try:
            connection.writer.write(data)
            await connection.writer.drain()
            status, headers = await response_head(connection)
            return connection, status, headers
        except (EngineDown, ConnectionError) as error:
            connection.close()
            if not reused or attempt == 2:
                raise EngineDown(str(error)) from None
        except BaseException:
            connection.close()
            raise
    raise AssertionError("unreachable")


async def _exactly(reader, remaining: int):
    """``remaining`` bytes of the engine's answer, as they arrive; EngineDown if it hangs up first."""
    while remaining:
        data = await reader.read(min(remaining, CHUNK))
        if not data:
            raise EngineDown("the engine closed the connection")
        remaining -= len(data)
        yield data
