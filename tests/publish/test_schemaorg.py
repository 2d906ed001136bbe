"""The schema.org JSON-LD that every record page of kg site embeds, checked
against the real schema.org vocabulary (release 30.0, vendored in
tests/fixtures/schemaorg-current-https.ttl): every document parses as JSON-LD (PyLD, with no document
loader, so nothing is fetched); every type and property exists in schema.org
and is neither retired nor superseded; every property is used on a node whose
type (or a supertype) is in the property's ``schema:domainIncludes``, and every
value fits its ``schema:rangeIncludes``. Then a label written to break out of
the ``<script>`` element stays inside it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld

from conftest import ROOT

SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
VOCABULARY = Path(__file__).parents[1] / "fixtures" / "schemaorg-current-https.ttl"  # one vendored copy for all tests
AISK = "https://w3id.org/ai-safety-kg/ontology#"
ID = "https://w3id.org/ai-safety-kg/id/"


class Vocabulary:
    """schema.org as its own file defines it: classes with their supertypes, properties with domains and ranges."""

    def __init__(self, path: Path):
        values: dict[tuple[str, str], set[str]] = defaultdict(set)
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            values[triple.subject.value, triple.predicate.value].add(triple.object.value)
        self.classes = {s for (s, p), o in values.items() if p == RDF_TYPE and RDFS + "Class" in o}
        self.properties = {s for (s, p), o in values.items()
                           if p == RDF_TYPE and "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property" in o}
        self.values = values
        self.datatypes = {s for (s, p), o in values.items() if p == RDF_TYPE and SCHEMA + "DataType" in o}

    def supertypes(self, cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo += self.values.get((c, RDFS + "subClassOf"), ())
        return seen

    def retired(self, term: str) -> bool:
        return ("https://attic.schema.org" in self.values.get((term, SCHEMA + "isPartOf"), ())
                or bool(self.values.get((term, SCHEMA + "supersededBy"))))

    def domains(self, p: str) -> set[str]:
        return self.values.get((p, SCHEMA + "domainIncludes"), set())

    def ranges(self, p: str) -> set[str]:
        return self.values.get((p, SCHEMA + "rangeIncludes"), set())


class Scripts(HTMLParser):
    """The text of every ``<script>`` element of a page, with its type."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[str, str]] = []
        self._type = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._type = dict(attrs).get("type")
            self.scripts.append((self._type, ""))

    def handle_data(self, data):
        if self._type is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._type = None


def embedded(html: str) -> list[dict]:
    parser = Scripts()
    parser.feed(html)
    assert all(kind == "application/ld+json" for kind, _ in parser.scripts), parser.scripts
    return [json.loads(text) for _, text in parser.scripts]


def no_fetching(url, options=None):
    raise AssertionError(f"the JSON-LD asked to fetch {url}: it must be self-contained")


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(VOCABULARY)


@pytest.fixture(scope="module")
def site(dist):
    from kg.build.export import load_context
    from kg.publish.site import Graph, Site

    store = ox.Store()
    store.bulk_load(path=str(dist / "kg-inferred.ttl"), format=ox.RdfFormat.TURTLE)
    context = load_context(ROOT / "ontology" / "context.jsonld")
    return Site(Graph(store), context, [])


@pytest.fixture(scope="module")
def documents(site) -> dict[str, dict]:
    """The one schema.org document of each record's page (the same in Japanese and English)."""
    found = {}
    for iri in site.records:
        pages = [embedded(site.record_page(iri, lang)) for lang in ("en", "ja")]
        assert [len(p) for p in pages] == [1, 1], f"{iri}: {[len(p) for p in pages]} JSON-LD scripts"
        assert pages[0] == pages[1], iri
        found[iri] = pages[0][0]
    return found


def triples(document: dict) -> list[ox.Triple]:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_fetching})
    return list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def test_every_record_page_embeds_schema_org(site, documents):
    assert set(documents) == set(site.records) and len(documents) > 250
    for iri, document in documents.items():
        assert document["@id"] == iri and document.get("name"), iri


def test_every_term_exists_and_is_used_within_its_domain_and_range(documents, vocabulary):
    problems = []
    for iri, document in documents.items():
        graph = triples(document)
        assert graph, iri
        types: dict[str, set[str]] = defaultdict(set)
        for t in graph:
            if t.predicate.value == RDF_TYPE:
                types[t.subject.value].add(t.object.value)
        for t in graph:
            s, p, o = t.subject.value, t.predicate.value, t.object
            if p == RDF_TYPE:
                if o.value not in vocabulary.classes or vocabulary.retired(o.value):
                    problems.append(f"{iri}: no such type {o.value}")
                continue
            if p not in vocabulary.properties or vocabulary.retired(p):
                problems.append(f"{iri}: no such property {p}")
                continue
            if not types[s]:
                problems.append(f"{iri}: {s} has {p} but no type")
            elif not any(vocabulary.domains(p) & vocabulary.supertypes(c) for c in types[s]):
                problems.append(f"{iri}: {p} on {sorted(types[s])}, outside its domain")
            if isinstance(o, ox.Literal) or not types.get(o.value):  # text, a date, or a bare link (a URL)
                fits = any(vocabulary.supertypes(r) & vocabulary.datatypes for r in vocabulary.ranges(p))
            else:
                fits = any(vocabulary.ranges(p) & vocabulary.supertypes(c) for c in types[o.value])
            if not fits:
                problems.append(f"{iri}: {p} has {o}, outside its range")
    assert not problems, "\n".join(problems[:20])


def test_types_follow_the_records(site, documents):
    g = site.g
    for iri, document in documents.items():
        kind = document["@type"]
        if g.has_type(iri, AISK + "Law"):
            assert kind == "Legislation", iri
            assert document.get("legislationPassedBy") or not g.iris(iri, AISK + "passedBy"), iri
        elif g.has_type(iri, AISK + "Instrument"):
            assert kind in ("CreativeWork", "Report"), iri
        elif g.has_type(iri, AISK + "Organization"):
            assert kind.endswith("Organization"), iri
        if g.iris(iri, AISK + "issuedBy") and kind in ("Legislation", "CreativeWork", "Report"):
            assert {p["@id"] for p in document["publisher"]} == set(g.iris(iri, AISK + "issuedBy")), iri
        if g.iris(iri, AISK + "basedOn"):
            assert {p["@id"] for p in document["isBasedOn"]} == set(g.iris(iri, AISK + "basedOn")), iri
    act = documents[ID + "instrument/ai-promotion-act"]
    assert act["@type"] == "Legislation" and act["datePublished"].startswith("2025")
    assert "https://laws.e-gov.go.jp/law/" + g.literals(ID + "instrument/ai-promotion-act", AISK + "eGovLawId")[0].value \
        in act["sameAs"]


def test_a_hostile_label_cannot_leave_the_script_element(site):
    from kg.publish.site import Site

    iri = ID + "instrument/ai-guidelines-for-business"
    hostile = '</script><script>alert("x")</script><!-- </SCRIPT > & \u2028'
    site.g.values[iri, "http://www.w3.org/2000/01/rdf-schema#label"].append(ox.Literal(hostile, language="en"))
    try:
        html = Site(site.g, site.context, []).record_page(iri, "en")
    finally:
        site.g.values[iri, "http://www.w3.org/2000/01/rdf-schema#label"].pop()
    assert html.lower().count("<script") == 1 and html.lower().count("</script") == 1
    [document] = embedded(html)
    assert {"@value": hostile, "@language": "en"} in document["name"]
