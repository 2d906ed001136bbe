"""Query parameters: ``--param name=value`` read against the type its query
declares, into an RDF term that the engine binds (never pasted as text)."""

from __future__ import annotations

import re

from .catalogue import StoredQuery
from ..errors import UsageError
from ..prefixes import expand
from ..terms import XSD, Term, check_iri

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def parse_value(name: str, kind: str, raw: str) -> Term:
    """The term for one parameter value; UsageError says what is wrong with it."""

    def wrong(expected: str) -> UsageError:
        return UsageError(f"Parameter {name} expects {expected}, got {raw!r}.")

    if kind == "iri":
        iri = expand(raw) if not raw.startswith(("http://", "https://", "urn:")) else raw
        try:
            check_iri(iri or "")
        except ValueError:
            raise wrong("an IRI or a prefixed name such as inst:ai-promotion-act or org:mic") from None
        return Term.iri(iri)
    if kind == "string":
        return Term.literal(raw)
    if kind in ("integer", "year"):
        if not re.fullmatch(r"[+-]?[0-9]+", raw.strip()) or (kind == "year" and not re.fullmatch(r"[0-9]{4}", raw.strip())):
            raise wrong("a four-digit year" if kind == "year" else "an integer")
        return Term.literal(str(int(raw)), XSD + "integer")
    if kind == "decimal":
        if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", raw.strip()):
            raise wrong("a decimal number")
        return Term.literal(raw.strip(), XSD + "decimal")
    if kind == "date":
        try:
            import datetime as dt  # here, not at the top: kg query starts faster

            return Term.literal(dt.date.fromisoformat(raw.strip()).isoformat(), XSD + "date")
        except ValueError:
            raise wrong("a date like 2025-06-04") from None
    if kind == "language":
        if not LANGUAGE_TAG.match(raw.strip()):
            raise wrong("a language tag such as ja or en")
        return Term.literal(raw.strip().lower())
    if kind == "boolean":
        if raw.strip().lower() not in ("true", "false"):
            raise wrong("true or false")
        return Term.literal(raw.strip().lower(), XSD + "boolean")
    raise UsageError(f"Parameter {name} has an unknown type {kind!r}.")


def bind(query: StoredQuery, given: list[str], lang: str | None = None) -> dict[str, Term]:
    """Check ``name=value`` strings against the query's declared parameters."""
    values: dict[str, str] = dict(query.defaults)
    if lang is not None and "lang" in query.params:
        values["lang"] = lang
    for item in given:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"Parameter {item!r} is not name=value.")
        if name not in query.params:
            declared = ", ".join(f"{n} ({t})" for n, t in query.params.items()) or "none"
            raise UsageError(f"Query {query.name} has no parameter {name!r}; it takes: {declared}.")
        values[name] = value
    missing = [n for n in query.params if n not in values]
    if missing:
        wanted = ", ".join(f"--param {n}=<{query.params[n]}>" for n in missing)
        raise UsageError(f"Query {query.name} needs {wanted}.")
    return {name: parse_value(name, query.params[name], values[name]) for name in query.params}
