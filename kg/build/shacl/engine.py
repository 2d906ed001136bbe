"""Validate: every shape with targets is compiled to SPARQL and run in
Oxigraph, or, when it uses a construct the compiler does not translate,
validated by pySHACL; the results of both are merged into one list.
Nothing is dropped: a shape is compiled whole or handed over whole."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from .compiler import compile_shape, shapes_with_targets
from .conditions import Compiler
from .datatypes import IllFormed
from .exact import Exactness
from .fallback import validate_with_pyshacl
from .model import Check, Result, Unsupported


@dataclass
class Outcome:
    results: list[Result]
    fallback: dict = field(default_factory=dict)  # shape -> why it went to pySHACL
    shapes: Graph | None = None  # where the shapes named by the results are described

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms: true only when there is no result at all, whatever its severity."""
        return not self.results


def compile_all(shapes: Graph, query, exact: Exactness | None = None, for_this_data: bool = True) -> tuple[dict, dict]:
    """The checks of every shape the compiler translates (by shape), and the others with the reason.
    ``for_this_data``: the checks run on the data ``query`` reads (so they may hold tables read from it)."""
    compiler = Compiler(shapes, IllFormed(query, shapes), exact.inexact if exact else None,
                        exact.retyped if exact else None, data_query=query if for_this_data else None)
    checks, fallback = {}, {}
    for shape in shapes_with_targets(shapes):
        try:
            checks[shape] = compile_shape(compiler, shape)
        except Unsupported as reason:
            fallback[shape] = str(reason)
        except (ValueError, TypeError, SyntaxError) as error:  # a malformed parameter: pySHACL, the reference, will say what
            fallback[shape] = f"not compiled: {error}"
        finally:
            compiler.expanding.clear()
    return checks, fallback


def validate(shapes: Graph, query, data_graph, reference: bool = False, ontology: Graph | None = None,
             notice=None, exact: Exactness | None = None) -> Outcome:
    """``query`` runs a SELECT on the data; ``data_graph()`` gives the data as written, in rdflib (read only
    if pySHACL runs); ``exact`` says which literals the store keeps in another form than written."""
    whole = _needs_pyshacl(shapes, exact)
    if whole and not reference:
        (notice or _notice)({ALL: whole})
        reference = True
    if reference:
        return Outcome(validate_with_pyshacl(data_graph(), shapes, ontology=ontology), shapes=shapes)
    checks, fallback = compile_all(shapes, query, exact)
    results = []
    for shape, shape_checks in checks.items():
        try:
            found = [r for check in shape_checks for r in _run(check, shapes, query, exact or Exactness())]
        except (SyntaxError, OSError, ValueError) as error:  # the engine refused a query: the reference decides
            fallback[shape] = f"its query failed in Oxigraph: {error}"
            continue
        results += found
    if fallback:
        (notice or _notice)(fallback)
        results += validate_with_pyshacl(data_graph(), shapes, only=fallback, ontology=ontology)
    return Outcome(results, fallback, shapes)


ALL = "all shapes"


def _needs_pyshacl(shapes: Graph, exact: Exactness | None) -> str | None:
    """Why no shape can be compiled: SHACL-AF rules change the data first, or the store lost a distinction."""
    if (None, SH.rule, None) in shapes:
        return "the shapes have SHACL rules (sh:rule), which change the data before it is validated"
    if exact is not None and exact.collision:
        return f"{exact.collision} in the store"
    return None


def _notice(fallback: dict) -> None:
    if ALL in fallback:
        print(f"kg: all shapes validated by pySHACL: {fallback[ALL]}.", file=sys.stderr)
        return
    names = "; ".join(f"{_name(shape)} ({why})" for shape, why in fallback.items())
    count = len(fallback)
    print(f"kg: {count} shape{'s' if count != 1 else ''} validated by pySHACL: {names}.", file=sys.stderr)


def _name(shape) -> str:
    return f"<{shape}>" if isinstance(shape, URIRef) else f"_:{shape}"


def _run(check: Check, shapes: Graph, query, exact: Exactness) -> list[Result]:
    from .terms import to_rdflib

    severity = shapes.value(check.shape, SH.severity) or SH.Violation
    messages = tuple(sorted(m for m in shapes.objects(check.shape, SH.message) if isinstance(m, Literal)))
    out = []
    for row in query(check.query):
        focus = to_rdflib(exact.restored(row["focus"]))
        value = to_rdflib(exact.restored(_get(row, "value")))
        rpath = to_rdflib(_get(row, "rpath"))
        out.append(Result(focus, rpath if rpath is not None else check.path, value, check.shape, check.component,
                          severity, messages, shapes))
    return out


def _get(row, name):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None
