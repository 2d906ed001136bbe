"""Expected results of the stored queries (tests/query/expected/queries/NAME.json):
the parameters a query is given and the rows it must return, shared by the
query, serve and publish tests."""

from __future__ import annotations

import json
from pathlib import Path

from kg.query.results import AskResult, GraphResult, SelectResult

EXPECTED = Path(__file__).parent / "query" / "expected" / "queries"


def as_data(result) -> dict:
    if isinstance(result, SelectResult):
        return {
            "vars": result.variables,
            "rows": [[row[v].n3() if v in row else None for v in result.variables] for row in result.rows],
        }
    if isinstance(result, AskResult):
        return {"boolean": result.value}
    assert isinstance(result, GraphResult)
    return {"ntriples": result.ntriples.splitlines()}


def given(name: str) -> dict:
    path = EXPECTED / f"{name}.json"
    assert path.is_file(), f"no expected result for stored query {name}: create {path} with its params and run pytest --update-expected"
    return json.loads(path.read_text(encoding="utf-8"))
