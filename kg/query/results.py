"""Query results, engine-neutral, and how they are printed.

SELECT results are written as SPARQL 1.1 CSV, TSV or Query Results JSON, or
as an aligned table for people; graph results (CONSTRUCT, DESCRIBE) as RDF
through pyoxigraph's serialisers."""

from __future__ import annotations

from ..errors import UsageError
from ..prefixes import PREFIXES, shorten
from ..terms import Term

# json and unicodedata are imported by the formats that need them: kg query starts faster.
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "xml")


class _Result:
    """Equality and repr by fields, as a dataclass would give (whose import kg query does without)."""

    __slots__ = ()

    def __eq__(self, other):
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    __hash__ = None

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self.__slots__)})"


class SelectResult(_Result):
    __slots__ = ("variables", "rows")

    def __init__(self, variables: list[str], rows: list[dict[str, Term]] | None = None):
        self.variables = variables
        self.rows = rows if rows is not None else []

    def without(self, hidden: set[str]) -> "SelectResult":
        keep = [v for v in self.variables if v not in hidden]
        return SelectResult(keep, [{k: v for k, v in row.items() if k in keep} for row in self.rows])


class AskResult(_Result):
    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = value


class GraphResult(_Result):
    __slots__ = ("ntriples",)

    def __init__(self, ntriples: str):
        self.ntriples = ntriples  # canonical N-Triples, one triple a line, sorted

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
            import json

            return json.dumps({"head": {}, "boolean": result.value}) + "\n"
        if fmt == "xml":
            return (f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_XML}"><head/>'
                    f"<boolean>{'true' if result.value else 'false'}</boolean></sparql>\n")
        return ("true" if result.value else "false") + "\n"
    return {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}[fmt](result)


SPARQL_XML = "http://www.w3.org/2005/sparql-results#"


def to_xml(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results XML."""
    from xml.sax.saxutils import escape, quoteattr

    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_XML}">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["</head>", "<results>"]
    for row in result.rows:
        out.append("<result>")
        for name, term in row.items():
            if term.kind == "uri":
                value = f"<uri>{escape(term.value)}</uri>"
            elif term.kind == "bnode":
                value = f"<bnode>{escape(term.value)}</bnode>"
            elif term.lang:
                value = f"<literal xml:lang={quoteattr(term.lang)}>{escape(term.value)}</literal>"
            elif term.datatype:
                value = f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
            else:
                value = f"<literal>{escape(term.value)}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{value}</binding>")
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def to_json(result: SelectResult) -> str:
    import json

    document = {
        "head": {"vars": result.variables},
        "results": {"bindings": [{k: v.to_json() for k, v in row.items()} for row in result.rows]},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_csv(result: SelectResult) -> str:
    """SPARQL 1.1 CSV, written as the csv module's default dialect writes it (tests/query/test_csv.py compares
    the two); without the module, whose import costs kg query half a millisecond."""
    lines = [csv_row(result.variables)]
    lines += [csv_row([_csv_value(row.get(v)) for v in result.variables]) for row in result.rows]
    return "".join(lines)


def csv_row(fields: list[str]) -> str:
    """One CSV record ending in CR LF: a field is quoted where it holds a comma, a quote or a line break, and a
    record of one empty field is written "" (else it would read as a blank line)."""
    if len(fields) == 1 and not fields[0]:
        return '""\r\n'
    return ",".join(f'"{f.replace(chr(34), chr(34) * 2)}"' if _needs_quotes(f) else f for f in fields) + "\r\n"


def _needs_quotes(field: str) -> bool:
    return "," in field or '"' in field or "\n" in field or "\r" in field


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
    import unicodedata

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


def limit_result(result, limit: int | None):
    """The result cut to ``limit`` rows or triples; returns (result, whether it was cut)."""
    if limit is None:
        return result, False
    if isinstance(result, SelectResult) and len(result.rows) > limit:
        return SelectResult(result.variables, result.rows[:limit]), True
    if isinstance(result, GraphResult):
        lines = result.ntriples.splitlines(keepends=True)
        if len(lines) > limit:
            return GraphResult("".join(lines[:limit])), True
    return result, False


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
