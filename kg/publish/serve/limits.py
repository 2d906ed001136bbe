"""The limits ``kg serve`` holds, in one place (the README's table lists them
with the option that changes each)."""

from __future__ import annotations

from dataclasses import dataclass

from ...query.guard import MAX_DEPTH, MAX_QUERY_BYTES


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # s: the whole answer, from the request's arrival to the answer formatted (and
    # the client must take it within timeout + idle more)
    rows: int = 10_000  # rows or triples in a result; more are cut (X-Result-Truncated: true)
    result_bytes: int = 8 * 1024 * 1024  # bytes read from the engine for one answer; more are cut likewise
    query_bytes: int = MAX_QUERY_BYTES  # a longer query is refused (400)
    depth: int = MAX_DEPTH  # brackets nested deeper are refused (400)
    idle: float = 5.0  # s: a connection silent this long, or a request head or body not complete in it, is dropped
    header_bytes: int = 128 * 1024  # request line and headers together; more is refused (400)
    body_bytes: int = 128 * 1024  # a longer request body is refused (413)
    connections: int = 32  # requests handled at once; more get 503
    memory_mb: int = 512  # the engine's resident memory; past it, the engine is restarted
    allow_services: tuple[str, ...] = ()  # SERVICE endpoints allowed (default: none)

    def describe(self) -> str:
        return (f"Read-only. Queries stop after {self.timeout:g} s; results are cut at {self.rows} rows "
                f"or {self.result_bytes // (1024 * 1024)} MiB; queries may be {self.query_bytes} bytes long "
                f"and nest {self.depth} deep; SERVICE is refused"
                + (f" except to {', '.join(self.allow_services)}" if self.allow_services else "") + ".")
