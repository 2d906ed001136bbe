"""Reviewed links to external records: the review files in ``links/``.

``kg link wikidata`` (kg.link.wikidata) writes candidates to a review file, one
tab-separated row per (record, candidate) with an empty ``decision``; a person
writes ``accept`` or ``reject`` there. The build's load stage reads every
``links/*-review.tsv`` and adds ``<record> skos:exactMatch <candidate>`` to
the asserted graph for each accepted row, and for nothing else. A file that
cannot be read that way stops the build with its name and line (exit 2).

No rdflib here: the fast load path imports this module."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..reading import read_utf8
from ..prefixes import BASE
from ..project import Project
from ..terms import FORBIDDEN_IN_IRI

FOLDER = "links"
PATTERN = "*-review.tsv"
COLUMNS = ("record", "record_label", "candidate", "candidate_label", "score", "reasons", "decision")
DECISIONS = ("", "accept", "reject")
RECORD_BASE = BASE + "id/"
WIKIDATA_ITEM = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*")
EXACT_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"


@dataclass(frozen=True)
class ReviewRow:
    record: str
    record_label: str
    candidate: str
    candidate_label: str
    score: str
    reasons: str
    decision: str = ""
    line: int = 0  # where it was read from (0: not read from a file)

    @property
    def key(self) -> tuple[str, str]:
        return self.record, self.candidate

    def with_decision(self, decision: str) -> "ReviewRow":
        return replace(self, decision=decision)


def review_files(root: Path) -> list[Path]:
    """The review files the build reads: ``links/*-review.tsv`` under the project ``root``."""
    return sorted((Path(root) / FOLDER).glob(PATTERN))


def read_review(path: Path, shown_as: str | None = None) -> list[ReviewRow]:
    """Every row of a review file, checked; an error names the file and line."""
    shown_as = shown_as or str(path)
    text = read_utf8(path, shown_as)
    lines = text.removeprefix("\ufeff").splitlines()
    header = [name.strip() for name in lines[0].split("\t")] if lines else []
    if tuple(header) != COLUMNS:
        raise InputError(f"{shown_as}:1: the header must be the columns {' '.join(COLUMNS)} (tab-separated).")
    rows: list[ReviewRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) == len(COLUMNS) - 1:  # a spreadsheet may drop the empty last column
            fields.append("")
        if len(fields) != len(COLUMNS):
            raise InputError(f"{shown_as}:{number}: {len(fields)} columns, expected {len(COLUMNS)} separated by tabs.")
        record, record_label, candidate, candidate_label, score, reasons, decision = (f.strip() for f in fields)
        decision = decision.lower()
        if decision not in DECISIONS:
            raise InputError(f"{shown_as}:{number}: unknown decision {decision!r}; write accept or reject, or leave it empty.")
        if not record.startswith(RECORD_BASE) or record == RECORD_BASE or not _is_iri(record):
            raise InputError(f"{shown_as}:{number}: the record {record!r} is not a record IRI under {RECORD_BASE}.")
        if not WIKIDATA_ITEM.fullmatch(candidate):
            raise InputError(
                f"{shown_as}:{number}: the candidate {candidate!r} is not a Wikidata item IRI (http://www.wikidata.org/entity/Q…)."
            )
        if (record, candidate) in seen:
            raise InputError(f"{shown_as}:{number}: repeats the record and candidate of line {seen[record, candidate]}.")
        seen[record, candidate] = number
        rows.append(ReviewRow(record, record_label, candidate, candidate_label, score, reasons, decision, number))
    return rows


def format_review(rows: list[ReviewRow]) -> bytes:
    """The review file's bytes: the header and one line per row, no tab or line break inside a field."""
    lines = ["\t".join(COLUMNS)]
    for row in rows:
        fields = (row.record, row.record_label, row.candidate, row.candidate_label, row.score, row.reasons, row.decision)
        lines.append("\t".join(_clean(f) for f in fields))
    return ("\n".join(lines) + "\n").encode("utf-8")


def accepted_links(project: Project) -> list[tuple[str, str, str]]:
    """``(record, skos:exactMatch, candidate)`` IRIs for every accepted row of the project's review files,
    sorted and without repeats, so that both load paths add the same triples."""
    links = set()
    for path in review_files(project.root):
        rows = read_review(path, project.relative(path))
        links.update((r.record, EXACT_MATCH, r.candidate) for r in rows if r.decision == "accept")
    return sorted(links)


def _is_iri(value: str) -> bool:
    return bool(value) and not any(c in FORBIDDEN_IN_IRI or ord(c) < 0x20 for c in value)


def _clean(value: str) -> str:
    return " ".join(str(value).split()) if any(c in str(value) for c in "\t\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029") else str(value)
