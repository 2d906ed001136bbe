"""The schema.org description each record page of ``kg site`` embeds as JSON-LD
(``<script type="application/ld+json">``), for search engines and harvesters.

Laws (and their provisions) are ``Legislation``; other instruments and their
editions ``CreativeWork`` (``Report`` for reports); organisations
``GovernmentOrganization``, ``ResearchOrganization`` or ``Organization``;
concepts ``DefinedTerm`` in a ``DefinedTermSet``; jurisdictions ``Country`` (with
a code) or ``Place``; sections and footnotes of the factsheet ``CreativeWork``.
Every property is used on a type within its ``schema:domainIncludes``
(tests/publish/test_schemaorg.py checks it against the schema.org vocabulary).
"""

from __future__ import annotations

from .sitegraph import (AISK, ALT_LABEL, COMMENT, DCT, EGOV, ISSUED, LABEL, PAGE, PREF_LABEL, RDF_TYPE, SKOS,
                        Graph)

CONTEXT = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}, "sameAs": {"@type": "@id"}}
CREATIVE_WORKS = {"Legislation", "Report", "CreativeWork"}
ORGANIZATIONS = {"GovernmentOrganization", "ResearchOrganization", "Organization"}
# (aisk or skos class, schema.org type), the first that a record has wins.
TYPES = [(AISK + "Law", "Legislation"), (AISK + "Provision", "Legislation"), (AISK + "Report", "Report"),
         (AISK + "Instrument", "CreativeWork"), (AISK + "Edition", "CreativeWork"),
         (AISK + "GovernmentBody", "GovernmentOrganization"), (AISK + "Legislature", "GovernmentOrganization"),
         (AISK + "ResearchInstitute", "ResearchOrganization"), (AISK + "Organization", "Organization"),
         (SKOS + "ConceptScheme", "DefinedTermSet"), (SKOS + "Concept", "DefinedTerm"),
         (AISK + "SourcePart", "CreativeWork")]


def schema_type(g: Graph, iri: str) -> str:
    types = set(g.iris(iri, RDF_TYPE))
    for cls, name in TYPES:
        if cls in types:
            return name
    if AISK + "Jurisdiction" in types:
        return "Country" if g.literals(iri, SKOS + "notation") else "Place"
    return "Thing"


def texts(g: Graph, iri: str, *properties: str) -> list[dict]:
    """Every value of the first property that has any, as JSON-LD values with their language."""
    for p in properties:
        values = sorted(g.literals(iri, p), key=lambda v: (v.language or "", v.value))
        if values:
            return [{"@value": v.value, "@language": v.language} if v.language else v.value for v in values]
    return []


def ref(g: Graph, iri: str) -> dict:
    """A short node for a record this one points at: its IRI, type and name."""
    node = {"@id": iri, "@type": schema_type(g, iri)}
    name = texts(g, iri, LABEL, PREF_LABEL)
    return node | ({"name": name} if name else {})


def schema_org(g: Graph, iri: str) -> dict:
    """The record as a schema.org JSON-LD document."""
    kind = schema_type(g, iri)
    node = {"@context": CONTEXT, "@id": iri, "@type": kind, "name": texts(g, iri, LABEL, PREF_LABEL),
            "alternateName": texts(g, iri, ALT_LABEL), "description": texts(g, iri, SKOS + "definition", COMMENT),
            "identifier": [iri] + [{"@type": "PropertyValue", "propertyID": "e-Gov law ID", "value": v.value}
                                   for v in g.literals(iri, AISK + "eGovLawId")],
            "url": sorted(g.iris(iri, PAGE)) if kind != "CreativeWork" or not _is_source(g, iri) else [],
            "sameAs": sorted(g.iris(iri, SKOS + "exactMatch")) + [EGOV + v.value for v in g.literals(iri, AISK + "eGovLawId")]}
    refs = lambda p: [ref(g, o) for o in sorted(g.iris(iri, p))]
    if kind in CREATIVE_WORKS:
        node |= {"datePublished": min((v.value for v in g.literals(iri, ISSUED)), default=[]),
                 "publisher": refs(AISK + "issuedBy"), "isBasedOn": refs(AISK + "basedOn"),
                 "exampleOfWork": refs(AISK + "editionOf"), "workExample": refs(AISK + "hasEdition"),
                 "isPartOf": refs(AISK + "provisionOf") + refs(AISK + "partOf"),
                 "version": texts(g, iri, AISK + "versionLabel"), "about": refs(AISK + "topic"),
                 "inLanguage": [{"@id": o, "@type": "Language"} for o in sorted(g.iris(iri, DCT + "language"))]}
        if _is_source(g, iri):
            node["citation"] = sorted(g.iris(iri, PAGE))
    if kind == "Legislation":
        node |= {"legislationPassedBy": refs(AISK + "passedBy"), "legislationJurisdiction": refs(AISK + "jurisdiction"),
                 "legislationIdentifier": texts(g, iri, AISK + "lawNumber"),
                 "legislationType": [ref(g, k) | {"@type": "CategoryCode"} for k in sorted(g.iris(iri, AISK + "kind"))]}
    if kind in ORGANIZATIONS:
        node |= {"foundingDate": min((v.value for v in g.literals(iri, AISK + "foundingDate")), default=[]),
                 "parentOrganization": refs(AISK + "subOrganizationOf")}
    if kind == "DefinedTerm":
        node |= {"inDefinedTermSet": refs(SKOS + "inScheme"), "termCode": texts(g, iri, SKOS + "notation")}
    return {key: value for key, value in node.items() if value not in ([], "", None)}


def _is_source(g: Graph, iri: str) -> bool:
    """A section or footnote of the factsheet: its web pages are what it cites, not where it is."""
    return AISK + "SourcePart" in g.iris(iri, RDF_TYPE)
