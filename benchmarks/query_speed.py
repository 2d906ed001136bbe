"""End-to-end speed of every stored query: ``kg query`` (interpreter start
included) beside the ``oxigraph`` command-line tool running the same query on
the same dump, as a ratio measured in the same run.

Run from the project root after ``kg build``:

    .venv/bin/python benchmarks/query_speed.py [--runs 15]

Writes benchmarks/results/query-speed.md. Needs the test extra (the
``oxigraph`` command comes with it).

How it measures, so that the ratio holds on a busy machine: each query runs
``--runs`` times on each side, the two commands alternating, so both see the
same load; the figure per command is the median wall time of the whole
process. Both sides read an on-disk store: ``oxigraph query --location`` one
made by ``oxigraph load``, ``kg query`` the ready store it keeps in
``dist/.store/`` (made by a first, untimed run, whose time is reported
apart). ``kg`` runs from compiled bytecode, as an installed package does
(``compileall`` first: this machine sets PYTHONDONTWRITEBYTECODE, which would
otherwise make every run compile kg/ from source). The interpreter's own
start (``python -c pass``) is timed too: it is the floor under any Python
command.
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

TARGET_RATIO = 2.0  # issue 15: kg query instruments within 2x the oxigraph CLI
TARGET_QUERY = "instruments"
EXPECTED = ROOT / "tests" / "query" / "expected" / "queries"


def once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def side_by_side(ours: list[str], theirs: list[str], runs: int) -> tuple[float, float]:
    """Median wall times of the two commands, run alternately."""
    mine, other = [], []
    for _ in range(runs):
        mine.append(once(ours))
        other.append(once(theirs))
    return statistics.median(mine), statistics.median(other)


def kg_command() -> str:
    """The ``kg`` console script installed beside this interpreter: the very command a user runs."""
    found = shutil.which("kg", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit("the kg command is missing beside this interpreter: pip install -e '.[test]'.")
    return found


def commands_for(query, scratch: Path, oxigraph: str, store: Path) -> tuple[list[str], list[str]]:
    given = json.loads((EXPECTED / f"{query.name}.json").read_text(encoding="utf-8"))
    params = [f"{k}={v}" for k, v in given["params"].items()]
    fmt = "nt" if query_form(query.text) in ("CONSTRUCT", "DESCRIBE") else "csv"
    ours = [kg_command(), "query", query.name, *sum((["--param", p] for p in params), []), "--format", fmt]
    # the oxigraph CLI has no parameter binding: the same values go in as a VALUES row
    query_file = scratch / f"{query.name}.rq"
    query_file.write_text(with_values(query.text, bind(query, params)), encoding="utf-8")
    theirs = [oxigraph, "query", "--location", str(store), "--query-file", str(query_file), "--results-format", fmt]
    return ours, theirs


def report(rows, runs: int, floor: float, first_use: float) -> tuple[list[str], bool]:
    ratios = {name: ours / theirs for name, ours, theirs in rows}
    target = ratios[TARGET_QUERY]
    met = target <= TARGET_RATIO
    lines = [
        "# Query speed: `kg query` against the `oxigraph` CLI",
        "",
        f"Median of {runs} runs per command, the two commands alternating; wall time of the whole process",
        "(interpreter or binary start included) on the curated graph (`dist/kg-inferred.ttl`), both reading an",
        "on-disk store. Ratio = kg / oxigraph CLI, same run, same machine. Made by `benchmarks/query_speed.py`.",
        "",
        f"Target (issue 15): `kg query {TARGET_QUERY}` within {TARGET_RATIO:g}x the CLI. Here: "
        f"**{target:.2f}x** ({'met' if met else 'MISSED'}).",
        "",
        f"For scale: `python -c pass` takes {floor * 1000:.1f} ms here (the floor under any Python command); "
        f"the first `kg query` after a build, which makes `dist/.store/`, took {first_use * 1000:.0f} ms.",
        "",
        "| query | kg query (ms) | oxigraph CLI (ms) | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {name} | {ours * 1000:.1f} | {theirs * 1000:.1f} | {ours / theirs:.2f} |" for name, ours, theirs in rows]
    values = list(ratios.values())
    lines += ["", f"Ratio over all queries: median {statistics.median(values):.2f}, max {max(values):.2f}.", ""]
    return lines, met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="time only this stored query")
    args = parser.parse_args()

    dump = ROOT / "dist" / "kg-inferred.ttl"
    if not dump.is_file():
        sys.exit("dist/kg-inferred.ttl is missing: run 'kg build' first.")
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        sys.exit("the oxigraph command is missing: install the test extra (pip install -e '.[test]').")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True)
    shutil.rmtree(ROOT / "dist" / ".store", ignore_errors=True)
    first_use = once([kg_command(), "query", TARGET_QUERY])
    floor = statistics.median(once([sys.executable, "-c", "pass"]) for _ in range(args.runs))

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(dump)], check=True, capture_output=True)
        queries = [q for q in stored_queries(ROOT / "queries") if args.only in (None, q.name)]
        for query in queries:
            ours, theirs = commands_for(query, Path(scratch), oxigraph, store)
            rows.append((query.name, *side_by_side(ours, theirs, args.runs)))
    if args.only and args.only != TARGET_QUERY:
        print("\n".join(f"{n}: {o * 1000:.1f} ms / {t * 1000:.1f} ms = {o / t:.2f}" for n, o, t in rows))
        return 0
    lines, met = report(rows, args.runs, floor, first_use)
    if not args.only:
        (ROOT / "benchmarks" / "results" / "query-speed.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
