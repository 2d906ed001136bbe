"""Ontology documentation by pyLODE, and the JSON-LD dump read by a second,
independent JSON-LD processor (PyLD)."""

from __future__ import annotations

import json
import re

from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import run_kg


def test_pyld_expands_the_jsonld_dump_to_the_same_graph(dist):
    from pyld import jsonld

    document = json.loads((dist / "kg.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    expanded = Graph().parse(data=nquads, format="nt")  # all in the default graph: N-Quads lines are N-Triples
    assert isomorphic(expanded, Graph().parse(dist / "kg.ttl"))


def test_docs_pages_have_both_languages_and_work_offline(project_copy):
    result = run_kg("docs", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # pyLODE's logging is kept quiet
    docs = project_copy / "dist" / "docs"
    names = sorted(p.name for p in docs.iterdir())
    assert names == ["index.html", "ontology.html", "vocab-instrument-kinds.html", "vocab-legal-force.html", "vocab-topics.html"]
    ontology = (docs / "ontology.html").read_text(encoding="utf-8")
    for text in ("sub-organization of", "上位組織", "legal basis", "法的根拠", "AI Safety Knowledge Graph ontology"):
        assert text in ontology
    topics = (docs / "vocab-topics.html").read_text(encoding="utf-8")
    assert "生成AI" in topics and "Generative AI" in topics
    for page in docs.iterdir():
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://[^"]+\.(js|css)', html), page.name
    index = (docs / "index.html").read_text(encoding="utf-8")
    for name in names[1:]:
        assert f'href="{name}"' in index
