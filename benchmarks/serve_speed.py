"""Throughput and latency of ``kg serve`` beside a bare ``oxigraph
serve-read-only`` of the same dump, in one run: 20 concurrent clients on
keep-alive connections ask the same 50-row SELECT as JSON, for a few seconds
at a time, the servers taking turns so that all see the same machine.
``kg serve`` runs twice: with one front process (``--workers 1``) and with
``--workers 2`` (or this host's default, if that is more).
Two queries: the stored query ``instruments`` with LIMIT 50 (the target's
query: a real question, some work for the engine), and the 50 cheapest rows
the engine can give (``?s ?p ?o`` LIMIT 50), where the front's own cost is
all that differs. Only 127.0.0.1; bounded in time and requests.

Run from the project root after ``kg build`` (needs the serve or test extra):

    .venv/bin/python benchmarks/serve_speed.py [--seconds 3] [--rounds 5] [--clients 20]

Writes benchmarks/results/serve-speed.md and prints it. From another script:
``serve_speed.headline()`` runs the same measurement and returns its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import loadgen  # noqa: E402
from kg.publish.serve.workers import default_workers  # noqa: E402
from kg.query.catalogue import stored_queries  # noqa: E402

TARGET = 0.8  # kg serve's throughput as a share of bare Oxigraph's
ACCEPT = "application/sparql-results+json"
RESULT = ROOT / "benchmarks" / "results" / "serve-speed.md"
NOTES = [
    "",
    "What bounds `kg serve` on the second query, where the engine's work is least:",
    "",
    "- The front's own CPU: parsing the request, the query guard (skipped for a text it passed before),",
    "  asking the engine on a kept-alive connection, passing its bytes on. On two cores shared by the load",
    "  generator, the engine and the front, every fraction of a millisecond the front spends is taken from",
    "  the other two. A second front process (`--workers 2`) can use the CPU the first leaves idle while it",
    "  waits, but takes it from the engine and the load generator; the table shows what it gains here.",
    "- The engine's per-query timeout, which bare Oxigraph runs without: `oxigraph serve-read-only",
    "  --timeout-s 10` starts a thread for every query that sleeps for the full 10 s, and aborts near 16,000",
    "  threads (Linux's limit of 65,530 memory mappings). `kg serve` makes new queries wait while the engine",
    "  holds more than 10,000 threads (about 1,000 queries a second sustained at the default `--timeout`), so",
    "  faster rounds alternate with slower ones. The first query stays well below that rate.",
]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped while starting: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url} within {seconds:g} s")


def the_queries() -> dict[str, str]:
    [query] = [q for q in stored_queries(ROOT / "queries") if q.name == "instruments"]
    return {"instruments LIMIT 50": query.text.rstrip() + "\nLIMIT 50\n",
            "?s ?p ?o LIMIT 50": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50"}


def bindings(body: bytes) -> list:
    return json.loads(body)["results"]["bindings"]


def kg_name(workers: int) -> str:
    return f"kg serve --workers {workers}"


def worker_counts() -> list[int]:
    """One front process, and two or this host's default, whichever is more."""
    return [1, max(2, default_workers())]


