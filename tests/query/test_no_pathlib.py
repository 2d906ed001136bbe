"""kg query finds its files without pathlib (kg.project, kg.query.commands):
it imports no pathlib, and its string-based answers are the ones the Path
methods they replace give."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from kg.project import Project, find_project
from kg.query.commands import _sources

ROOT = Path(__file__).resolve().parents[2]
# A process as a regular install starts it: no site (the editable finder imports pathlib), kg and the packages on the path.
WITHOUT_SITE = """
import sys
sys.path[:0] = sys.argv[1:3]
from kg.cli import main
code = main(["query", "instruments", "--format", "csv"])
sys.stdout.flush()
print(code, *sorted(m for m in ("pathlib", "argparse", "csv", "contextlib", "threading", "typing") if m in sys.modules),
      file=sys.stderr)
"""


def test_kg_query_imports_no_pathlib(built_project):
    done = subprocess.run([sys.executable, "-S", "-c", WITHOUT_SITE, str(ROOT), sysconfig.get_path("purelib")],
                          cwd=built_project, capture_output=True, text=True, timeout=120)
    assert done.stderr == "0\n" and done.stdout.startswith("instrument,title,")


def path_relative(root: Path, path) -> str:
    """Project.relative as it was written with pathlib."""
    try:
        return str(Path(path).resolve().relative_to(root))
    except (ValueError, RuntimeError, OSError):
        return str(path)


def test_relative_answers_as_pathlib_did(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "data" / "sub").mkdir(parents=True)
    (root / "data" / "sub" / "a.ttl").write_text("", encoding="utf-8")
    (tmp_path / "outside.ttl").write_text("", encoding="utf-8")
    (root / "link-out").symlink_to(tmp_path / "outside.ttl")
    (tmp_path / "link-in").symlink_to(root / "data" / "sub" / "a.ttl")
    (root / "loop").symlink_to(root / "loop")
    monkeypatch.chdir(root)  # relative arguments are read from the current folder, as before
    project = Project(root)
    for path in [root / "data" / "sub" / "a.ttl", str(root / "data"), root, "data/sub/a.ttl", "data/../data/sub",
                 "missing/file.rq", tmp_path / "outside.ttl", root / "link-out", tmp_path / "link-in", root / "loop",
                 root / "loop" / "x", "/", str(root) + "-sibling/x.ttl"]:
        assert project.relative(path) == path_relative(root, path), path


def test_the_sources_come_in_the_project_lists_order(project, tmp_path):
    assert list(_sources(project)) == [str(p) for p in (*project.ontology_files, *project.vocab_files,
                                                        *project.data_files)]
    root = tmp_path / "p"
    for name in ["ontology/aisk.ttl", "vocab/b.ttl", "vocab/a.ttl", "vocab/no.txt", "data/a-b/x.ttl", "data/a/x.ttl",
                 "data/a/b/y.ttl", "data/z.ttl", "data/Z.ttl", "data/a/.hidden.ttl"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    made = Project(root)
    assert list(_sources(made)) == [str(p) for p in (*made.ontology_files, *made.vocab_files, *made.data_files)]


@pytest.mark.parametrize("where", [".", "data", "queries/checks"])
def test_find_project_from_inside_a_checkout(where, monkeypatch):
    monkeypatch.chdir(ROOT / where)
    found = find_project()
    assert found == Project(ROOT) and found.root == ROOT and found.dist == ROOT / "dist" and not found.bundled
