"""What ``kg serve`` writes for people and for service discovery: the query
page and the record pages (Jinja2 templates under
``kg/publish/templates/serve/``, autoescaped), and the SPARQL service
description."""

from __future__ import annotations

from functools import lru_cache

from ...prefixes import BASE, shorten
from .limits import Limits

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FORMATS = "http://www.w3.org/ns/formats/"


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("kg.publish", "templates"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, keep_trailing_newline=True)


def query_page(queries) -> str:
    catalogue = [{"name": q.name, "summary": q.summary, "summary_ja": q.summary_ja, "params": q.params,
                  "defaults": q.defaults, "text": q.text} for q in queries]
    return environment().get_template("serve/query.html").render(
        catalogue=catalogue, id_prefix=BASE + "id/", cut=len(BASE) - 1)


def _local_href(iri: str) -> str:
    """Links to records stay on this server."""
    return iri[len(BASE) - 1:] if iri.startswith(BASE + "id/") else iri


def record_page(iri: str, ntriples: str) -> str:
    """A plain HTML page for one record: labels, statements both ways, links that stay on this server."""
    import pyoxigraph as ox

    triples = list(ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    labels: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value == RDFS_LABEL and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value

    def cell(term) -> dict:
        if isinstance(term, ox.NamedNode):
            name = labels.get(term.value, {})
            return {"text": name.get("en") or name.get("ja") or shorten(term.value), "href": _local_href(term.value),
                    "lang": None}
        if isinstance(term, ox.Literal):
            return {"text": term.value, "href": None, "lang": term.language}
        return {"text": str(term), "href": None, "lang": None}

    def key(pair):
        return tuple(part["text"] if isinstance(part, dict) else part for part in pair)

    outgoing = sorted(((shorten(t.predicate.value), cell(t.object)) for t in triples if t.subject.value == iri), key=key)
    incoming = sorted(((cell(t.subject), shorten(t.predicate.value)) for t in triples
                       if isinstance(t.object, ox.NamedNode) and t.object.value == iri and t.subject.value != iri),
                      key=key)
    own = labels.get(iri, {})
    title = own.get("ja", "") + (" / " if own.get("ja") and own.get("en") else "") + own.get("en", "")
    return environment().get_template("serve/record.html").render(
        iri=iri, title=title, short=shorten(iri), path=iri[len(BASE) - 1:], outgoing=outgoing, incoming=incoming)


def service_description(endpoint: str, limits: Limits, triples: int) -> str:
    """The SPARQL 1.1 service description, in Turtle. ``endpoint`` is the public address, never a request's Host."""
    from ...terms import escape_string

    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <{FORMATS}SPARQL_Results_JSON> , <{FORMATS}SPARQL_Results_XML> , <{FORMATS}SPARQL_Results_CSV> ,
        <{FORMATS}SPARQL_Results_TSV> , <{FORMATS}Turtle> , <{FORMATS}JSON-LD> , <{FORMATS}N-Triples> ;
    dcterms:description "{escape_string(limits.describe())}"@en ;
    sd:defaultDataset [ a sd:Dataset ;
        dcterms:source <{BASE}dataset> ;
        sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ] .
"""
