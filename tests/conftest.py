"""Shared fixtures: the real project, one build of it per test session, and a
way to run the ``kg`` command on a copy of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.load import load_project
from kg.progress import Progress
from kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("ontology", "vocab", "data", "queries")


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