def start_servers(oxigraph: str, store: Path, dump: Path) -> dict[str, tuple[subprocess.Popen, int, str]]:
    """{server name: (process, port, query path)}: bare Oxigraph, and kg serve at each worker count."""
    port = free_port()
    servers = {"oxigraph": (subprocess.Popen(
        [oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True), port, "/query")}
    for workers in worker_counts():
        port = free_port()
        servers[kg_name(workers)] = (subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--port", str(port), "--graph", str(dump), "--workers", str(workers)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True), port, "/sparql")
    return servers


def measure(args, queries: dict[str, str], dump: Path, scratch: Path) -> dict:
    """{query name: {server name: [Load, …]}}, the servers taking turns round by round."""
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        raise SystemExit("the oxigraph command is missing: install the serve or test extra.")
    store = scratch / "store"
    subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(dump)], check=True, capture_output=True)
    servers = start_servers(oxigraph, store, dump)
    names = list(servers)
    runs = {query: {name: [] for name in names} for query in queries}
    try:
        for name, (process, port, path) in servers.items():
            wait_for(f"http://127.0.0.1:{port}{path}?query=ASK%7B%7D", process)
        for query_name, query in queries.items():
            requests = {name: loadgen.get_request(port, path, query, ACCEPT) for name, (_, port, path) in servers.items()}
            for round_ in range(args.rounds):
                shift = round_ % len(names)  # each server first in turn
                for name in names[shift:] + names[:shift]:
                    runs[query_name][name].append(loadgen.run(servers[name][1], requests[name], args.clients,
                                                              args.seconds, args.max_requests))
    finally:
        for process, _, _ in servers.values():
            process.terminate()
            process.wait(timeout=20)
    check(runs)
    return runs


def check(runs: dict) -> None:
    """Every answer a 200, and every kg serve gave the rows bare Oxigraph gave."""
    for query_name, servers in runs.items():
        for name, loads in servers.items():
            for load in loads:
                if set(load.statuses) != {200}:
                    raise SystemExit(f"{name} answered {load.statuses} to {query_name}: {load.failure[:200]!r}")
        theirs = bindings(servers["oxigraph"][0].body)
        for name, loads in servers.items():
            if bindings(loads[0].body) != theirs or len(theirs) != 50:
                raise SystemExit(f"{name} and Oxigraph did not give the same 50 rows for {query_name}")


def summary(loads: list[loadgen.Load]) -> dict:
    best = sum(load.requests for load in loads) / sum(load.seconds for load in loads)  # sustained, all rounds
    latencies = loadgen.Load(latencies=[x for load in loads for x in load.latencies])
    return {"throughput": best, "p50": latencies.median * 1000, "p99": latencies.percentile(0.99) * 1000,
            "requests": sum(load.requests for load in loads)}


def round_ratios(ours: list[loadgen.Load], theirs: list[loadgen.Load]) -> list[float]:
    """kg serve's throughput over bare Oxigraph's, round by round: the spread of the ratio."""
    return [a.throughput / b.throughput for a, b in zip(ours, theirs) if b.throughput]


def figures(runs: dict) -> dict:
    """The headline: for the target's query (the first), each server's throughput and latencies, and each kg
    serve's ratio to bare Oxigraph, with its spread over rounds; the ratio of the default (no --workers)."""
    query_name = next(iter(runs))
    servers = runs[query_name]
    result = {"query": query_name, "target": TARGET, "default_workers": default_workers(), "servers": {}}
    theirs = summary(servers["oxigraph"])
    for name, loads in servers.items():
        entry = summary(loads)
        if name != "oxigraph":
            per_round = round_ratios(loads, servers["oxigraph"])
            entry.update(ratio=entry["throughput"] / theirs["throughput"], ratio_min=min(per_round),
                         ratio_max=max(per_round))
        result["servers"][name] = entry
    default = result["servers"].get(kg_name(default_workers()))
    result["ratio"] = default["ratio"] if default else None
    result["met"] = result["ratio"] is not None and result["ratio"] >= TARGET
    for prefix, entry in (("kg", default or {}), ("oxigraph", theirs)):  # flat, for a one-line summary
        result.update({f"{prefix}_{key}": entry.get(key) for key in ("throughput", "p50", "p99")})
    return result


