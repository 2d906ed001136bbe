"""What every page of ``kg site`` needs to name records: the record list and
their files, links to them, their kind, property names, and the instrument table."""

from __future__ import annotations

import posixpath

from ..errors import UsageError
from .render import Date, Link, Text, external
from .sitegraph import AISK, ID, RDF_TYPE, SKOS, Graph, date_text, record_path, relative
from .sitetext import SKOS_LABELS, UI


def safe_record_path(iri: str) -> str:
    """The record's path in the site, refused if it has a part (``..``, ``.``, empty) that could leave the folder."""
    path = record_path(iri)
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts) or "\\" in path or posixpath.normpath(path) != path:
        raise UsageError(f"The record {iri} has a '.', '..' or empty part in its path {path}, "
                         f"which could write outside the site's folder; rename it.")
    return path


class SiteBase:
    def __init__(self, graph: Graph, context: dict, queries: list):
        self.g = graph
        self.context = context
        self.queries = queries
        self.records = sorted(s for s in graph.out if s.startswith(ID))
        paths: dict[str, str] = {}
        for iri in self.records:
            path = safe_record_path(iri)
            if path in paths:
                raise UsageError(f"{iri} and {paths[path]} would share the page {path}; rename one of them.")
            paths[path] = iri
        self.paths = {iri: path for path, iri in paths.items()}
        of_type = lambda cls: [s for s in self.records if graph.has_type(s, AISK + cls)]
        self.instruments = self.sort(of_type("Instrument"))
        self.editions = self.sort(of_type("Edition"))
        self.organizations = self.sort(of_type("Organization"), by_date=False)

    def sort(self, iris: list[str], by_date: bool = True) -> list[str]:
        return sorted(iris, key=lambda s: ((self.g.date(s) or "9999") if by_date else "", self.g.label(s, "en")[0], s))

    def link(self, iri: str, lang: str, here: str, short: bool = False) -> Link:
        """A link to a record's page in ``lang`` (or to an outside IRI), showing its label."""
        if iri in self.paths:
            text, language = (self.g.short_label if short else self.g.label)(iri, lang)
            return Link(text, relative(here, self.paths[iri] + f".{lang}.html"), language if language != lang else "")
        text, language = self.g.label(iri, lang)
        return external(iri, text if language else iri)

    @staticmethod
    def text(value: str, language: str, lang: str) -> Text:
        return Text(value, language if language != lang else "")

    @staticmethod
    def date(value: str, lang: str) -> Date:
        return Date(value, date_text(value, lang))

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

    def property_label(self, p: str, lang: str) -> str:
        if p in UI[lang]["properties"]:
            return UI[lang]["properties"][p]
        if p in SKOS_LABELS:
            return SKOS_LABELS[p][lang]
        text, _ = self.g.label(p, lang)
        return text[:1].upper() + text[1:] if lang == "en" and text[1:2].isalpha() else text

    def instrument_rows(self, iris: list[str], lang: str, here: str) -> list[dict]:
        """The rows of a table of instruments: date, title, kind, issuers."""
        return [{"date": self.date(self.g.date(s), lang) if self.g.date(s) else None,
                 "link": self.link(s, lang, here),
                 "kind": self.kind_of(s, lang),
                 "issuers": [self.link(o, lang, here, short=True) for o in self.g.iris(s, AISK + "issuedBy")]}
                for s in iris]
