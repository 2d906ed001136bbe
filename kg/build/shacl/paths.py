"""SHACL property paths (SHACL §2.3.1) as SPARQL 1.1 property paths: every
kind of path has an exact SPARQL counterpart, so none falls back."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .model import Unsupported

UNARY = {SH.inversePath: "^{}", SH.zeroOrMorePath: "{}*", SH.oneOrMorePath: "{}+", SH.zeroOrOnePath: "{}?"}


def path_sparql(shapes: Graph, path) -> str:
    """The SPARQL property path for a SHACL path node."""
    if isinstance(path, URIRef) and path != RDF.nil:
        return f"<{path}>"
    if path is None:
        raise Unsupported("a property shape without sh:path")
    if (path, RDF.first, None) in shapes:  # a sequence path
        steps = list(Collection(shapes, path))
        if len(steps) < 2:
            raise Unsupported("a sequence path of fewer than two steps")
        return "(" + "/".join(path_sparql(shapes, p) for p in steps) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        members = list(Collection(shapes, alternatives))
        if len(members) < 2:
            raise Unsupported("an alternative path of fewer than two members")
        return "(" + "|".join(path_sparql(shapes, p) for p in members) + ")"
    for key, template in UNARY.items():
        inner = shapes.value(path, key)
        if inner is not None:
            return "(" + template.format(path_sparql(shapes, inner)) + ")"
    raise Unsupported(f"path {path} is not a SHACL path")