def cores() -> int:
    """The cores this process may run on (the machine's line of each results file)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def report(args, runs: dict) -> str:
    cpu = cores()
    lines = [
        "# Endpoint speed: `kg serve` against bare `oxigraph serve-read-only`",
        "",
        f"{args.clients} concurrent clients on keep-alive connections (`benchmarks/loadgen.py`: asyncio, no HTTP",
        "library, in the benchmark's own process on the same machine), each sending `GET /sparql?query=…` (bare",
        f"Oxigraph: `/query?query=…`) with `Accept: {ACCEPT}` again as soon as its answer is complete;",
        "every server gives the same 50 rows. `kg serve` runs with one front process and with more "
        "(`--workers`), each in front of its own engine. For each query, "
        f"{args.rounds} rounds of {args.seconds:g} s for each server (each after 1 s of warm-up),",
        "taking turns (each first in turn); throughput and latencies are over all rounds",
        f"(requests / seconds measured). Same run, same machine ({cpu} cores, {platform.python_implementation()} "
        f"{platform.python_version()}), written by `benchmarks/serve_speed.py`.",
        "",
        "| query | server | requests/s | p50 latency (ms) | p99 latency (ms) | requests | kg / Oxigraph | "
        "per round |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rounds = ["", "Each round, in requests/s, in order (the machine is shared: rounds vary with what else runs):", ""]
    for query_name, servers in runs.items():
        theirs = summary(servers["oxigraph"])
        for name, loads in servers.items():
            ours = summary(loads)
            label = "bare Oxigraph" if name == "oxigraph" else f"`{name}`"
            ratio = spread = ""
            if name != "oxigraph":
                per_round = round_ratios(loads, servers["oxigraph"])
                ratio, spread = f"**{ours['throughput'] / theirs['throughput']:.2f}×**", \
                    f"{min(per_round):.2f}–{max(per_round):.2f}×"
            lines.append(f"| {query_name} | {label} | {ours['throughput']:,.0f} | {ours['p50']:.1f} | "
                         f"{ours['p99']:.1f} | {ours['requests']:,} | {ratio} | {spread} |")
            rounds.append(f"- {query_name}, {label}: " + ", ".join(f"{load.throughput:,.0f}" for load in loads))
    head = figures(runs)
    ratio = head["ratio"]
    lines += rounds + NOTES
    lines += ["", f"Target: ≥ {TARGET}× bare Oxigraph's throughput on the 50-row SELECT ({head['query']}) with "
                  f"the default, which is `--workers {head['default_workers']}` on this host: "
                  f"{ratio:.2f}×, {'met' if head['met'] else 'not met'}.", ""]
    return "\n".join(lines)


def run(seconds: float = 3.0, rounds: int = 5, clients: int = 20, max_requests: int = 100_000) -> dict:
    """{query name: {server name: [Load, …]}}: the whole measurement, after ``kg build``."""
    args = argparse.Namespace(seconds=seconds, rounds=rounds, clients=clients, max_requests=max_requests)
    dump = ROOT / "dist" / "kg-inferred.ttl"
    if not dump.is_file():
        raise SystemExit("dist/kg-inferred.ttl is missing: run 'kg build' first.")
    with tempfile.TemporaryDirectory() as scratch:
        return measure(args, the_queries(), dump, Path(scratch))


def headline(seconds: float = 3.0, rounds: int = 5, clients: int = 20) -> dict:
    """Measure, and return the headline figures for benchmarks/run.py: ``ratio`` (kg serve with its default
    workers over bare Oxigraph, on instruments LIMIT 50), ``met``, ``kg_throughput``/``kg_p50``/``kg_p99`` and
    ``oxigraph_…`` likewise (requests/s, ms); under ``servers``, the same for each server measured, with, for
    kg serve, ``ratio`` and its spread over rounds (``ratio_min``, ``ratio_max``)."""
    return figures(run(seconds, rounds, clients))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one measured round (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds for each server, taking turns (default 5)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--max-requests", type=int, default=100_000, help="at most this many requests a round")
    parser.add_argument("--out", type=Path, default=RESULT)
    args = parser.parse_args()
    runs = run(args.seconds, args.rounds, args.clients, args.max_requests)
    text = report(args, runs)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if figures(runs)["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
