"""``kg docs``: human-readable documentation of the ontology, made by pyLODE
(the ``docs`` extra), and of the SKOS vocabularies, into ``dist/docs/``.

pyLODE reads the Japanese and English labels and definitions every term
carries. Its VocPub profile (3.3.3) lists a scheme's metadata but none of our
concepts, so the vocabulary pages are written here: each concept with its
ja/en labels and definitions. Every page is self-contained (CSS inline), so
the folder works offline and on any static host."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..files import atomic_folder
from ..project import Project

INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AI Safety Knowledge Graph: documentation</title>
<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}}</style></head>
<body><h1>AI Safety Knowledge Graph: documentation / ドキュメント</h1>
<ul>
<li><a href="ontology.html">Ontology / オントロジー</a> (<code>https://w3id.org/ai-safety-kg/ontology#</code>)</li>
{vocabularies}
</ul></body></html>
"""


def write_docs(project: Project, out: Path) -> list[Path]:
    import logging

    try:
        from pylode import OntPub
    except ImportError:
        raise UsageError("kg docs needs pyLODE: pip install -e '.[docs]'.") from None
    logging.getLogger().setLevel(logging.WARNING)  # pyLODE turns the root logger to DEBUG
    written = []
    with atomic_folder(out) as staging:
        OntPub(ontology=project.ontology_files[0]).make_html(destination=staging / "ontology.html")
        written.append(out / "ontology.html")
        items = []
        for vocabulary in project.vocab_files:
            name = f"vocab-{vocabulary.stem}.html"
            (staging / name).write_text(vocabulary_page(vocabulary), encoding="utf-8")
            items.append(f'<li><a href="{name}">Vocabulary / 語彙: {vocabulary.stem}</a></li>')
            written.append(out / name)
        (staging / "index.html").write_text(INDEX.format(vocabularies="\n".join(items)), encoding="utf-8")
    return written


def vocabulary_page(path: Path) -> str:
    from html import escape

    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    graph = Graph().parse(path)

    def text(node, predicate, lang):
        values = [str(o) for o in graph.objects(node, predicate) if getattr(o, "language", None) == lang]
        return escape(values[0]) if values else ""

    scheme = next(graph.subjects(RDF.type, SKOS.ConceptScheme))
    rows = []
    for concept in sorted(graph.subjects(RDF.type, SKOS.Concept)):
        rows.append(
            f'<tr id="{escape(str(concept).rsplit("/", 1)[-1])}"><td><code>{escape(str(concept))}</code></td>'
            f"<td>{text(concept, SKOS.prefLabel, 'ja')}<br>{text(concept, SKOS.prefLabel, 'en')}</td>"
            f"<td>{text(concept, SKOS.definition, 'ja')}<br>{text(concept, SKOS.definition, 'en')}</td></tr>"
        )
    title = f"{text(scheme, SKOS.prefLabel, 'ja')} / {text(scheme, SKOS.prefLabel, 'en')}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}}</style></head>
<body><p><a href="index.html">Documentation / ドキュメント</a></p>
<h1>{title}</h1><p><code>{escape(str(scheme))}</code></p>
<p>{text(scheme, SKOS.definition, 'ja')}<br>{text(scheme, SKOS.definition, 'en')}</p>
<table><tr><th>Concept / 概念</th><th>Label / ラベル</th><th>Definition / 定義</th></tr>
{chr(10).join(rows)}
</table></body></html>
"""
