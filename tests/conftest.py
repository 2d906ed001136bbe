"""Shared fixtures: the real project, one build of it per test session, and a
way to run the ``kg`` command on a copy of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.build.load import load_project
from kg.progress import Progress
from kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("ontology", "vocab", "data", "queries", "links")


def pytest_addoption(parser):
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite the expected query results in tests/query/expected/ from the current graph (review the diff!)",
    )


@pytest.fixture(scope="session")
def update_expected(request) -> bool:
    return request.config.getoption("--update-expected")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def sources(project):
    return load_project(project)


@pytest.fixture(scope="session")
def built_dist(project, tmp_path_factory):
    """The real curated graph, built once: (Built, dist folder)."""
    out = tmp_path_factory.mktemp("build") / "dist"
    built = build(project, out, Progress(enabled=False))
    return built, out


@pytest.fixture(scope="session")
def built(built_dist):
    return built_dist[0]


@pytest.fixture(scope="session")
def dist(built_dist) -> Path:
    return built_dist[1]


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's sources that a test may break."""
    for folder in SOURCE_FOLDERS:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def run_kg(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        timeout=300,
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, tries: int = 300) -> None:
    """Poll ``url`` until it answers; fail with the process's stderr if it exits first."""
    import time
    import urllib.request

    for _ in range(tries):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if process.poll() is not None:
                stderr = process.stderr.read() if process.stderr else b""
                raise RuntimeError(f"server exited: {stderr.decode() if isinstance(stderr, bytes) else stderr}")
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, dist) -> Path:
    """A copy of the project with a built dist/, shared by tests that only read it."""
    root = tmp_path_factory.mktemp("built-project")
    for folder in SOURCE_FOLDERS:
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(dist, root / "dist")
    return root


@pytest.fixture(scope="session")
def shapes(project):
    from kg.build.validate import load_shapes

    return load_shapes(project.shapes_file)


@pytest.fixture(scope="session")
def schema(project):
    """The ontology and vocabularies without any records."""
    return load_project(project, extra_data=[])


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server (PyPI package 'oxigraph', in the test extra) is not installed"
    return found


@contextmanager
def oxigraph_server(data: Path, location: Path):
    """The Oxigraph server from PyPI, read-only on 127.0.0.1, loaded with ``data``: yields its query URL."""
    binary = oxigraph_binary()
    subprocess.run([binary, "load", "--location", str(location), "--file", str(data)],
                   check=True, capture_output=True, timeout=120)
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{free_port()}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://{server.args[-1]}/query"
        wait_for(url + "?query=ASK%7B%7D", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def oxigraph_endpoint(dist, tmp_path_factory):
    """The Oxigraph server loaded with dist/kg-inferred.ttl; stopped after the tests."""
    with oxigraph_server(dist / "kg-inferred.ttl", tmp_path_factory.mktemp("oxigraph-store")) as url:
        yield url
