"""Which of a rule's new triples its delta graph keeps (kg.build.seminaive): those a rule that will read
the delta can use. Oxigraph's in-memory store never frees a triple once written, even after its graph is
dropped, so every delta triple no rule needs is memory lost for the rest of the build."""

from __future__ import annotations

from rdflib.namespace import RDF

PAIR = r"\((<[^<>\s]*>) (<[^<>\s]*>)\)"


def reads(rule) -> frozenset:
    """The terms a rule reads: IRIs in its atoms and single VALUES, and the first column of (read, written) pairs."""
    import re

    read = set()
    for part in rule.parts:
        if part.startswith("VALUES ("):
            read |= {first for first, _ in re.findall(PAIR, part)}
        elif not part.startswith("FILTER"):
            read |= set(re.findall(r"<[^<>\s]*>", part))
    return frozenset(read)


def self_reads(rule) -> frozenset:
    """What a rule's next run can use of its own new triples. Nothing for the rules whose table is closed
    (sub-classes and sub-properties through their closures, a transitive property through paths): their
    output read again gives what the same run gave. For inverses only a predicate with another partner
    than the one it came from: (o q s) read again gives back (s p o), the triple it came from."""
    import re
    from collections import defaultdict

    kind = rule.name.split()[0] if rule.name else ""
    if kind in ("cax-sco", "prp-spo1", "prp-trp"):
        return frozenset()
    if kind != "prp-inv":
        return rule.reads or frozenset()
    partners, sources = defaultdict(set), defaultdict(set)
    for part in rule.parts:
        if part.startswith("VALUES ("):
            for p, q in re.findall(PAIR, part):
                partners[p].add(q)
                sources[q].add(p)
    return frozenset(q for q in partners if len(partners[q]) > 1 or partners[q] != sources[q])


def feeds_condition(rule, read: set) -> str:
    """When one of the rule's new triples can be read by a rule that reads ``read``: "true", "false", or a
    SPARQL condition on the head's predicate (or class)."""
    import re

    _, predicate, obj = rule.head.split(" ", 2)
    key = obj if predicate == "a" and f"<{RDF.type}>" not in read else predicate
    if not key.startswith("?"):
        return "true" if key in read else "false"
    written = {second for part in rule.parts if part.startswith("VALUES (") for _, second in re.findall(PAIR, part)}
    fed = sorted(written & read)
    return "true" if not written else "false" if not fed else f"{key} IN ({', '.join(fed)})"


def mark_feeds(rules: list) -> list:
    """Which of a rule's new triples another rule can read (its predicate, or its class, is in a body):
    only those go into the deltas of kg.build.seminaive, which the store would otherwise hold twice.
    ``feeds`` is the condition for any rule; ``reads`` lets kg.build.seminaive narrow it to the rules
    that will read the delta (None: the equality rules read every triple)."""
    from dataclasses import replace

    if any(rule.name.startswith("eq-") for rule in rules):
        return rules  # ?s ?p ?o: every triple can feed them
    each = [reads(rule) for rule in rules]
    read = set().union(*each)
    return [replace(rule, feeds=feeds_condition(rule, read), reads=own) for rule, own in zip(rules, each)]
