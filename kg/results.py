"""Query results, engine-neutral, and how they are printed.

SELECT results are written as SPARQL 1.1 CSV, TSV or Query Results JSON, or
as an aligned table for people; graph results (CONSTRUCT, DESCRIBE) as RDF
through pyoxigraph's serialisers."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field

from .errors import UsageError
from .prefixes import PREFIXES, shorten
from .terms import Term

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "xml")


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def without(self, hidden: set[str]) -> "SelectResult":
        keep = [v for v in self.variables if v not in hidden]
        return SelectResult(keep, [{k: v for k, v in row.items() if k in keep} for row in self.rows])


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    ntriples: str  # canonical N-Triples, one triple a line, sorted

    @property
    def triples(self) -> int:
        return sum(1 for line in self.ntriples.splitlines() if line.strip())


def format_result(result, fmt: str) -> str:
    if isinstance(result, GraphResult):
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"A CONSTRUCT or DESCRIBE result is RDF; choose --format {', '.join(GRAPH_FORMATS)}.")
        return format_graph(result, fmt)
    if fmt not in SELECT_FORMATS:
        raise UsageError(f"A SELECT or ASK result is a table; choose --format {', '.join(SELECT_FORMATS)}.")
    if isinstance(result, AskResult):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.value}) + "\n"
        return ("true" if result.value else "false") + "\n"
    return {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](result)


def to_json(result: SelectResult) -> str:
    document = {
        "head": {"vars": result.variables},
        "results": {"bindings": [{k: v.to_json() for k, v in row.items()} for row in result.rows]},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_csv(result: SelectResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return out.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def to_tsv(result: SelectResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(row[v].n3() if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return shorten(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value.replace("\n", " ")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def to_table(result: SelectResult) -> str:
    """An aligned table for a terminal (CJK characters count double), IRIs shortened."""
    header = result.variables
    body = [[_display(row.get(v)) for v in header] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_graph(result: GraphResult, fmt: str) -> str:
    if fmt == "nt":
        return result.ntriples
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
    triples = list(ox.parse(result.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    prefixes = None
    if fmt == "ttl":  # only the prefixes the triples use
        iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
        iris |= {triple.object.datatype.value for triple in triples if isinstance(triple.object, ox.Literal)}
        prefixes = {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}
    data = ox.serialize(triples, format=formats[fmt], prefixes=prefixes)
    return data.decode("utf-8")
