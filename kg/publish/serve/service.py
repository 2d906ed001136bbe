"""What every request of ``kg serve`` shares: the engine and its watchdog,
the stored queries, the limits; and the two steps that must hold them: reading
a request body, and running a query from the guard to the last byte."""

from __future__ import annotations

import asyncio
import functools
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from starlette.requests import Request

from ...query.guard import QueryRefused, check_query
from ...query.sparqltext import query_form
from .backend import Backend, Watchdog, backend_timeout
from .engine import EngineDown, EngineRefused, ask, ask_raw
from .limits import Limits
from .pool import Pool
from .pages import service_description


#: Threads for the guard's algebra check (rdflib takes about 0.2 s a query): a flood of such queries waits
#: here, and leaves the default executor (answers being read, engine restarts) alone.
GUARDS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-guard")


#: How many query texts the guard passed are remembered, and how long each may be (at most 1 MiB in all).
PASSED, PASSED_TEXT = 256, 4096


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class ClientGone(Exception):
    pass


async def _until_disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def unless_disconnected(request: Request, work):
    """Await ``work``; cancel it (ClientGone) if the client hangs up first."""
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_until_disconnected(request.receive))
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            return task.result()
        task.cancel()
        await asyncio.wait({task})  # its connection to the engine is closed before going on
        raise ClientGone
    finally:
        task.cancel()
        watch.cancel()


