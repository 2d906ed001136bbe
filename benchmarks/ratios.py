"""The three ratios of issue 15 in one table, each against the engine underneath, measured in the run of
benchmarks/run.py that writes it (benchmarks/results/ratios.md):

- ``kg build`` of each synthetic size against ``oxigraph load`` of the same Turtle (from run.py's results);
- ``kg query instruments`` end to end against ``oxigraph query`` on the same data (benchmarks/query_speed.py,
  which also writes query-speed.md in the same run);
- ``kg serve`` throughput, 20 clients, a 50-row SELECT, against bare ``oxigraph serve-read-only`` of the same
  dump (benchmarks/serve_speed.py, which also writes serve-speed.md).

The query and endpoint figures are for the curated graph of this checkout, built first (``kg build``)."""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from pathlib import Path

from query_speed import TARGET_RATIO as QUERY_TARGET
from report import PEAK_TARGET, RATIO_TARGET as BUILD_TARGET
from serve_speed import TARGET as SERVE_TARGET, cores

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TARGET_SIZE = 900_000  # the build's targets are for the 1 M-triple project (1,057,305 asserted triples)


def query_and_endpoint(query_runs: int, serve_rounds: int, serve_seconds: float) -> tuple[dict, dict]:
    """Build this checkout, then time ``kg query`` and ``kg serve`` against their engines; each also writes
    its own detailed results file."""
    import query_speed
    import serve_speed

    subprocess.run([sys.executable, "-m", "kg", "build"], cwd=ROOT, check=True, capture_output=True)
    query_speed.WORK = ROOT
    rows, floors, first_use = query_speed.measure(None, query_runs)
    lines, _ = query_speed.report(rows, query_runs, floors, first_use)
    (RESULTS / "query-speed.md").write_text("\n".join(lines), encoding="utf-8")
    editable, regular, cli = query_speed.rows_for(rows)
    query = {"kg_ms": regular * 1000, "engine_ms": cli * 1000, "editable_ms": editable * 1000, "ratio": regular / cli}

    runs = serve_speed.run(serve_seconds, serve_rounds)
    args = argparse.Namespace(seconds=serve_seconds, rounds=serve_rounds, clients=20, max_requests=100_000)
    (RESULTS / "serve-speed.md").write_text(serve_speed.report(args, runs), encoding="utf-8")
    return query, serve_speed.figures(runs)


def table(results: list[dict], query: dict, serve: dict) -> str:
    """The one table: each figure of kg beside its engine's, the ratio, the target and whether it is met."""
    lines = [
        "# Issue 15's ratios, measured in one run",
        "",
        f"Written by `benchmarks/run.py` on {platform.machine()}, {cores()} cores, CPython {platform.python_version()}.",
        "Every figure of kg is measured beside its engine's in the same run, on the same machine, as the",
        "command a user runs; the ratio is what holds across machines. Details: stages.md (the build, stage",
        "by stage and rule by rule), query-speed.md, serve-speed.md.",
        "",
        "| what | kg | engine | ratio | target | |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        ratio = r["build"] / r["load"]
        largest = r is results[-1] and r["fast"]["counts"]["asserted"] >= TARGET_SIZE
        target = f"≤ {BUILD_TARGET:.0f}×" if largest else "(reported)"
        verdict = ("met" if ratio <= BUILD_TARGET else "MISSED") if largest else ""
        lines.append(f"| `kg build`, {r['fast']['counts']['asserted']:,} triples, against `oxigraph load` | "
                     f"{r['build']:.2f} s | {r['load']:.2f} s | {ratio:.1f}× | {target} | {verdict} |")
    largest = results[-1]
    peak, judged = largest["build_peak"], largest["fast"]["counts"]["asserted"] >= TARGET_SIZE
    lines.append(f"| peak memory of that `kg build` (`oxigraph load`'s beside it) | "
                 f"{peak / 2**30:.2f} GiB | {largest['load_peak'] / 2**30:.2f} GiB | | "
                 + (f"≤ {PEAK_TARGET / 2**30:.1f} GiB | {'met' if peak <= PEAK_TARGET else 'MISSED'} |" if judged
                    else "(reported) | |"))
    if query:
        lines.append(f"| `kg query instruments` (regular install), against `oxigraph query` | {query['kg_ms']:.1f} ms | "
                     f"{query['engine_ms']:.1f} ms | {query['ratio']:.2f}× | ≤ {QUERY_TARGET:g}× | "
                     f"{'met' if query['ratio'] <= QUERY_TARGET else 'MISSED'} |")
    if serve:
        ratio = serve["ratio"]
        lines.append(f"| `kg serve` throughput ({serve['default_workers']} workers), 20 clients, 50 rows, against bare "
                     f"`oxigraph serve-read-only` | {serve['kg_throughput']:,.0f} req/s | {serve['oxigraph_throughput']:,.0f} req/s | "
                     f"{ratio:.2f}× | ≥ {SERVE_TARGET:g}× | {'met' if ratio >= SERVE_TARGET else 'MISSED'} |")
        lines.append(f"| its latency p50 / p99 | {serve['kg_p50']:.1f} / {serve['kg_p99']:.1f} ms | "
                     f"{serve['oxigraph_p50']:.1f} / {serve['oxigraph_p99']:.1f} ms | | | |")
    return "\n".join(lines) + "\n"

