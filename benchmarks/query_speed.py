"""End-to-end speed of every stored query: ``kg query`` (interpreter start
included) beside the ``oxigraph`` command-line tool running the same query on
the same dump, as a ratio measured in the same run.

Run from the project root after ``kg build``:

    .venv/bin/python benchmarks/query_speed.py [--runs 5]

Writes benchmarks/results/query-speed.md. Needs the test extra (the
``oxigraph`` command comes with it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from kg.query.catalogue import stored_queries  # noqa: E402
from kg.query.params import bind  # noqa: E402
from kg.query.sparqltext import query_form, with_values  # noqa: E402

TARGET_SECONDS = 0.5


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    dump = ROOT / "dist" / "kg-inferred.ttl"
    if not dump.is_file():
        sys.exit("dist/kg-inferred.ttl is missing: run 'kg build' first.")
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        sys.exit("the oxigraph command is missing: install the test extra (pip install -e '.[test]').")
    kg = [sys.executable, "-m", "kg"]

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(dump)], check=True, capture_output=True)
        for query in stored_queries(ROOT / "queries"):
            given = json.loads((ROOT / "tests" / "expected" / "queries" / f"{query.name}.json").read_text(encoding="utf-8"))
            params = [f"{k}={v}" for k, v in given["params"].items()]
            graph = query_form(query.text) in ("CONSTRUCT", "DESCRIBE")
            fmt = "nt" if graph else "csv"
            ours = timed([*kg, "query", query.name, *sum((["--param", p] for p in params), []), "--format", fmt], args.runs)
            # the oxigraph CLI has no parameter binding: the same values go in as a VALUES row
            text = with_values(query.text, bind(query, params))
            query_file = Path(scratch) / f"{query.name}.rq"
            query_file.write_text(text, encoding="utf-8")
            theirs = timed([oxigraph, "query", "--location", str(store), "--query-file", str(query_file),
                            "--results-format", fmt], args.runs)
            rows.append((query.name, ours, theirs))

    worst = max(r[1] for r in rows)
    lines = [
        "# Query speed: `kg query` against the `oxigraph` CLI",
        "",
        f"Median of {args.runs} runs per query, wall time of the whole command (interpreter or binary start",
        "included), on the curated graph (`dist/kg-inferred.ttl`). Ratio = kg / oxigraph CLI, same run, same machine.",
        f"Target: every query under {TARGET_SECONDS} s end to end. Slowest here: {worst:.3f} s "
        f"({'met' if worst < TARGET_SECONDS else 'MISSED'}).",
        "",
        "| query | kg query (s) | oxigraph CLI (s) | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {name} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f} |" for name, ours, theirs in rows]
    ratios = [o / t for _, o, t in rows]
    lines += ["", f"Ratio median {statistics.median(ratios):.2f}, max {max(ratios):.2f}.", ""]
    out = ROOT / "benchmarks" / "results" / "query-speed.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
