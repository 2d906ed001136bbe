"""The speed and scale benchmark: one command.

    .venv/bin/pip install -e '.[test,bench]'
    .venv/bin/python benchmarks/run.py [--sizes 10000,100000,1000000]

It writes benchmarks/results/ratios.md: issue 15's three ratios in one table
(benchmarks/ratios.py), each figure of kg beside its engine's in this run.
For each size it generates a synthetic project (benchmarks/synthetic.py),
times every build stage with Oxigraph (the build's path) and with rdflib,
pySHACL and owlrl (the reference) side by side in the same run, each in a
fresh process so its peak memory is its own, then times every stored query
in process on both engines. Results go to benchmarks/results/: stages.md,
queries.md and stages.png (time against size, log-log). The slow reference
stages are skipped where they would take many minutes (owlrl above 10 k
triples, pySHACL and rdflib's SPARQL above 100 k); the table says so.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))
from benchmarks_support import progress  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
STAGES = ["parse", "validate", "reason", "checks", "export", "all dist/ files"]
SYNTHETIC_PARAMS = {
    "instrument": "inst:i100", "record": "inst:i100", "whole": "inst:i100", "issuer": "org:o1",
    "organization": "org:o1", "kind": "kind:guideline", "jurisdiction": "jur:jp", "topic": "topic:ai-safety",
    "binding": "false", "from": "2005", "to": "2010", "text": "instrument 10",
}


def reference_skips(size: int) -> list[str]:
    skips = []
    if size > 10_000:
        skips.append("reason")  # owlrl: ~95 s at 100 k, > 300 s at 1 M (shared/LIBRARY-NOTES.md)
    if size > 100_000:
        skips += ["validate", "checks"]
    return skips


def measured(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run a command; its wall time (s) and its own peak resident memory (bytes, from wait4)."""
    import os

    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {child.stderr.read().decode()[-500:]}")
    child.stderr.close()
    return seconds, usage.ru_maxrss * 1024


def oxigraph_load(project: Path) -> tuple[float, int]:
    """``oxigraph load`` of the project's Turtle (ontology, vocabularies, data) into a fresh store."""
    binary = Path(sys.executable).with_name("oxigraph")
    files = sorted(str(p) for part in ("ontology", "vocab", "data") for p in (project / part).glob("*.ttl"))
    with tempfile.TemporaryDirectory() as location:
        return measured([str(binary), "load", "--location", location, "--file", *files])


def build_against_load(project: Path, repeats: int) -> tuple[float, int, float, int]:
    """``oxigraph load`` and ``kg build`` of the same project, taking turns ``repeats`` times: the median wall
    time of each, and the largest peak memory of each."""
    import statistics

    loads, builds = [], []
    for _ in range(repeats):
        loads.append(oxigraph_load(project))
        builds.append(measured([sys.executable, "-m", "kg", "build"], cwd=project))
    return (statistics.median(t for t, _ in loads), max(m for _, m in loads),
            statistics.median(t for t, _ in builds), max(m for _, m in builds))


def stage_run(engine: str, project: Path, skips: list[str]) -> dict:
    command = [sys.executable, str(ROOT / "benchmarks" / "stage_runner.py"), engine, str(project)]
    for skip in skips:
        command += ["--skip", skip]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def query_times(project: Path, size: int, runs: int = 3) -> list[tuple[str, float, float | None]]:
    from kg.query.catalogue import stored_queries
    from kg.query.engines import OxigraphEngine, RdflibEngine
    from kg.query.params import bind

    dump = project / "dist" / "kg-inferred.ttl"
    oxigraph = OxigraphEngine(dump)
    rdflib_engine = RdflibEngine(dump) if size <= 10_000 else None  # rdflib needs minutes per query above
    rows = []
    for query in stored_queries(ROOT / "queries"):
        bindings = bind(query, [f"{name}={SYNTHETIC_PARAMS[name]}" for name in query.params if name not in query.defaults])

        def best(engine) -> float:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                engine.run(query.text, bindings)
                times.append(time.perf_counter() - started)
            return min(times)

        rows.append((query.name, best(oxigraph), best(rdflib_engine) if rdflib_engine else None))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description="Time every build stage and stored query at several sizes.")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--reference-max", type=int, default=100_000,
                        help="no rdflib / pySHACL / owlrl stages above this size (minutes and GiB at 1 M)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of kg build and oxigraph load at each size (median)")
    parser.add_argument("--query-runs", type=int, default=15, help="runs of each query command (query-speed.md)")
    parser.add_argument("--serve-rounds", type=int, default=7, help="rounds of each server (serve-speed.md)")
    parser.add_argument("--serve-seconds", type=float, default=3.0, help="seconds of one round")
    parser.add_argument("--no-endpoint", action="store_true", help="only the build: no kg query / kg serve ratios")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import make_project

    results = []
    query_rows = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            project = make_project(size, Path(scratch) / f"kg-{size}")
            with progress(f"{size:>9,} triples: Oxigraph stages"):
                fast = stage_run("oxigraph", project, [])
            reference = {"times": {}, "counts": {}, "peak_bytes": 0}
            if size <= args.reference_max:
                with progress(f"{size:>9,} triples: rdflib / pySHACL / owlrl stages"):
                    reference = stage_run("rdflib", project, reference_skips(size))
            with progress(f"{size:>9,} triples: oxigraph load, kg build ({args.repeats} times each, taking turns)"):
                load_seconds, load_peak, build_seconds, build_peak = build_against_load(project, args.repeats)
            with progress(f"{size:>9,} triples: stored queries"):
                query_rows[size] = query_times(project, size)
            results.append({"size": size, "fast": fast, "reference": reference, "build": build_seconds,
                            "build_peak": build_peak, "load": load_seconds, "load_peak": load_peak})

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "stages.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_stage_table(results)
    from report import build_table, rule_table

    with (RESULTS / "stages.md").open("a", encoding="utf-8") as out:
        out.write("\n" + build_table(results) + "\n" + rule_table(results))
    write_query_table(query_rows)
    plot(results)
    from ratios import query_and_endpoint, table

    query, serve = ({}, {})
    if not args.no_endpoint:
        with progress("kg query against the oxigraph CLI, kg serve against bare Oxigraph (curated graph)"):
            query, serve = query_and_endpoint(args.query_runs, args.serve_rounds, args.serve_seconds)
    (RESULTS / "ratios.md").write_text(table(results, query, serve), encoding="utf-8")
    print((RESULTS / "ratios.md").read_text(encoding="utf-8"))
    return 0


