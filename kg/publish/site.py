"""``kg site``: a static website of the built graph, in Japanese and English.

Reads ``dist/kg-inferred.ttl`` with pyoxigraph and writes a folder that works
from the disk (``file://``) or any static host: relative links only, no
scripts, no fonts or styles from elsewhere. For every record under
``…/id/`` it writes ``PATH.ja.html`` and ``PATH.en.html`` (each links the
other), and beside them ``PATH.ttl`` and ``PATH.jsonld``: the record's own
triples, the triples pointing at it and the labels of its neighbours, the
JSON-LD compacted with ``ontology/context.jsonld``. ``PATH`` is the record
IRI after ``…/id/``, a fragment (``#fn-27``) becoming one more folder level.

Around the records: an index, instruments by kind, by issuer and by year,
the lineage diagram (``kg.publish.svg``) and the stored-query catalogue. The page
text is in ``kg.publish.sitetext``.
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..errors import KgError, UsageError
from ..prefixes import BASE, PREFIXES, shorten
from .sitetext import CSS, UI, REVERSE, SKOS_LABELS
from .svg import Edge, Node, components, render

ID = BASE + "id/"
AISK = PREFIXES["aisk"]
RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
COMMENT = PREFIXES["rdfs"] + "comment"
SEE_ALSO = PREFIXES["rdfs"] + "seeAlso"
SKOS = PREFIXES["skos"]
PREF_LABEL, ALT_LABEL = SKOS + "prefLabel", SKOS + "altLabel"
DCT = PREFIXES["dcterms"]
ISSUED = DCT + "issued"
PAGE = PREFIXES["foaf"] + "page"
INVERSE_OF = PREFIXES["owl"] + "inverseOf"
LANGS = ("en", "ja")
EGOV = "https://laws.e-gov.go.jp/law/"
WIKIDATA = PREFIXES["wd"]
GENERATOR = "kg site"

# What the facts list shows, in order: (property, how). The relations table shows the other links.
FACTS = [
    (AISK + "kind", "links"), (AISK + "legalForce", "links"), (AISK + "issuedBy", "links"),
    (AISK + "noIssuerReason", "text"), (AISK + "jurisdiction", "links"), (ISSUED, "date"),
    (AISK + "dateEntryIntoForce", "date"), (AISK + "dateFullEntryIntoForce", "date"), (AISK + "foundingDate", "date"),
    (AISK + "versionLabel", "plain"), (DCT + "language", "code"), (AISK + "officialTitle", "all"),
    (ALT_LABEL, "all"), (AISK + "lawNumber", "all"), (AISK + "eGovLawId", "plain"), (AISK + "sectionNumber", "plain"),
    (AISK + "footnoteNumber", "plain"), (SKOS + "notation", "plain"), (AISK + "topic", "links"),
    (SKOS + "definition", "text"), (COMMENT, "text"), (SKOS + "note", "text"), (SKOS + "editorialNote", "text"),
]
FACT_PROPERTIES = {p for p, _ in FACTS}
# Links shown elsewhere on the page (facts, provenance, external links) or too general to list.
NOT_RELATIONS = FACT_PROPERTIES | {AISK + "source", SKOS + "exactMatch", SKOS + "closeMatch", PAGE, SEE_ALSO, RDF_TYPE}
RELATION_ORDER = [AISK + name for name in (
    "editionOf", "hasEdition", "revises", "revisedBy", "translationOf", "hasTranslation", "basedOn", "basisFor",
    "legalBasis", "legalBasisFor", "derivesFrom", "hasDerivative", "follows", "followedBy", "partOf", "hasPart",
    "provisionOf", "references", "referencedBy", "passedBy", "issued", "establishes", "establishedBy",
    "subOrganizationOf", "hasSubOrganization", "secretariatOf", "hasSecretariat")] + [
    SKOS + "inScheme", SKOS + "hasTopConcept", SKOS + "topConceptOf", SKOS + "broader", SKOS + "narrower"]
LINEAGE = {AISK + "basedOn": "based-on", AISK + "revises": "revises", AISK + "editionOf": "edition-of"}


@dataclass
class Written:
    out: Path
    records: int
    files: int


def build_site(project, dist: Path, out: Path) -> Written:
    """Write the site for the graph built in ``dist`` into ``out`` (replaced as a whole, atomically)."""
    from ..build.export import load_context
    from ..files import atomic_folder

    graph_file = Path(dist) / "kg-inferred.ttl"
    if not graph_file.is_file():
        raise UsageError(f"There is no built graph at {project.relative(graph_file)}; run kg build first.")
    _check_target(Path(out), project)
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    from ..query.catalogue import stored_queries

    site = Site(Graph(store), load_context(project.context_file), stored_queries(project.queries_dir))
    files = site.files()
    try:
        with atomic_folder(Path(out)) as staging:
            for relative, content in files.items():
                path = staging / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as error:  # a full disk, no permission, or dist/ replaced by a build meanwhile
        raise KgError(f"Cannot write the site to {project.relative(out)}: {error.strerror or error}.") from None
    return Written(Path(out), len(site.records), len(files))


def _check_target(out: Path, project) -> None:
    """Refuse to replace a folder that is not a site this command wrote (say, --out dist by mistake)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"--out {project.relative(out)} is a file, not a folder.")
    index = out / "index.html"
    if any(out.iterdir()) and not (index.is_file() and f'content="{GENERATOR}' in index.read_text("utf-8", "replace")[:2000]):
        raise UsageError(f"--out {project.relative(out)} is a folder that kg site did not write; choose another.")


