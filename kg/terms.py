"""RDF terms as every engine's results are reduced to: the SPARQL 1.1 JSON
results model (uri, literal, bnode), with no engine library behind it, so
results from rdflib, Oxigraph and a remote endpoint compare and print alike."""

from __future__ import annotations

from collections import namedtuple

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# A named tuple rather than a dataclass: importing dataclasses costs kg query milliseconds (kg.query.ready_store).
class Term(namedtuple("Term", "kind value datatype lang", defaults=(None, None))):
    """kind: "uri", "literal" or "bnode"; datatype None for simple (xsd:string) and language-tagged literals."""

    __slots__ = ()

    @classmethod
    def iri(cls, value: str) -> "Term":
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> "Term":
        if lang:
            return cls("literal", value, None, lang.lower())
        return cls("literal", value, None if datatype in (None, XSD_STRING) else datatype)

    def to_json(self) -> dict:
        """The term as a SPARQL 1.1 Query Results JSON object."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def n3(self) -> str:
        """N-Triples / SPARQL syntax, escaped so that no value can break out of the term."""
        if self.kind == "uri":
            check_iri(self.value)
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + escape_string(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype:
            check_iri(self.datatype)
            return f"{text}^^<{self.datatype}>"
        return text


FORBIDDEN_IN_IRI = set('<>"{}|^`\\ \t\r\n')


def check_iri(value: str) -> None:
    if not value or any(c in FORBIDDEN_IN_IRI or ord(c) < 0x20 for c in value) or ":" not in value:
        raise ValueError(f"{value!r} is not an absolute IRI")


def escape_string(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
