"""The prefix table, as plain strings so that the query path can use it
without importing rdflib. ``kg.namespaces`` builds rdflib namespaces from it."""

BASE = "https://w3id.org/ai-safety-kg/"

#: Prefixes bound on every graph the build writes and used to shorten IRIs in
#: tables; also accepted in query parameters (``--param issuer=org:mic``).
PREFIXES = {
    "aisk": BASE + "ontology#",
    "shapes": BASE + "shapes#",
    "inst": BASE + "id/instrument/",
    "org": BASE + "id/org/",
    "jur": BASE + "id/jurisdiction/",
    "kind": BASE + "id/concept/instrument-kind/",
    "force": BASE + "id/concept/legal-force/",
    "topic": BASE + "id/concept/topic/",
    "concept": BASE + "id/concept/",
    "fs": BASE + "id/instrument/ai-safety-factsheet-2025#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "orgv": "http://www.w3.org/ns/org#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    "lang": "http://publications.europa.eu/resource/authority/language/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def shorten(iri: str) -> str:
    """``inst:ai-promotion-act`` for a record IRI; the IRI in angle brackets if no prefix fits.

    The longest matching namespace wins. The short form is for reading and for
    pasting back as a parameter (``inst:ai-promotion-act/article-13``); it is
    not always a valid Turtle prefixed name.
    """
    best = None
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(PREFIXES[best])):
            local = iri[len(namespace):]
            if local and all(c not in local for c in "#?<> ") and not local.endswith("."):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


def expand(name: str) -> str | None:
    """The full IRI of a prefixed name like ``org:mic``, or None if the prefix is unknown."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
