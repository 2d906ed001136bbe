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

from ...query.sparqltext import query_form, tokens

#: What the engine is asked for, by format (whatever alias the client used).
ENGINE_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "nt": "application/n-triples"}
CLOSING = {"json": b"]}}", "xml": b"</results></sparql>", "csv": b"", "tsv": b"", "nt": b""}
JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
CSV_QUOTED = re.compile(rb'"[^"]*"')
CSV_TOKEN = re.compile(rb'"[^"]*"|\r\n')


def capped(text: str, rows: int) -> str | None:
    """``text`` with a top-level LIMIT of at most ``rows + 1``; None if it cannot be placed with certainty.

    Only for SELECT: ``LIMIT`` counts solutions, which for SELECT are the rows."""
    try:
        if query_form(text) != "SELECT":
            return None
    except ValueError:
        return None
    limit = values = None
    last_depth = 0
    for position, token, depth in tokens(text):
        last_depth = depth if token != "{" else depth + 1
        if depth != 0 or token not in ("LIMIT", "VALUES"):
            continue
        if text[position + len(token): position + len(token) + 1] == ":":
            return None  # a prefixed name such as LIMIT:x, not the keyword
        if token == "LIMIT":
            if limit is not None:
                return None
            limit = re.compile(r"LIMIT(\s+)(\d+)", re.I).match(text, position)
            if limit is None:
                return None  # a comment between LIMIT and its number, or no number: let the engine judge
        else:
            values = position
    if last_depth != 0:
        return None
    if limit is not None:
        if int(limit.group(2)) <= rows:
            return text  # it cannot pass the row limit as it is
        return text[: limit.start(2)] + str(rows + 1) + text[limit.end(2):]
    if values is not None:
        return f"{text[:values]}\nLIMIT {rows + 1}\n{text[values:]}"
    return f"{text}\nLIMIT {rows + 1}\n"


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


def cut(data: bytes, fmt: str, rows: int, complete: bool) -> tuple[bytes, bool]:
    """The answer held to ``rows``: (bytes, truncated). ``complete`` says whether the engine's answer ended
    (rather than being stopped at the byte limit)."""
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
