"""Time each build stage on one project, in this process, and print JSON.

    python benchmarks/stage_runner.py oxigraph|rdflib PROJECT [--skip-reason] [--skip-validate]

Run by benchmarks/run.py in a fresh process per measurement, so that the peak
memory it reports (ru_maxrss) belongs to that measurement alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from kg.project import Project  # noqa: E402


PEAKS: dict = {}  # stage -> peak resident memory (bytes) of this process when the stage ended


def peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(times: dict, name: str, action):
    started = time.perf_counter()
    result = action()
    times[name] = time.perf_counter() - started
    PEAKS[name] = peak_bytes()
    return result


def run_oxigraph(project: Project, times: dict, skip: set) -> dict:
    from kg.build.pipeline import write_dist
    from kg.build.store import ASSERTED, INFERRED, KgStore
    from kg.build.validate import load_shapes
    from kg.build.load import parse_file
    from kg.build.shacl_sparql import validate_in_store
    from kg.build.reason import infer_in_store
    from kg.build.checks import run_checks, store_select
    from kg.build.pipeline import Built

    store = timed(times, "parse", lambda: KgStore().load_project(project))
    ontology = parse_file(project.ontology_files[0])
    shapes = load_shapes(project.shapes_file)
    report = timed(times, "validate", lambda: validate_in_store(store, shapes))
    rules: dict = {}  # seconds per compiled rule, derivation and cleanup (the optional timing hook)
    timed(times, "reason", lambda: infer_in_store(store, ontology, timings=rules))
    times["rules"] = rules
    timed(times, "checks", lambda: run_checks(store_select(store, ASSERTED, INFERRED), project.checks_dir))
    built = Built(store, ontology, report)
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as out:
        # the same work as the rdflib path's export: one Turtle file of asserted + inferred triples
        timed(times, "export", lambda: ox.serialize(store.triples(ASSERTED, INFERRED), str(Path(out) / "kg-inferred.ttl"),
                                                     ox.RdfFormat.TURTLE))
        timed(times, "all dist/ files", lambda: write_dist(project, built, Path(out) / "dist"))
    return {"asserted": store.count(ASSERTED), "inferred": store.count(INFERRED)}


def run_rdflib(project: Project, times: dict, skip: set) -> dict:
    from rdflib import Graph

    from kg.build.checks import graph_select, run_checks
    from kg.build.load import load_project
    from kg.build.reason import infer
    from kg.build.validate import load_shapes, validate

    sources = timed(times, "parse", lambda: load_project(project))
    asserted = sources.asserted()
    if "validate" not in skip:
        timed(times, "validate", lambda: validate(sources, load_shapes(project.shapes_file)))
    inferred = Graph()
    if "reason" not in skip:
        inferred = timed(times, "reason", lambda: infer(asserted))
    reasoned = asserted + inferred
    if "checks" not in skip:
        timed(times, "checks", lambda: run_checks(graph_select(reasoned), project.checks_dir))
    with tempfile.TemporaryDirectory() as out:
        timed(times, "export", lambda: reasoned.serialize(Path(out) / "kg-inferred.ttl", format="turtle"))
    return {"asserted": len(asserted), "inferred": len(inferred)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["oxigraph", "rdflib"])
    parser.add_argument("project")
    parser.add_argument("--skip", action="append", default=[], choices=["validate", "reason", "checks"])
    args = parser.parse_args()
    project = Project(Path(args.project).resolve())
    times: dict = {}
    counts = (run_oxigraph if args.engine == "oxigraph" else run_rdflib)(project, times, set(args.skip))
    rules = times.pop("rules", {})
    print(json.dumps({"engine": args.engine, "times": times, "counts": counts, "peak_bytes": peak_bytes(),
                      "peaks": PEAKS, "rules": rules}))


if __name__ == "__main__":
    main()
