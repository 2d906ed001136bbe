"""``kg docs``: human-readable documentation of the ontology, made by pyLODE
(the ``docs`` extra), and of the SKOS vocabularies, into ``dist/docs/``.

pyLODE reads the Japanese and English labels and definitions every term
carries. Its VocPub profile (3.3.3) lists a scheme's metadata but none of our
concepts, so the vocabulary pages are written here: each concept with its
ja/en labels and definitions. Every page is self-contained (CSS inline), so
the folder works offline and on any static host. The pages come from
``templates/docs/``."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..files import atomic_folder
from ..project import Project
from .render import render


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
            items.append((name, vocabulary.stem))
            written.append(out / name)
        index = render("docs/index.html", title="AI Safety Knowledge Graph: documentation",
                       vocabularies=items)
        (staging / "index.html").write_text(index, encoding="utf-8")
    return written


def vocabulary_page(path: Path) -> str:
    """A SKOS vocabulary's page, from ``templates/docs/vocabulary.html``."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    graph = Graph().parse(path)

    def texts(node, predicate) -> dict[str, str]:
        values = {}
        for o in graph.objects(node, predicate):
            values.setdefault(getattr(o, "language", None), str(o))
        return {lang: values.get(lang, "") for lang in ("ja", "en")}

    scheme = next(graph.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = [{"iri": str(c), "anchor": str(c).rsplit("/", 1)[-1], "label": texts(c, SKOS.prefLabel),
                 "definition": texts(c, SKOS.definition)} for c in sorted(graph.subjects(RDF.type, SKOS.Concept))]
    name = texts(scheme, SKOS.prefLabel)
    return render("docs/vocabulary.html", title=f"{name['ja']} / {name['en']}", concepts=concepts,
                  scheme={"iri": str(scheme), "definition": texts(scheme, SKOS.definition)})