def seconds(value: float | None) -> str:
    return "skipped" if value is None else f"{value:.3f}"


def write_stage_table(results: list[dict]) -> None:
    lines = [
        "# Build stages: Oxigraph path against rdflib / pySHACL / owlrl",
        "",
        "Synthetic graphs shaped like the curated one (benchmarks/synthetic.py). Seconds per stage, each engine",
        "in its own fresh process in the same run; ratio = reference / Oxigraph (how many times faster the",
        "build's path is). *export* is the same work on both sides (one Turtle file of asserted and inferred",
        "triples); *all dist/ files* is what the build writes (seven dumps, VoID, reports). The stages are timed",
        "one after the other; `kg build` (the whole command, wall time, interpreter start included) runs",
        "validation and the dumps on a second thread beside reasoning and the checks (ARCHITECTURE.md), so it",
        "takes less than their sum.",
        "Reference stages marked *skipped* would run for many minutes (owlrl above 10 k triples; pySHACL and",
        "rdflib's SPARQL above 100 k).",
        "",
        "| triples (asserted / inferred) | stage | Oxigraph (s) | rdflib path (s) | ratio |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        fast, ref = r["fast"], r["reference"]
        label = f"{fast['counts']['asserted']:,} / {fast['counts']['inferred']:,}"
        for stage in STAGES:
            ours, theirs = fast["times"].get(stage), ref["times"].get(stage)
            ratio = f"{theirs / ours:.1f}" if ours and theirs else "—"
            lines.append(f"| {label} | {stage} | {seconds(ours)} | {seconds(theirs)} | {ratio} |")
        total = sum(v for k, v in fast["times"].items() if k != "export")
        lines.append(f"| {label} | **all stages** | {total:.3f} | | |")
        theirs_peak = f"{ref['peak_bytes'] / 2**30:.2f}" if ref["peak_bytes"] else "skipped"
        lines.append(f"| {label} | peak memory (GiB) | {fast['peak_bytes'] / 2**30:.2f} | {theirs_peak} | |")
        lines.append(f"| {label} | `kg build` wall time | {r['build']:.2f} | | |")
        if "reason" in ref["times"]:
            same = fast["counts"]["inferred"] == ref["counts"]["inferred"]
            lines.append(f"| {label} | entailments, rules vs owlrl | {fast['counts']['inferred']:,} | "
                         f"{ref['counts']['inferred']:,} | {'equal' if same else 'DIFFERENT'} |")
    (RESULTS / "stages.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_query_table(query_rows: dict) -> None:
    sizes = sorted(query_rows)
    lines = [
        "# Stored queries on synthetic graphs, in process",
        "",
        "Best of 3 runs, seconds, query evaluation only (graph already loaded); rdflib above 10 k skipped (minutes per query).",
        "",
        "| query | " + " | ".join(f"{s:,}: Oxigraph | {s:,}: rdflib" for s in sizes) + " |",
        "| --- | " + " | ".join("---: | ---:" for _ in sizes) + " |",
    ]
    names = [name for name, _, _ in query_rows[sizes[0]]]
    for i, name in enumerate(names):
        cells = []
        for s in sizes:
            _, ours, theirs = query_rows[s][i]
            cells += [f"{ours:.4f}", seconds(theirs)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    worst = {s: max(r[1] for r in query_rows[s]) for s in sizes}
    lines += ["", "Slowest Oxigraph query per size: " + ", ".join(f"{s:,}: {w:.3f} s" for s, w in worst.items()), ""]
    (RESULTS / "queries.md").write_text("\n".join(lines), encoding="utf-8")


def plot(results: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(8, 5.5))
    sizes = [r["fast"]["counts"]["asserted"] for r in results]
    axis.plot(sizes, [r["build"] for r in results], "-D", color="k", lw=2, label="kg build (whole command)")
    axis.plot(sizes, [r["load"] for r in results], ":D", color="k", label="oxigraph load (same Turtle)")
    for stage, colour in zip(STAGES, ["C0", "C1", "C2", "C3", "C4", "C5"]):
        axis.plot(sizes, [r["fast"]["times"][stage] for r in results], "-o", color=colour, label=f"{stage}, Oxigraph")
        points = [(size, r["reference"]["times"].get(stage)) for size, r in zip(sizes, results)]
        points = [(x, y) for x, y in points if y]
        if points:
            axis.plot(*zip(*points), "--s", color=colour, alpha=0.6, label=f"{stage}, rdflib path")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("asserted triples")
    axis.set_ylabel("seconds")
    axis.set_title("Build stages: Oxigraph path (solid) vs rdflib / pySHACL / owlrl (dashed)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=7, ncol=2)
    figure.tight_layout()
    figure.savefig(RESULTS / "stages.png", dpi=120)


if __name__ == "__main__":
    sys.exit(main())
