"""Stats: counts of records by kind, issuer, jurisdiction and year, read from
the reasoned graph (so inherited jurisdictions and kinds count)."""

from __future__ import annotations

COUNTS = {
    "class": """
        PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a ?class .
          FILTER(STRSTARTS(STR(?class), STR(aisk:)))
          FILTER(STRSTARTS(STR(?s), "https://w3id.org/ai-safety-kg/id/"))
          BIND(STRAFTER(STR(?class), "#") AS ?key)
        } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "kind": """
        PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s aisk:kind ?kind . ?kind skos:prefLabel ?key . FILTER(LANG(?key) = "en")
        } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "legal force": """
        PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s aisk:legalForce ?force . ?force skos:prefLabel ?key . FILTER(LANG(?key) = "en")
        } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "issuer": """
        PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a aisk:Instrument .
          OPTIONAL { ?s aisk:issuedBy ?issuer . ?issuer rdfs:label ?label . FILTER(LANG(?label) = "en") }
          BIND(COALESCE(?label, "(no issuer)") AS ?key)
        } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "jurisdiction": """
        PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a aisk:Instrument .
          OPTIONAL { ?s aisk:jurisdiction ?j . ?j rdfs:label ?label . FILTER(LANG(?label) = "en") }
          BIND(COALESCE(?label, "(no jurisdiction)") AS ?key)
        } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "year": """
        PREFIX aisk: <https://w3id.org/ai-safety-kg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a aisk:Instrument .
          OPTIONAL { ?s dcterms:issued ?date }
          BIND(COALESCE(SUBSTR(STR(?date), 1, 4), "(no date)") AS ?key)
        } GROUP BY ?key ORDER BY ?key""",
}


def compute_stats(select) -> dict[str, list[tuple[str, int]]]:
    """Each facet's (value, count) pairs, most frequent first (years in order).

    ``select`` runs a query and returns rows as dicts (kg.build.checks.store_select).
    """
    return {facet: [(str(row["key"]), int(row["n"])) for row in select(query)] for facet, query in COUNTS.items()}


def format_stats(stats: dict[str, list[tuple[str, int]]]) -> str:
    lines = []
    for facet, rows in stats.items():
        lines.append(f"{facet}:")
        width = max((len(key) for key, _ in rows), default=0)
        for key, count in rows:
            lines.append(f"  {key.ljust(width)}  {count:>4}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
