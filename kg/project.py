"""Where the project's source files are.

The ``kg`` command works on a checkout: it looks for ``ontology/aisk.ttl``
from the current directory upwards, so it runs from any folder inside the
project, and falls back to the checkout the package was installed from.
"""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from .errors import UsageError

MARKER = Path("ontology") / "aisk.ttl"


class Project(namedtuple("Project", "root")):  # not a dataclass: kg query starts faster without that import
    __slots__ = ()

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


def find_project(start: Path | None = None, installed_from: Path = INSTALLED_FROM) -> Project:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return Project(folder)
    if (installed_from / MARKER).is_file():
        return Project(installed_from)
    raise UsageError(
        f"No AI Safety Knowledge Graph project found in {here} or its parents "
        f"(looked for {MARKER}); run kg inside a checkout."
    )
