"""Where the project's files are: a checkout, or the graph bundled in the wheel.

The ``kg`` command looks for ``ontology/aisk.ttl`` from the current directory
upwards, so it runs from any folder inside a checkout; then it tries the
checkout the package was installed from (an editable install); then the
graph that ships inside the installed package (``kg/bundled/``: the built
``dist/`` files, the stored queries, the ontology and shapes). The bundled
graph answers the reading commands (query, queries, stats, export, serve);
commands that build or curate need a checkout.
"""

from __future__ import annotations

import errno
import os
from collections import namedtuple

from .errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: kg query runs without pathlib (kg.project)
    from pathlib import Path

# kg query finds its files with os.path and strings: pathlib's import (with urllib.parse and ipaddress)
# costs it 3 ms of 30 (measured, benchmarks/query_speed.py). Project.root and the other paths are
# pathlib.Path objects for everyone else, made on first use.
MARKER = os.path.join("ontology", "aisk.ttl")


class Project(namedtuple("Project", "home bundled", defaults=(False,))):  # not a dataclass: kg query starts faster without that import
    """A checkout (``bundled`` false) or the graph shipped in the package; ``home`` is its folder as a string."""

    __slots__ = ()

    def __new__(cls, root, bundled: bool = False):
        return super().__new__(cls, os.fspath(root), bundled)

    @property
    def root(self) -> Path:
        """The project's folder."""
        from pathlib import Path

        return Path(self.home)

    def path(self, *parts: str) -> str:
        """A file or folder in the project, as a string (no pathlib)."""
        return os.path.join(self.home, *parts)

    @property
    def dist(self) -> Path:
        """The built graph's folder: the checkout's dist/ or the bundled copy."""
        return self.root / "dist"

    @property
    def kind(self) -> str:
        return "the graph bundled with the installed package" if self.bundled else "a checkout"

    def require_checkout(self, command: str) -> None:
        """Commands that build or curate the graph need its sources."""
        if self.bundled:
            raise UsageError(
                f"'kg {command}' works on the project's sources; run it inside a checkout of the AI Safety "
                f"Knowledge Graph (the installed package holds only the built graph)."
            )

    @property
    def ontology_files(self) -> list[Path]:
        return [self.root / "ontology" / "aisk.ttl"]

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def context_file(self) -> Path:
        return self.root / "ontology" / "context.jsonld"

    @property
    def vocab_files(self) -> list[Path]:
        return sorted((self.root / "vocab").glob("*.ttl"))

    @property
    def data_files(self) -> list[Path]:
        return sorted((self.root / "data").rglob("*.ttl"))

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def relative(self, path) -> str:
        """A path as the user should read it: relative to the project when inside it (as
        ``Path(path).resolve().relative_to(self.root)`` gives it, without pathlib)."""
        real = os.path.realpath(path)
        try:
            os.stat(real)
        except OSError as error:  # resolve() gives up on a symlink loop; a missing file is fine
            if error.errno == errno.ELOOP:
                return str(path)
        home = os.path.normpath(self.home)
        if real == home:
            return "."
        inside = home.rstrip(os.sep) + os.sep
        return real[len(inside):] if real.startswith(inside) else str(path)


INSTALLED_FROM = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
BUNDLED = os.path.join(os.path.dirname(os.path.realpath(__file__)), "bundled")
BUILT_MARKER = os.path.join("dist", "kg-inferred.ttl")


def find_project(start=None, installed_from=INSTALLED_FROM, bundled=BUNDLED) -> Project:
    """The checkout around ``start`` (default: the current folder), else the one kg was installed from, else the
    bundled graph."""
    here = os.path.realpath(os.getcwd() if start is None else start)
    folder = here
    while True:
        if os.path.isfile(os.path.join(folder, MARKER)):
            return Project(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    if os.path.isfile(os.path.join(installed_from, MARKER)):
        return Project(installed_from)
    if os.path.isfile(os.path.join(bundled, BUILT_MARKER)):
        return Project(bundled, bundled=True)
    raise UsageError(
        f"No AI Safety Knowledge Graph found: no checkout in {here} or its parents "
        f"(looked for {MARKER}) and no graph bundled with the package; run kg inside a checkout, "
        f"or install a wheel built with the graph."
    )
