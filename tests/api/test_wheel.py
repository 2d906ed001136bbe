"""The package as a researcher gets it: the wheel built by the normal build
backend (which runs kg build into it), installed into a fresh virtual
environment, used from an empty folder through the command line, the API
and the tutorial notebook. Slow-ish (about a minute): one wheel, one venv."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"


def run(*args, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}: {result.stderr[-3000:]}"
    return result


def checkout_copy(target: Path) -> Path:
    """The files a wheel is built from (no dist/, no venv): as a clean clone has them."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = checkout_copy(tmp_path_factory.mktemp("checkout"))
    out = tmp_path_factory.mktemp("wheels")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", out, source, cwd=source)
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    folder = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", folder, cwd=folder)
    run(folder / "bin" / "pip", "install", "-q", f"{wheel}[pandas]", "nbclient", "ipykernel", "matplotlib", cwd=folder)
    return folder


@pytest.fixture
def empty(tmp_path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_the_wheel_carries_the_graph_queries_and_ontology(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ["kg-inferred.ttl", "kg.ttl", "kg.nt", "kg.jsonld", "void.ttl", "queries.ttl"]:
        assert f"kg/bundled/dist/{name}" in names
    assert "kg/bundled/queries/instruments.rq" in names
    assert {"kg/bundled/ontology/aisk.ttl", "kg/bundled/ontology/shapes.ttl"} <= names


def test_cli_on_the_bundled_graph_from_an_empty_folder(venv, empty):
    kg = venv / "bin" / "kg"
    listed = run(kg, "query", "instruments", "--format", "json", cwd=empty)
    rows = json.loads(listed.stdout)["results"]["bindings"]
    assert len(rows) > 50
    lineage = run(kg, "query", "lineage-based-on", "--param", "instrument=inst:ai-guidelines-for-business", cwd=empty)
    assert lineage.stdout.startswith("ancestor,")
    assert "lineage-based-on" in run(kg, "queries", cwd=empty).stdout
    assert "Instrument" in run(kg, "stats", cwd=empty).stdout
    assert run(kg, "export", "--format", "nt", cwd=empty).stdout.count("\n") > 1000
    info = run(kg, "info", cwd=empty).stdout
    assert "bundled" in info
    refused = subprocess.run([kg, "build"], cwd=empty, capture_output=True, text=True)
    assert refused.returncode == 2 and "inside a checkout" in refused.stderr


def test_api_on_the_bundled_graph_from_an_empty_folder(venv, empty):
    script = """
import json, kg
graph = kg.load()
frame = graph.query("instruments").to_pandas()
count = graph.query("SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a <https://w3id.org/ai-safety-kg/ontology#Instrument> }")
print(json.dumps({"origin": graph.origin, "rows": len(frame), "n": count.to_records()[0]["n"],
                  "columns": list(frame.columns)}))
"""
    out = json.loads(run(venv / "bin" / "python", "-c", script, cwd=empty).stdout)
    assert out["origin"] == "the graph bundled with the installed package"
    assert out["rows"] == out["n"] > 50
    assert out["columns"][:2] == ["instrument", "instrument_label"]


def test_the_tutorial_notebook_runs_on_the_bundled_graph(venv, empty):
    script = f"""
import nbformat
from nbclient import NotebookClient
notebook = nbformat.read({str(NOTEBOOK)!r}, as_version=4)
NotebookClient(notebook, timeout=300, kernel_name="python3").execute(cwd={str(empty)!r})
images = sum("image/png" in output.get("data", {{}}) for cell in notebook.cells for output in cell.get("outputs", []))
print(images)
"""
    assert int(run(venv / "bin" / "python", "-c", script, cwd=empty).stdout.split()[-1]) >= 1
    assert (empty / "ai-guidelines-for-business.jsonld").stat().st_size > 1000


def test_the_committed_notebook_carries_its_plot():
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert not [o for o in outputs if o.output_type == "error"]


def test_a_wheel_without_the_graph_is_not_built(tmp_path):
    source = checkout_copy(tmp_path / "broken")
    (source / "data" / "laws.ttl").write_text("this is not Turtle", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "out"), str(source)],
                            cwd=source, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "kg build failed, so no wheel is built" in result.stdout + result.stderr
    assert not list((tmp_path / "out").glob("*.whl"))
