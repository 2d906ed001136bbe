"""``kg link wikidata``: candidate Wikidata items for review. It never links.

For every instrument and organisation of the built graph
(``dist/kg-inferred.ttl``) that has no ``skos:exactMatch`` to a Wikidata item
yet, a SPARQL endpoint holding Wikidata's RDF is asked for items

- whose ``rdfs:label`` is one of our ``rdfs:label`` (ja, en) or
  ``skos:altLabel`` values, and
- whose official website (``wdt:P856``) is one of our ``foaf:page`` IRIs.

Each candidate is scored, every point with its reason, and written to a
review file (``links/wikidata-review.tsv``) with an empty ``decision``.
Decisions already written there are kept when the command runs again.
Nothing enters the graph until a person writes ``accept`` in a row and runs
``kg build`` (kg.link.review).

Every value sent to the endpoint is an RDF term written by ``Term.n3()``,
which escapes it: no label can change the query around it.

Labels are matched regardless of case. An endpoint of Wikidata's size cannot
compare every label in lower case, so each of our labels is sent in its
usual case forms (as written, lower, upper, Title Case, first letter
capitalised) as ``VALUES`` of language-tagged literals, and a match is
confirmed here by comparing case-folded strings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import InputError, UsageError
from .review import WIKIDATA_ITEM, ReviewRow, format_review, read_review
from ..prefixes import BASE, shorten
from ..progress import Progress
from ..project import Project
from ..terms import Term

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
AISK = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
FOAF_PAGE = "http://xmlns.com/foaf/0.1/page"
JURISDICTION = AISK + "jurisdiction"
LANGUAGES = ("ja", "en")
DEFAULT_OUT = Path("links") / "wikidata-review.tsv"
BATCH = 200  # values per query: well inside what public endpoints accept in one POST
MAX_PER_RECORD = 10  # candidates kept per record (rows with a decision are always kept)

#: Points per reason. A label or website match is what makes a candidate; the
#: country and the class only move it up or down.
WEIGHTS = {
    "ja": 30,
    "en": 25,
    "alt": 10,
    "website": 20,
    "country": 10,
    "other-country": -20,
    "class": 5,
    "taken": -20,
}
LABEL_KINDS = {"ja": "Japanese label", "en": "English label", "alt": "alternative label"}

#: Our kinds → Wikidata classes (``wdt:P31/wdt:P279*``). UNVERIFIED HINTS,
#: written from memory and seen in other people's queries, not from a source:
#: they only add a few points to a score, are shown as "unverified hint" in
#: the reasons, and are never written into the graph. shared/identifiers.md is
#: what may enter the graph.
CLASS_HINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Law": (("Q7748", "law"), ("Q820655", "statute")),
    "Standard": (("Q317623", "technical standard"),),
    "Report": (("Q10870555", "report"),),
    "GovernmentBody": (("Q327333", "government agency"), ("Q192350", "ministry")),
    "Legislature": (("Q11204", "legislature"),),
    "InternationalOrganization": (("Q484652", "international organization"),),
    "ResearchInstitute": (("Q31855", "research institute"),),
}
HINT_NAMES = {WD + qid: name for hints in CLASS_HINTS.values() for qid, name in hints}

RECORDS = f"""PREFIX aisk: <{AISK}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?record ?p ?o WHERE {{
  {{ ?record a aisk:Instrument }} UNION {{ ?record a aisk:Organization }}
  FILTER(isIRI(?record) && STRSTARTS(STR(?record), "{BASE}id/"))
  FILTER NOT EXISTS {{ ?record skos:exactMatch ?linked FILTER(STRSTARTS(STR(?linked), "{WD}")) }}
  VALUES ?p {{ <{RDFS_LABEL}> <{SKOS_ALT_LABEL}> <{FOAF_PAGE}> <{JURISDICTION}> <{RDF_TYPE}> }}
  ?record ?p ?o
}}"""

LINKED = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?record ?item WHERE {{
  ?record skos:exactMatch ?item FILTER(STRSTARTS(STR(?item), "{WD}"))
}}"""

