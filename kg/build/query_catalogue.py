"""The stored-query catalogue as data (``dist/queries.ttl``): each query a
``sh:SPARQLExecutable`` with ja/en labels, its text, keywords and typed
parameters, in the manner of sib-swiss/sparql-examples, so the catalogue can
itself be queried and published. It meets the SHACL shapes of SIB's
sparql-examples tooling (``rdfs:comment`` in ja and en, ``schema:target``,
``sh:prefixes``): ``tests/query/test_spex.py`` checks them."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, XSD

from ..query.catalogue import StoredQuery
from .load import new_graph
from ..namespaces import BASE, DATASET_IRI, SCHEMA, SPARQL_ENDPOINT
from ..prefixes import PREFIXES
from ..query.sparqltext import query_form

QUERIES = Namespace(BASE + "queries/")
PREFIX_DECLARATIONS = URIRef(BASE + "queries")  # SHACL-AF: prefixes declared on an owl:Ontology
EXECUTABLE = {
    "SELECT": (SH.SPARQLSelectExecutable, SH.select),
    "ASK": (SH.SPARQLAskExecutable, SH.ask),
    "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
    # SHACL-AF has no DESCRIBE executable; sh:describe as sib-swiss/sparql-examples write it
    "DESCRIBE": (SH.SPARQLExecutable, URIRef("http://www.w3.org/ns/shacl#describe")),
}
DATATYPES = {
    "string": XSD.string,
    "integer": XSD.integer,
    "year": XSD.integer,
    "decimal": XSD.decimal,
    "date": XSD.date,
    "boolean": XSD.boolean,
    "language": XSD.string,
}


def catalogue_graph(queries: list[StoredQuery]) -> Graph:
    graph = new_graph()
    graph.bind("queries", QUERIES)
    _declare_prefixes(graph)
    for query in queries:
        node = QUERIES[query.name]
        executable, text_property = EXECUTABLE[query_form(query.text)]
        graph.add((node, RDF.type, SH.SPARQLExecutable))
        graph.add((node, RDF.type, executable))
        graph.add((node, RDFS.label, Literal(query.summary, lang="en")))
        graph.add((node, RDFS.label, Literal(query.summary_ja, lang="ja")))
        # the question it answers, in both languages: the description, or else the summary
        graph.add((node, RDFS.comment, Literal(query.description or query.summary, lang="en")))
        graph.add((node, RDFS.comment, Literal(query.description_ja or query.summary_ja, lang="ja")))
        graph.add((node, SCHEMA.target, SPARQL_ENDPOINT))
        graph.add((node, SH.prefixes, PREFIX_DECLARATIONS))
        graph.add((node, text_property, Literal(query.text)))
        graph.add((node, DCTERMS.identifier, Literal(query.name)))
        graph.add((node, DCTERMS.isPartOf, DATASET_IRI))
        for tag in query.tags:
            graph.add((node, SCHEMA.keywords, Literal(tag)))
        for name, kind in query.params.items():
            parameter = BNode()
            graph.add((node, SH.parameter, parameter))
            graph.add((parameter, SH.path, QUERIES[f"{query.name}#{name}"]))
            graph.add((parameter, SH.name, Literal(name)))
            if kind == "iri":
                graph.add((parameter, SH.nodeKind, SH.IRI))
            else:
                graph.add((parameter, SH.datatype, DATATYPES[kind]))
            graph.add((parameter, RDFS.comment, Literal(f"type: {kind}")))
            if name in query.defaults:
                graph.add((parameter, SH.defaultValue, Literal(query.defaults[name])))
                graph.add((parameter, SH.optional, Literal(True)))
    return graph


def _declare_prefixes(graph: Graph) -> None:
    graph.add((PREFIX_DECLARATIONS, RDF.type, OWL.Ontology))
    for prefix, namespace in sorted(PREFIXES.items()):
        declaration = BNode()
        graph.add((PREFIX_DECLARATIONS, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
