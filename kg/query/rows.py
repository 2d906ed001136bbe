"""Query results for Python: rows of plain values, records, a pandas
DataFrame with readable label columns, or an rdflib graph (kg.api)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import UsageError
from ..terms import XSD, Term
from .results import AskResult, GraphResult, SelectResult

INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
NUMBERS = {XSD + t for t in ("decimal", "double", "float")}


def python_value(term: Term | None) -> Any:
    """A term as the plain Python value a table holds: IRIs and text as str,
    numbers as int/float, booleans as bool, full dates as datetime.date;
    partial dates (gYear, gYearMonth) stay text, as precise as the source."""
    if term is None:
        return None
    if term.kind != "literal" or term.datatype is None:
        return term.value
    try:
        if term.datatype in INTEGERS:
            return int(term.value)
        if term.datatype in NUMBERS:
            return float(term.value)
        if term.datatype == XSD + "boolean":
            return term.value.strip() in ("true", "1")
        if term.datatype == XSD + "date":
            return dt.date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


class QueryResult:
    """What ``KnowledgeGraph.query`` returns.

    A SELECT result iterates over rows (dicts of plain values) and converts
    with ``to_records()`` and ``to_pandas()``; an ASK result is truthy or not
    (``bool(result)``); a CONSTRUCT or DESCRIBE result converts with
    ``to_graph()`` (an rdflib Graph) or gives its sorted N-Triples as ``ntriples``.
    """

    def __init__(self, result, hidden: set[str] = frozenset(),
                 labels: Callable[[list[str], str], dict[str, str]] | None = None, lang: str = "en"):
        if isinstance(result, SelectResult):
            result = result.without(hidden)  # parameter columns are constant: shown by no output
        self.raw = result
        self._labels = labels
        self.lang = lang

    def __repr__(self) -> str:
        if isinstance(self.raw, SelectResult):
            return f"<QueryResult: {len(self.raw.rows)} rows × {self.variables}>"
        if isinstance(self.raw, AskResult):
            return f"<QueryResult: {self.raw.value}>"
        return f"<QueryResult: {self.raw.triples()} triples>"

    @property
    def variables(self) -> list[str]:
        """The SELECT's column names."""
        return list(self._select().variables)

    @property
    def ntriples(self) -> str:
        """A CONSTRUCT or DESCRIBE result as sorted N-Triples."""
        return self._graph().ntriples

    def __len__(self) -> int:
        return len(self._select().rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.to_records())

    def __bool__(self) -> bool:
        if isinstance(self.raw, AskResult):
            return self.raw.value
        return bool(self.raw.rows) if isinstance(self.raw, SelectResult) else bool(self.raw.ntriples.strip())

    def to_records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (unbound variables as None)."""
        select = self._select()
        return [{v: python_value(row.get(v)) for v in select.variables} for row in select.rows]

    def to_pandas(self, lang: str | None = None, labels: bool = True):
        """A pandas DataFrame; with ``labels`` each column of IRIs gets a
        ``<column>_label`` column beside it, in ``lang`` (default: the query's)."""
        try:
            import pandas as pd
        except ImportError:
            raise UsageError("to_pandas() needs pandas: pip install 'ai-safety-kg[pandas]'.") from None
        select = self._select()
        frame = pd.DataFrame(self.to_records(), columns=select.variables)
        if labels and self._labels is not None:
            for position, column in reversed(list(enumerate(select.variables))):
                iris = [row[column].value for row in select.rows if column in row and row[column].kind == "uri"]
                if not iris or f"{column}_label" in frame.columns:
                    continue
                names = self._labels(iris, lang or self.lang)
                frame.insert(position + 1, f"{column}_label", frame[column].map(names))
        return frame

    def to_graph(self):
        """A CONSTRUCT or DESCRIBE result as an rdflib Graph."""
        import rdflib

        return rdflib.Graph().parse(data=self._graph().ntriples, format="nt")

    to_rdflib = to_graph

    def _select(self) -> SelectResult:
        if not isinstance(self.raw, SelectResult):
            raise UsageError("This result is not a table (it came from an ASK, CONSTRUCT or DESCRIBE query).")
        return self.raw

    def _graph(self) -> GraphResult:
        if not isinstance(self.raw, GraphResult):
            raise UsageError("This result is not a graph (it came from a SELECT or ASK query); use to_records() or to_pandas().")
        return self.raw
