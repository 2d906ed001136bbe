"""The one media-type table of ``kg serve``, and content negotiation."""

from __future__ import annotations

# What each result kind can be written as.
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
# ?format=… (and the aliases clients such as SPARQLWrapper send) for browsers and simple clients
FORMAT_TYPES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",), "tsv": ("text/tab-separated-values",),
    "ttl": ("text/turtle",), "turtle": ("text/turtle",), "n3": ("text/turtle",),
    "jsonld": ("application/ld+json",), "json-ld": ("application/ld+json",),
    "nt": ("application/n-triples",), "ntriples": ("application/n-triples",), "rdf": ("application/rdf+xml",),
}
RECORD_SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                   ".html": "text/html"}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header likes best (q-values honoured; */* takes the first offered)."""
    if not accept:
        return offered[0]
    best, best_q = None, 0.0
    for part in accept.split(",")[:64]:  # a hostile header with thousands of parts costs no more than 64
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        candidates = offered if media in ("*/*", "") else [o for o in offered if o == media or
                                                             (media.endswith("/*") and o.startswith(media[:-1]))]
        for candidate in candidates:
            if q > best_q:
                best, best_q = candidate, q
    return best


def content_type(media: str) -> str:
    """The Content-Type header for ``media``: text and JSON say they are UTF-8."""
    if ";" in media or not (media.startswith("text/") or "json" in media):
        return media
    return f"{media}; charset=utf-8"