LABEL_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?item ?text WHERE {
  VALUES ?text { %s }
  ?item rdfs:label ?text .
  FILTER(isIRI(?item) && STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
}"""

WEBSITE_QUERY = """PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT DISTINCT ?item ?site WHERE {
  VALUES ?site { %s }
  ?item wdt:P856 ?site .
  FILTER(isIRI(?item) && STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
}"""

DETAILS_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT DISTINCT ?item ?p ?value WHERE {
  VALUES ?item { %s }
  VALUES ?p { rdfs:label wdt:P17 }
  ?item ?p ?value .
  FILTER(?p = wdt:P17 || LANG(?value) = "ja" || LANG(?value) = "en")
}"""

CLASS_QUERY = """PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT DISTINCT ?item ?class WHERE {
  VALUES ?item { %s }
  VALUES ?class { %s }
  ?item wdt:P31/wdt:P279* ?class .
}"""


@dataclass
class Record:
    iri: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # rdfs:label (text, language)
    alt_labels: list[tuple[str, str]] = field(default_factory=list)  # skos:altLabel (text, language)
    pages: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # local names of its aisk: classes

    @property
    def label(self) -> str:
        return _label_pair({lang: [text for text, tag in self.labels if tag == lang] for lang in LANGUAGES})


@dataclass
class Item:
    iri: str
    labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    countries: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)  # hint classes it is an instance of (P31/P279*)

    @property
    def label(self) -> str:
        return _label_pair(self.labels)


@dataclass
class Match:
    """Why an item is a candidate for a record: labels (kind → (theirs, ours, language)) and websites."""

    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    websites: list[tuple[str, str]] = field(default_factory=list)  # (their P856, our foaf:page)


@dataclass
class Summary:
    out: Path
    records: int  # records without a Wikidata link, asked about
    matched: int  # of those, records with at least one candidate
    candidates: int  # rows found in this run
    kept: int  # rows whose decision was kept from the earlier file
    rows: list[ReviewRow]


def link_wikidata(project: Project, endpoint: str, out: Path | None = None, timeout: float = 60.0,
                  progress: Progress | None = None, graph: Path | None = None) -> Summary:
    """Find, score and write the candidates; returns what was written."""
    from ..query.engines import EndpointEngine
    from ..files import write_file_atomically

    progress = progress or Progress(enabled=False)
    if timeout <= 0:
        raise UsageError("--timeout must be positive.")
    graph = graph or project.root / "dist" / "kg-inferred.ttl"
    if not graph.is_file():
        raise UsageError(f"No built graph at {project.relative(graph)}; run kg build first.")
    out = Path(out) if out else project.root / DEFAULT_OUT
    shown_out = project.relative(out)
    earlier = read_review(out, shown_out) if out.is_file() else []  # a broken file stops us before any query
    engine = EndpointEngine(endpoint, timeout)
    with progress.stage("read records"):
        records, countries, linked = read_graph(graph, project.relative(graph))
    with progress.stage("ask the endpoint"):
        matches = find_candidates(engine, records)
        items = describe_items(engine, {item for pairs in matches.values() for item in pairs})
    by_iri = {r.iri: r for r in records}
    found: list[ReviewRow] = []
    for record_iri, pairs in matches.items():
        record = by_iri[record_iri]
        scored = []
        for item_iri, match in pairs.items():
            points, reasons = score(record, items[item_iri], match, countries, linked)
            scored.append(ReviewRow(record.iri, record.label, item_iri, items[item_iri].label, str(points),
                                    "; ".join(reasons)))
        found += sorted(scored, key=_order)[:MAX_PER_RECORD]
    rows, kept = merge(found, earlier)
    write_file_atomically(out, format_review(rows))
    return Summary(out, len(records), len(matches), len(found), kept, rows)


def read_graph(path: Path, shown_as: str):
    """The records to reconcile, the Wikidata country of each jurisdiction, and the items already linked."""
    import pyoxigraph as ox

    store = ox.Store()
    try:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(f"{shown_as}: cannot be read ({error}); run kg build again.") from None
    records: dict[str, Record] = {}
    for row in store.query(RECORDS):
        record = records.setdefault(row["record"].value, Record(row["record"].value))
        p, o = row["p"].value, row["o"]
        if p in (RDFS_LABEL, SKOS_ALT_LABEL) and isinstance(o, ox.Literal) and o.language in LANGUAGES:
            (record.labels if p == RDFS_LABEL else record.alt_labels).append((o.value, o.language))
        elif p == FOAF_PAGE and isinstance(o, ox.NamedNode):
            record.pages.append(o.value)
        elif p == JURISDICTION and isinstance(o, ox.NamedNode):
            record.jurisdictions.append(o.value)
        elif p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(AISK):
            record.kinds.append(o.value[len(AISK):])
    for record in records.values():
        for values in (record.labels, record.alt_labels, record.pages, record.jurisdictions, record.kinds):
            values.sort()
    countries: dict[str, set[str]] = defaultdict(set)
    linked: dict[str, set[str]] = defaultdict(set)
    for row in store.query(LINKED):
        linked[row["item"].value].add(row["record"].value)
        if row["record"].value.startswith(BASE + "id/jurisdiction/"):
            countries[row["record"].value].add(row["item"].value)
    return sorted(records.values(), key=lambda r: r.iri), countries, linked


def case_forms(text: str) -> set[str]:
    """The case forms a label is sent in (see the module's notes)."""
    return {text, text.lower(), text.upper(), text.title(), text[:1].upper() + text[1:].lower(), text[:1].upper() + text[1:]}


def website_forms(page: str) -> set[str]:
    """A page and the same address with the other scheme or trailing slash, as websites are written either way."""
    forms = {page}
    for scheme, other in (("https://", "http://"), ("http://", "https://")):
        if page.startswith(scheme):
            forms.add(other + page[len(scheme):])
    forms |= {f[:-1] if f.endswith("/") else f + "/" for f in set(forms)}
    return forms


def find_candidates(engine, records: list[Record]) -> dict[str, dict[str, Match]]:
    """record IRI → item IRI → why it matched, from the label and the website queries."""
    wanted_labels: dict[Term, list[tuple[str, str, str]]] = defaultdict(list)  # term → (record, kind, our text)
    wanted_sites: dict[Term, list[tuple[str, str]]] = defaultdict(list)  # term → (record, our page)
    for record in records:
        labelled = [(text, lang, lang) for text, lang in record.labels] + [(t, lang, "alt") for t, lang in record.alt_labels]
        for text, lang, kind in labelled:  # kind: "ja" or "en" for rdfs:label, "alt" for skos:altLabel
            for form in sorted(case_forms(text)):
                wanted_labels[Term.literal(form, lang=lang)].append((record.iri, kind, text))
        for page in record.pages:
            for form in sorted(website_forms(page)):
                if _sendable(form):
                    wanted_sites[Term.iri(form)].append((record.iri, page))
    matches: dict[str, dict[str, Match]] = defaultdict(lambda: defaultdict(Match))
    for row in _select_values(engine, lambda values: LABEL_QUERY % values, list(wanted_labels)):
        term, item = row["text"], row["item"].value
        for record, kind, ours in wanted_labels.get(term, []):
            if term.value.casefold() == ours.casefold() and WIKIDATA_ITEM.fullmatch(item):
                matches[record][item].labels.setdefault(kind, (term.value, ours, term.lang))
    for row in _select_values(engine, lambda values: WEBSITE_QUERY % values, list(wanted_sites)):
        site, item = row["site"], row["item"].value
        for record, page in wanted_sites.get(site, []):
            if WIKIDATA_ITEM.fullmatch(item) and (site.value, page) not in matches[record][item].websites:
                matches[record][item].websites.append((site.value, page))
    return {record: dict(items) for record, items in matches.items()}


def describe_items(engine, iris: set[str]) -> dict[str, Item]:
    """Labels (ja, en), countries and hint classes of the candidate items."""
    items = {iri: Item(iri) for iri in iris}
    terms = [Term.iri(iri) for iri in sorted(iris)]
    for row in _select_values(engine, lambda values: DETAILS_QUERY % values, terms):
        item, p, value = items[row["item"].value], row["p"].value, row["value"]
        if p == RDFS_LABEL and value.kind == "literal" and value.lang in LANGUAGES:
            item.labels[value.lang].append(value.value)
        elif p == WDT + "P17" and value.kind == "uri":
            item.countries.add(value.value)
    classes = " ".join(Term.iri(iri).n3() for iri in sorted(HINT_NAMES))
    for row in _select_values(engine, lambda values: CLASS_QUERY % (values, classes), terms):
        items[row["item"].value].classes.add(row["class"].value)
    for item in items.values():
        for values in item.labels.values():
            values.sort()
    return items


def score(record: Record, item: Item, match: Match, countries: dict[str, set[str]],
          linked: dict[str, set[str]]) -> tuple[int, list[str]]:
    """Points and their reasons, strongest evidence first."""
    found: list[tuple[int, str]] = []
    for kind in ("ja", "en", "alt"):
        if kind in match.labels:
            theirs, ours, lang = match.labels[kind]
            text = f'{LABEL_KINDS[kind]} "{theirs}"' + (f"@{lang}" if kind == "alt" else "")
            found.append((WEIGHTS[kind], text + ("" if theirs == ours else f' (ours: "{ours}")')))
    if match.websites:
        theirs, ours = sorted(match.websites)[0]
        found.append((WEIGHTS["website"], f"official website <{theirs}>" + ("" if theirs == ours else f" (our page: <{ours}>)")))
    expected = {c: j for j in record.jurisdictions for c in countries.get(j, ())}
    if expected and item.countries:
        agreeing = sorted(set(expected) & item.countries)
        if agreeing:
            found.append((WEIGHTS["country"], f"country {shorten(agreeing[0])} agrees with jurisdiction {shorten(expected[agreeing[0]])}"))
        else:
            theirs = ", ".join(shorten(c) for c in sorted(item.countries))
            jurisdiction, country = sorted((j, c) for c, j in expected.items())[0]
            found.append((WEIGHTS["other-country"],
                          f"country {theirs} disagrees with jurisdiction {shorten(jurisdiction)} ({shorten(country)})"))
    for kind in record.kinds:
        hinted = [WD + qid for qid, _ in CLASS_HINTS.get(kind, ()) if WD + qid in item.classes]
        if hinted:
            found.append((WEIGHTS["class"], f'instance of {shorten(hinted[0])} "{HINT_NAMES[hinted[0]]}" '
                                            f"(unverified hint for aisk:{kind})"))
            break
    others = sorted(linked.get(item.iri, set()) - {record.iri})
    if others:
        found.append((WEIGHTS["taken"], f"already the match of {', '.join(shorten(o) for o in others)}"))
    return sum(points for points, _ in found), [f"{points:+d} {text}" for points, text in found]


def merge(found: list[ReviewRow], earlier: list[ReviewRow]) -> tuple[list[ReviewRow], int]:
    """This run's rows with the decisions of the earlier file; decided rows not found again stay as they were."""
    decided = {row.key: row for row in earlier if row.decision}
    rows, kept = [], 0
    for row in found:
        if row.key in decided:
            row = row.with_decision(decided.pop(row.key).decision)
            kept += 1
        rows.append(row)
    kept += len(decided)
    rows += decided.values()
    return sorted(rows, key=_order), kept


def _order(row: ReviewRow):
    try:
        points = int(row.score)
    except ValueError:
        points = 0
    match = re.search(r"Q(\d+)$", row.candidate)
    return -points, row.record, int(match.group(1)) if match else 0, row.candidate


def _label_pair(labels: dict[str, list[str]]) -> str:
    return " / ".join(labels[lang][0] for lang in LANGUAGES if labels.get(lang))


def _sendable(iri: str) -> bool:
    try:
        Term.iri(iri).n3()
    except ValueError:
        return False
    return True


def _select_values(engine, query: Callable[[str], str], terms: list[Term]):
    """Run ``query(values)`` with the terms, escaped, in batches of BATCH; every row, as terms."""
    for start in range(0, len(terms), BATCH):
        values = " ".join(term.n3() for term in terms[start:start + BATCH])
        yield from engine.run(query(values), {}).rows
