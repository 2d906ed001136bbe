"""Record IRIs outside the documented set (docs/CURATION.md) are refused by
the shapes, on the fast path and on the reference path (issue 10); the
shape-by-shape cases are in test_shapes.py's BAD list."""

from __future__ import annotations

import subprocess
import sys


def test_a_record_iri_climbing_out_of_its_folder_is_refused_naming_the_record(project, tmp_path):
    """issue 10: …/id/instrument/../../../../tmp/x passes no longer (kg validate FILE, with the project's records)."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix aisk: <https://w3id.org/ai-safety-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ai-safety-kg/id/instrument/../../../../tmp/x> a aisk:Guideline ;
    rdfs:label "x"@ja , "X"@en ;
    aisk:issuedBy <https://w3id.org/ai-safety-kg/id/org/digital-agency> ;
    aisk:source <https://w3id.org/ai-safety-kg/id/instrument/ai-safety-factsheet-2025#sec-1> .
""", encoding="utf-8")
    for reference in ([], ["--reference"]):
        done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", str(bad), *reference], cwd=project.root,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "instrument/../../../../tmp/x> breaks shapes:RecordIRIShape" in done.stderr
        assert "no '.' or '..' segments" in done.stderr and "パーセント符号化" in done.stderr
        assert "Traceback" not in done.stderr


def test_kg_validate_writes_the_project_report(project, tmp_path):
    from rdflib import Graph, Literal
    from rdflib.namespace import SH

    report = tmp_path / "out" / "report.ttl"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--report", str(report)], cwd=project.root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (None, SH.conforms, Literal(True)) in Graph().parse(report, format="turtle")
