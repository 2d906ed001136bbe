"""The README's two commands, and CI running the same test command."""

from __future__ import annotations

import re

from conftest import ROOT

BUILD = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kg build"
TEST = "apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk && python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```\n(.+?)\n```", text)[:2]


def test_readme_starts_with_the_build_and_test_commands():
    assert readme_commands() == [BUILD, TEST]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST in script.splitlines()
