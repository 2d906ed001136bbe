"""Answers passed through as the engine wrote them, held to the row limit
exactly, without decoding and re-encoding them.

A SELECT query goes to the engine with its top-level ``LIMIT`` lowered to
``rows + 1`` (added if it has none: before a trailing ``VALUES`` clause, or
at the end), so the engine stops at one row past the limit and the answer is
small. Whether that extra row came is read from the bytes: each result
format marks a row's end in a way that cannot occur inside a value
(``</result>`` in XML, whose text escapes ``<``; a line end outside quotes
in CSV; a line end in TSV and N-Triples, whose terms escape line breaks; the
end of an object in the bindings array of JSON, found by a scan that skips
strings). Only an answer past a limit (a row too many, or more bytes than
allowed) is cut: at the end of its last whole row within the limits, and
closed as its format requires. A query whose ``LIMIT`` cannot be found with
certainty is not passed through (the caller reads it row by row instead)."""

from __future__ import annotations

import json
import re

from ...query.sparqltext import FORMS

#: What the engine is asked for, by format (whatever alias the client used).
ENGINE_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "nt": "application/n-triples"}
CLOSING = {"json": b"]}}", "xml": b"</results></sparql>", "csv": b"", "tsv": b"", "nt": b""}
JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
CSV_QUOTED = re.compile(rb'"[^"]*"')
CSV_TOKEN = re.compile(rb'"[^"]*"|\r\n')
#: What a SPARQL query is made of, as far as finding its top-level keywords needs: comments, strings and
#: IRIs (skipped whole, as ``sparqltext.tokens`` does), braces, names (a prefixed name holds a colon).
LEXEME = re.compile(r'''#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\''''
                    r'''|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^<>"{}|^`\\\s]*>|[{}]'''
                    r"|[?$]\w+|[\w\-.%:]+")
LIMIT = re.compile(r"LIMIT(\s+)(\d+)", re.I)


#: The plans of the last query texts seen (of up to 4,096 characters: the ones clients send again).
PLANS: dict[tuple[str, int], tuple[str | None, str | None, bool]] = {}
PLANNED, PLANNED_TEXT = 256, 4096


def capped(text: str, rows: int) -> tuple[str | None, str | None, bool]:
    """(form, text to send, within) for a query: its form (SELECT, ASK, CONSTRUCT, DESCRIBE, or None); for
    SELECT, ``text`` with a top-level LIMIT of at most ``rows + 1`` (None if the LIMIT cannot be placed with
    certainty), and whether its own LIMIT already keeps it within ``rows`` (so that its rows need not be
    counted). LIMIT counts solutions, which only for SELECT are the rows: other forms are sent as written."""
    plan = PLANS.get((text, rows))
    if plan is None:
        plan = _capped(text, rows)
        if len(text) <= PLANNED_TEXT:
            if len(PLANS) >= PLANNED:
                del PLANS[next(iter(PLANS))]  # the oldest
            PLANS[text, rows] = plan
    return plan


def _capped(text: str, rows: int) -> tuple[str | None, str | None, bool]:
    limit = values = form = None
    depth = 0
    for match in LEXEME.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token[0].isalpha() and ":" not in token:
            word = token.upper()
            if form is None and word in FORMS:
                form = word
            elif word == "LIMIT":
                if limit is not None:
                    return form, None, False
                limit = LIMIT.match(text, match.start())
                if limit is None:
                    return form, None, False  # a comment between LIMIT and its number, or no number
            elif word == "VALUES":
                values = match.start()
    if form != "SELECT":
        return form, text, False
    if depth != 0:
        return form, None, False
    if limit is not None:
        if int(limit.group(2)) <= rows:
            return form, text, True  # it cannot pass the row limit as it is
        return form, text[: limit.start(2)] + str(rows + 1) + text[limit.end(2):], False
    if values is not None:
        return form, f"{text[:values]}\nLIMIT {rows + 1}\n{text[values:]}", False
    return form, f"{text}\nLIMIT {rows + 1}\n", False


def _json_row_ends(data: bytes):
    """Offsets just past each row object of SPARQL Results JSON (rows sit at depth 4: {results:{bindings:[{"""
    depth = 0
    for match in JSON_TOKEN.finditer(data):
        token = match.group()
        if token[0] == 34:  # a string
            continue
        if token in (b"{", b"["):
            depth += 1
        else:
            depth -= 1
            if depth == 3 and token == b"}":
                yield match.end()


def _csv_row_ends(data: bytes):
    for match in CSV_TOKEN.finditer(data):
        if match.group() == b"\r\n":
            yield match.end()


def _line_ends(data: bytes):
    start = 0
    while (end := data.find(b"\n", start)) >= 0:
        start = end + 1
        yield start


def _ends(data: bytes, fmt: str):
    if fmt == "json":
        return _json_row_ends(data)
    if fmt == "xml":
        return (m.end() for m in re.finditer(rb"</result>", data))
    return _csv_row_ends(data) if fmt == "csv" else _line_ends(data)


def count(data: bytes, fmt: str) -> int | None:
    """Rows in a complete answer (triples for N-Triples); None for a boolean (ASK) answer."""
    if fmt == "json":
        document = json.loads(data)
        return None if "boolean" in document else len(document["results"]["bindings"])
    if fmt == "xml":
        return None if b"<boolean>" in data else data.count(b"</result>")
    if fmt == "nt":
        return data.count(b"\n")
    lines = CSV_QUOTED.sub(b"", data).count(b"\r\n") if fmt == "csv" else data.count(b"\n")
    if lines == 0 and data.strip() in (b"true", b"false"):
        return None
    return lines - 1  # the header line


def cut(data: bytes, fmt: str, rows: int, complete: bool, within: bool = False) -> tuple[bytes, bool]:
    """The answer held to ``rows``: (bytes, truncated). ``complete`` says whether the engine's answer ended
    (rather than being stopped at the byte limit); ``within``, that the query's own LIMIT keeps it within
    ``rows`` (then a complete answer is not counted)."""
    if complete and within:
        return data, False
    if complete:
        found = count(data, fmt)
        if found is None or found <= rows:
            return data, False
    header = 0 if fmt in ("json", "xml", "nt") else 1  # CSV and TSV begin with a line of column names
    end, seen = None, 0
    for end_of_row in _ends(data, fmt):
        if seen == header + rows:
            break
        end, seen = end_of_row, seen + 1
    if fmt in ("json", "xml") and end is None:  # not even one whole row: the answer up to its first row
        end = _first_row(data, fmt)
        if end is None:
            raise ValueError("the answer stops before its first row")
    if end is None:
        raise ValueError("the answer stops inside its first line")
    return data[:end] + CLOSING[fmt], True


def _first_row(data: bytes, fmt: str) -> int | None:
    if fmt == "xml":
        found = data.find(b"<results>")
        return None if found < 0 else found + len(b"<results>")
    marker = re.search(rb'"bindings"\s*:\s*\[', data)
    return None if marker is None else marker.end()