class Service:
    def __init__(self, backend: Backend, queries, limits: Limits, triples: int, public_url: str, watchdog=None):
        self.backend = backend
        self.queries = {q.name: q for q in queries}
        self.limits = limits
        self.triples = triples
        self.public_url = public_url.rstrip("/")
        self.public_host = urllib.parse.urlsplit(self.public_url).netloc or "localhost"
        # under kg serve --workers, a view of the supervisor's watchdog (``workers.WorkerWatch``)
        self.watchdog = watchdog or Watchdog(backend, limits.memory_mb * 1024 * 1024, grace=2.0)
        self.pool = Pool(backend_timeout(limits.timeout) / 2)  # keep-alive connections to the engine
        self.passed: dict[str, None] = {}  # query texts the guard passed, oldest first

    def description(self) -> str:
        return service_description(self.public_url + "/sparql", self.limits, self.triples)

    def timeout_message(self) -> str:
        return f"The query was stopped: it ran longer than the {self.limits.timeout:g} s this server allows."

    async def read_body(self, request: Request) -> bytes:
        """The request body: at most ``body_bytes`` (413), arriving within ``idle`` seconds (408)."""
        cap, close = self.limits.body_bytes, {"Connection": "close"}
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            raise HttpError(413, f"The request body may be at most {cap:,} bytes.", close)
        chunks, size = [], 0
        try:
            async with asyncio.timeout(self.limits.idle):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > cap:
                        raise HttpError(413, f"The request body may be at most {cap:,} bytes.", close)
                    chunks.append(chunk)
        except TimeoutError:
            raise HttpError(408, f"The request body did not arrive within {self.limits.idle:g} s.", close) from None
        return b"".join(chunks)

    def guard(self, text: str) -> None:
        limits = self.limits
        check_query(text, limits.allow_services, max_bytes=limits.query_bytes, max_depth=limits.depth)

    async def run(self, text: str, request: Request):
        """The query's result, cut at the limits; (result, truncated). Errors are HttpErrors."""
        started = request.scope.setdefault("kg.started", time.monotonic())
        await self.check(text)
        try:
            graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
        except ValueError:
            graph = False  # the engine's parser will say what is wrong
        limits, host = self.limits, self.public_host
        return await self._ask(lambda port: ask(self.pool, port, text, graph, limits.rows, limits.result_bytes, host),
                               request, started)

    async def check(self, text: str) -> None:
        """The query guard; HttpError 400 if it refuses the query. Its verdict depends on the text alone, so
        the last texts it passed are remembered (those of a few KiB: the queries clients send again)."""
        if text in self.passed:
            return
        try:
            if "service" in text.lower():  # the algebra check parses with rdflib: off the event loop, two at a time
                async with asyncio.timeout(self.limits.timeout):
                    await asyncio.get_running_loop().run_in_executor(GUARDS, functools.partial(self.guard, text))
            else:
                self.guard(text)
        except QueryRefused as refused:
            raise HttpError(400, str(refused)) from None
        except TimeoutError:
            raise HttpError(503, self.timeout_message()) from None
        if len(text) <= PASSED_TEXT:
            if len(self.passed) >= PASSED:
                del self.passed[next(iter(self.passed))]  # the oldest
            self.passed[text] = None

    async def run_raw(self, text: str, sent: str, request: Request, fmt: str, within: bool = False):
        """The answer as the engine writes it in ``fmt``, cut at the limits; (bytes, truncated).

        ``sent`` is what the engine is asked: ``text``, or for SELECT ``text`` with its LIMIT lowered to one
        row past the row limit (``passthrough.capped``; ``within``: its own LIMIT is low enough). If the
        engine finds that malformed, it is asked once more with ``text`` as written, so that its message
        points into the client's query."""
        started = request.scope.setdefault("kg.started", time.monotonic())
        await self.check(text)
        limits, host = self.limits, self.public_host

        def work(query):
            return lambda port: ask_raw(self.pool, port, query, fmt, limits.rows, limits.result_bytes, host, within)

        try:
            return await self._ask(work(sent), request, started)
        except HttpError as error:
            if sent is text or error.status != 400 or "syntax error" not in str(error):
                raise
        return await self._ask(work(text), request, started)

    async def _ask(self, work, request: Request, started: float):
        limits, backend, watchdog = self.limits, self.backend, self.watchdog
        generation = backend.generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, limits.timeout - (time.monotonic() - started))
        request.scope["kg.deadline"], request.scope["kg.timeout_message"] = deadline, self.timeout_message()
        watchdog.in_flight += 1
        try:
            async with asyncio.timeout_at(deadline):
                if not backend.ready.is_set():  # being restarted: wait for it rather than fail
                    await loop.run_in_executor(None, backend.ready.wait, limits.timeout)
                while watchdog.crowded:  # too many queries a second for the engine's timeout threads: wait
                    await asyncio.sleep(0.05)
                return await unless_disconnected(request, work(backend.port))
        except TimeoutError:
            watchdog.abandoned_at = time.monotonic()
            raise HttpError(503, self.timeout_message()) from None
        except ClientGone:
            watchdog.abandoned_at = time.monotonic()
            raise HttpError(400, "The client went away.") from None
        except EngineRefused as refused:
            if str(refused) == "timeout":
                raise HttpError(503, self.timeout_message()) from None
            raise HttpError(refused.status, str(refused)) from None
        except EngineDown:
            if backend.generation != generation and backend.why.startswith("memory"):
                raise HttpError(503, f"The query was stopped: it needed more than the {limits.memory_mb} MiB "
                                     f"of memory this server allows.") from None
            if not backend.alive():
                print("kg serve: the query engine stopped; restarting it.", file=sys.stderr, flush=True)
                await loop.run_in_executor(None, backend.restart, generation)
            raise HttpError(503, "The query engine was restarting; please try again.", {"Retry-After": "1"}) from None
        finally:
            watchdog.in_flight -= 1

    async def watch(self) -> None:
        """Check the engine four times a second for as long as the server runs."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(0.25)
            try:
                why = await loop.run_in_executor(None, self.watchdog.check)
            except Exception as error:  # the engine would not start again: say so, keep trying
                print(f"kg serve: the query engine could not be restarted: {error}", file=sys.stderr, flush=True)
                continue
            if why:
                print(f"kg serve: the query engine was restarted ({why}).", file=sys.stderr, flush=True)
