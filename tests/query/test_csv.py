"""kg query's CSV (kg.query.results.csv_row) is what the csv module writes
with its default dialect and CR LF, field for field."""

from __future__ import annotations

import csv
import io
import itertools
import random

import pytest

from kg.query.results import SelectResult, csv_row, to_csv
from kg.terms import Term

PIECES = ["", "a", " ", ",", '"', "'", "\n", "\r", "\r\n", "\t", ";", "é", "法律", "\\", "#", "x y"]
FIELDS = ["".join(p) for p in itertools.product(PIECES, repeat=2)] + [
    'He said "no", then left\r\nfor good', "https://w3id.org/ai-safety-kg/id/instrument/a?b=c,d", "_:b0", "  lead"]


def written(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 2, 3])
def test_every_row_is_written_as_the_csv_module_writes_it(size):
    rng = random.Random(size)  # fixed seeds: the same rows every run
    rows = [rng.choices(FIELDS, k=size) for _ in range(20_000)] if size else [[]]
    if size == 1:
        rows += [[field] for field in FIELDS]
    assert "".join(csv_row(row) for row in rows) == written(rows)


def test_a_lone_empty_field_is_quoted_and_a_result_reads_back():
    assert csv_row([""]) == '""\r\n' == written([[""]])
    result = SelectResult(["s", "label"], [{"s": Term.iri("https://e.org/a"), "label": Term.literal('a "b",\nc')},
                                           {"s": Term("bnode", "b1")}])
    text = to_csv(result)
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["s", "label"], ["https://e.org/a", 'a "b",\nc'],
                                                               ["_:b1", ""]]
