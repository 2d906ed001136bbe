"""The built graph as ``kg site`` reads it: indexed both ways in memory, with the
site's vocabulary constants and the mapping from record IRIs to files and links."""

from __future__ import annotations

import posixpath
import urllib.parse
from collections import defaultdict

import pyoxigraph as ox

from ..prefixes import BASE, PREFIXES, shorten
from .sitetext import LANGS, UI

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
EGOV = "https://laws.e-gov.go.jp/law/"
WIKIDATA = PREFIXES["wd"]
GENERATOR = "kg site"


class Graph:
    """The built graph, indexed in memory both ways (it is small: every record fits in a page)."""

    def __init__(self, store: ox.Store):
        self.out: dict[str, list[ox.Triple]] = defaultdict(list)
        self.into: dict[str, list[ox.Triple]] = defaultdict(list)
        self.values: dict[tuple[str, str], list] = defaultdict(list)
        for quad in store:
            t = quad.triple
            if not isinstance(t.subject, ox.NamedNode):
                continue
            s, p = t.subject.value, t.predicate.value
            self.out[s].append(t)
            self.values[s, p].append(t.object)
            if isinstance(t.object, ox.NamedNode):
                self.into[t.object.value].append(t)
        self.inverse: dict[str, str] = {}
        for (s, p), objects in list(self.values.items()):
            if p == INVERSE_OF:
                for o in objects:
                    self.inverse[s] = o.value
                    self.inverse[o.value] = s
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
    """``id/instrument/ai-promotion-act`` for a record; a fragment becomes a folder level."""
    return "id/" + iri[len(ID):].replace("#", "/")


def page_name(name: str, lang: str) -> str:
    return "index.html" if (name, lang) == ("index", "en") else f"{name}.{lang}.html"


def other_language_name(name: str, other: str) -> str:
    """The same page in the other language."""
    if name in ("index.html", "index.ja.html"):
        return "index.ja.html" if name == "index.html" else "index.html"
    return page_name(name.rsplit(".", 2)[0], other)


def relative(from_file: str, to_file: str) -> str:
    """A relative, percent-encoded link from one file of the site to another (``#anchor`` kept)."""
    target, _, anchor = to_file.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_file) or ".")
    return urllib.parse.quote(link, safe="/-._~") + (f"#{anchor}" if anchor else "")


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
