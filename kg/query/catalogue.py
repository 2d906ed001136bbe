"""Stored SPARQL files and their headers.

A query file starts with comment lines that keep it valid SPARQL (as grlc's):

    #+ summary: Instruments based on a given instrument, transitively
    #+ summary_ja: ある文書を根拠とする文書（推移的）
    #+ params: {instrument: iri}
    #+ tags: [lineage]

The header is read strictly: an unknown key, a repeated key or a malformed
value is an error naming the file and line, never a silent loss.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple

from ..errors import InputError
from ..reading import read_utf8

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: kg query runs without pathlib (kg.project)
    from pathlib import Path

PARAM_TYPES = ("iri", "string", "integer", "decimal", "date", "year", "language", "boolean")
KEYS = ("summary", "summary_ja", "params", "defaults", "tags", "description", "description_ja")
REQUIRED = ("summary", "summary_ja")
HEADER_LINE = re.compile(r"^#\+\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class StoredQuery(namedtuple("StoredQuery", "name path text summary summary_ja params defaults tags "
                                              "description description_ja")):
    """A query file and its header: params and defaults map names to types and values; tags is a tuple.

    A named tuple rather than a dataclass: importing dataclasses costs kg query milliseconds."""

    __slots__ = ()

    def __new__(cls, name: str, path: Path, text: str, summary: str, summary_ja: str, params=None, defaults=None,
                tags=(), description: str = "", description_ja: str = ""):
        return super().__new__(cls, name, path, text, summary, summary_ja, params if params is not None else {},
                               defaults if defaults is not None else {}, tuple(tags), description, description_ja)


def read_query(path: Path, shown_as: str | None = None, require_header: bool = True) -> StoredQuery:
    """A query file and its header; a user's own file may have no header (``require_header=False``)."""
    shown_as = shown_as or str(path)
    text = read_utf8(path, shown_as, "; a query file must be UTF-8")
    return parse_query(text, path, shown_as, require_header)


def parse_query(text: str, path: Path, shown_as: str, require_header: bool = True) -> StoredQuery:
    """A query's text and its header (the file's, or a query given as text: ``path`` then only names it)."""
    header: dict[str, str | dict | tuple] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        match = HEADER_LINE.match(line)
        if not match:
            raise InputError(f"{shown_as}:{number}: header line is not '#+ key: value'.")
        key, value = match.groups()
        if key not in KEYS:
            raise InputError(f"{shown_as}:{number}: unknown header key '{key}' (known: {', '.join(KEYS)}).")
        if key in header:
            raise InputError(f"{shown_as}:{number}: header key '{key}' is repeated.")
        if key == "params":
            header[key] = _parse_params(value, f"{shown_as}:{number}")
        elif key == "defaults":
            header[key] = _parse_mapping(value, f"{shown_as}:{number}")
        elif key == "tags":
            header[key] = _parse_list(value, f"{shown_as}:{number}")
        else:
            header[key] = value
    missing = [key for key in REQUIRED if key not in header]
    if missing and require_header:
        raise InputError(f"{shown_as}: header lacks {', '.join(missing)}.")
    for name in header.get("defaults", {}):
        if name not in header.get("params", {}):
            raise InputError(f"{shown_as}: default given for undeclared parameter {name}.")
    header.setdefault("summary", "")
    header.setdefault("summary_ja", "")
    return StoredQuery(name=os.path.splitext(os.path.basename(path))[0], path=path, text=text, **header)


def _parse_list(value: str, where: str) -> tuple[str, ...]:
    if not (value.startswith("[") and value.endswith("]")):
        raise InputError(f"{where}: expected a list like [a, b], got {value!r}.")
    items = [item.strip() for item in value[1:-1].split(",") if item.strip()]
    for item in items:
        if not re.match(r"^[A-Za-z0-9_-]+$", item):
            raise InputError(f"{where}: list item {item!r} is not a plain word.")
    return tuple(items)


def _parse_mapping(value: str, where: str) -> dict[str, str]:
    if not (value.startswith("{") and value.endswith("}")):
        raise InputError(f"{where}: expected {{name: value}}, got {value!r}.")
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value[1:-1].split(","))):
        name, sep, default = (part.strip() for part in item.partition(":"))
        if not sep or not NAME.match(name) or not default:
            raise InputError(f"{where}: {item!r} is not 'name: value'.")
        mapping[name] = default
    return mapping


def _parse_params(value: str, where: str) -> dict[str, str]:
    if not (value.startswith("{") and value.endswith("}")):
        raise InputError(f"{where}: expected parameters like {{name: type}}, got {value!r}.")
    params: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value[1:-1].split(","))):
        name, sep, kind = (part.strip() for part in item.partition(":"))
        if not sep or not NAME.match(name):
            raise InputError(f"{where}: parameter {item!r} is not 'name: type'.")
        if kind not in PARAM_TYPES:
            raise InputError(f"{where}: parameter {name} has unknown type {kind!r} (known: {', '.join(PARAM_TYPES)}).")
        if name in params:
            raise InputError(f"{where}: parameter {name} is declared twice.")
        params[name] = kind
    return params


def stored_queries(folder: Path) -> list[StoredQuery]:
    """Every ``*.rq`` directly in ``folder``, by name."""
    return [read_query(path) for path in sorted(folder.glob("*.rq"))]
