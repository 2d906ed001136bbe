"""What the SHACL compiler produces and reports: compiled checks, raw
results, and the error that sends a shape to pySHACL instead."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, Node
from rdflib.namespace import SH

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


class Unsupported(ValueError):
    """A construct the compiler does not translate: its shape goes to pySHACL."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose rows (?focus, ?value, ?rpath) are its results."""

    shape: Node  # sh:sourceShape
    component: Node  # sh:sourceConstraintComponent
    path: Node | None  # sh:resultPath (a node of the shapes graph); a row's ?rpath wins
    query: str


@dataclass(frozen=True)
class Result:
    """One validation result, with every term as in the data or the shapes graph."""

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: Node
    severity: Node
    messages: tuple[Literal, ...] = ()
    path_graph: Graph | None = None  # where a blank-node path or shape is described (shapes, a pySHACL report)
