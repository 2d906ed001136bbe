"""End-to-end speed of every stored query: ``kg query`` (interpreter start
included) beside the ``oxigraph`` command-line tool running the same query on
the same dump, as a ratio measured in the same run.

Run from the project root after ``kg build``:

    .venv/bin/python benchmarks/query_speed.py [--runs 15]

Writes benchmarks/results/query-speed.md. Needs the test extra (the
``oxigraph`` command comes with it). ``--project DIR --out NAME.md`` times
another built project instead, e.g. a synthetic one (benchmarks/synthetic.py),
where the dump is big enough for kg query's ready store.

How it measures, so that the ratio holds on a busy machine: each query runs
``--runs`` times on each side, the two commands alternating, so both see the
same load; the figure per command is the median wall time of the whole
process. ``oxigraph query --location`` reads a store made by ``oxigraph
load``; ``kg query`` the ready store it keeps in ``dist/.store/`` when the dump
is 512 KiB or more, and loads a smaller dump into memory from the ready
N-Triples copy it keeps there, which is faster (kg.query.ready_store); either is
made by a first, untimed run, whose time is reported apart. ``kg`` runs from compiled bytecode, as an installed package does
(``compileall`` first: this machine sets PYTHONDONTWRITEBYTECODE, which would
otherwise make every run compile kg/ from source). The interpreter's own
start (``python -c pass``, and with ``import pyoxigraph``) is timed too: it is
the floor under any Python command.

From another script: ``headline(runs)`` measures only ``kg query instruments``
and returns its figures as a dict (benchmarks/run.py's combined report).

Two installs are timed: the one this interpreter has (``pip install -e``, as
the README's developer set-up makes it: setuptools' editable finder runs at
every start and imports pathlib, re, urllib and importlib.util), and a regular
install (``pip install .``), modelled by a throw-away virtual environment
whose site-packages holds ``kg`` and this environment's packages as plain path
entries, with the same ``kg`` console script.
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
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from kg.query.catalogue import stored_queries  # noqa: E402
from kg.query.params import bind  # noqa: E402
from kg.query.sparqltext import query_form, with_values  # noqa: E402

TARGET_RATIO = 2.0  # issue 15: kg query instruments within 2x the oxigraph CLI
TARGET_QUERY = "instruments"
EXPECTED = ROOT / "tests" / "query" / "expected" / "queries"
WORK = ROOT  # the project whose dist/ is queried (--project)


def once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)
    return time.perf_counter() - started


def alternating(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command, the commands run in turn so that they share the machine's load."""
    times = [[] for _ in commands]
    for _ in range(runs):
        for command, spent in zip(commands, times):
            spent.append(once(command))
    return [statistics.median(spent) for spent in times]


