"""Whatever the compiler does not translate goes to pySHACL, shape by shape,
with one line saying so, and the merged answer is pySHACL's."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal

from kg.build.shacl.files import validate_files

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
COMPILED = "ex:Named a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n"
DATA = PREFIXES + """
ex:a a ex:Thing ; ex:p 5 ; ex:q 3 ; ex:code "4.0"^^xsd:decimal ; ex:next ex:b .
ex:b a ex:Thing ; ex:name "b" ; ex:p 1 ; ex:q 2 ; ex:code "12.50"^^xsd:decimal ; ex:next ex:a .
"""
CASES = {
    "SPARQL-based constraint": """ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/p> 5 }" ] .""",
    "recursive shape": """ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:property [ sh:path ex:next ; sh:node ex:S ] ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .""",
    "lessThan inside sh:node": """ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:node [ sh:property [ sh:path ex:q ; sh:lessThan ex:p ] ] .""",
    "datatype not an IRI": 'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:datatype "x" .',
    "in without a list": "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:in ex:notalist .",
    "pattern on a literal stored in another form": """ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:property [ sh:path ex:code ; sh:pattern "^[0-9]+\\\\.[0-9]$" ] .""",
}


def run(tmp_path, shapes: str, reference: bool):
    (tmp_path / "shapes.ttl").write_text(PREFIXES + COMPILED + shapes, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA, encoding="utf-8")
    notices = []
    outcome, _ = validate_files([tmp_path / "shapes.ttl"], [tmp_path / "data.ttl"], reference, notices.append)
    key = sorted((str(r.focus), str(r.component), str(r.value)) for r in outcome.results)
    return outcome, key, notices


@pytest.mark.parametrize("shapes", CASES.values(), ids=CASES.keys())
def test_the_shape_goes_to_pyshacl_and_the_answer_is_pyshacls(tmp_path, shapes):
    outcome, fast, notices = run(tmp_path, shapes, reference=False)
    _, reference, _ = run(tmp_path, shapes, reference=True)
    assert fast == reference and reference
    assert [str(s) for s in outcome.fallback] == ["http://example.org/S"]  # ex:Named stays compiled
    assert len(notices) == 1


def test_the_notice_is_one_line_naming_the_shapes(tmp_path, capsys):
    (tmp_path / "shapes.ttl").write_text(PREFIXES + COMPILED + CASES["recursive shape"], encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA, encoding="utf-8")
    validate_files([tmp_path / "shapes.ttl"], [tmp_path / "data.ttl"])
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["kg: 1 shape validated by pySHACL: <http://example.org/S> (a recursive shape)."]


def test_two_literals_stored_alike_send_everything_to_pyshacl(tmp_path):
    shapes = 'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:code ; sh:in ( "4"^^xsd:decimal ) ] .'
    outcome, fast, notices = run(tmp_path, shapes, reference=False)
    _, reference, _ = run(tmp_path, shapes, reference=True)
    assert fast == reference
    assert any("4.0" in str(n) for n in notices)  # "4.0" and "4" are both stored as 4


def test_rewritten_literals_are_reported_as_written(tmp_path):
    shapes = 'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:code ; sh:maxInclusive 10 ] .'
    outcome, fast, notices = run(tmp_path, shapes, reference=False)
    assert outcome.fallback == {} and notices == []
    assert [r.value for r in outcome.results if r.value is not None] == [
        Literal("12.50", datatype=XSD.decimal, normalize=False)]  # not "12.5", as Oxigraph keeps it


MALFORMED = {  # shapes pySHACL refuses: kg validate says so in one sentence (exit 2), never a traceback
    "count not a number": 'sh:property [ sh:path ex:p ; sh:minCount "abc" ]',
    "path not a path": "sh:property [ sh:path [ ] ; sh:minCount 1 ]",
    "pattern not a regular expression": 'sh:property [ sh:path ex:p ; sh:pattern "([" ]',
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_shapes_are_bad_input(tmp_path, body):
    import subprocess
    import sys

    (tmp_path / "shapes.ttl").write_text(PREFIXES + f"ex:S a sh:NodeShape ; sh:targetNode ex:a ; {body} .",
                                         encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--shapes", str(tmp_path / "shapes.ttl"),
                           str(tmp_path / "data.ttl")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "kg: the shapes are not well-formed SHACL: " in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_class_with_shape_parameters_has_an_implicit_target(tmp_path):
    shapes = "ex:Thing a rdfs:Class ; sh:property [ sh:path ex:code ; sh:minCount 1 ] ."
    (tmp_path / "shapes.ttl").write_text(PREFIXES + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                                         + shapes, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA + "ex:c a ex:Thing .\n", encoding="utf-8")
    fast, _ = validate_files([tmp_path / "shapes.ttl"], [tmp_path / "data.ttl"])
    reference, _ = validate_files([tmp_path / "shapes.ttl"], [tmp_path / "data.ttl"], reference=True)
    assert [str(r.focus) for r in fast.results] == [str(r.focus) for r in reference.results] == ["http://example.org/c"]
