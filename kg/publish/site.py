"""``kg site``: a static website of the built graph, in Japanese and English.

Reads ``dist/kg-inferred.ttl`` with pyoxigraph and writes a folder that works
from the disk (``file://``) or any static host: relative links only, no
scripts, no fonts or styles from elsewhere. For every record under
``…/id/`` it writes ``PATH.ja.html`` and ``PATH.en.html`` (each links the
other), and beside them ``PATH.ttl`` and ``PATH.jsonld``: the record's own
triples, the triples pointing at it and the labels of its neighbours, the
JSON-LD compacted with ``ontology/context.jsonld``. ``PATH`` is the record
IRI after ``…/id/``, a fragment (``#fn-27``) becoming one more folder level.

Around the records: an index, instruments by kind, by issuer and by year,
the lineage diagram and the stored-query catalogue. The modules behind it:
``sitegraph`` (the graph and paths), ``sitelinks``, ``sitelineage`` and
``sitedata`` (what a page shows), ``sitepages`` (rendering the templates in
``templates/site/``), ``siterdf`` (a record's data files), ``schemaorg`` (the
embedded schema.org JSON-LD); the words are in ``templates/i18n/``. This
module writes the files, each checked to stay inside the output folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError, UsageError
from .sitegraph import GENERATOR, Graph
from .sitepages import Site

__all__ = ["Graph", "Site", "Written", "build_site"]


@dataclass
class Written:
    out: Path
    records: int
    files: int


def build_site(project, dist: Path, out: Path) -> Written:
    """Write the site for the graph built in ``dist`` into ``out`` (replaced as a whole, atomically)."""
    from ..build.export import load_context
    from ..query.catalogue import stored_queries

    graph_file = Path(dist) / "kg-inferred.ttl"
    if not graph_file.is_file():
        raise UsageError(f"There is no built graph at {project.relative(graph_file)}; run kg build first.")
    _check_target(Path(out), project)
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    site = Site(Graph(store), load_context(project.context_file), stored_queries(project.queries_dir))
    files = site.files()
    _write(files, Path(out), project)
    return Written(Path(out), len(site.records), len(files))


def _write(files: dict[str, str | bytes], out: Path, project) -> None:
    """Write every file into a staging folder that replaces ``out``; refuse a path that would leave it."""
    from ..files import atomic_folder

    try:
        with atomic_folder(out) as staging:
            root = staging.resolve()
            for relative, content in files.items():
                path = (staging / relative).resolve()
                if not path.is_relative_to(root) or path == root:
                    raise UsageError(f"The site file {relative} would be written outside {project.relative(out)}; "
                                     f"rename the record it comes from.")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as error:  # a full disk, no permission, or dist/ replaced by a build meanwhile
        raise KgError(f"Cannot write the site to {project.relative(out)}: {error.strerror or error}.") from None


def _check_target(out: Path, project) -> None:
    """Refuse to replace a folder that is not a site this command wrote (say, --out dist by mistake)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"--out {project.relative(out)} is a file, not a folder.")
    index = out / "index.html"
    if any(out.iterdir()) and not (index.is_file() and f'content="{GENERATOR}' in index.read_text("utf-8", "replace")[:2000]):
        raise UsageError(f"--out {project.relative(out)} is a folder that kg site did not write; choose another.")
