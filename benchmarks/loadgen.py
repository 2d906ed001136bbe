"""A small HTTP/1.1 load generator: N clients on keep-alive connections, each
sending the same request again as soon as its answer is complete, for a
bounded time and a bounded number of requests. Only for 127.0.0.1.

It is lean on purpose (asyncio streams, no HTTP library), so that on a
small machine it takes as little of the CPU as it can from the servers it
measures."""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Load:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    body: bytes = b""  # one answer, to check what was served
    failure: bytes = b""  # the first answer that was not a 200, to say what went wrong

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


def get_request(port: int, path: str, query: str, accept: str) -> bytes:
    target = f"{path}?{urllib.parse.urlencode({'query': query})}"
    return (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n"
            f"User-Agent: kg-loadgen\r\n\r\n").encode("ascii")


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """One response: (status, body, whether the server keeps the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    keep = headers.get("connection", "").lower() != "close"
    if "chunked" in headers.get("transfer-encoding", "").lower():
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")  # no trailers are expected
                return status, b"".join(parts), keep
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"])), keep
    return status, await reader.read(), False


async def _client(port: int, request: bytes, load: Load, phases: tuple[float, float], budget: list[int]) -> None:
    """Ask again and again on one connection: unrecorded until ``phases[0]`` (warm-up), recorded until
    ``phases[1]`` or until the budget of requests is spent."""
    warm, until = phases
    reader = writer = None
    try:
        while budget[0] > 0 and (now := time.perf_counter()) < until:
            record = now >= warm
            if record:
                budget[0] -= 1
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            writer.write(request)
            status, body, keep = await _response(reader)
            if record:
                load.latencies.append(time.perf_counter() - started)
                load.requests += 1
                load.statuses[status] = load.statuses.get(status, 0) + 1
                load.body = load.body or body
                if status != 200 and not load.failure:
                    load.failure = f"{status} ".encode() + body[:300]
            if not keep:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def _run(port: int, request: bytes, clients: int, seconds: float, max_requests: int, warmup: float) -> Load:
    load = Load()
    warm = time.perf_counter() + warmup
    budget = [max_requests]
    await asyncio.gather(*(_client(port, request, load, (warm, warm + seconds), budget) for _ in range(clients)))
    load.seconds = time.perf_counter() - warm
    return load


def run(port: int, request: bytes, clients: int = 20, seconds: float = 5.0, max_requests: int = 50_000,
        warmup: float = 1.0) -> Load:
    """``clients`` connections, each kept for the whole run: ``warmup`` seconds unmeasured, then at most
    ``seconds`` and ``max_requests`` requests measured."""
    return asyncio.run(_run(port, request, clients, seconds, max_requests, warmup))
