"""Running ``kg serve``: the engine, then the Starlette application served
by uvicorn (HTTP/1.1 through h11) with the connection limits.

uvicorn drops a keep-alive connection idle for ``timeout_keep_alive``, but
has no limit on a request head that never ends (it waits forever for the
rest of a half-sent request). ``GuardedH11Protocol`` adds one: a connection
that has not sent a complete request head within ``idle`` seconds of opening
or of its last answer is closed. Bodies are bounded by ``Service.read_body``,
heads by h11's ``max_incomplete_event_size``."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from pathlib import Path

from ...errors import UsageError
from ...query.catalogue import stored_queries
from .backend import Backend
from .limits import Limits


def guarded_protocol(idle: float):
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport):
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self):
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc):
            if self._head_timer is not None:
                self._head_timer.cancel()
            super().connection_lost(exc)

        def _arm(self):
            if self._head_timer is not None:
                self._head_timer.cancel()
            self._head_timer = self.loop.call_later(idle, self._drop_if_waiting)

        def _drop_if_waiting(self):
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and not self.transport.is_closing():
                self.transport.close()

    return GuardedH11Protocol


def make_app(service, watch: bool = True):
    from starlette.applications import Starlette
    from starlette.routing import Route

    from .app import make_endpoint

    @contextlib.asynccontextmanager
    async def lifespan(app):
        watcher = asyncio.ensure_future(service.watch()) if watch else None  # workers: the supervisor watches
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()

    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    return Starlette(routes=[Route("/{path:path}", make_endpoint(service), methods=methods)], lifespan=lifespan)


def listen(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A listening socket; ``reuse_port``: one of several on the same port, among which the kernel spreads
    new connections evenly (SO_REUSEPORT; only sockets of the same user may join)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        # the protocol number matters: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets whose
        # protocol says TCP; with it on, every answer after the first on a keep-alive connection waits 40 ms
        sock = socket.socket(infos[0][0], socket.SOCK_STREAM, infos[0][2] or socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(infos[0][4])
        sock.listen(128)
    except OSError as error:
        raise UsageError(f"Cannot listen on {host}:{port}: {error.strerror or error}.") from None
    sock.setblocking(False)
    return sock


def listen_all(host: str, port: int, count: int) -> list[socket.socket]:
    """One listening socket for each front process. Several processes accepting from one socket share its
    connections badly (asyncio accepts every waiting connection at once: one process took 15 of 16 in a
    trial), so each gets its own, on the same port. They are all opened here, and held by the supervisor, so
    a worker's replacement takes over its socket, with the connections waiting in it."""
    if count == 1 or not hasattr(socket, "SO_REUSEPORT"):
        return [listen(host, port)] * count
    first = listen(host, port, reuse_port=True)
    try:
        return [first] + [listen(host, first.getsockname()[1], reuse_port=True) for _ in range(count - 1)]
    except UsageError:
        first.close()
        raise


def engine_triples(backend: Backend) -> int:
    from ...query.engines import EndpointEngine

    count = EndpointEngine(f"http://127.0.0.1:{backend.port}/query").run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
    return int(count.rows[0]["n"].value)


def run_front(service, sock: socket.socket, limits: Limits, watch: bool = True) -> None:
    """The application under uvicorn on ``sock`` until SIGTERM or Ctrl-C; ``watch``: run the watchdog here
    (one front process; under a supervisor, the supervisor runs it)."""
    import uvicorn

    config = uvicorn.Config(
        make_app(service, watch), http=guarded_protocol(limits.idle), lifespan="on", server_header=False,
        timeout_keep_alive=max(1, int(limits.idle)), limit_concurrency=limits.connections,
        h11_max_incomplete_event_size=limits.header_bytes, log_level="warning", access_log=False,
        timeout_graceful_shutdown=2, ws="none")
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])


def serve(project, dump: Path, host: str, port: int, limits: Limits, public_url: str | None = None,
          workers: int = 1) -> None:
    """Serve ``dump`` until interrupted (Ctrl-C or SIGTERM), with ``workers`` front processes."""
    import signal

    import uvicorn  # noqa: F401  imported once, before any worker is forked

    from .service import Service

    def stop(signum, frame):  # uvicorn re-raises SIGTERM after its graceful shutdown: end here, not by the signal
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    sockets = listen_all(host, port, workers)
    sock = sockets[0]
    backend = Backend(dump, limits.timeout)
    try:
        bound = sock.getsockname()
        address = f"http://{host if ':' not in host else f'[{host}]'}:{bound[1]}"
        queries, triples = stored_queries(project.queries_dir), engine_triples(backend)
        fronts = f" with {workers} front processes" if workers > 1 else ""
        print(f"Serving {dump.name} at {address}/ (SPARQL endpoint {address}/sparql){fronts}; Ctrl-C stops.",
              flush=True)
        if workers == 1:
            run_front(Service(backend, queries, limits, triples, public_url or address), sock, limits)
            return
        from .workers import Supervisor

        def front(view, watch, own: socket.socket):
            service = Service(view, queries, limits, triples, public_url or address, watch)
            run_front(service, own, limits, watch=False)

        Supervisor(backend, sockets, limits.memory_mb * 1024 * 1024, front).run()
    finally:
        backend.close()
        for each in sockets:
            each.close()
