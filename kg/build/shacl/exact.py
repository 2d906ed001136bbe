"""Literals a store keeps in another form than written.

Oxigraph stores numbers by value: ``"4.0"^^xsd:decimal`` comes back as
``"4"``, ``"01"^^xsd:integer`` as ``"1"``, and an out-of-range
``"300"^^xsd:byte`` as an ``xsd:integer``. Comparisons by value are not
affected, and as long as no two terms of the data or the shapes share a
stored form, neither is sameTerm. What is affected is the lexical form
(sh:pattern, sh:minLength, sh:maxLength) and, when the datatype changed,
sh:datatype: a literal kept under another datatype ("12"^^xsd:int and
"300"^^xsd:byte are kept as xsd:integer) has the datatype it was written
with, and is well-formed or not as written. Shapes that read lexical forms go
to pySHACL, and every reported term is given back as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal as RLiteral
from rdflib import URIRef
from rdflib.namespace import SH

from .datatypes import well_formed

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LEXICAL = {SH.pattern, SH.minLength, SH.maxLength}


@dataclass
class Exactness:
    restore: dict = field(default_factory=dict)  # stored term (N-Triples) -> the term as written (ox.Literal)
    inexact: dict = field(default_factory=dict)  # SHACL parameter -> an example of a literal it cannot see exactly
    retyped: dict = field(default_factory=dict)  # stored term -> (datatype as written, well-formed in it)
    collision: str | None = None  # two written terms stored alike: nothing can be compiled exactly

    def restored(self, term):
        return self.restore.get(str(term), term) if term is not None else None


def exactness(triples, shapes) -> Exactness:
    """What the store would rewrite among the data's literals and the shapes' literals."""
    from .terms import from_rdflib

    # strings and language-tagged strings are stored as parsed (the parser already lowercases a language tag)
    written = {t.object for t in triples
               if isinstance(t.object, ox.Literal) and t.object.language is None and t.object.datatype.value != XSD_STRING}
    written |= {from_rdflib(o) for o in shapes.objects() if isinstance(o, RLiteral) and o.datatype is not None}
    rewritten = {term: kept for term, kept in _stored_forms(written).items() if kept != term}
    out = Exactness()
    seen: dict = {}
    for term, kept in sorted(rewritten.items(), key=lambda pair: str(pair[0])):
        other = seen.get(kept, kept if kept in written else None)  # two written terms, one stored term
        if other is not None and other != term:
            out.collision = f"{other} and {term} are both stored as {kept}"
        seen[kept] = term
        out.restore[str(kept)] = term
        for key in LEXICAL:
            out.inexact.setdefault(key, str(term))
        if kept.datatype != term.datatype:  # "12"^^xsd:int and "300"^^xsd:byte are kept as xsd:integer
            written_type = URIRef(term.datatype.value)
            out.retyped[str(kept)] = (written_type, well_formed(term.value, written_type))
    return out


def _stored_forms(literals) -> dict:
    """Each literal as a store gives it back (one scratch store, one subject per literal)."""
    scratch = ox.Store()
    literals = list(literals)
    predicate = ox.NamedNode("urn:x-kg:p")
    scratch.bulk_extend(ox.Quad(ox.NamedNode(f"urn:x-kg:{i}"), predicate, term) for i, term in enumerate(literals))
    back = {int(q.subject.value[len("urn:x-kg:"):]): q.object for q in scratch}
    return {term: back[i] for i, term in enumerate(literals)}
