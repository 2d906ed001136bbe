"""The pages of ``kg site``: each gathers its values and renders its template
(``kg/publish/templates/site/``); ``Site.files`` lists every file of the site."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

from markupsafe import Markup

from .. import __version__
from .render import Text, render
from .schemaorg import schema_org
from .sitedata import RecordSite
from .sitegraph import AISK, GENERATOR, ID, other_language_name, page_name, relative
from .siterdf import jsonld, record_triples, turtle
from .sitetext import LANGS, UI

PAGES = ("index", "kinds", "issuers", "years", "queries", "lineage")


class Site(RecordSite):
    def files(self) -> dict[str, str | bytes]:
        css = resources.files(__package__).joinpath("templates", "site", "style.css").read_text(encoding="utf-8")
        files: dict[str, str | bytes] = {"style.css": css}
        for iri in self.records:
            path = self.paths[iri]
            triples = record_triples(self.g, iri)
            files[path + ".ttl"] = turtle(triples)
            files[path + ".jsonld"] = jsonld(self.context, iri, triples)
            for lang in LANGS:
                files[f"{path}.{lang}.html"] = self.record_page(iri, lang)
        for lang in LANGS:
            for name in PAGES:
                files[page_name(name, lang)] = getattr(self, f"{name}_page")(lang)
            files[f"lineage.{lang}.svg"] = self.lineage_svg(lang, "lineage.svg", standalone=True)
        return files

    def page(self, template: str, here: str, lang: str, title: str, **values) -> str:
        """A whole page at ``here`` (a path in the site), from ``site/TEMPLATE.html`` and the shared frame."""
        other = "ja" if lang == "en" else "en"
        return render(f"site/{template}.html", here=here, lang=lang, other=other, t=UI[lang], title=title,
                      other_page=other_language_name(here, other), other_language=UI[other]["language"],
                      generator=f"{GENERATOR} (ai-safety-kg {__version__})",
                      rel=lambda target: relative(here, target), page=lambda name: page_name(name, lang), **values)

    def record_page(self, iri: str, lang: str) -> str:
        path = self.paths[iri]
        here = f"{path}.{lang}.html"
        title, title_lang = self.g.label(iri, lang)
        lineage = Markup(self.lineage_svg(lang, here, current=iri)) if iri in self.lineage_nodes else None
        return self.page(
            "record", here, lang, title, iri=iri, path=path, name=path.rsplit("/", 1)[-1],
            heading=self.text(title, title_lang, lang), kind=self.kind_of(iri, lang),
            other_titles=self.other_titles(iri, lang), facts=self.facts(iri, lang, here),
            timeline=self.timeline(iri, lang, here),
            lineage=lineage, relations=self.relations(iri, lang, here), provenance=self.provenance(iri, lang, here),
            external_links=self.external_links(iri, lang), fragments=self.fragments(iri, lang, here),
            schema=schema_org(self.g, iri))

    def index_page(self, lang: str) -> str:
        t, here = UI[lang], page_name("index", lang)
        counts = t["counts"].format(instruments=len(self.instruments), editions=len(self.editions),
                                    organizations=len(self.organizations), records=len(self.records))
        jurisdictions = self.sort([s for s in self.records if self.g.has_type(s, AISK + "Jurisdiction")], by_date=False)
        schemes = [ID + "concept/instrument-kind", ID + "concept/topic", ID + "concept/legal-force",
                   ID + "instrument/ai-safety-factsheet-2025", *jurisdictions]
        return self.page("index", here, lang, t["site"], counts=counts,
                         schemes=[self.link(s, lang, here) for s in schemes if s in self.paths],
                         instruments=self.instrument_rows(self.instruments, lang, here))

    def group(self, key: str, members: list[str], name: str, lang: str, here: str, anchor: str | None = None) -> dict:
        """One section of a listing page: a record (a kind, an issuer) or a year, and its instruments."""
        heading = Text(name) if anchor else self.link(key, lang, here)
        return {"anchor": anchor or key.rsplit("/", 1)[-1], "name": name, "heading": heading,
                "rows": self.instrument_rows(members, lang, here)}

    def kinds_page(self, lang: str) -> str:
        g, here = self.g, page_name("kinds", lang)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for s in self.instruments:
            for k in g.iris(s, AISK + "kind"):
                by_kind[k].append(s)
        kinds = sorted(by_kind, key=lambda k: (-len(by_kind[k]), g.label(k, lang)[0]))
        groups = [self.group(k, by_kind[k], g.label(k, lang)[0], lang, here) for k in kinds]
        return self.page("kinds", here, lang, UI[lang]["nav"]["kinds"], groups=groups, show_kind=False)

    def issuers_page(self, lang: str) -> str:
        g, here = self.g, page_name("issuers", lang)
        issued = {o: [s for s in self.instruments if o in g.iris(s, AISK + "issuedBy")] for o in self.organizations}
        issuers = sorted((o for o in issued if issued[o]), key=lambda o: (-len(issued[o]), g.label(o, lang)[0]))
        groups = [self.group(o, issued[o], g.short_label(o, lang)[0], lang, here) for o in issuers]
        others = [self.link(o, lang, here) for o in self.organizations if not issued[o]]
        return self.page("issuers", here, lang, UI[lang]["nav"]["issuers"], groups=groups, show_kind=True, others=others)

    def years_page(self, lang: str) -> str:
        t, here = UI[lang], page_name("years", lang)
        by_year: dict[str, list[str]] = defaultdict(list)
        for s in self.instruments + self.editions:
            by_year[self.g.date(s)[:4] or "undated"].append(s)
        years = sorted(by_year, key=lambda y: (y == "undated", y))
        name = lambda y: t["undated"] if y == "undated" else (f"{y}年" if lang == "ja" else y)
        groups = [self.group(y, self.sort(by_year[y]), name(y), lang, here, anchor=f"y-{y}") for y in years]
        return self.page("years", here, lang, t["nav"]["years"], groups=groups, show_kind=True)

    def queries_page(self, lang: str) -> str:
        ja = lang == "ja"
        queries = [{
            "name": q.name, "file": q.path.name, "text": q.text, "tags": q.tags,
            "summary": q.summary_ja if ja and q.summary_ja else q.summary,
            "other_summary": q.summary if ja else q.summary_ja,
            "description": q.description_ja if ja and q.description_ja else q.description,
            "params": [(n, kind, q.defaults.get(n, "—")) for n, kind in q.params.items()],
            "example": "kg query " + q.name + "".join(f" --param {n}=…" for n in q.params if n not in q.defaults),
        } for q in self.queries]
        return self.page("queries", page_name("queries", lang), lang, UI[lang]["nav"]["queries"], queries=queries)

    def lineage_page(self, lang: str) -> str:
        here = page_name("lineage", lang)
        return self.page("lineage", here, lang, UI[lang]["nav"]["lineage"], diagram=Markup(self.lineage_svg(lang, here)))
