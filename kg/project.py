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

from collections import namedtuple
from pathlib import Path

from .errors import UsageError

MARKER = Path("ontology") / "aisk.ttl"


class Project(namedtuple("Project", "root bundled", defaults=(False,))):  # not a dataclass: kg query starts faster without that import
    """A checkout (``bundled`` false) or the graph shipped in the package."""

    __slots__ = ()

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

    def relative(self, path: Path) -> str:
        """A path as the user should read it: relative to the project when inside it."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except (ValueError, RuntimeError, OSError):  # outside the project, or a symlink loop
            return str(path)


INSTALLED_FROM = Path(__file__).resolve().parent.parent
BUNDLED = Path(__file__).resolve().parent / "bundled"
BUILT_MARKER = Path("dist") / "kg-inferred.ttl"


def find_project(start: Path | None = None, installed_from: Path = INSTALLED_FROM,
                 bundled: Path = BUNDLED) -> Project:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return Project(folder)
    if (installed_from / MARKER).is_file():
        return Project(installed_from)
    if (bundled / BUILT_MARKER).is_file():
        return Project(bundled, bundled=True)
    raise UsageError(
        f"No AI Safety Knowledge Graph found: no checkout in {here} or its parents "
        f"(looked for {MARKER}) and no graph bundled with the package; run kg inside a checkout, "
        f"or install a wheel built with the graph."
    )
