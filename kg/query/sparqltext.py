"""Just enough of SPARQL's lexical structure to find a query's form and the
top-level group of its WHERE clause, skipping comments, strings and IRIs."""

from __future__ import annotations

import re

from ..terms import Term

IRI = re.compile(r'<[^<>"{}|^`\\\s]*>')
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def tokens(text: str):
    """(position, token, brace depth) for each keyword and brace outside comments, strings and IRIs."""
    i, depth, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (match := IRI.match(text, i)):
            i = match.end()
        elif c == "{":
            yield i, "{", depth
            depth += 1
            i += 1
        elif c == "}":
            depth -= 1
            yield i, "}", depth
            i += 1
        elif c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:-")):
            match = WORD.match(text, i)
            yield i, match.group().upper(), depth
            i = match.end()
        else:
            i += 1


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    for _, token, depth in tokens(text):
        if depth == 0 and token in FORMS:
            return token
    raise ValueError("no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def where_group_start(text: str) -> int:
    """Index just after the ``{`` that opens the query's top-level WHERE group."""
    form = query_form(text)
    seen_where = False
    seen_template = form != "CONSTRUCT"
    for position, token, depth in tokens(text):
        if depth != 0:
            continue
        if token == "WHERE":
            seen_where = True
        elif token == "{":
            if seen_where or seen_template:
                return position + 1
            seen_template = True  # CONSTRUCT's template comes before WHERE
    raise ValueError("the query has no WHERE group to bind parameters in")


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """The query with ``VALUES`` for ``bindings`` first in its WHERE group.

    This is how parameters reach an endpoint, which has no binding API of its
    own: each value is a typed term written by ``Term.n3()``, which escapes
    it, so no value can change the query around it.
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(term.n3() for term in bindings.values())
    at = where_group_start(text)
    return f"{text[:at]} VALUES ({names}) {{ ({row}) }} {text[at:]}"
