"""Tables of benchmarks/run.py: ``kg build`` against ``oxigraph load`` of the same Turtle, measured in
the same run, with peak memory and how each cost grows with size; and where the reasoning time goes,
rule by rule (from the rule runner's optional timing hook, which only the benchmark turns on)."""

from __future__ import annotations

import math

RATIO_TARGET = 10.0
PEAK_TARGET = 1.5 * 2**30


def growth(sizes: list[int], values: list[float]) -> str:
    """The exponent b of cost ∝ size^b between the smallest and the largest size (log-log slope)."""
    if len(sizes) < 2 or not values[0] or not values[-1]:
        return "—"
    return f"{math.log(values[-1] / values[0]) / math.log(sizes[-1] / sizes[0]):.2f}"


def build_table(results: list[dict]) -> str:
    lines = [
        "## `kg build` against `oxigraph load` of the same Turtle",
        "",
        "Both timed as the command a user runs, wall time, in the same run, each in its own process, taking turns",
        "(median of `--repeats` runs, 3 by default); peak memory is each process's own (maximum resident set, from",
        "`wait4`; the largest of the runs). `oxigraph load` is the `oxigraph` CLI from",
        "PyPI loading the project's Turtle files (ontology, vocabularies, data) into an on-disk store. Targets:",
        f"ratio ≤ {RATIO_TARGET:.0f}×, `kg build` peak ≤ {PEAK_TARGET / 2**30:.1f} GiB.",
        "",
        "| asserted triples | `oxigraph load` (s) | `kg build` (s) | ratio | peak `oxigraph load` (GiB) | peak `kg build` (GiB) | targets |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ratio = r["build"] / r["load"]
        verdict = ("ratio met" if ratio <= RATIO_TARGET else "ratio MISSED") + ", " + (
            "memory met" if r["build_peak"] <= PEAK_TARGET else "memory MISSED")
        lines.append(f"| {r['fast']['counts']['asserted']:,} | {r['load']:.2f} | {r['build']:.2f} | {ratio:.1f}× | "
                     f"{r['load_peak'] / 2**30:.2f} | {r['build_peak'] / 2**30:.2f} | {verdict} |")
    sizes = [r["fast"]["counts"]["asserted"] for r in results]
    if len(results) > 1:
        stages = ", ".join(f"{stage} {growth(sizes, [r['fast']['times'].get(stage, 0) for r in results])}"
                           for stage in ("parse", "validate", "reason", "checks", "all dist/ files"))
        lines += ["", f"Growth (exponent b of time ∝ size^b, {sizes[0]:,} to {sizes[-1]:,} triples): `kg build` "
                  f"{growth(sizes, [r['build'] for r in results])}, `oxigraph load` {growth(sizes, [r['load'] for r in results])}; "
                  f"stages: {stages}; peak memory of `kg build` {growth(sizes, [r['build_peak'] for r in results])}."]
    return "\n".join(lines) + "\n"


def rule_table(results: list[dict]) -> str:
    """Seconds per rule (all its semi-naive runs together), derivation and cleanup, at each size."""
    sizes = [r["fast"]["counts"]["asserted"] for r in results]
    names = sorted({name for r in results for name in r["fast"].get("rules", {})},
                   key=lambda name: -results[-1]["fast"].get("rules", {}).get(name, 0))
    lines = [
        "## Where the reasoning time goes, rule by rule",
        "",
        "Seconds in each compiled OWL 2 RL rule (semi-naive: every run of the rule together), each derivation",
        "of kg/build/derive.py and the cleanup, from the rule runner's timing hook in the Oxigraph stage run;",
        "peak memory of that process at the end of each stage. Sorted by the largest size.",
        "",
        "| rule | " + " | ".join(f"{s:,}" for s in sizes) + " |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]
    for name in names:
        cells = [f"{r['fast'].get('rules', {}).get(name, 0):.3f}" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **reason stage** | " + " | ".join(f"{r['fast']['times']['reason']:.3f}" for r in results) + " |")
    for stage in ("parse", "validate", "reason", "checks", "all dist/ files"):
        cells = [f"{r['fast'].get('peaks', {}).get(stage, 0) / 2**30:.2f}" for r in results]
        lines.append(f"| peak memory after {stage} (GiB) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
