"""Export: write the store's graphs in each format (Turtle, N-Triples,
JSON-LD, RDF/XML). The pipeline writes them into a folder that kg.files
moves into place only when every file is written."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError

# format name -> (rdflib serializer, file suffix, media type)
FORMATS = {
    "ttl": ("turtle", "ttl", "text/turtle"),
    "nt": ("nt", "nt", "application/n-triples"),
    "jsonld": ("json-ld", "jsonld", "application/ld+json"),
    "xml": ("xml", "rdf", "application/rdf+xml"),
}


def load_context(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def write_graph(kg_store, graphs, fmt: str, context: dict | None, stream) -> None:
    """Write the store's ``graphs`` to a binary ``stream`` in one of FORMATS (kg export, kg build)."""
    import io

    import pyoxigraph as ox

    from .jsonld import grouped, write_jsonld
    from ..prefixes import PREFIXES

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
