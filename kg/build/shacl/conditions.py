"""SHACL core constraints as SPARQL boolean expressions on one value node.

``value_condition`` gives, for one constraint parameter, an expression true
when the value node conforms; ``shape_condition`` gives one for "this node
conforms to that shape" (used by sh:node, sh:and, sh:or, sh:not, sh:xone and
sh:qualifiedValueShape). An expression error counts as "does not conform".
Anything not listed here raises ``Unsupported``, and its shape goes to pySHACL.
"""

from __future__ import annotations

import itertools

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .datatypes import IllFormed
from .model import Unsupported
from .paths import path_sparql

SUBCLASS_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
RANGES = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<", SH.maxInclusive: "<="}
# parameters read per value node (each one a constraint component of its own)
VALUE_KEYS = {SH["class"], SH.datatype, SH.nodeKind, *RANGES, SH.minLength, SH.maxLength, SH.pattern,
              SH.languageIn, SH["in"], SH.node, SH["and"], SH["or"], SH["not"], SH.xone}
COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent, SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.node: SH.NodeConstraintComponent, SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["not"]: SH.NotConstraintComponent, SH.xone: SH.XoneConstraintComponent,
}
# parameters that are no constraint of their own, or that need no query (SHACL §2.1, §2.3; non-validating)
PASSIVE = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.flags,
           SH.deactivated, SH.path, SH.ignoredProperties, SH.qualifiedMinCount, SH.qualifiedMaxCount,
           SH.qualifiedValueShapesDisjoint, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
RETYPED_LIMIT = 1000  # past this, a query listing them would be too long: pySHACL
NESTED_PROPERTY_KEYS = {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.property}
NESTED_NODE_KEYS = {SH.hasValue, SH.property, SH.closed}


