"""What a record's page of ``kg site`` shows, gathered from the graph as plain
values (links, texts, dates) for the ``site/record.html`` template."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from ..prefixes import BASE, shorten
from .render import external
from .sitegraph import AISK, ALT_LABEL, COMMENT, DCT, EGOV, ISSUED, LABEL, PAGE, RDF_TYPE, SEE_ALSO, SKOS, WIKIDATA
from .sitelineage import LineageSite
from .sitetext import REVERSE, SKOS_LABELS, UI

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


def is_relation(p: str) -> bool:
    return p not in NOT_RELATIONS and (p.startswith(AISK) or p in SKOS_LABELS)


class RecordSite(LineageSite):
    def facts(self, iri: str, lang: str, here: str) -> list[tuple[str, list]]:
        g = self.g
        rows = []
        for p, how in FACTS:
            if how == "links":
                values = [self.link(o, lang, here) for o in sorted(g.iris(iri, p), key=lambda o: g.label(o, lang))]
            elif how == "date":
                values = [self.date(v.value, lang) for v in g.literals(iri, p)]
            elif how == "text":
                values = [self.text(v, l, lang) for v, l in g.texts(iri, p, lang)]
            elif how == "all":
                values = [self.text(v.value, v.language or "", lang)
                          for v in sorted(g.literals(iri, p), key=lambda v: (v.language != lang, v.value))]
            elif how == "code":
                values = [external(o, o.rstrip("/").rsplit("/", 1)[-1]) for o in g.iris(iri, p)]
            else:
                values = [self.text(v.value, "", lang) for v in g.literals(iri, p)]
            if values:
                rows.append((self.property_label(p, lang), values))
        return rows

    def timeline(self, iri: str, lang: str, here: str) -> dict | None:
        """The editions of the record's instrument (or of the instrument of this edition) as a timeline."""
        g, t = self.g, UI[lang]
        instrument = (g.iris(iri, AISK + "editionOf") or [iri])[0]
        editions = self.sort(g.iris(instrument, AISK + "hasEdition"))
        if not editions:
            return None
        items = []
        for ed in editions:
            notes = [(self.property_label(p, lang), self.link(o, lang, here))
                     for p in (AISK + "revises", AISK + "translationOf", AISK + "basedOn") for o in g.iris(ed, p)]
            version = g.literals(ed, AISK + "versionLabel")
            tags = ([t["version"].format(version[0].value)] if version else []) + \
                [x.rsplit("/", 1)[-1] for x in g.iris(ed, DCT + "language")]
            items.append({"current": ed == iri, "date": self.date(g.date(ed), lang) if g.date(ed) else None,
                          "link": self.link(ed, lang, here), "tags": tags, "notes": notes})
        return {"instrument": None if instrument == iri else self.link(instrument, lang, here), "editions": items}

    def relations(self, iri: str, lang: str, here: str) -> list[tuple[str, list]]:
        """Every link between this record and another, both ways, each under the label of its direction."""
        g, t = self.g, UI[lang]
        groups: dict[str, set[str]] = defaultdict(set)
        for triple in g.out[iri]:
            p, o = triple.predicate.value, triple.object
            if isinstance(o, ox.NamedNode) and o.value in self.paths and is_relation(p) and o.value != iri:
                groups[p].add(o.value)
        for triple in g.into.get(iri, ()):
            s, p = triple.subject.value, triple.predicate.value
            if s == iri or s not in self.paths:
                continue
            if p in g.inverse and is_relation(g.inverse[p]):
                groups[g.inverse[p]].add(s)
            elif p in REVERSE or (is_relation(p) and p not in g.inverse):
                groups["^" + p].add(s)
        order = {p: i for i, p in enumerate(RELATION_ORDER)}
        rows = []
        for key in sorted(groups, key=lambda k: (k.startswith("^"), order.get(k.lstrip("^"), len(order)), k)):
            if key.startswith("^"):
                p = key[1:]
                name = REVERSE[p][lang] if p in REVERSE else t["reverse"].format(self.property_label(p, lang))
            else:
                name = self.property_label(key, lang)
            rows.append((name, [self.link(m, lang, here) for m in self.sort(list(groups[key]))]))
        return rows

    def provenance(self, iri: str, lang: str, here: str) -> list[dict]:
        """The sources of the record: sections and footnotes of the factsheet first, then other records, then the web."""
        g = self.g

        def key(s):
            number = g.literals(s, AISK + "footnoteNumber")
            group = 3 if s not in self.paths else 1 if g.has_type(s, AISK + "Footnote") else \
                0 if g.has_type(s, AISK + "SourceSection") else 2
            return group, int(number[0].value) if number else 0, s

        items = []
        for s in sorted(g.iris(iri, AISK + "source"), key=key):
            if s not in self.paths:
                items.append({"link": external(s), "sections": [], "pages": []})
                continue
            sections = [x for x in g.iris(s, AISK + "partOf") if g.has_type(s, AISK + "Footnote")]
            items.append({"link": self.link(s, lang, here), "sections": [self.link(x, lang, here) for x in sections],
                          "pages": [external(u) for u in sorted(g.iris(s, PAGE))]})
        return items

    def fragments(self, iri: str, lang: str, here: str) -> list[tuple[str, object]]:
        """Records whose IRI is this one's plus ``#name``, each anchored at ``#name`` (so ``…#fn-27`` lands here)."""
        def key(s):
            footnote = self.g.literals(s, AISK + "footnoteNumber")
            section = self.g.literals(s, AISK + "sectionNumber")
            numbers = [int(n) if n.isdigit() else 0 for n in re.findall(r"\d+", section[0].value)] if section else []
            return bool(footnote), int(footnote[0].value) if footnote else 0, numbers, s

        parts = sorted((s for s in self.records if s.startswith(iri + "#")), key=key)
        return [(s.split("#", 1)[1], self.link(s, lang, here)) for s in parts]

    def external_links(self, iri: str, lang: str) -> list[tuple[str, object]]:
        """(what it is, link) for the record's web pages, its e-Gov entry, Wikidata matches and see-alsos."""
        g, t = self.g, UI[lang]
        items = [("", external(u)) for u in sorted(g.iris(iri, PAGE))]
        items += [(t["egov"], external(EGOV + law.value, law.value)) for law in g.literals(iri, AISK + "eGovLawId")]
        for p in (SKOS + "exactMatch", SKOS + "closeMatch"):
            for o in sorted(g.iris(iri, p)):
                items.append((self.property_label(p, lang), external(o, f"Wikidata {o[len(WIKIDATA):]}" if o.startswith(WIKIDATA) else o)))
        for o in sorted(g.iris(iri, SEE_ALSO)):
            text = shorten(o) if not o.startswith("http") or o.startswith(BASE) else o
            items.append((self.property_label(SEE_ALSO, lang), external(o, text)))
        return items

    def other_titles(self, iri: str, lang: str) -> list[tuple[str, str]]:
        _, title_lang = self.g.label(iri, lang)
        return [(v, l) for v, l in self.g.texts(iri, LABEL, "en" if lang == "ja" else "ja") if l != title_lang]