def kg_command() -> str:
    """The ``kg`` console script installed beside this interpreter: the very command a user runs."""
    found = shutil.which("kg", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit("the kg command is missing beside this interpreter: pip install -e '.[test]'.")
    return found


def regular_install(folder: Path) -> tuple[str, str]:
    """A model of ``pip install .``: (its python, its kg console script); see the module's docstring."""
    import site
    import sysconfig

    venv.create(folder, with_pip=False, symlinks=True)
    packages = folder / "packages"
    packages.mkdir()
    (packages / "kg").symlink_to(ROOT / "kg")
    target = Path(sysconfig.get_path("purelib", vars={"base": str(folder), "platbase": str(folder)}))
    (target / "deps.pth").write_text(f"{packages}\n" + "".join(f"{p}\n" for p in site.getsitepackages()), encoding="utf-8")
    python = folder / "bin" / "python"
    script = folder / "bin" / "kg"
    script.write_text(Path(kg_command()).read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    script.write_text(f"#!{python}\n" + script.read_text(encoding="utf-8"), encoding="utf-8")
    script.chmod(0o755)
    return str(python), str(script)


def commands_for(query, scratch: Path, oxigraph: str, store: Path, kg: str) -> tuple[list[str], list[str]]:
    given = json.loads((EXPECTED / f"{query.name}.json").read_text(encoding="utf-8"))
    params = [f"{k}={v}" for k, v in given["params"].items()]
    fmt = "nt" if query_form(query.text) in ("CONSTRUCT", "DESCRIBE") else "csv"
    ours = [kg, "query", query.name, *sum((["--param", p] for p in params), []), "--format", fmt]
    # the oxigraph CLI has no parameter binding: the same values go in as a VALUES row
    query_file = scratch / f"{query.name}.rq"
    query_file.write_text(with_values(query.text, bind(query, params)), encoding="utf-8")
    theirs = [oxigraph, "query", "--location", str(store), "--query-file", str(query_file), "--results-format", fmt]
    return ours, theirs


def report(rows, runs: int, floors: dict, first_use: float) -> tuple[list[str], bool]:
    """rows: (query, kg editable, kg regular, oxigraph CLI) in seconds."""
    ratio = {name: (editable / cli, regular / cli) for name, editable, regular, cli in rows}
    editable, regular = ratio[TARGET_QUERY]
    met = regular <= TARGET_RATIO
    ms = {k: v * 1000 for k, v in floors.items()}
    lines = [
        "# Query speed: `kg query` against the `oxigraph` CLI",
        "",
        f"Median of {runs} runs per command, the commands alternating; wall time of the whole process",
        f"(interpreter or binary start included) on {graph_name()} (`dist/kg-inferred.ttl`, "
        f"{(WORK / 'dist' / 'kg-inferred.ttl').stat().st_size / 1e6:.1f} MB). "
        "Ratio = kg / oxigraph CLI, same run, same machine. Made by `benchmarks/query_speed.py`,",
        "whose docstring says how; *editable* is `pip install -e` (the README's developer set-up), *regular*",
        "a model of `pip install .`.",
        "",
        f"Target (issue 15): `kg query {TARGET_QUERY}` within {TARGET_RATIO:g}x the CLI. Here: "
        f"**{regular:.2f}x** regular install ({'met' if met else 'MISSED'}), {editable:.2f}x editable.",
        "",
        "Where the time goes (medians, same run):",
        "",
        "| process | editable (ms) | regular (ms) |",
        "| --- | ---: | ---: |",
        f"| `python -c pass` | {ms['pass-e']:.1f} | {ms['pass-r']:.1f} |",
        f"| `python -c 'import pyoxigraph'` | {ms['ox-e']:.1f} | {ms['ox-r']:.1f} |",
        f"| `kg query {TARGET_QUERY}` | {rows_for(rows)[0] * 1000:.1f} | {rows_for(rows)[1] * 1000:.1f} |",
        f"| `oxigraph query` (the CLI) | {rows_for(rows)[2] * 1000:.1f} | |",
        "",
        f"A Python process that only imports pyoxigraph already takes {ms['ox-r'] / (rows_for(rows)[2] * 1000):.2f}x "
        f"the CLI's whole run (regular install; {ms['ox-e'] / (rows_for(rows)[2] * 1000):.2f}x editable). "
        f"On top of it `kg query` spends {(rows_for(rows)[1] * 1000 - ms['ox-r']):.1f} ms: getting the graph (loading "
        "the ready copy of a dump under 512 KiB, opening the ready store above) and running the query, which is about the work of the "
        "CLI's whole run, plus kg's own modules and turning the rows into text.",
        "",
        f"The first `kg query` after a build took {first_use * 1000:.0f} ms"
        + (", making `dist/.store/`." if (WORK / "dist" / ".store").exists() else " (the dump is parsed: no store)."),
        "",
        "| query | kg editable (ms) | kg regular (ms) | oxigraph CLI (ms) | ratio editable | ratio regular |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {name} | {e * 1000:.1f} | {r * 1000:.1f} | {c * 1000:.1f} | {e / c:.2f} | {r / c:.2f} |"
              for name, e, r, c in rows]
    regulars = [r for _, r in ratio.values()]
    editables = [e for e, _ in ratio.values()]
    lines += ["", f"Ratio over all queries: regular median {statistics.median(regulars):.2f}, max {max(regulars):.2f}; "
              f"editable median {statistics.median(editables):.2f}, max {max(editables):.2f}.", ""]
    return lines, met


def graph_name() -> str:
    return "the curated graph" if WORK == ROOT else f"the project in `{WORK.name}`"


def rows_for(rows) -> tuple[float, float, float]:
    return next(row[1:] for row in rows if row[0] == TARGET_QUERY)


def measure(only: str | None, runs: int, with_floors: bool = True):
    """Time the stored queries (``only``: just that one) of the project in WORK, each side by side with the
    oxigraph CLI; (rows, floors, first use) as report() takes them."""
    dump = WORK / "dist" / "kg-inferred.ttl"
    if not dump.is_file():
        sys.exit("dist/kg-inferred.ttl is missing: run 'kg build' first.")
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        sys.exit("the oxigraph command is missing: install the test extra (pip install -e '.[test]').")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True)
    shutil.rmtree(WORK / "dist" / ".store", ignore_errors=True)
    first_use = once([kg_command(), "query", TARGET_QUERY])

    rows, floors = [], {}
    with tempfile.TemporaryDirectory() as scratch:
        python, kg_regular = regular_install(Path(scratch) / "regular")
        if with_floors:
            floors = dict(zip(("pass-e", "pass-r", "ox-e", "ox-r"), alternating(
                [[sys.executable, "-c", "pass"], [python, "-c", "pass"],
                 [sys.executable, "-c", "import pyoxigraph"], [python, "-c", "import pyoxigraph"]], runs)))
        store = Path(scratch) / "store"
        subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(dump)], check=True, capture_output=True)
        queries = [q for q in stored_queries(WORK / "queries") if only in (None, q.name)]
        for query in queries:
            editable, theirs = commands_for(query, Path(scratch), oxigraph, store, kg_command())
            regular = [kg_regular, *editable[1:]]
            rows.append((query.name, *alternating([editable, regular, theirs], runs)))
    return rows, floors, first_use


def headline(runs: int = 25, project: Path | None = None) -> dict:
    """The target query's figures, measured as ``--only instruments`` measures them (for benchmarks/run.py):
    kg regular and editable install and the oxigraph CLI in ms (medians, same run), and the ratio regular / CLI."""
    global WORK
    WORK = Path(project or ROOT).resolve()
    rows, _, _ = measure(TARGET_QUERY, runs, with_floors=False)
    editable, regular, cli = rows_for(rows)
    return {"query": TARGET_QUERY, "runs": runs, "kg_regular_ms": regular * 1000, "kg_editable_ms": editable * 1000,
            "cli_ms": cli * 1000, "ratio": regular / cli, "target": TARGET_RATIO, "met": regular / cli <= TARGET_RATIO}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="time only this stored query (and write no results file)")
    parser.add_argument("--project", type=Path, help="a built project to query instead of this checkout")
    parser.add_argument("--out", default="query-speed.md", help="results file in benchmarks/results/")
    args = parser.parse_args()
    global WORK
    WORK = (args.project or ROOT).resolve()

    rows, floors, first_use = measure(args.only, args.runs)
    if args.only and args.only != TARGET_QUERY:
        print("\n".join(f"{n}: {e * 1000:.1f} / {r * 1000:.1f} / {c * 1000:.1f} ms" for n, e, r, c in rows))
        return 0
    lines, met = report(rows, args.runs, floors, first_use)
    if not args.only or args.out != "query-speed.md":
        (ROOT / "benchmarks" / "results" / args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
