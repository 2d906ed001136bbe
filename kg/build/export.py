"""Export: write the store's graphs in each format (Turtle, N-Triples,
JSON-LD, RDF/XML). The pipeline writes them into a folder that kg.files
moves into place only when every file is written."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError, UsageError

# format name -> (rdflib serializer, file suffix, media type)
FORMATS = {
    "ttl": ("turtle", "ttl", "text/turtle"),
    "nt": ("nt", "nt", "application/n-triples"),
    "jsonld": ("json-ld", "jsonld", "application/ld+json"),
    "xml": ("xml", "rdf", "application/rdf+xml"),
}


def load_context(path: Path) -> dict:
    """The JSON-LD context of ontology/context.jsonld; a broken file is bad input (InputError)."""
    try:
        context = json.loads(path.read_bytes().decode("utf-8"))["@context"]
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}.") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}).") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}.") from None
    except (KeyError, TypeError):
        raise InputError(f"{path}: a JSON-LD context file needs an object with an \"@context\" member.") from None
    if not isinstance(context, dict):
        raise InputError(f"{path}: its \"@context\" must be a JSON object.")
    for term, definition in context.items():
        if term.startswith("@"):
            continue
        if not (isinstance(definition, str) or (isinstance(definition, dict) and isinstance(definition.get("@id"), str))):
            raise InputError(f"{path}: the term {term!r} must map to an IRI or to an object with an \"@id\" string.")
    return context


def write_graph(kg_store, graphs, fmt: str, context: dict | None, stream) -> None:
    """Write the store's ``graphs`` to a binary ``stream`` in one of FORMATS (kg export, kg build),
    streaming: no format holds a copy of the graph in memory."""
    import io

    import pyoxigraph as ox

    from .jsonld import subject_groups, write_jsonld
    from ..prefixes import PREFIXES

    if fmt not in FORMATS:
        raise UsageError(f"Unknown format '{fmt}'; choose one of {', '.join(FORMATS)}.")
    if fmt == "jsonld":
        text = io.TextIOWrapper(stream, encoding="utf-8", write_through=True)
        write_jsonld(subject_groups(kg_store, graphs), context, text)
        text.flush()
        text.detach()
    elif fmt == "nt":
        write_sorted_ntriples(kg_store, graphs, stream)
    elif fmt == "ttl":  # one document per graph, one after the other: Turtle allows the prefixes again
        for graph in graphs:
            kg_store.store.dump(stream, ox.RdfFormat.TURTLE, from_graph=graph, prefixes=PREFIXES)
    else:
        ox.serialize(kg_store.triples(*graphs), stream, format=ox.RdfFormat.RDF_XML)


def write_sorted_ntriples(kg_store, graphs, stream, chunk: int = 200_000) -> None:
    """The graphs' triples as N-Triples, one a line, sorted: stable diffs between releases.

    Sorted in runs of ``chunk`` triples written to scratch files, then merged, so that the whole
    graph is never in memory. The other formats are written in the store's order, fixed for the
    same sources once kg.build.canonical has relabelled the blank nodes."""
    import heapq
    import itertools
    import tempfile

    import pyoxigraph as ox

    triples = kg_store.triples(*graphs)
    with tempfile.TemporaryDirectory(prefix="kg-nt-") as scratch:
        runs = []
        while block := list(itertools.islice(triples, chunk)):
            lines = ox.serialize(block, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
            lines.sort()
            runs.append(Path(scratch) / f"{len(runs)}.nt")
            runs[-1].write_bytes(b"".join(lines))
            del block, lines
        files = [path.open("rb") for path in runs]
        try:
            stream.writelines(heapq.merge(*files))
        finally:
            for file in files:
                file.close()
