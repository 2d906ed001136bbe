"""A lineage diagram as SVG, laid out here in Python (no Graphviz, no
JavaScript), so that ``kg site`` works offline and in CI.

Nodes are records; an edge runs from a record (its *subject*) to what it is
based on, revises or is an edition of (its *object*). The layout is layered:
a record stands one column to the right of everything it builds on, so
lineage reads left to right, and arrows point from the older record to the
newer one. Unconnected groups are stacked one under the other; inside a
column the order is improved with a few barycentre sweeps to cut crossings.
Every edge keeps its triple in ``data-subject``, ``data-predicate`` and
``data-object`` attributes, so the drawing can be checked against the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

NODE_WIDTH = 210
LINE_HEIGHT = 15
PADDING = 7
COLUMN_GAP = 70
ROW_GAP = 14
GROUP_GAP = 34
MARGIN = 16
FONT_SIZE = 12
MAX_LINES = 3
NO_LINE_START = "）」』】〕、。，．・ー々ゃゅょっァィゥェォャュョッ),.:;!?"
NO_LINE_END = "（「『【〔("
STYLE = """
.lineage text{font-family:system-ui,"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",sans-serif;font-size:12px;fill:#1b2733}
.lineage .node rect{fill:#f3f7fb;stroke:#40698f;stroke-width:1.2}
.lineage .node.edition rect{fill:#fff8ec;stroke:#b7791f;stroke-dasharray:4 2}
.lineage .node.provision rect{fill:#f1f5ef;stroke:#4f7a3a}
.lineage .node.current rect{fill:#ffe9a8;stroke:#8a5a00;stroke-width:2.4}
.lineage a:hover rect,.lineage a:focus rect{fill:#dcebfa}
.lineage .edge path{fill:none;stroke-width:1.6}
.lineage .edge.based-on path{stroke:#2a5c8a}
.lineage .edge.revises path{stroke:#b7791f;stroke-dasharray:6 3}
.lineage .edge.edition-of path{stroke:#9aa5b1;stroke-dasharray:2 3}
.lineage .legend text{font-size:11px;fill:#44505c}
"""


@dataclass(frozen=True)
class Node:
    key: str  # the record's IRI
    label: str
    kind: str = "instrument"  # a CSS class: instrument, edition, provision
    lang: str = ""  # language of the label, if known
    title: str = ""  # the full title, shown as a tooltip


@dataclass(frozen=True)
class Edge:
    subject: str  # the record that is based on / revises / is an edition of …
    object: str  # … this one (drawn to the left)
    predicate: str  # the property's IRI
    kind: str  # a CSS class: based-on, revises, edition-of
    title: str = ""


def text_width(text: str) -> float:
    """Width in pixels at FONT_SIZE: CJK and full-width characters count one em, the rest about half."""
    return sum(FONT_SIZE if ord(c) >= 0x2E80 else FONT_SIZE * 0.56 for c in text)


def wrap(text: str, width: float = NODE_WIDTH - 2 * PADDING, max_lines: int = MAX_LINES) -> list[str]:
    """Break at spaces where there are spaces, anywhere in CJK; an ellipsis if it does not fit."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and text_width(candidate.rstrip()) > width:
            if token[0] in NO_LINE_START and len(current) > 1 and current[-1] != " ":
                lines.append(current[:-1].rstrip())  # carry the last character down with it
                current = current[-1] + token
            else:
                line, carry = current.rstrip(), ""
                if len(line) > 1 and line[-1] in NO_LINE_END:  # an opening bracket goes down with what it opens
                    line, carry = line[:-1], line[-1]
                lines.append(line)
                current = carry + token.lstrip()
        else:
            current = candidate
        while text_width(current.rstrip()) > width:  # a single word longer than a line
            cut = len(current)
            while cut > 1 and text_width(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines or [""]


def _tokens(text: str):
    word = ""
    for c in text:
        if ord(c) >= 0x2E80:
            if word:
                yield word
                word = ""
            yield c
        elif c == " ":
            yield word + " "
            word = ""
        else:
            word += c
    if word:
        yield word


def components(nodes: list[Node], edges: list[Edge]) -> list[list[str]]:
    """Connected groups of node keys, largest first (ties by first key)."""
    parent = {n.key: n.key for n in nodes}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for e in edges:
        parent[find(e.subject)] = find(e.object)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(find(n.key), []).append(n.key)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def _layers(keys: list[str], edges: list[Edge]) -> dict[str, int]:
    """Longest path from a record that builds on nothing: each record right of all it builds on."""
    parents: dict[str, set] = {k: set() for k in keys}
    for e in edges:
        if e.subject in parents and e.object in parents:
            parents[e.subject].add(e.object)
    layer: dict[str, int] = {}

    def visit(key, seen):
        if key in layer:
            return layer[key]
        if key in seen:  # a cycle (the build's checks forbid them): break it here
            return 0
        seen.add(key)
        layer[key] = 1 + max((visit(p, seen) for p in parents[key]), default=-1)
        return layer[key]

    for key in keys:
        visit(key, set())
    return layer


def _order(columns: list[list[str]], links: list[tuple[str, str]], sort_key) -> list[list[str]]:
    """Barycentre sweeps over (left, right) links, left to right and back, to reduce crossings."""
    columns = [sorted(c, key=sort_key) for c in columns]
    left: dict[str, list[str]] = {}
    right: dict[str, list[str]] = {}
    for a, b in links:
        left.setdefault(b, []).append(a)
        right.setdefault(a, []).append(b)

    def sweep(indices, neighbours):
        for i in indices:
            position = {k: p for c in columns for p, k in enumerate(c)}
            current = {k: p for p, k in enumerate(columns[i])}

            def centre(key):
                near = [position[n] for n in neighbours.get(key, []) if n in position]
                return (sum(near) / len(near)) if near else current[key]

            columns[i] = sorted(columns[i], key=lambda k: (centre(k), current[k]))

    for _ in range(4):
        sweep(range(1, len(columns)), left)
        sweep(range(len(columns) - 2, -1, -1), right)
    return columns


@dataclass
class Box:
    x: float
    y: float
    lines: list[str]

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT + 2 * PADDING if self.lines else LINE_HEIGHT


def layout(nodes: list[Node], edges: list[Edge], top: float = MARGIN):
    """Positions of every node and the route of every edge; returns (boxes, routes, width, height).

    An edge that spans more than one column passes through a placeholder in
    each column between, placed like a node, so it runs between boxes, not under them.
    """
    by_key = {n.key: n for n in nodes}
    boxes: dict[str, Box] = {}
    routes: dict[Edge, list[tuple[float, float]]] = {}
    width = 0.0
    y = top
    for group in components(nodes, edges):
        inside = [e for e in edges if e.subject in by_key and e.object in by_key and e.subject in group]
        layer = _layers(group, inside)
        columns: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
        for key in group:
            columns[layer[key]].append(key)
        links, chains = [], {}
        for number, e in enumerate(inside):
            chain = [e.object] + [f"\0{number}:{i}" for i in range(layer[e.object] + 1, layer[e.subject])] + [e.subject]
            for i, key in enumerate(chain[1:-1], start=layer[e.object] + 1):
                columns[i].append(key)
            links += list(zip(chain, chain[1:]))
            chains[e] = chain
        columns = _order(columns, links, lambda k: (by_key[k].label, k) if k in by_key else ("", k))
        lines = lambda k: wrap(by_key[k].label) if k in by_key else []
        heights = [sum(Box(0, 0, lines(k)).height for k in c) + ROW_GAP * (len(c) - 1) for c in columns]
        tallest = max(heights)
        placed: dict[str, Box] = {}
        for index, column in enumerate(columns):
            x = MARGIN + index * (NODE_WIDTH + COLUMN_GAP)
            cursor = y + (tallest - heights[index]) / 2
            for key in column:
                placed[key] = Box(x, cursor, lines(key))
                cursor += placed[key].height + ROW_GAP
            width = max(width, x + NODE_WIDTH + MARGIN)
        for e, chain in chains.items():
            start, end = placed[chain[0]], placed[chain[-1]]
            points = [(start.x + NODE_WIDTH, start.y + start.height / 2)]
            for key in chain[1:-1]:
                box = placed[key]
                points += [(box.x, box.y + box.height / 2), (box.x + NODE_WIDTH, box.y + box.height / 2)]
            points.append((end.x - 2, end.y + end.height / 2))
            routes[e] = points
        boxes.update({k: b for k, b in placed.items() if k in by_key})
        y += tallest + GROUP_GAP
    return boxes, routes, max(width, 2 * MARGIN + NODE_WIDTH), y - GROUP_GAP + MARGIN


def path(points: list[tuple[float, float]]) -> str:
    """Curves between columns, straight lines across the columns a long edge passes."""
    (x0, y0), rest = points[0], points[1:]
    d = [f"M{x0:.1f},{y0:.1f}"]
    for i, (x1, y1) in enumerate(rest):
        if i % 2:  # across a placeholder
            d.append(f"L{x1:.1f},{y1:.1f}")
        else:
            bend = max(24.0, (x1 - x0) / 2)
            d.append(f"C{x0 + bend:.1f},{y0:.1f} {x1 - bend:.1f},{y1:.1f} {x1:.1f},{y1:.1f}")
        x0, y0 = x1, y1
    return " ".join(d)


def render(nodes: list[Node], edges: list[Edge], href: Callable[[str], str | None], *,
           legend: dict[str, str], title: str, current: str | None = None, standalone: bool = False,
           id_prefix: str = "lineage") -> str:
    """The diagram as an ``<svg>`` element (with an XML declaration if ``standalone``), from ``site/lineage.svg``.

    ``href`` gives each node's link relative to where the SVG is shown;
    ``legend`` names the edge kinds (``based-on``, ``revises``, ``edition-of``) in the page's language.
    """
    from markupsafe import Markup

    from .render import render as render_template

    keys = {n.key for n in nodes}
    edges = [e for e in edges if e.subject in keys and e.object in keys]
    kinds = [k for k in ("based-on", "revises", "edition-of") if any(e.kind == k for e in edges)]
    boxes, routes, width, height = layout(nodes, edges, top=MARGIN + (30 if kinds else 0))
    items, x = [], MARGIN
    for kind in kinds:
        text = legend.get(kind, kind)
        items.append({"kind": kind, "d": f"M{x},{MARGIN + 8} h34", "x": x + 42, "y": MARGIN + 12, "text": text})
        x += 52 + text_width(text) * 11 / FONT_SIZE + 24
    drawn = [{"kind": e.kind, "subject": e.subject, "predicate": e.predicate, "object": e.object, "title": e.title,
              "d": path(routes[e])} for e in sorted(edges, key=lambda e: (e.kind, e.subject, e.object))]
    return render_template("site/lineage.svg", standalone=standalone, width=f"{width:.0f}", height=f"{height:.0f}",
                           id_prefix=id_prefix, marker=f"{id_prefix}-arrow", title=title, style=Markup(STYLE),
                           legend=items, edges=drawn, nodes=[_drawn(n, boxes[n.key], href, current) for n in
                                                             sorted(nodes, key=lambda n: n.key)])


def _drawn(n: Node, box: Box, href, current: str | None) -> dict:
    """What the template needs to draw one node: its box, its lines of text, its link."""
    return {"classes": " ".join(["node", n.kind] + (["current"] if n.key == current else [])), "iri": n.key,
            "title": n.title or n.label, "x": f"{box.x:.1f}", "y": f"{box.y:.1f}", "width": NODE_WIDTH,
            "height": f"{box.height:.1f}", "lang": n.lang, "href": href(n.key),
            "lines": [{"x": f"{box.x + PADDING:.1f}", "y": f"{box.y + PADDING + (i + 1) * LINE_HEIGHT - 3.5:.1f}",
                       "text": line} for i, line in enumerate(box.lines)]}
