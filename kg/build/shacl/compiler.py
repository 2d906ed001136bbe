"""Shapes with targets compiled into checks: one SELECT per constraint, its
rows the validation results (SHACL §2.1 targets, §2.3 property shapes, §4
core constraint components).

``compile_shape`` raises ``Unsupported`` for any shape that uses a construct
outside the allow-list (``conditions.py``); the caller then validates that
shape with pySHACL.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS, SH

from .conditions import COMPONENTS, SUBCLASS_PATH, VALUE_KEYS, Compiler
from .model import TARGETS, Check, Unsupported

PAIRS = {SH.equals: SH.EqualsConstraintComponent, SH.disjoint: SH.DisjointConstraintComponent,
         SH.lessThan: SH.LessThanConstraintComponent, SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent}
PROPERTY_KEYS = VALUE_KEYS | set(PAIRS) | {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.property,
                                           SH.qualifiedValueShape}
NODE_KEYS = VALUE_KEYS | {SH.hasValue, SH.property, SH.closed, SH.equals, SH.disjoint}


def shapes_with_targets(shapes) -> list:
    """Every shape that selects focus nodes itself: explicit targets (SHACL-AF's sh:target too, which is
    not compiled), or an implicit class target."""
    found = {s for key in (*TARGETS, SH.target) for s in shapes.subjects(key, None)}
    for cls in (RDFS.Class, OWL.Class):
        found |= {s for s in shapes.subjects(RDF.type, cls) if implicit_target(shapes, s)}
    return sorted(found, key=lambda s: (type(s).__name__, str(s)))


def implicit_target(shapes, node) -> bool:
    """A class that is also a shape (typed as one, or with a SHACL parameter) targets its instances."""
    if (node, RDF.type, RDFS.Class) not in shapes and (node, RDF.type, OWL.Class) not in shapes:
        return False
    return any(str(p).startswith(str(SH)) for p in shapes.predicates(node)) or any(
        (node, RDF.type, kind) in shapes for kind in (SH.NodeShape, SH.PropertyShape))


def targets(shapes, shape, var: str = "?focus", compiler: Compiler | None = None) -> str:
    """A group pattern binding ``var`` to each focus node of ``shape`` once."""
    def instances(cls: str) -> str:
        return compiler.instance_of(var, cls) if compiler else f"{var} {SUBCLASS_PATH} {cls}"

    parts = [f"{{ {instances(f'<{c}>')} }}" for c in shapes.objects(shape, SH.targetClass)]
    if implicit_target(shapes, shape):
        parts.append(f"{{ {instances(shape.n3())} }}")
    nodes = [n.n3() for n in shapes.objects(shape, SH.targetNode)]
    if nodes:
        parts.append(f"{{ VALUES {var} {{ {' '.join(nodes)} }} }}")
    parts += [f"{{ {var} <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"{{ [] <{p}> {var} }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    if any("_:" in part for part in parts):
        raise Unsupported("a blank node as a target")
    if len(parts) == 1:  # every query is DISTINCT or counts DISTINCT values: a focus node found twice is one
        return parts[0]
    return f"{{ SELECT DISTINCT {var} WHERE {{ {' UNION '.join(parts)} }} }}"


def compile_shape(compiler: Compiler, shape) -> list[Check]:
    """The checks of one shape with targets."""
    return _checks(compiler, shape, targets(compiler.shapes, shape, compiler=compiler), "?focus")


def _checks(compiler: Compiler, shape, focus: str, keys: str) -> list[Check]:
    """``focus`` binds ?focus; ``keys`` are the variables that tell one validation of a focus node from another
    (a node reached from two parents of a nested property shape is validated, and reported, twice)."""
    if compiler.deactivated(shape):
        return []
    if shape in compiler.expanding:
        raise Unsupported("a recursive shape")
    compiler.expanding.append(shape)
    try:
        if (shape, SH.path, None) in compiler.shapes:
            return _property_checks(compiler, shape, focus, keys)
        return _node_checks(compiler, shape, focus, keys)
    finally:
        compiler.expanding.pop()


def _value_checks(compiler: Compiler, shape, values: str, path, keys: str) -> list[Check]:
    """One check per value-level parameter: its rows are the value nodes that break it."""
    out = []
    for key in sorted(compiler.keys(shape) & VALUE_KEYS):
        for obj in sorted(compiler.shapes.objects(shape, key)):
            condition = compiler.value_condition(key, obj, "?value", shape)
            out.append(Check(shape, COMPONENTS[key], path,
                             f"SELECT DISTINCT {keys} ?value WHERE {{ {values} FILTER(!COALESCE({condition}, false)) }}"))
    return out


def _node_checks(compiler: Compiler, shape, focus: str, keys: str) -> list[Check]:
    compiler.only(shape, NODE_KEYS)
    shapes = compiler.shapes
    out = _value_checks(compiler, shape, f"{focus} BIND(?focus AS ?value)", None, keys)
    for value in shapes.objects(shape, SH.hasValue):
        out.append(Check(shape, SH.HasValueConstraintComponent, None,
                         f"SELECT DISTINCT {keys} WHERE {{ {focus} FILTER(!sameTerm(?focus, {compiler.literal(value)})) }}"))
    if shapes.value(shape, SH.closed) == Literal(True):
        out.append(Check(shape, SH.ClosedConstraintComponent, None,
                         f"SELECT DISTINCT {keys} ?rpath ?value WHERE {{ {focus} ?focus ?rpath ?value "
                         f"FILTER(!({compiler.closed_filter(shape, '?rpath')})) }}"))
    out += _pair_checks(compiler, shape, focus, keys, "BIND(?focus AS ?value)", None)
    for prop in sorted(shapes.objects(shape, SH.property)):
        out += _checks(compiler, prop, focus, keys)
    return out


def _pair_checks(compiler: Compiler, shape, focus: str, keys: str, value: str, path_node) -> list[Check]:
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: the value nodes against the focus node's
    values of another property (``value`` binds ?value to a value node from ?focus)."""
    out = []
    for key, component in PAIRS.items():
        for other in compiler.shapes.objects(shape, key):
            q = f"<{other}>"
            extra = ""
            if key == SH.equals:
                other_value = value.replace("?value", "?w")
                where = (f"{{ {focus} {value} FILTER NOT EXISTS {{ ?focus {q} ?value }} }} UNION "
                         f"{{ {focus} ?focus {q} ?value FILTER NOT EXISTS {{ {other_value} FILTER(sameTerm(?w, ?value)) }} }}")
            elif key == SH.disjoint:
                where = f"{focus} {value} ?focus {q} ?w FILTER(sameTerm(?w, ?value))"
            else:  # one result per pair of values that are not in order
                op, extra = ("<" if key == SH.lessThan else "<="), " ?w"
                where = f"{focus} {value} ?focus {q} ?w FILTER(!COALESCE(?value {op} ?w, false))"
            out.append(Check(shape, component, path_node, f"SELECT DISTINCT {keys} ?value{extra} WHERE {{ {where} }}"))
    return out