class Compiler:
    """The shapes graph, the data's ill-formed literals, fresh variable names, and the shapes being expanded."""

    def __init__(self, shapes: Graph, ill_formed: IllFormed, inexact: dict | None = None, retyped=None,
                 data_query=None):
        self.shapes = shapes
        self.data_query = data_query  # a SELECT on the data being validated, if the checks are for it alone
        self.subclasses: dict = {}
        self.ill_formed = ill_formed
        self.inexact = inexact or {}  # parameter -> a literal the store does not keep as written
        self.retyped = dict(retyped or {})  # stored term -> (datatype as written, well-formed): exact.py
        self.counter = itertools.count()
        self.expanding: list = []

    def fresh(self) -> str:
        return f"?v{next(self.counter)}"

    def instance_of(self, v: str, cls: str) -> str:
        """``v`` is an instance of ``cls`` (N3) or of one of its sub-classes in the data. With the data at hand,
        its sub-classes are read once into a table, a look-up per value instead of walking
        ``rdfs:subClassOf*`` from every value (the same solutions: the path is a join with that set)."""
        table = self.subclasses.get(cls) if self.data_query else None
        if self.data_query and cls not in self.subclasses:
            rows = self.data_query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {cls} }}")
            found = [row["c"] for row in rows]
            table = self.subclasses[cls] = (
                " ".join(sorted(f"<{c.value}>" for c in found)) if all(type(c).__name__ == "NamedNode" for c in found)
                else None)  # a blank-node class has no name to put in a table: the path then
        if not table:
            return f"{v} {SUBCLASS_PATH} {cls}"
        kind = self.fresh()
        return f"VALUES {kind} {{ {table} }} {v} <{RDF.type}> {kind}"

    def items(self, head) -> list:
        """The members of an RDF list; anything else is not a list SHACL accepts."""
        if head != RDF.nil and (head, RDF.first, None) not in self.shapes:
            raise Unsupported(f"{head.n3()} is not a list")
        return list(Collection(self.shapes, head))

    def keys(self, shape) -> set:
        """The shape's SHACL parameters (other predicates are not SHACL's business)."""
        return {p for p in self.shapes.predicates(shape) if str(p).startswith(str(SH))}

    def path(self, shape) -> str:
        return path_sparql(self.shapes, self.shapes.value(shape, SH.path))

    def deactivated(self, shape) -> bool:
        return self.shapes.value(shape, SH.deactivated) == Literal(True)

    def only(self, shape, allowed: set) -> None:
        keys = self.keys(shape)
        unknown = keys - allowed - PASSIVE
        for key in sorted(keys & set(self.inexact)):
            raise Unsupported(f"sh:{str(key).rsplit('#', 1)[1]} on literals the store keeps in another form "
                              f"than written ({self.inexact[key]})")
        if unknown:
            names = ", ".join(sorted(f"sh:{str(k).rsplit('#', 1)[1]}" for k in unknown))
            raise Unsupported(f"{names} {'is' if len(unknown) == 1 else 'are'} not compiled")

    def literal(self, term) -> str:
        if isinstance(term, BNode):
            raise Unsupported("a blank node as a constraint value")
        return term.n3()

    # -- one parameter on one value node -------------------------------------------------
    def value_condition(self, key, obj, v: str, shape=None) -> str:
        if key in (SH["class"], SH.datatype) and not isinstance(obj, URIRef):
            raise Unsupported(f"sh:{str(key).rsplit('#', 1)[1]} {obj.n3()} is not an IRI")
        if key == SH["class"]:
            return f"EXISTS {{ {self.instance_of(v, self.literal(obj))} }}"
        if key == SH.datatype:
            return self.datatype(obj, v)
        if key == SH.nodeKind:
            if obj not in NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {obj}")
            return NODE_KINDS[obj].format(v=v)
        if key in RANGES:
            return f"({v} {RANGES[key]} {self.literal(obj)})"
        if key in (SH.minLength, SH.maxLength):
            return f"(!isBlank({v}) && STRLEN(STR({v})) {'>=' if key == SH.minLength else '<='} {int(obj)})"
        if key == SH.pattern:
            return self.pattern(shape, obj, v)
        if key == SH.languageIn:
            tags = " || ".join(f"LANGMATCHES(LANG({v}), {self.literal(Literal(str(t)))})" for t in self.items(obj))
            return f"(isLiteral({v}) && ({tags or 'false'}))"
        if key == SH["in"]:
            return "(" + (" || ".join(f"sameTerm({v}, {self.literal(t)})" for t in self.items(obj)) or "false") + ")"
        if key == SH.node:
            return self.shape_condition(obj, v)
        if key == SH["and"]:
            return "(" + (" && ".join(self.shape_condition(m, v) for m in self.items(obj)) or "true") + ")"
        if key == SH["or"]:
            return "(" + (" || ".join(self.shape_condition(m, v) for m in self.items(obj)) or "false") + ")"
        if key == SH["not"]:
            return f"(!{self.shape_condition(obj, v)})"
        if key == SH.xone:
            members = " + ".join(f"IF({self.shape_condition(m, v)}, 1, 0)" for m in self.items(obj)) or "0"
            return f"(({members}) = 1)"
        raise Unsupported(f"{key} on a value node")

    def datatype(self, datatype, v: str) -> str:
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        test = f"(isLiteral({v}) && DATATYPE({v}) = {self.literal(datatype)}"
        if datatype == RDF.langString:
            test += f' && LANG({v}) != ""'
        if len(self.retyped) > RETYPED_LIMIT:
            raise Unsupported(f"{len(self.retyped)} literals the store keeps under another datatype (e.g. "
                              f"{next(iter(self.retyped))}, written as {next(iter(self.retyped.values()))[0].n3()})")
        bad = self.ill_formed.of(datatype) + sorted(self.retyped)  # a retyped term is judged as written, below
        if bad:
            test += " && !(" + " || ".join(f"sameTerm({v}, {term})" for term in bad) + ")"
        good = [term for term, (written, ok) in sorted(self.retyped.items()) if written == datatype and ok]
        return "(" + test + ")" + "".join(f" || sameTerm({v}, {term})" for term in good) + ")"

    def pattern(self, shape, obj, v: str) -> str:
        flags = self.shapes.value(shape, SH.flags) if shape is not None else None
        extra = f", {self.literal(Literal(str(flags)))}" if flags is not None else ""
        probe = f'SELECT (REGEX("", {self.literal(Literal(str(obj)))}{extra}) AS ?ok) {{}}'
        if any(row["ok"] is None for row in self.ill_formed.query(probe)):  # the engine's regex refuses it
            raise Unsupported(f"sh:pattern {Literal(str(obj)).n3()} is not a regular expression Oxigraph reads")
        return f"(!isBlank({v}) && REGEX(STR({v}), {self.literal(Literal(str(obj)))}{extra}))"

    # -- "conforms to this shape" ---------------------------------------------------------
    def conditions_of(self, shape, v: str, keys: set) -> list[str]:
        """One expression per value-level parameter of ``shape`` on the node ``v``."""
        parts = []
        for key in sorted(keys & VALUE_KEYS):
            for obj in sorted(self.shapes.objects(shape, key)):
                parts.append(self.value_condition(key, obj, v, shape))
        return parts

    def shape_condition(self, shape, v: str) -> str:
        """True when the node ``v`` conforms to ``shape`` (its targets do not matter here)."""
        if shape in self.expanding:
            raise Unsupported("a recursive shape")
        if self.deactivated(shape):
            return "true"
        self.expanding.append(shape)
        try:
            if (shape, SH.path, None) in self.shapes:
                parts = self.property_conditions(shape, v)
            else:
                parts = self.node_conditions(shape, v)
        finally:
            self.expanding.pop()
        return "(" + (" && ".join(f"COALESCE({p}, false)" for p in parts) or "true") + ")"

    def node_conditions(self, shape, v: str) -> list[str]:
        keys = self.keys(shape)
        self.only(shape, VALUE_KEYS | NESTED_NODE_KEYS)
        parts = self.conditions_of(shape, v, keys)
        for value in self.shapes.objects(shape, SH.hasValue):
            parts.append(f"sameTerm({v}, {self.literal(value)})")
        for prop in sorted(self.shapes.objects(shape, SH.property)):
            parts.append(self.shape_condition(prop, v))
        if self.shapes.value(shape, SH.closed) == Literal(True):
            parts.append(f"NOT EXISTS {{ {v} ?closedP ?closedO FILTER(!({self.closed_filter(shape, '?closedP')})) }}")
        return parts

    def closed_filter(self, shape, p: str) -> str:
        allowed = {self.shapes.value(prop, SH.path) for prop in self.shapes.objects(shape, SH.property)}
        ignored = self.shapes.value(shape, SH.ignoredProperties)
        allowed |= set(self.items(ignored)) if ignored is not None else set()
        allowed = sorted(a for a in allowed if isinstance(a, URIRef))
        return f"{p} IN ({', '.join(f'<{a}>' for a in allowed)})" if allowed else "false"

    def property_conditions(self, shape, v: str) -> list[str]:
        keys = self.keys(shape)
        self.only(shape, VALUE_KEYS | NESTED_PROPERTY_KEYS)
        path, x = self.path(shape), self.fresh()
        per_value = self.conditions_of(shape, x, keys)
        per_value += [self.shape_condition(prop, x) for prop in sorted(self.shapes.objects(shape, SH.property))]
        parts = []
        if per_value:
            test = " && ".join(f"COALESCE({p}, false)" for p in per_value)
            parts.append(f"NOT EXISTS {{ {v} {path} {x} FILTER(!({test})) }}")
        for count in self.shapes.objects(shape, SH.minCount):
            parts.append(self.count_condition(v, path, x, ">=", int(count)) if int(count) > 1
                         else f"EXISTS {{ {v} {path} {x} }}" if int(count) == 1 else "true")
        for count in self.shapes.objects(shape, SH.maxCount):
            parts.append(f"NOT EXISTS {{ {v} {path} {x} }}" if int(count) == 0
                         else f"(!{self.count_condition(v, path, x, '>', int(count))})")
        for value in self.shapes.objects(shape, SH.hasValue):
            parts.append(f"EXISTS {{ {v} {path} {self.literal(value)} }}")
        if self.shapes.value(shape, SH.uniqueLang) == Literal(True):
            y = self.fresh()
            parts.append(f"NOT EXISTS {{ {v} {path} {x}, {y} FILTER(!sameTerm({x}, {y}) && LANG({x}) != \"\" "
                         f"&& LANG({x}) = LANG({y})) }}")
        return parts

    def count_condition(self, v: str, path: str, x: str, op: str, count: int) -> str:
        """True when ``v`` has more (op '>') or at least (op '>=') ``count`` values on ``path``."""
        n = self.fresh()
        return (f"EXISTS {{ {{ SELECT {v} (COUNT(DISTINCT {x}) AS {n}) WHERE {{ {v} {path} {x} }} GROUP BY {v} }} "
                f"FILTER({n} {op} {count}) }}")
