"""Export: write the store's graphs in each format, and a folder of outputs atomically.

Every file is written into a temporary folder beside the target; only when
all are written is the folder moved into place, so a failed build never
leaves a half-written ``dist/``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError

# format name -> (rdflib serializer, file suffix, media type)
FORMATS = {
    "ttl": ("turtle", "ttl", "text/turtle"),
    "nt": ("nt", "nt", "application/n-triples"),
    "jsonld": ("json-ld", "jsonld", "application/ld+json"),
    "xml": ("xml", "rdf", "application/rdf+xml"),
}


def load_context(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


@contextmanager
def atomic_folder(target: Path):
    """Yield a temporary folder; on success it replaces ``target``, on failure it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published folder is readable
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_file_atomically(path: Path, content: bytes) -> None:
    """Write ``path`` through a temporary file in the same folder and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_graph(kg_store, graphs, fmt: str, context: dict | None, stream) -> None:
    """Write the store's ``graphs`` to a binary ``stream`` in one of FORMATS (kg export, kg build)."""
    import io

    import pyoxigraph as ox

    from .jsonld import grouped, write_jsonld
    from .prefixes import PREFIXES

    if fmt not in FORMATS:
        raise UsageError(f"Unknown format '{fmt}'; choose one of {', '.join(FORMATS)}.")
    if fmt == "jsonld":
        ordered = kg_store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", *graphs)
        text = io.TextIOWrapper(stream, encoding="utf-8", write_through=True)
        write_jsonld(grouped(ox.Triple(r["s"], r["p"], r["o"]) for r in ordered), context, text)
        text.detach()
    elif fmt == "nt":
        lines = ox.serialize(kg_store.triples(*graphs), format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
        lines.sort()  # sorted lines: stable diffs between releases
        stream.write(b"".join(lines))
    else:
        rdf_format = {"ttl": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML}[fmt]
        stream.write(ox.serialize(kg_store.triples(*graphs), format=rdf_format,
                                  prefixes=PREFIXES if fmt == "ttl" else None))