# -- the graph ----------------------------------------------------------------------------------

class Graph:
    """The built graph, indexed in memory both ways (it is small: every record fits in a page)."""

    def __init__(self, store: ox.Store):
        self.out: dict[str, list[ox.Triple]] = defaultdict(list)
        self.into: dict[str, list[ox.Triple]] = defaultdict(list)
        self.values: dict[tuple[str, str], list] = defaultdict(list)
        self.subjects_of: dict[tuple[str, str], list[str]] = defaultdict(list)
        for quad in store:
            t = quad.triple
            if not isinstance(t.subject, ox.NamedNode):
                continue
            s, p = t.subject.value, t.predicate.value
            self.out[s].append(t)
            self.values[s, p].append(t.object)
            if isinstance(t.object, ox.NamedNode):
                self.into[t.object.value].append(t)
                self.subjects_of[p, t.object.value].append(s)
        self.inverse: dict[str, str] = {}
        for p, objects in list(self.values.items()):
            if p[1] == INVERSE_OF:
                for o in objects:
                    self.inverse[p[0]] = o.value
                    self.inverse[o.value] = p[0]
        for a, b in (("hasTopConcept", "topConceptOf"), ("broader", "narrower")):  # SKOS's, not in our ontology
            self.inverse[SKOS + a], self.inverse[SKOS + b] = SKOS + b, SKOS + a
        self.population: dict[str, int] = defaultdict(int)
        for (s, p), objects in self.values.items():
            if p == RDF_TYPE:
                for o in objects:
                    self.population[o.value] += 1

    def iris(self, s: str, p: str) -> list[str]:
        return [o.value for o in self.values.get((s, p), ()) if isinstance(o, ox.NamedNode)]

    def literals(self, s: str, p: str) -> list[ox.Literal]:
        return [o for o in self.values.get((s, p), ()) if isinstance(o, ox.Literal)]

    def has_type(self, s: str, cls: str) -> bool:
        return cls in self.iris(s, RDF_TYPE)

    def texts(self, s: str, p: str, lang: str) -> list[tuple[str, str]]:
        """(text, language) in the page's language, else in the other, else without a language."""
        found = self.literals(s, p)
        for wanted in (lang, *[x for x in LANGS if x != lang]):
            chosen = sorted((l.value, wanted) for l in found if l.language == wanted)
            if chosen:
                return chosen
        return sorted((l.value, l.language or "") for l in found)

    def label(self, s: str, lang: str) -> tuple[str, str]:
        for p in (LABEL, PREF_LABEL):
            texts = self.texts(s, p, lang)
            if texts:
                return texts[0]
        return shorten(s), ""

    def short_label(self, s: str, lang: str) -> tuple[str, str]:
        text, language = self.label(s, lang)
        if len(text) > 48:
            alternatives = [a for a in self.literals(s, ALT_LABEL) if a.language == language]
            if alternatives:
                return min((a.value for a in alternatives), key=len), language
        return text, language

    def date(self, s: str) -> str:
        values = self.literals(s, ISSUED)
        return min((v.value for v in values), default="")


# -- paths and links ----------------------------------------------------------------------------

def record_path(iri: str) -> str:
    """``instrument/ai-promotion-act`` for a record; a fragment becomes a folder level."""
    return "id/" + iri[len(ID):].replace("#", "/")


def page_name(name: str, lang: str) -> str:
    return "index.html" if (name, lang) == ("index", "en") else f"{name}.{lang}.html"


def relative(from_file: str, to_file: str) -> str:
    """A relative, percent-encoded link from one file of the site to another (``#anchor`` kept)."""
    target, _, anchor = to_file.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_file) or ".")
    return urllib.parse.quote(link, safe="/-._~") + (f"#{anchor}" if anchor else "")


def e(text) -> str:
    return escape(str(text), quote=True)


def external(url: str, text: str | None = None) -> str:
    if url.startswith(("http://", "https://")):
        return f'<a class="external" href="{e(url)}">{e(text or url)}</a>'
    return e(text or url)


