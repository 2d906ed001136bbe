"""Check: integrity rules across records. Each ``queries/checks/*.rq`` is a
SELECT whose rows are the records that break the rule; any row fails the
build. Law numbers are checked against their e-Gov IDs in Python, with the
same function the tests cover."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal

from .catalogue import stored_queries
from .egov import parse_law_id
from .namespaces import AISK, ONTOLOGY_IRI


@dataclass(frozen=True)
class CheckFailure:
    check: str
    summary: str
    rows: list[dict[str, str]]

    def describe(self, graph: Graph) -> str:
        lines = [f"check {self.check} failed ({self.summary}):"]
        for row in self.rows:
            shown = ", ".join(f"{k}={_short(graph, v)}" for k, v in row.items())
            lines.append(f"  {shown}")
        return "\n".join(lines)


def _short(graph: Graph, value) -> str:
    try:
        return graph.namespace_manager.normalizeUri(value) if value is not None else "-"
    except Exception:
        return str(value)


def run_checks(graph: Graph, checks_dir: Path) -> list[CheckFailure]:
    failures = []
    for check in stored_queries(checks_dir):
        result = graph.query(check.text)
        rows = [{str(var): row[var] for var in result.vars if row[var] is not None} for row in result]
        if rows:
            failures.append(CheckFailure(check.name, check.summary, rows))
    law_rows = law_number_mismatches(graph)
    if law_rows:
        failures.append(
            CheckFailure("law-number-matches-egov-id", "A law number must be the one its e-Gov law ID encodes", law_rows)
        )
    return failures


def schema_terms_in_data(data: Graph) -> list[CheckFailure]:
    """Record files hold records only: no subject in the ontology's namespace."""
    terms = sorted({s for s in data.subjects() if str(s).startswith(str(ONTOLOGY_IRI))})
    if not terms:
        return []
    return [CheckFailure("no-schema-in-data", "Record files define no ontology terms", [{"term": t} for t in terms])]


def law_number_mismatches(graph: Graph) -> list[dict]:
    rows = []
    for law, law_id in graph.subject_objects(AISK.eGovLawId):
        try:
            expected = parse_law_id(str(law_id)).law_number
        except ValueError as error:
            rows.append({"law": law, "problem": Literal(str(error))})
            continue
        for number in graph.objects(law, AISK.lawNumber):
            if str(number) != expected:
                rows.append({"law": law, "lawNumber": number, "expected": Literal(expected)})
    return rows
