"""Derive: the standard terms that OWL 2 RL alignment axioms cannot state
exactly, added after the closure by SPARQL rules, on both reasoning paths.

Each rule is a (head, body) pair. Bodies read only our own terms and what the
OWL 2 RL closure entailed, never another rule's head, so the rules can run in
any order, once. What they add:

- names: ``schema:name`` for every labelled record, ``dcterms:title`` for works
  (``rdfs:label`` may not be a sub-property of either in OWL 2 DL);
- dates: ``eli:date_document`` and, for laws, ``eli:first_date_entry_in_force``
  only for full dates (ELI's range is ``xsd:date``), ``schema:datePublished``
  at any precision;
- laws only (ELI's and schema.org's domains admit nothing else):
  ``eli:jurisdiction`` and ``schema:legislationJurisdiction``, ``eli:cites``,
  ``eli:type_document`` (the kind concept), ``eli:number`` (the law number as
  a plain string, ELI's range), and ELI's minimum metadata of expressions: an
  ``eli:LegalExpression`` per language the law has a title in
  (``…/instrument/{slug}/{ja|en}``, with ``eli:title`` and ``eli:language``
  from the EU language table, and its title as ``skos:prefLabel`` for pages
  and tables) and, for the e-Gov page of the law's text, an
  ``eli:Format`` of the Japanese expression (``…/instrument/{slug}/ja/html``).

Editions get no ELI dates: ``eli:version_date`` belongs to legal resources and
expressions, which editions of guidelines are not.
"""

from __future__ import annotations

PREFIXES = """
PREFIX aisk:    <https://w3id.org/ai-safety-kg/ontology#>
PREFIX eli:     <http://data.europa.eu/eli/ontology#>
PREFIX schema:  <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf:    <http://xmlns.com/foaf/0.1/>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
"""

LANGUAGE_TABLE = "http://publications.europa.eu/resource/authority/language/"
HTML = "https://www.iana.org/assignments/media-types/text/html"
EGOV_LAW_PAGE = "https://laws.e-gov.go.jp/law/"

RULES: list[tuple[str, str]] = [
    ("?record schema:name ?label .",
     "?record rdfs:label ?label ."),
    ("?work dcterms:title ?label .",
     "?work rdfs:label ?label . { ?work a aisk:Instrument } UNION { ?work a aisk:Edition } UNION { ?work a aisk:Provision }"),
    ("?instrument eli:date_document ?day .",
     "?instrument a aisk:Instrument ; dcterms:issued ?day . FILTER(DATATYPE(?day) = xsd:date)"),
    ("?work schema:datePublished ?date .",
     "?work dcterms:issued ?date . FILTER EXISTS { { ?work a aisk:Instrument } UNION { ?work a aisk:Edition } }"),
    ("?law eli:first_date_entry_in_force ?day .",
     "?law a aisk:Law ; aisk:dateEntryIntoForce ?day . FILTER(DATATYPE(?day) = xsd:date)"),
    ("?law eli:jurisdiction ?place ; schema:legislationJurisdiction ?place .",
     "?law a aisk:Law ; aisk:jurisdiction ?place ."),
    ("?law eli:cites ?cited .",
     "?law a aisk:Law ; aisk:references ?cited ."),
    ("?law eli:type_document ?kind .",
     "?law a aisk:Law ; aisk:kind ?kind ."),
    ("?law eli:number ?number .",
     "?law a aisk:Law ; aisk:lawNumber ?lawNumber . BIND(STR(?lawNumber) AS ?number)"),
    ("?expression a eli:LegalExpression ; eli:realizes ?law ; eli:title ?title ; eli:language ?language ;"
     " skos:prefLabel ?title . ?law eli:is_realized_by ?expression .",
     f"?law a aisk:Law ; rdfs:label ?title . VALUES (?tag ?language) {{ (\"ja\" <{LANGUAGE_TABLE}JPN>)"
     f" (\"en\" <{LANGUAGE_TABLE}ENG>) }} FILTER(LANG(?title) = ?tag)"
     " BIND(IRI(CONCAT(STR(?law), \"/\", ?tag)) AS ?expression)"),
    ("?format a eli:Format ; eli:embodies ?expression ; eli:format ?html ; eli:is_exemplified_by ?page ;"
     " skos:prefLabel ?jaName , ?enName . ?expression eli:is_embodied_by ?format .",
     f"?law a aisk:Law ; aisk:eGovLawId ?id ; foaf:page ?page . FILTER(STR(?page) = CONCAT(\"{EGOV_LAW_PAGE}\", STR(?id)))"
     " ?law rdfs:label ?ja , ?en . FILTER(LANG(?ja) = \"ja\" && LANG(?en) = \"en\")"
     " BIND(STRLANG(CONCAT(STR(?ja), \"（e-Gov法令検索、HTML）\"), \"ja\") AS ?jaName)"
     " BIND(STRLANG(CONCAT(STR(?en), \" (e-Gov law search, HTML)\"), \"en\") AS ?enName)"
     f" BIND(<{HTML}> AS ?html) BIND(IRI(CONCAT(STR(?law), \"/ja\")) AS ?expression)"
     " BIND(IRI(CONCAT(STR(?law), \"/ja/html\")) AS ?format)"),
]


def constructs() -> list[str]:
    """Each rule as a CONSTRUCT query (the reference path runs them on the closed rdflib graph)."""
    return [f"{PREFIXES}CONSTRUCT {{ {head} }}\nWHERE {{ {body} }}" for head, body in RULES]


def head_triples(head: str) -> list[str]:
    """A head's triple patterns one by one (``?a p ?b ; q ?c , ?d .`` gives three): the heads above are
    terms separated by spaces, with ``;``, ``,`` and ``.`` as their own tokens."""
    triples, subject, predicate = [], None, None
    for token in head.split():
        if token == ".":
            subject = predicate = None
        elif token == ";":
            predicate = None
        elif token == ",":
            continue
        elif subject is None:
            subject = token
        elif predicate is None:
            predicate = token
        else:
            triples.append(f"{subject} {predicate} {token}")
    return triples


def updates(asserted: str, inferred: str) -> list[str]:
    """Each triple of each rule's head as an UPDATE that reads both graphs and writes to ``inferred`` what
    is not asserted already (the fast path; an inferred graph never repeats an asserted triple)."""
    return [
        f"{PREFIXES}INSERT {{ GRAPH <{inferred}> {{ {triple} }} }}\nUSING <{asserted}> USING <{inferred}> "
        f"USING NAMED <{asserted}>\nWHERE {{ {body} FILTER NOT EXISTS {{ GRAPH <{asserted}> {{ {triple} }} }} }}"
        for head, body in RULES for triple in head_triples(head)
    ]
