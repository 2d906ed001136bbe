"""Throughput and latency of ``kg serve`` beside a bare ``oxigraph
serve-read-only`` of the same dump, in one run: 20 concurrent clients on
keep-alive connections ask the same 50-row SELECT (the stored query
``instruments``, LIMIT 50) as JSON, for a few seconds each, taking turns so
that both see the same machine. Only 127.0.0.1; bounded in time and requests.

Run from the project root after ``kg build`` (needs the serve or test extra):

    .venv/bin/python benchmarks/serve_speed.py [--seconds 5] [--rounds 3] [--clients 20]

Writes benchmarks/results/serve-speed.md and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
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
from kg.query.catalogue import stored_queries  # noqa: E402

TARGET = 0.8  # kg serve's throughput as a share of bare Oxigraph's
ACCEPT = "application/sparql-results+json"
RESULT = ROOT / "benchmarks" / "results" / "serve-speed.md"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped while starting: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"no answer from {url} within {seconds:g} s")


def the_query() -> str:
    [query] = [q for q in stored_queries(ROOT / "queries") if q.name == "instruments"]
    return query.text.rstrip() + "\nLIMIT 50\n"


def bindings(body: bytes) -> list:
    return json.loads(body)["results"]["bindings"]


def measure(args, query: str, dump: Path, scratch: Path) -> dict:
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        sys.exit("the oxigraph command is missing: install the serve or test extra.")
    store = scratch / "store"
    subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(dump)], check=True, capture_output=True)
    bare_port, kg_port = free_port(), free_port()
    bare = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{bare_port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kg = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(kg_port), "--graph", str(dump)],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    runs: dict[str, list[loadgen.Load]] = {"oxigraph": [], "kg": []}
    try:
        wait_for(f"http://127.0.0.1:{bare_port}/query?query=ASK%7B%7D", bare)
        wait_for(f"http://127.0.0.1:{kg_port}/queries", kg)
        requests = {"oxigraph": loadgen.get_request(bare_port, "/query", query, ACCEPT),
                    "kg": loadgen.get_request(kg_port, "/sparql", query, ACCEPT)}
        ports = {"oxigraph": bare_port, "kg": kg_port}
        for _ in range(args.rounds):
            for name in ("oxigraph", "kg"):
                runs[name].append(loadgen.run(ports[name], requests[name], args.clients, args.seconds,
                                              args.max_requests))
    finally:
        for process in (kg, bare):
            process.terminate()
            process.wait(timeout=20)
    for name, loads in runs.items():
        for load in loads:
            if set(load.statuses) != {200}:
                sys.exit(f"{name} answered {load.statuses}")
    if bindings(runs["kg"][0].body) != bindings(runs["oxigraph"][0].body) or len(bindings(runs["kg"][0].body)) != 50:
        sys.exit("kg serve and Oxigraph did not give the same 50 rows")
    return runs


def summary(loads: list[loadgen.Load]) -> dict:
    best = statistics.median(load.throughput for load in loads)
    latencies = loadgen.Load(latencies=[x for load in loads for x in load.latencies])
    return {"throughput": best, "p50": latencies.median * 1000, "p99": latencies.percentile(0.99) * 1000,
            "requests": sum(load.requests for load in loads)}


def report(args, runs: dict) -> tuple[str, float]:
    ours, theirs = summary(runs["kg"]), summary(runs["oxigraph"])
    ratio = ours["throughput"] / theirs["throughput"]
    cpu = os.cpu_count()
    lines = [
        "# Endpoint speed: `kg serve` against bare `oxigraph serve-read-only`",
        "",
        f"{args.clients} concurrent clients on keep-alive connections (`benchmarks/loadgen.py`, asyncio, in the",
        "benchmark's own process on the same machine), each sending `GET /sparql?query=…` (bare Oxigraph:",
        f"`/query?query=…`) with `Accept: {ACCEPT}` again as soon as its answer is complete. The query is the",
        "stored query `instruments` with `LIMIT 50` (50 rows, 7 columns); both servers give the same 50 rows.",
        f"{args.rounds} rounds of {args.seconds:g} s each (after 1 s of warm-up), taking turns; throughput is the",
        "median round, latencies are over all rounds. Same run, same machine "
        f"({cpu} cores, {platform.python_implementation()} {platform.python_version()}).",
        "",
        "| server | requests/s | p50 latency (ms) | p99 latency (ms) | requests |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| bare Oxigraph | {theirs['throughput']:,.0f} | {theirs['p50']:.1f} | {theirs['p99']:.1f} | {theirs['requests']:,} |",
        f"| kg serve | {ours['throughput']:,.0f} | {ours['p50']:.1f} | {ours['p99']:.1f} | {ours['requests']:,} |",
        "",
        f"Throughput ratio kg serve / bare Oxigraph: **{ratio:.2f}×** (target ≥ {TARGET}×: "
        f"{'met' if ratio >= TARGET else 'not met'}).",
        "",
    ]
    return "\n".join(lines), ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one measured round (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds for each server, taking turns (default 3)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--max-requests", type=int, default=100_000, help="at most this many requests a round")
    parser.add_argument("--out", type=Path, default=RESULT)
    args = parser.parse_args()
    dump = ROOT / "dist" / "kg-inferred.ttl"
    if not dump.is_file():
        sys.exit("dist/kg-inferred.ttl is missing: run 'kg build' first.")
    with tempfile.TemporaryDirectory() as scratch:
        runs = measure(args, the_query(), dump, Path(scratch))
    text, ratio = report(args, runs)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
