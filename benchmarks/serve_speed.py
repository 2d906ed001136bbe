"""Throughput and latency of ``kg serve`` beside a bare ``oxigraph
serve-read-only`` of the same dump, in one run: 20 concurrent clients on
keep-alive connections ask the same 50-row SELECT as JSON, for a few seconds
at a time, the two servers taking turns so that both see the same machine.
Two queries: the stored query ``instruments`` with LIMIT 50 (the target's
query: a real question, some work for the engine), and the 50 cheapest rows
the engine can give (``?s ?p ?o`` LIMIT 50), where the front's own cost is
all that differs. Only 127.0.0.1; bounded in time and requests.

Run from the project root after ``kg build`` (needs the serve or test extra):

    .venv/bin/python benchmarks/serve_speed.py [--seconds 3] [--rounds 5] [--clients 20]

Writes benchmarks/results/serve-speed.md and prints it.
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
    "  the other two; a second front process would only add to that here.",
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
            sys.exit(f"the server stopped while starting: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"no answer from {url} within {seconds:g} s")


def the_queries() -> dict[str, str]:
    [query] = [q for q in stored_queries(ROOT / "queries") if q.name == "instruments"]
    return {"instruments LIMIT 50": query.text.rstrip() + "\nLIMIT 50\n",
            "?s ?p ?o LIMIT 50": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50"}


def bindings(body: bytes) -> list:
    return json.loads(body)["results"]["bindings"]


def measure(args, queries: dict[str, str], dump: Path, scratch: Path) -> dict:
    """{query name: {"oxigraph": [Load, …], "kg": [Load, …]}}, the servers taking turns round by round."""
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        sys.exit("the oxigraph command is missing: install the serve or test extra.")
    store = scratch / "store"
    subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(dump)], check=True, capture_output=True)
    ports = {"oxigraph": free_port(), "kg": free_port()}
    bare = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(store), "--bind",
                             f"127.0.0.1:{ports['oxigraph']}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kg = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(ports["kg"]), "--graph", str(dump)],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    runs = {name: {"oxigraph": [], "kg": []} for name in queries}
    try:
        wait_for(f"http://127.0.0.1:{ports['oxigraph']}/query?query=ASK%7B%7D", bare)
        wait_for(f"http://127.0.0.1:{ports['kg']}/queries", kg)
        for name, query in queries.items():
            requests = {"oxigraph": loadgen.get_request(ports["oxigraph"], "/query", query, ACCEPT),
                        "kg": loadgen.get_request(ports["kg"], "/sparql", query, ACCEPT)}
            for round_ in range(args.rounds):
                for server in ("oxigraph", "kg") if round_ % 2 == 0 else ("kg", "oxigraph"):  # neither always first
                    runs[name][server].append(loadgen.run(ports[server], requests[server], args.clients,
                                                          args.seconds, args.max_requests))
    finally:
        for process in (kg, bare):
            process.terminate()
            process.wait(timeout=20)
    for name, servers in runs.items():
        for server, loads in servers.items():
            for load in loads:
                if set(load.statuses) != {200}:
                    sys.exit(f"{server} answered {load.statuses} to {name}")
        ours, theirs = bindings(servers["kg"][0].body), bindings(servers["oxigraph"][0].body)
        if ours != theirs or len(ours) != 50:
            sys.exit(f"kg serve and Oxigraph did not give the same 50 rows for {name}")
    return runs


def summary(loads: list[loadgen.Load]) -> dict:
    best = sum(load.requests for load in loads) / sum(load.seconds for load in loads)  # sustained, all rounds
    latencies = loadgen.Load(latencies=[x for load in loads for x in load.latencies])
    return {"throughput": best, "p50": latencies.median * 1000, "p99": latencies.percentile(0.99) * 1000,
            "requests": sum(load.requests for load in loads)}


def report(args, runs: dict) -> tuple[str, float]:
    cpu = os.cpu_count()
    lines = [
        "# Endpoint speed: `kg serve` against bare `oxigraph serve-read-only`",
        "",
        f"{args.clients} concurrent clients on keep-alive connections (`benchmarks/loadgen.py`: asyncio, no HTTP",
        "library, in the benchmark's own process on the same machine), each sending `GET /sparql?query=…` (bare",
        f"Oxigraph: `/query?query=…`) with `Accept: {ACCEPT}` again as soon as its answer is complete;",
        "both servers give the same 50 rows. For each query, "
        f"{args.rounds} rounds of {args.seconds:g} s for each server (each after 1 s of warm-up),",
        "taking turns (each first in every other round); throughput and latencies are over all rounds",
        f"(requests / seconds measured). Same run, same machine ({cpu} cores, {platform.python_implementation()} "
        f"{platform.python_version()}), written by `benchmarks/serve_speed.py`.",
        "",
        "| query | server | requests/s | p50 latency (ms) | p99 latency (ms) | requests | kg / Oxigraph |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    ratios, rounds = {}, ["", "Each round, in order (the machine is shared: rounds vary with what else runs):", ""]
    for name, servers in runs.items():
        ours, theirs = summary(servers["kg"]), summary(servers["oxigraph"])
        ratios[name] = ours["throughput"] / theirs["throughput"]
        lines += [f"| {name} | bare Oxigraph | {theirs['throughput']:,.0f} | {theirs['p50']:.1f} | "
                  f"{theirs['p99']:.1f} | {theirs['requests']:,} | |",
                  f"| {name} | kg serve | {ours['throughput']:,.0f} | {ours['p50']:.1f} | {ours['p99']:.1f} | "
                  f"{ours['requests']:,} | **{ratios[name]:.2f}×** |"]
        rounds.append(f"- {name}: bare Oxigraph " + ", ".join(f"{load.throughput:,.0f}" for load in servers["oxigraph"])
                      + "; kg serve " + ", ".join(f"{load.throughput:,.0f}" for load in servers["kg"]) + " requests/s")
    main_name = next(iter(runs))
    ratio = ratios[main_name]
    lines += rounds + NOTES
    lines += ["", f"Target: ≥ {TARGET}× bare Oxigraph's throughput on the 50-row SELECT ({main_name}): "
                  f"{ratio:.2f}×, {'met' if ratio >= TARGET else 'not met'}.", ""]
    return "\n".join(lines), ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one measured round (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds for each server, taking turns (default 5)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--max-requests", type=int, default=100_000, help="at most this many requests a round")
    parser.add_argument("--out", type=Path, default=RESULT)
    args = parser.parse_args()
    dump = ROOT / "dist" / "kg-inferred.ttl"
    if not dump.is_file():
        sys.exit("dist/kg-inferred.ttl is missing: run 'kg build' first.")
    with tempfile.TemporaryDirectory() as scratch:
        runs = measure(args, the_queries(), dump, Path(scratch))
    text, ratio = report(args, runs)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
