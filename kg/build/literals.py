"""Load: typed literals whose text is not a value of their datatype
(``"2025-13-45"^^xsd:date``, ``"abc"^^xsd:integer``).

Turtle's grammar accepts them, and Oxigraph stores them as opaque strings,
but they are not values: a shape's ``sh:datatype``, a date comparison or
rdflib's conversion would each fail on them in its own way. They are bad
input, found while loading, before validation, and reported like a syntax
error: file, line, record, property and value (exit code 2).

Lexical forms are read strictly, as Oxigraph reads them: ``" 12"^^xsd:integer``
with its stray space is refused too. One scan of the asserted graph: about
1 s at a million triples."""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError
from ..prefixes import shorten

XSD = "http://www.w3.org/2001/XMLSchema#"
#: The datatypes whose lexical space Oxigraph checks by casting (XPath constructor functions).
CHECKED = ("date", "dateTime", "time", "gYear", "gYearMonth", "gMonthDay", "gMonth", "gDay", "duration",
           "dayTimeDuration", "yearMonthDuration", "integer", "decimal", "double", "float", "boolean")


def _casts() -> str:
    """Each checked datatype cast to itself: a value passes, an ill-typed literal is an error (unbound)."""
    cast = "?o"
    for name in reversed(CHECKED):
        cast = f"IF(?t = xsd:{name}, xsd:{name}(?o), {cast})"
    return cast


ILL_TYPED = f"""PREFIX xsd: <{XSD}>
SELECT ?s ?p ?o WHERE {{
  ?s ?p ?o FILTER(isLITERAL(?o))
  BIND(DATATYPE(?o) AS ?t)
  BIND({_casts()} AS ?v)
  FILTER(!BOUND(?v))
}} LIMIT 1"""


def check_literals(kg_store) -> None:
    """Raise InputError for the first ill-typed literal in the asserted graph, naming where it is written."""
    from .store import ASSERTED

    found = next(iter(kg_store.query(ILL_TYPED, ASSERTED)), None)
    if found is None:
        return
    subject, predicate, value = found["s"], found["p"], found["o"]
    where = _where(kg_store.files, ox.Triple(subject, predicate, value), value)
    record = shorten(subject.value) if isinstance(subject, ox.NamedNode) else "a blank node"
    datatype = shorten(value.datatype.value)
    raise InputError(f"{where}: {record} {shorten(predicate.value)} has {_n3(value)}, which is not a valid {datatype}.")


def _n3(value: ox.Literal) -> str:
    return f'"{value.value}"^^{shorten(value.datatype.value)}'


def _where(files, triple: ox.Triple, value: ox.Literal) -> str:
    """``file:line`` of the first file that asserts ``triple`` (line found by the value's text)."""
    from .store import FORMATS

    for path, shown_as in files:
        triples = ox.parse(path=str(path), format=FORMATS.get(path.suffix, ox.RdfFormat.TURTLE),
                           base_iri=path.resolve().as_uri())
        if any(_same(t, triple) for t in triples):
            return f"{shown_as}:{line}" if (line := _line_of(path, value.value)) else shown_as
    return "a source file"


def _same(parsed: ox.Triple, found: ox.Triple) -> bool:
    """The same triple; a blank node's label differs between parses, so only its predicate and value count."""
    return parsed.predicate == found.predicate and parsed.object == found.object and (
        isinstance(found.subject, ox.BlankNode) or parsed.subject == found.subject)


def _line_of(path, lexical: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if f'"{lexical}"' in line or f"'{lexical}'" in line:
            return number
    return None
