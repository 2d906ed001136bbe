"""The README's two commands, and CI running the same test command."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

BUILD = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kg build"
TEST = "apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk default-jdk-headless libowlapi-java virtuoso-opensource && python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```\n(.+?)\n```", text)[:2]


def test_readme_starts_with_the_build_and_test_commands():
    assert readme_commands() == [BUILD, TEST]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST in script.splitlines()


def test_every_test_file_is_collected():
    """pytest skips some folder names by default (build/ among them): every
    tests/**/test_*.py must be part of what a plain ``pytest`` collects."""
    listing = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120).stdout
    collected = {line.split("::")[0] for line in listing.splitlines() if "::" in line}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    assert on_disk <= collected, f"not collected: {sorted(on_disk - collected)}"
