"""The shape tests' base graph (tests/build/fixtures/shapes-base.ttl) and how a
case is validated against it: shared by the shape, compiled-shape and data tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kg.build.load import SourceGraphs, parse_file
from kg.build.validate import validate

FIXTURES = Path(__file__).parent / "build" / "fixtures"
PREFIXES = (FIXTURES / "shapes-base.ttl").read_text(encoding="utf-8").split("\n\n")[0]
T = "https://w3id.org/ai-safety-kg/id/instrument/t-"
O = "https://w3id.org/ai-safety-kg/id/org/t-"




def run(schema, shapes, extra: str = "", remove: str = ""):
    data = parse_file(FIXTURES / "shapes-base.ttl")
    if remove:
        data -= Graph().parse(data=PREFIXES + "\n" + remove, format="turtle")
    if extra:
        data += Graph().parse(data=PREFIXES + "\n" + extra, format="turtle")
    return validate(SourceGraphs(ontology=schema.ontology, vocab=schema.vocab, data=data), shapes)


def node(name: str) -> URIRef:
    for prefix, base in (("t:", T), ("o:", O)):
        if name.startswith(prefix):
            return URIRef(base + name[len(prefix):])
    return URIRef("https://w3id.org/ai-safety-kg/id/" + name)
