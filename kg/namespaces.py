"""IRIs the code refers to.

``AISK`` is closed (``_fail = True``): a misspelt term raises at import time
instead of producing a wrong IRI. ``tests/data/test_ontology.py`` checks that it
lists exactly the terms the ontology defines.
"""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

from .prefixes import BASE
from .prefixes import PREFIXES as PREFIX_IRIS
ID = Namespace(BASE + "id/")
INSTRUMENT = Namespace(BASE + "id/instrument/")
ORG = Namespace(BASE + "id/org/")
JURISDICTION = Namespace(BASE + "id/jurisdiction/")
CONCEPT = Namespace(BASE + "id/concept/")
SHAPES = Namespace(BASE + "shapes#")
ONTOLOGY_IRI = URIRef(BASE + "ontology")
DATASET_IRI = URIRef(BASE + "dataset")
# The SPARQL endpoint the stored queries are published for (schema:target in dist/queries.ttl)
SPARQL_ENDPOINT = URIRef(BASE + "sparql")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG_NS = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
FS = Namespace(BASE + "id/instrument/ai-safety-factsheet-2025#")


class AISK(DefinedNamespace):
    """The AI Safety Knowledge Graph ontology (``ontology/aisk.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # Classes
    Instrument: URIRef
    Law: URIRef
    Strategy: URIRef
    Plan: URIRef
    Policy: URIRef
    Principles: URIRef
    Guideline: URIRef
    CodeOfConduct: URIRef
    Recommendation: URIRef
    Agreement: URIRef
    Report: URIRef
    Standard: URIRef
    Initiative: URIRef
    Provision: URIRef
    Edition: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    Legislature: URIRef
    Council: URIRef
    InternationalOrganization: URIRef
    IntergovernmentalForum: URIRef
    ResearchInstitute: URIRef
    Association: URIRef
    StandardsBody: URIRef
    Jurisdiction: URIRef
    SourcePart: URIRef
    SourceSection: URIRef
    Footnote: URIRef
    SourcePage: URIRef
    SourcedStatement: URIRef

    # Object properties
    issuedBy: URIRef
    issued: URIRef
    passedBy: URIRef
    jurisdiction: URIRef
    derivesFrom: URIRef
    hasDerivative: URIRef
    basedOn: URIRef
    basisFor: URIRef
    legalBasis: URIRef
    legalBasisFor: URIRef
    provisionOf: URIRef
    editionOf: URIRef
    hasEdition: URIRef
    revises: URIRef
    revisedBy: URIRef
    translationOf: URIRef
    hasTranslation: URIRef
    follows: URIRef
    followedBy: URIRef
    partOf: URIRef
    hasPart: URIRef
    references: URIRef
    referencedBy: URIRef
    establishes: URIRef
    establishedBy: URIRef
    influencedBy: URIRef
    influenced: URIRef
    subOrganizationOf: URIRef
    hasSubOrganization: URIRef
    secretariatOf: URIRef
    hasSecretariat: URIRef
    kind: URIRef
    legalForce: URIRef
    topic: URIRef
    source: URIRef

    # Datatype properties
    officialTitle: URIRef
    versionLabel: URIRef
    dateEntryIntoForce: URIRef
    dateFullEntryIntoForce: URIRef
    foundingDate: URIRef
    eGovLawId: URIRef
    lawNumber: URIRef
    noIssuerReason: URIRef
    dateAccessed: URIRef
    statementSubject: URIRef
    statementPredicate: URIRef
    statementObject: URIRef
    publisherName: URIRef
    sectionNumber: URIRef
    footnoteNumber: URIRef


#: Prefixes bound on every graph the build writes (the table is kg.prefixes).
PREFIXES = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}