def _property_checks(compiler: Compiler, shape, focus: str, keys: str) -> list[Check]:
    compiler.only(shape, PROPERTY_KEYS)
    shapes, path_node, path = compiler.shapes, compiler.shapes.value(shape, SH.path), compiler.path(shape)
    values = f"{focus} ?focus {path} ?value ."
    out = _value_checks(compiler, shape, values, path_node, keys)

    def check(component, query):
        out.append(Check(shape, component, path_node, query))

    for count in shapes.objects(shape, SH.minCount):
        check(SH.MinCountConstraintComponent,
              f"SELECT {keys} WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?v }} }} "
              f"GROUP BY {keys} HAVING (COUNT(DISTINCT ?v) < {int(count)})")
    for count in shapes.objects(shape, SH.maxCount):
        check(SH.MaxCountConstraintComponent,
              f"SELECT {keys} WHERE {{ {values} }} GROUP BY {keys} HAVING (COUNT(DISTINCT ?value) > {int(count)})")
    for value in shapes.objects(shape, SH.hasValue):
        check(SH.HasValueConstraintComponent,
              f"SELECT DISTINCT {keys} WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {path} {compiler.literal(value)} }} }}")
    if shapes.value(shape, SH.uniqueLang) == Literal(True):
        check(SH.UniqueLangConstraintComponent,
              f"SELECT DISTINCT {keys} ?lang WHERE {{ {focus} ?focus {path} ?a , ?b . "
              f"FILTER(!sameTerm(?a, ?b) && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) BIND(LANG(?a) AS ?lang) }}")
    out += _pair_checks(compiler, shape, focus, keys, f"?focus {path} ?value .", path_node)
    out += _qualified_checks(compiler, shape, focus, path, path_node, keys)
    parent = compiler.fresh()
    nested_keys = f"{keys.replace('?focus', parent)} ?focus"
    nested_focus = (f"{{ SELECT DISTINCT {nested_keys} WHERE {{ {focus.replace('?focus', parent)} "
                    f"{parent} {path} ?focus }} }}")
    for prop in sorted(shapes.objects(shape, SH.property)):
        out += _checks(compiler, prop, nested_focus, nested_keys)
    return out


def _qualified_checks(compiler: Compiler, shape, focus: str, path: str, path_node, keys: str) -> list[Check]:
    shapes = compiler.shapes
    qualified = shapes.value(shape, SH.qualifiedValueShape)
    if qualified is None:
        return []
    condition = compiler.shape_condition(qualified, "?value")
    if shapes.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
        siblings = {q for parent in shapes.subjects(SH.property, shape) for prop in shapes.objects(parent, SH.property)
                    for q in shapes.objects(prop, SH.qualifiedValueShape)} - {qualified}
        for sibling in sorted(siblings, key=str):
            condition += f" && !{compiler.shape_condition(sibling, '?value')}"
    out = []
    for key, component, comparison in ((SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent, "<"),
                                       (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent, ">")):
        for count in shapes.objects(shape, key):
            out.append(Check(shape, component, path_node,
                             f"SELECT {keys} WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?value FILTER({condition}) }} }} "
                             f"GROUP BY {keys} HAVING (COUNT(DISTINCT ?value) {comparison} {int(count)})"))
    return out
