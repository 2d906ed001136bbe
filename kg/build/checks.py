"""Check: integrity rules across records. Each ``queries/checks/*.rq`` is a
SELECT whose rows are the records that break the rule; any row fails the
build. Law numbers are checked against their e-Gov IDs in Python, with the
same function the tests cover.

Checks take a ``select`` function (query text → rows of rdflib terms), so
the same checks run on the Oxigraph store of the build and on an rdflib
graph (the reference path and the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import InputError
from ..query.catalogue import stored_queries
from ..query.sparqltext import query_form
from ..link.egov import parse_law_id
from ..namespaces import ONTOLOGY_IRI

Select = Callable[[str], list[dict]]


@dataclass(frozen=True)
class CheckFailure:
    check: str
    summary: str
    rows: list[dict]

    def describe(self, graph: Graph) -> str:
        lines = [f"check {self.check} failed ({self.summary}):"]
        for row in self.rows:
            shown = ", ".join(f"{k}={_short(graph, v)}" for k, v in row.items())
            lines.append(f"  {shown}")
        return "\n".join(lines)


def _short(graph: Graph, value) -> str:
    if value is None:
        return "-"
    if isinstance(value, URIRef):
        return graph.namespace_manager.normalizeUri(value)
    return value.n3() if isinstance(value, Literal) else str(value)


def graph_select(graph: Graph) -> Select:
    def select(text: str) -> list[dict]:
        result = graph.query(text)
        return [{str(v): row[v] for v in result.vars if row[v] is not None} for row in result]

    return select


def store_select(kg_store, *graphs) -> Select:
    from .shacl_sparql import to_rdflib

    def select(text: str) -> list[dict]:
        solutions = kg_store.query(text, *graphs)
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]

    return select


def run_checks(select: Select, checks_dir: Path) -> list[CheckFailure]:
    failures = []
    for check in stored_queries(checks_dir):
        if query_form(check.text) != "SELECT":
            raise InputError(f"{check.path}: an integrity check must be a SELECT query (its rows are the failures).")
        rows = select(check.text)
        if rows:
            failures.append(CheckFailure(check.name, check.summary, rows))
    law_rows = law_number_mismatches(select)
    if law_rows:
        failures.append(
            CheckFailure("law-number-matches-egov-id", "A law number must be the one its e-Gov law ID encodes", law_rows)
        )
    return failures


LAWS = """PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
SELECT ?law ?id ?number WHERE { ?law aisk:eGovLawId ?id OPTIONAL { ?law aisk:lawNumber ?number } } ORDER BY ?law"""


def law_number_mismatches(select: Select) -> list[dict]:
    rows = []
    for row in select(LAWS):
        try:
            expected = parse_law_id(str(row["id"])).law_number
        except ValueError as error:
            rows.append({"law": row["law"], "problem": Literal(str(error))})
            continue
        if "number" in row and str(row["number"]) != expected:
            rows.append({"law": row["law"], "lawNumber": row["number"], "expected": Literal(expected)})
    return rows


ONTOLOGY_TRIPLES = f"""SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ONTOLOGY_IRI}")) }}"""


def schema_terms_in_data(select: Select, ontology: Graph) -> list[CheckFailure]:
    """Record files hold records only: every triple about an ontology term is in the ontology file."""
    def in_ontology(row) -> bool:
        if isinstance(row["o"], BNode):  # blank nodes cannot be matched across graphs: their predicate must be there
            return any(isinstance(o, BNode) for o in ontology.objects(row["s"], row["p"]))
        return (row["s"], row["p"], row["o"]) in ontology

    terms = sorted({row["s"] for row in select(ONTOLOGY_TRIPLES) if not in_ontology(row)})
    if not terms:
        return []
    return [CheckFailure("no-schema-in-data", "Record files define no ontology terms", [{"term": t} for t in terms])]