def date_text(value: str, lang: str) -> str:
    """``2024-04`` as April 2024 / 2024年4月, at the precision the data gives."""
    parts = value.split("-")
    months = UI["en"]["months"]
    try:
        numbers = [int(x) for x in parts[:3]]
    except ValueError:
        return value
    if lang == "ja":
        return "".join(f"{n}{unit}" for n, unit in zip(numbers, "年月日"))
    if len(numbers) == 1:
        return str(numbers[0])
    if len(numbers) == 2:
        return f"{months[numbers[1] - 1]} {numbers[0]}"
    return f"{numbers[2]} {months[numbers[1] - 1]} {numbers[0]}"


# -- the site -----------------------------------------------------------------------------------

class Site:
    def __init__(self, graph: Graph, context: dict, queries: list):
        self.g = graph
        self.context = context
        self.queries = queries
        self.records = sorted(s for s in graph.out if s.startswith(ID))
        paths = {}
        for iri in self.records:
            path = record_path(iri)
            if path in paths:
                raise UsageError(f"{iri} and {paths[path]} would share the page {path}; rename one of them.")
            paths[path] = iri
        self.paths = {iri: path for path, iri in paths.items()}
        self.instruments = self._sorted([s for s in self.records if graph.has_type(s, AISK + "Instrument")])
        self.editions = self._sorted([s for s in self.records if graph.has_type(s, AISK + "Edition")])
        self.organizations = self._sorted([s for s in self.records if graph.has_type(s, AISK + "Organization")], by_date=False)
        self.lineage_nodes, self.lineage_edges = self._lineage()
        self.lineage_groups = {key: group for group in components(self._nodes("en"), self.lineage_edges) for key in group}

    def _sorted(self, iris: list[str], by_date: bool = True) -> list[str]:
        return sorted(iris, key=lambda s: ((self.g.date(s) or "9999") if by_date else "", self.g.label(s, "en")[0], s))

    # -- files ------------------------------------------------------------------------------
    def files(self) -> dict[str, str | bytes]:
        files: dict[str, str | bytes] = {"style.css": CSS}
        for iri in self.records:
            path = self.paths[iri]
            triples = self.record_triples(iri)
            files[path + ".ttl"] = self.turtle(triples)
            files[path + ".jsonld"] = self.jsonld(iri, triples)
            for lang in LANGS:
                files[f"{path}.{lang}.html"] = self.record_page(iri, lang)
        for lang in LANGS:
            files[page_name("index", lang)] = self.index_page(lang)
            files[page_name("kinds", lang)] = self.kinds_page(lang)
            files[page_name("issuers", lang)] = self.issuers_page(lang)
            files[page_name("years", lang)] = self.years_page(lang)
            files[page_name("queries", lang)] = self.queries_page(lang)
            files[page_name("lineage", lang)] = self.lineage_page(lang)
            files[f"lineage.{lang}.svg"] = self.lineage_svg(lang, "lineage.svg", standalone=True)
        return files

    # -- per-record data --------------------------------------------------------------------
    def record_triples(self, iri: str) -> list[ox.Triple]:
        """The record's triples, the triples pointing at it, and its neighbours' labels (as kg serve's /id/ pages)."""
        own = self.g.out[iri]
        incoming = [t for t in self.g.into.get(iri, ()) if t.subject.value != iri]
        neighbours = {t.object.value for t in own if isinstance(t.object, ox.NamedNode)} | {t.subject.value for t in incoming}
        labels = [t for n in neighbours - {iri} for t in self.g.out.get(n, ()) if t.predicate.value in (LABEL, PREF_LABEL)]
        return sorted(set(own) | set(incoming) | set(labels),
                      key=lambda t: (t.subject.value != iri, str(t.subject), str(t.predicate), str(t.object)))

    @staticmethod
    def turtle(triples: list[ox.Triple]) -> bytes:
        """Turtle with the prefixes it uses (the record's triples come first)."""
        used = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
        used |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
        prefixes = {k: v for k, v in PREFIXES.items() if any(i.startswith(v) for i in used)}
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)

    def jsonld(self, iri: str, triples: list[ox.Triple]) -> str:
        """Compact JSON-LD: the record's node first, then one node per neighbour."""
        from ..build.jsonld import Compactor

        compactor = Compactor(self.context)
        by_subject: dict[str, list] = defaultdict(list)
        for t in triples:
            by_subject[t.subject.value].append((t.predicate, t.object))
        order = [iri] + sorted(s for s in by_subject if s != iri)
        nodes = [compactor.node(ox.NamedNode(s), by_subject[s]) for s in order if s in by_subject]
        return json.dumps({"@context": self.context, "@graph": nodes}, ensure_ascii=False, indent=1) + "\n"

    # -- building blocks --------------------------------------------------------------------
    def link(self, iri: str, lang: str, here: str, short: bool = False) -> str:
        """A link to a record's page in ``lang`` (or to an outside IRI), showing its label."""
        if iri in self.paths:
            text, language = (self.g.short_label if short else self.g.label)(iri, lang)
            attr = f' lang="{e(language)}"' if language and language != lang else ""
            return f'<a href="{e(relative(here, self.paths[iri] + f".{lang}.html"))}"{attr}>{e(text)}</a>'
        text, language = self.g.label(iri, lang)
        return external(iri, text if language else iri)

    def text(self, value: str, language: str, lang: str) -> str:
        attr = f' lang="{e(language)}"' if language and language != lang else ""
        return f"<span{attr}>{e(value)}</span>" if attr else e(value)

    def kind_of(self, iri: str, lang: str) -> str:
        """What a record is: its instrument kind, else its most specific class, in ``lang``."""
        kinds = self.g.iris(iri, AISK + "kind")
        if kinds:
            return self.g.label(kinds[0], lang)[0]
        types = [t for t in self.g.iris(iri, RDF_TYPE) if t.startswith(AISK) or t.startswith(SKOS)]
        if not types:
            return ""
        specific = min(types, key=lambda t: (self.g.population[t], t))
        if specific.startswith(SKOS):
            return SKOS_LABELS.get(specific, {}).get(lang, specific[len(SKOS):])
        return self.g.label(specific, lang)[0]

    def instrument_table(self, iris: list[str], lang: str, here: str, show_kind: bool = True) -> str:
        t = UI[lang]
        head = f"<tr><th class=\"date\">{t['date']}</th><th>{t['title']}</th>" + \
            (f"<th class=\"kind\">{t['kind']}</th>" if show_kind else "") + f"<th class=\"issuer\">{t['issuer']}</th></tr>"
        rows = []
        for s in iris:
            date = self.g.date(s)
            when = f'<time datetime="{e(date)}">{e(date_text(date, lang))}</time>' if date else "—"
            kind = f"<td>{e(self.kind_of(s, lang))}</td>" if show_kind else ""
            issuers = ", ".join(self.link(o, lang, here, short=True) for o in self.g.iris(s, AISK + "issuedBy")) or "—"
            rows.append(f"<tr><td class=\"date\">{when}</td><td>{self.link(s, lang, here)}</td>{kind}<td>{issuers}</td></tr>")
        return f'<table class="list">{head}{"".join(rows)}</table>'

    def page(self, name: str, lang: str, title: str, body: str, head: str = "", h1: str | None = None) -> str:
        """A whole HTML page at ``name`` (a path in the site) with the shared header and footer."""
        t = UI[lang]
        other = "ja" if lang == "en" else "en"
        other_name = self.other_language_name(name, other)
        root = lambda target: e(relative(name, target))
        nav = "".join(f'<a href="{root(page_name(key, lang))}">{e(t["nav"][key])}</a>'
                      for key in ("index", "kinds", "issuers", "years", "lineage", "queries"))
        return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR} (ai-safety-kg {e(__version__)})">
