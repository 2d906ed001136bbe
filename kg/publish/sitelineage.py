"""The lineage of ``kg site``: which records are based on, revise or are editions
of which, as nodes and edges for the diagram drawn by ``kg.publish.svg``."""

from __future__ import annotations

from .sitegraph import AISK, relative
from .sitelinks import SiteBase
from .sitetext import UI
from .svg import Edge, Node, components, render

LINEAGE = {AISK + "basedOn": "based-on", AISK + "revises": "revises", AISK + "editionOf": "edition-of"}


class LineageSite(SiteBase):
    def __init__(self, *args):
        super().__init__(*args)
        self.lineage_nodes, self.lineage_edges = self._lineage()
        self.lineage_groups = {key: group for group in components(self._nodes("en"), self.lineage_edges) for key in group}

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
            nodes.append(Node(key, label, kind, language, full + (f" ({self.date(date, lang).text})" if date else "")))
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
