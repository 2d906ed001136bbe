"""The layout is the architecture (ARCHITECTURE.md): wings import only what
sits beneath them, and no module grows past 400 lines."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

PACKAGE = ROOT / "kg"
# wing -> the wings it may import (the top level is open to all)
MAY_IMPORT = {
    "query": set(),
    "link": {"query"},
    "build": {"query", "link"},
    "publish": {"query", "link", "build"},
}
MODULES = sorted(PACKAGE.rglob("*.py"))


def wing_of(path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def imported_wings(path) -> set[str]:
    """The kg wings a module imports, resolving relative imports."""
    package = list(path.relative_to(ROOT).parent.parts)  # e.g. ["kg", "build"]
    wings = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
            else:
                target = (node.module or "").split(".")
            names = [target + [alias.name] for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        else:
            continue
        for name in names:
            if name[0] == "kg" and len(name) > 1 and name[1] in MAY_IMPORT:
                wings.add(name[1])
    return wings


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_wings_import_nothing_above_them(path):
    wing = wing_of(path)
    used = imported_wings(path) - {wing}
    if wing is None:
        allowed = set(MAY_IMPORT) if path.name in ("cli.py", "commands.py", "api.py", "__init__.py") else set()
    else:
        allowed = MAY_IMPORT[wing]
    assert used <= allowed, f"{path.relative_to(ROOT)} imports {sorted(used - allowed)}"


def test_the_layering_check_sees_relative_imports():
    site = PACKAGE / "publish" / "site.py"
    assert "build" in imported_wings(site) or "query" in imported_wings(site)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_past_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_function_past_about_60_lines(path):
    long = [(node.name, node.end_lineno - node.lineno + 1)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60]
    assert not long, f"{path.relative_to(ROOT)}: {long}"