<title>{e(title)} – {e(t['site'])}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root('style.css')}">
<link rel="alternate" hreflang="{other}" href="{root(other_name)}">
{head}</head>
<body>
<header class="top"><a class="brand" href="{root(page_name('index', lang))}">{e(t['site'])}</a>
<nav>{nav}</nav>
<a class="switch" href="{root(other_name)}" hreflang="{other}" lang="{other}">{e(UI[other]['language'])}</a></header>
<main>
<h1>{h1 if h1 is not None else e(title)}</h1>
{body}
</main>
<footer>{t['footer']}</footer>
</body>
</html>
"""

    @staticmethod
    def other_language_name(name: str, other: str) -> str:
        if name == "index.html":
            return "index.ja.html"
        if name == "index.ja.html":
            return "index.html"
        stem = name.rsplit(".", 2)[0]
        return page_name(stem, other)

    # -- record pages -----------------------------------------------------------------------
    def record_page(self, iri: str, lang: str) -> str:
        g, t = self.g, UI[lang]
        path = self.paths[iri]
        here = f"{path}.{lang}.html"
        title, title_lang = g.label(iri, lang)
        other_titles = [(v, l) for v, l in g.texts(iri, LABEL, "en" if lang == "ja" else "ja") if l != title_lang]
        name = path.rsplit("/", 1)[-1]
        head = (f'<link rel="alternate" type="text/turtle" href="{e(relative(here, path + ".ttl"))}">\n'
                f'<link rel="alternate" type="application/ld+json" href="{e(relative(here, path + ".jsonld"))}">\n')
        h1 = self.text(title, title_lang, lang)
        sections = [
            f'<p class="kind">{e(self.kind_of(iri, lang))}</p>',
            "".join(f'<p class="subtitle" lang="{e(l)}">{e(v)}</p>' for v, l in other_titles),
            self.facts(iri, lang, here),
            self.timeline(iri, lang, here),
            self.lineage_section(iri, lang, here),
            self.relations(iri, lang, here),
            self.provenance(iri, lang, here),
            self.external_links(iri, lang),
            self.fragments(iri, lang, here),
            f'<section id="data"><h2>{t["data"]}</h2><p><code>{e(iri)}</code></p><p>'
            f'<a href="{e(relative(here, path + ".ttl"))}" type="text/turtle">Turtle ({e(name)}.ttl)</a> · '
            f'<a href="{e(relative(here, path + ".jsonld"))}" type="application/ld+json">JSON-LD ({e(name)}.jsonld)</a>'
            f"</p><p class=\"note\">{t['data_note']}</p></section>",
        ]
        return self.page(here, lang, title, "\n".join(s for s in sections if s), head=head, h1=h1)

    def facts(self, iri: str, lang: str, here: str) -> str:
        g = self.g
        rows = []
        for p, how in FACTS:
            if how == "links":
                values = [self.link(o, lang, here) for o in sorted(g.iris(iri, p), key=lambda o: g.label(o, lang))]
            elif how == "date":
                values = [f'<time datetime="{e(v.value)}">{e(date_text(v.value, lang))}</time>' for v in g.literals(iri, p)]
            elif how == "text":
                values = [self.text(v, l, lang) for v, l in g.texts(iri, p, lang)]
            elif how == "all":
                values = [self.text(v.value, v.language or "", lang) for v in sorted(g.literals(iri, p), key=lambda v: (v.language != lang, v.value))]
            elif how == "code":
                values = [external(o, o.rstrip("/").rsplit("/", 1)[-1]) for o in g.iris(iri, p)]
            else:
                values = [e(v.value) for v in g.literals(iri, p)]
            if values:
                rows.append(f"<dt>{e(self.property_label(p, lang))}</dt><dd>{' · '.join(values)}</dd>")
        return f'<dl class="facts">{"".join(rows)}</dl>' if rows else ""

    def property_label(self, p: str, lang: str) -> str:
        if p in UI[lang]["properties"]:
            return UI[lang]["properties"][p]
        if p in SKOS_LABELS:
            return SKOS_LABELS[p][lang]
        text, _ = self.g.label(p, lang)
        return text[:1].upper() + text[1:] if lang == "en" and text[1:2].isalpha() else text

    def timeline(self, iri: str, lang: str, here: str) -> str:
        """The editions of the record's instrument (or of the instrument of this edition) as a timeline."""
        g, t = self.g, UI[lang]
        instrument = (g.iris(iri, AISK + "editionOf") or [iri])[0]
        editions = self._sorted(g.iris(instrument, AISK + "hasEdition"))
        if not editions:
            return ""
        items = []
        for ed in editions:
            date = g.date(ed)
            notes = []
            for p in (AISK + "revises", AISK + "translationOf", AISK + "basedOn"):
                for o in g.iris(ed, p):
                    notes.append(f"{e(self.property_label(p, lang))}: {self.link(o, lang, here)}")
            version = g.literals(ed, AISK + "versionLabel")
            language = g.iris(ed, DCT + "language")
            tags = ([e(t["version"].format(version[0].value))] if version else []) + \
                [e(x.rsplit("/", 1)[-1]) for x in language]
            current = ' class="current" aria-current="page"' if ed == iri else ""
            items.append(
                f'<li{current}><time datetime="{e(date)}">{e(date_text(date, lang)) if date else "—"}</time>'
                f'<div>{self.link(ed, lang, here)}'
                + (f' <span class="tags">{" · ".join(tags)}</span>' if tags else "")
                + (f'<br><span class="note">{"; ".join(notes)}</span>' if notes else "")
                + "</div></li>")
        intro = "" if instrument == iri else f"<p>{t['editions_of']} {self.link(instrument, lang, here)}</p>"
        return f'<section id="editions"><h2>{t["editions"]}</h2>{intro}<ol class="timeline">{"".join(items)}</ol></section>'

    def relations(self, iri: str, lang: str, here: str) -> str:
        """Every link between this record and another, both ways, each under the label of its direction."""
        g, t = self.g, UI[lang]
        groups: dict[str, set[str]] = defaultdict(set)
        for triple in g.out[iri]:
            p = triple.predicate.value
            if isinstance(triple.object, ox.NamedNode) and triple.object.value in self.paths and _relation(p) and triple.object.value != iri:
                groups[p].add(triple.object.value)
        for triple in g.into.get(iri, ()):
            s, p = triple.subject.value, triple.predicate.value
            if s == iri or s not in self.paths:
                continue
            if p in g.inverse and _relation(g.inverse[p]):
                groups[g.inverse[p]].add(s)
            elif p in REVERSE or (_relation(p) and p not in g.inverse):
                groups["^" + p].add(s)
        if not groups:
            return ""
        order = {p: i for i, p in enumerate(RELATION_ORDER)}
        rows = []
        for key in sorted(groups, key=lambda k: (k.startswith("^"), order.get(k.lstrip("^"), len(order)), k)):
            if key.startswith("^"):
                p = key[1:]
                name = REVERSE[p][lang] if p in REVERSE else t["reverse"].format(self.property_label(p, lang))
            else:
                name = self.property_label(key, lang)
            members = self._sorted(list(groups[key]))
            links = "".join(f"<li>{self.link(m, lang, here)}</li>" for m in members)
            rows.append(f'<tr><th scope="row">{e(name)}</th><td><ul class="links">{links}</ul></td></tr>')
        return f'<section id="relations"><h2>{t["relations"]}</h2><table class="relations">{"".join(rows)}</table></section>'

    def provenance(self, iri: str, lang: str, here: str) -> str:
        g, t = self.g, UI[lang]
        sources = g.iris(iri, AISK + "source")
        if not sources:
            return ""

        def key(s):
            number = g.literals(s, AISK + "footnoteNumber")
            group = 3 if s not in self.paths else 1 if g.has_type(s, AISK + "Footnote") else \
                0 if g.has_type(s, AISK + "SourceSection") else 2
            return group, int(number[0].value) if number else 0, s

        items = []
        for s in sorted(sources, key=key):
            if s not in self.paths:
                items.append(f"<li>{external(s)}</li>")
                continue
            entry = self.link(s, lang, here)
            sections = [x for x in g.iris(s, AISK + "partOf") if g.has_type(s, AISK + "Footnote")]
            if sections:
                entry += f" ({t['in_section']} {', '.join(self.link(x, lang, here) for x in sections)})"
            pages = sorted(g.iris(s, PAGE))
            if pages:
                entry += '<ul class="urls">' + "".join(f"<li>{external(u)}</li>" for u in pages) + "</ul>"
            items.append(f"<li>{entry}</li>")
        return f'<section id="provenance"><h2>{t["provenance"]}</h2><p>{t["provenance_note"]}</p><ul>{"".join(items)}</ul></section>'

    def fragments(self, iri: str, lang: str, here: str) -> str:
        """Records whose IRI is this one's plus ``#name``, each anchored at ``#name`` (so ``…#fn-27`` lands here)."""
        parts = [s for s in self.records if s.startswith(iri + "#")]
        if not parts:
            return ""

        def key(s):
            footnote = self.g.literals(s, AISK + "footnoteNumber")
            section = self.g.literals(s, AISK + "sectionNumber")
            numbers = [int(n) if n.isdigit() else 0 for n in re.findall(r"\d+", section[0].value)] if section else []
            return bool(footnote), int(footnote[0].value) if footnote else 0, numbers, s

        items = "".join(f'<li id="{e(s.split("#", 1)[1])}">{self.link(s, lang, here)} <code>#{e(s.split("#", 1)[1])}</code></li>'
                        for s in sorted(parts, key=key))
        return f'<section id="fragments"><h2>{UI[lang]["fragments"]}</h2><ul class="links">{items}</ul></section>'

    def external_links(self, iri: str, lang: str) -> str:
        g, t = self.g, UI[lang]
        items = [f"<li>{external(u)}</li>" for u in sorted(g.iris(iri, PAGE))]
        for law_id in g.literals(iri, AISK + "eGovLawId"):
            items.append(f"<li>{e(t['egov'])}: {external(EGOV + law_id.value, law_id.value)}</li>")
        for p in (SKOS + "exactMatch", SKOS + "closeMatch"):
            for o in sorted(g.iris(iri, p)):
                name = f"Wikidata {o[len(WIKIDATA):]}" if o.startswith(WIKIDATA) else o
                items.append(f"<li>{e(self.property_label(p, lang))}: {external(o, name)}</li>")
        for o in sorted(g.iris(iri, SEE_ALSO)):
            items.append(f"<li>{e(self.property_label(SEE_ALSO, lang))}: {external(o, shorten(o) if not o.startswith('http') or o.startswith(BASE) else o)}</li>")
        if not items:
            return ""
        return f'<section id="links"><h2>{t["links"]}</h2><ul class="urls">{"".join(items)}</ul></section>'

    # -- lineage --------------------------------------------------------------------------------
    def _lineage(self) -> tuple[set[str], list[Edge]]:
        g = self.g
        edges, keys = [], set()
        for p in (AISK + "basedOn", AISK + "revises"):
            for s in self.records:
                for o in g.iris(s, p):
                    edges.append(Edge(s, o, p, LINEAGE[p]))
                    keys |= {s, o}
        for s in sorted(keys):
            for o in g.iris(s, AISK + "editionOf"):
                edges.append(Edge(s, o, AISK + "editionOf", "edition-of"))
                keys.add(o)
        return keys, edges

    def _nodes(self, lang: str) -> list[Node]:
        nodes = []
        for key in sorted(self.lineage_nodes):
            kind = "edition" if self.g.has_type(key, AISK + "Edition") else \
                "provision" if self.g.has_type(key, AISK + "Provision") else "instrument"
            label, language = self.g.short_label(key, lang)
            full, _ = self.g.label(key, lang)
            date = self.g.date(key)
            nodes.append(Node(key, label, kind, language, full + (f" ({date_text(date, lang)})" if date else "")))
        return nodes

    def lineage_svg(self, lang: str, here: str, current: str | None = None, standalone: bool = False) -> str:
        t = UI[lang]
        nodes = self._nodes(lang)
        if current:
            group = set(self.lineage_groups[current])
            nodes = [n for n in nodes if n.key in group]
        edges = [Edge(x.subject, x.object, x.predicate, x.kind,
                      f"{self.g.label(x.subject, lang)[0]} — {self.property_label(x.predicate, lang)} → {self.g.label(x.object, lang)[0]}")
                 for x in self.lineage_edges]
        href = lambda key: relative(here, f"{self.paths[key]}.{lang}.html") if key in self.paths else None
        return render(nodes, edges, href, legend=t["legend"], title=t["lineage_title"], current=current,
                      standalone=standalone)

    def lineage_section(self, iri: str, lang: str, here: str) -> str:
        if iri not in self.lineage_nodes:
            return ""
        t = UI[lang]
        return (f'<section id="lineage"><h2>{t["lineage"]}</h2><p>{t["lineage_note"]} '
                f'<a href="{e(relative(here, page_name("lineage", lang)))}">{t["lineage_all"]}</a></p>'
                f'<div class="diagram">{self.lineage_svg(lang, here, current=iri)}</div></section>')

    def lineage_page(self, lang: str) -> str:
        t = UI[lang]
        here = page_name("lineage", lang)
        body = (f"<p>{t['lineage_page']}</p><p><a href=\"lineage.{lang}.svg\" type=\"image/svg+xml\">{t['svg_file']}</a></p>"
                f'<div class="diagram">{self.lineage_svg(lang, here)}</div>')
        return self.page(here, lang, t["nav"]["lineage"], body)

    # -- listing pages ----------------------------------------------------------------------
    def index_page(self, lang: str) -> str:
        g, t = self.g, UI[lang]
        here = page_name("index", lang)
        factsheet = ID + "instrument/ai-safety-factsheet-2025"
        counts = t["counts"].format(instruments=len(self.instruments), editions=len(self.editions),
                                    organizations=len(self.organizations), records=len(self.records))
        cards = "".join(f'<li><a href="{e(relative(here, page_name(k, lang)))}">{e(t["nav"][k])}</a><br>'
                        f'<span class="note">{e(t["blurb"][k])}</span></li>' for k in ("kinds", "issuers", "years", "lineage", "queries"))
        schemes = [ID + "concept/instrument-kind", ID + "concept/topic", ID + "concept/legal-force", factsheet,
                   *self._sorted([s for s in self.records if g.has_type(s, AISK + "Jurisdiction")], by_date=False)]
        more = "".join(f"<li>{self.link(s, lang, here)}</li>" for s in schemes if s in self.paths)
        diagram = f'<p><a href="{e(relative(here, page_name("lineage", lang)))}"><img class="thumb" src="lineage.{lang}.svg" alt="{e(t["lineage_title"])}"></a></p>'
        body = (f"<p class=\"lead\">{t['intro']}</p><p>{e(counts)}</p><ul class=\"cards\">{cards}</ul>"
                f"<h2>{t['browse']}</h2><ul class=\"links inline\">{more}</ul>"
                f"<h2>{t['nav']['lineage']}</h2>{diagram}"
                f"<h2>{t['all_instruments']}</h2>{self.instrument_table(self.instruments, lang, here)}")
        return self.page(here, lang, t["site"], body)

    def kinds_page(self, lang: str) -> str:
        g, t = self.g, UI[lang]
        here = page_name("kinds", lang)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for s in self.instruments:
            for k in g.iris(s, AISK + "kind"):
                by_kind[k].append(s)
        kinds = sorted(by_kind, key=lambda k: (-len(by_kind[k]), g.label(k, lang)[0]))
        toc, sections = self.grouped(kinds, by_kind, lambda k: g.label(k, lang)[0], lang, here, show_kind=False)
        return self.page(here, lang, t["nav"]["kinds"], f'<ul class="links inline">{toc}</ul>{sections}')

    def issuers_page(self, lang: str) -> str:
        g, t = self.g, UI[lang]
        here = page_name("issuers", lang)
        issued = {o: [s for s in self.instruments if o in g.iris(s, AISK + "issuedBy")] for o in self.organizations}
        issuers = sorted((o for o in issued if issued[o]), key=lambda o: (-len(issued[o]), g.label(o, lang)[0]))
        toc, sections = self.grouped(issuers, issued, lambda o: g.short_label(o, lang)[0], lang, here)
        others = "".join(f"<li>{self.link(o, lang, here)}</li>" for o in self.organizations if not issued[o])
        body = f'<ul class="links inline">{toc}</ul>{sections}'
        if others:
            body += f'<section id="other-organizations"><h2>{t["other_organizations"]}</h2><ul class="links">{others}</ul></section>'
        return self.page(here, lang, t["nav"]["issuers"], body)

    def grouped(self, keys: list[str], members: dict, name, lang: str, here: str, show_kind: bool = True):
        """A table of contents and one section of instruments per record in ``keys`` (a kind, an issuer)."""
        toc = "".join(f'<li><a href="#{e(k.rsplit("/", 1)[-1])}">{e(name(k))}</a> ({len(members[k])})</li>' for k in keys)
        sections = "".join(
            f'<section id="{e(k.rsplit("/", 1)[-1])}"><h2>{self.link(k, lang, here)} <span class="count">{len(members[k])}</span></h2>'
            f"{self.instrument_table(members[k], lang, here, show_kind=show_kind)}</section>" for k in keys)
        return toc, sections

    def years_page(self, lang: str) -> str:
        g, t = self.g, UI[lang]
        here = page_name("years", lang)
        by_year: dict[str, list[str]] = defaultdict(list)
        for s in self.instruments + self.editions:
            by_year[g.date(s)[:4] or "undated"].append(s)
        years = sorted(by_year, key=lambda y: (y == "undated", y))
        name = lambda y: t["undated"] if y == "undated" else (f"{y}年" if lang == "ja" else y)
        toc = "".join(f'<li><a href="#y-{e(y)}">{e(name(y))}</a> ({len(by_year[y])})</li>' for y in years)
        sections = "".join(
            f'<section id="y-{e(y)}"><h2>{e(name(y))} <span class="count">{len(by_year[y])}</span></h2>'
            f"{self.instrument_table(self._sorted(by_year[y]), lang, here)}</section>" for y in years)
        return self.page(here, lang, t["nav"]["years"], f"<p>{t['years_note']}</p><ul class=\"links inline\">{toc}</ul>{sections}")

    def queries_page(self, lang: str) -> str:
        t = UI[lang]
        here = page_name("queries", lang)
        toc, items = [], []
        for q in self.queries:
            summary = q.summary_ja if lang == "ja" and q.summary_ja else q.summary
            other = q.summary if lang == "ja" else q.summary_ja
            description = (q.description_ja if lang == "ja" and q.description_ja else q.description)
            toc.append(f'<li><a href="#q-{e(q.name)}"><code>{e(q.name)}</code></a> — {e(summary)}</li>')
            params = "".join(f"<tr><td><code>{e(n)}</code></td><td>{e(kind)}</td><td>{e(q.defaults.get(n, '—'))}</td></tr>"
                             for n, kind in q.params.items())
            params_html = (f'<table class="list"><tr><th>{t["parameter"]}</th><th>{t["type"]}</th><th>{t["default"]}</th></tr>{params}</table>'
                           if params else f"<p>{t['no_parameters']}</p>")
            example = "kg query " + q.name + "".join(f" --param {n}=…" for n in q.params if n not in q.defaults)
            items.append(
                f'<section id="q-{e(q.name)}" class="query"><h2><code>{e(q.name)}</code></h2>'
                f"<p>{e(summary)}</p><p class=\"subtitle\" lang=\"{'en' if lang == 'ja' else 'ja'}\">{e(other)}</p>"
                + (f"<p>{e(description)}</p>" if description else "")
                + (f"<p>{t['tags']}: {e(', '.join(q.tags))}</p>" if q.tags else "")
                + f"{params_html}<p>{t['run_it']}: <code>{e(example)}</code></p>"
                f"<details><summary>{t['query_text']} (<code>queries/{e(q.path.name)}</code>)</summary>"
                f"<pre><code>{e(q.text)}</code></pre></details></section>")
        body = f"<p>{t['queries_intro']}</p><ul class=\"links\">{''.join(toc)}</ul>{''.join(items)}"
        return self.page(here, lang, t["nav"]["queries"], body)


def _relation(p: str) -> bool:
    return p not in NOT_RELATIONS and (p.startswith(AISK) or p in SKOS_LABELS)
