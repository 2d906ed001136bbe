"""The SHACL failures issue 16 found, one by one: the fast path now gives
pySHACL's answer, without handing the shape over."""

from __future__ import annotations

import pytest

from kg.build.shacl.files import validate_files

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
CASES = {  # name: (shapes, data, number of results)
    "sh:targetNode": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "ex:b ex:p 1 .", 1),
    "sh:targetSubjectsOf": ("ex:S sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
                            "ex:a ex:q 1 .", 1),
    "sh:targetObjectsOf": ("ex:S sh:targetObjectsOf ex:q ; sh:nodeKind sh:Literal .", "ex:a ex:q ex:b .", 1),
    "implicit class target": ("ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
                              "ex:a a ex:C .", 1),
    "node-level sh:class": ("ex:S sh:targetNode ex:a ; sh:class ex:C .", "ex:a ex:p 1 .", 1),
    "node-level sh:datatype": ("ex:S sh:targetObjectsOf ex:p ; sh:datatype xsd:string .", "ex:a ex:p 1 .", 1),
    "node-level sh:nodeKind": ("ex:S sh:targetObjectsOf ex:p ; sh:nodeKind sh:IRI .", 'ex:a ex:p "x" .', 1),
    "node-level sh:pattern": ("ex:S sh:targetObjectsOf ex:p ; sh:pattern \"^a\" .", 'ex:a ex:p "b" , "a" .', 1),
    "property-level sh:languageIn": ('ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:languageIn ( "ja" ) ] .',
                                     'ex:a ex:p "x"@en , "y"@ja , "z" .', 2),
    "sh:uniqueLang per language": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
                                   'ex:a ex:p "a"@en , "b"@en , "c"@ja , "d"@ja , "e"@fr .', 2),
    "sh:resultPath of a sequence": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
                                    "ex:a ex:p ex:b .", 1),
    "sh:or member with sh:maxLength": ('ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; '
                                       'sh:or ( [ sh:maxLength 2 ] [ sh:datatype xsd:integer ] ) ] .',
                                       'ex:a ex:p "long" , "ok" , 5 .', 1),
    "sh:in by sameTerm": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:in ( 1 ) ] .",
                          "ex:a ex:p 1.0 , 1 .", 1),
    "sh:datatype xsd:int well-formed": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:int ] .",
                                        'ex:a ex:p "abc"^^xsd:int , "12"^^xsd:int .', 1),
    "xsd:int is not xsd:integer": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] .",
                                   'ex:a ex:p "12"^^xsd:int , 13 .', 1),  # Oxigraph keeps "12"^^xsd:int as an integer
    # instances through a table of sub-classes read from the data (kg.build.shacl.conditions.instance_of)
    "sh:targetClass with a sub-class chain": ("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
                                              "ex:E rdfs:subClassOf ex:D . ex:D rdfs:subClassOf ex:C . "
                                              "ex:a a ex:E . ex:b a ex:C ; ex:p 1 . ex:c a ex:F .", 1),
    "sh:targetClass with a blank-node sub-class": ("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
                                                   "_:k rdfs:subClassOf ex:C . ex:a a _:k . ex:b a ex:C .", 2),
    "sh:class through sub-classes": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:class ex:C ] .",
                                     "ex:a ex:p ex:b , ex:c , ex:d . ex:b a ex:E . ex:E rdfs:subClassOf ex:D . "
                                     "ex:D rdfs:subClassOf ex:C . ex:c a ex:F . _:k rdfs:subClassOf ex:C . ex:d a _:k .", 1),
    "sh:nodeKind sh:BlankNodeOrIRI": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; "
                                      "sh:nodeKind sh:BlankNodeOrIRI ] .", 'ex:a ex:p [] , ex:b , "x" .', 1),
}


def run(tmp_path, shapes: str, data: str, reference: bool):
    (tmp_path / "shapes.ttl").write_text(PREFIXES + shapes, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(PREFIXES + data, encoding="utf-8")
    notices = []
    outcome, report = validate_files([tmp_path / "shapes.ttl"], [tmp_path / "data.ttl"], reference, notices.append)
    keys = sorted((str(r.focus), str(r.component), str(r.value), str(r.path) if r.path is None or
                   not hasattr(r.path, "startswith") or r.path.startswith("http") else "complex") for r in outcome.results)
    return outcome, keys, notices, report


@pytest.mark.parametrize("shapes, data, count", CASES.values(), ids=CASES.keys())
def test_the_fast_path_gives_pyshacls_answer(tmp_path, shapes, data, count):
    outcome, fast, notices, report = run(tmp_path, shapes, data, reference=False)
    _, reference, _, _ = run(tmp_path, shapes, data, reference=True)
    assert outcome.fallback == {} and notices == []
    assert len(fast) == count
    assert fast == reference


def test_a_complex_path_is_written_into_the_report(tmp_path):
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    shapes, data, _ = CASES["sh:resultPath of a sequence"]
    _, _, _, report = run(tmp_path, shapes, data, reference=False)
    path = next(report.objects(None, SH.resultPath))
    assert [str(p) for p in Collection(report, path)] == ["http://example.org/p", "http://example.org/q"]
