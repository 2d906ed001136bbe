"""Semi-naive evaluation of the compiled OWL 2 RL rules (kg.build.rules) in Oxigraph.

The rules run in turn, over and over, until a whole pass derives nothing. Each run
of a rule writes its new triples (those in no graph yet) into the inferred graph
and into a *delta* graph of its own. A rule's first run reads the whole graph;
every later run joins only against the deltas written since its previous run
(its own included): once per body atom and delta, that atom reading the delta and
the others the whole graph. A transitive property's rule extends paths through the
new edges only (``?x p* ?a . Δ(?a p ?b) . ?b p* ?z``). Every derivation that uses
only older triples was made by the rule's previous run, so the fixpoint is the
naive one; a delta every rule has read is dropped."""

from __future__ import annotations

import time

from .rules import DELTA, Rule

CLAUSES = ("VALUES", "FILTER")


def delta_bodies(rule: Rule) -> list[tuple]:
    """The rule's bodies for its later runs: one per atom, that atom reading the delta graph
    (VALUES first, so that a pattern's predicate is bound before the delta is read)."""
    if rule.delta is not None:
        return list(rule.delta)
    values = tuple(p for p in rule.parts if p.startswith("VALUES"))
    filters = tuple(p for p in rule.parts if p.startswith("FILTER"))
    atoms = [p for p in rule.parts if not p.startswith(CLAUSES)]
    return [values + (f"GRAPH <{DELTA}> {{ {atom} }}",) + tuple(a for a in atoms if a is not atom) + filters
            for atom in atoms]


def update(rule: Rule, body: tuple, graphs: tuple, reads: list[str] | None, writes: str, feeds: str | None = None) -> str:
    """An UPDATE writing the rule's new triples (in neither graph yet) into the inferred graph and, those that
    can feed a rule (``feeds``, a condition: the rule's own by default), into the delta graph ``writes``;
    a body's delta atom reads the delta graphs ``reads``."""
    asserted, inferred = graphs
    feeds = rule.feeds if feeds is None else feeds
    head, where = rule.head, " . ".join(body)
    if reads:
        where = f"VALUES ?delta {{ {' '.join(f'<{g}>' for g in reads)} }} " + where.replace(f"GRAPH <{DELTA}>", "GRAPH ?delta")
    named = "".join(f"USING NAMED <{g}> " for g in reads or ())
    target = {"true": f"GRAPH <{writes}> {{ {head} }}", "false": ""}.get(feeds, f"GRAPH ?feed {{ {head} }}")
    if target.startswith("GRAPH ?feed"):
        where += f" BIND(IF({feeds}, <{writes}>, ?none) AS ?feed)"
    return (f"INSERT {{ GRAPH <{inferred}> {{ {head} }} {target} }} "
            f"USING <{asserted}> USING <{inferred}> {named}WHERE {{ {where} FILTER NOT EXISTS {{ {head} }} }}")


def split_values(parts: tuple, pieces: int = 4) -> list[tuple]:
    """The body with its table of (read, written) pairs cut in ``pieces``: a rule's first run over the whole
    graph as several smaller updates, so that Oxigraph never buffers all its new triples at once."""
    import re

    for index, part in enumerate(parts):
        if part.startswith("VALUES ("):
            head, rows = part[:part.index("{") + 1], re.findall(r"\(<[^<>\s]*> <[^<>\s]*>\)", part)
            if f"{head} {' '.join(rows)} }}" != part:
                return [parts]  # not a table of IRI pairs
            size = -(-len(rows) // pieces)
            return [parts[:index] + (f"{head} {' '.join(rows[i:i + size])} }}",) + parts[index + 1:]
                    for i in range(0, len(rows), size)]
    return [parts]


class Runner:
    def __init__(self, rules: list[Rule], kg_store, timings: dict | None):
        from .store import ASSERTED, INFERRED

        self.rules, self.kg_store, self.timings = rules, kg_store, timings
        self.graphs = (ASSERTED.value, INFERRED.value)
        self.deltas: list[tuple[int, str]] = []  # (run number, graph) of the non-empty deltas not yet read by all
        self.last: dict[int, int] = {}  # rule index -> the number of its previous run
        self.runs = 0

    def apply(self, index: int) -> bool:
        """Run one rule against what is new to it; True when it derived something."""
        import pyoxigraph as ox

        rule, store = self.rules[index], self.kg_store.store
        self.runs += 1
        delta, feeds = f"{DELTA}:{self.runs}", self.feeds(index)
        if index not in self.last:
            texts = [update(rule, parts, self.graphs, None, delta, feeds) for parts in split_values(rule.parts)]
        else:
            since = [graph for number, graph in self.deltas if number >= self.last[index]]
            texts = [update(rule, body, self.graphs, since, delta, feeds) for body in delta_bodies(rule)] if since else []
        started = time.perf_counter()
        for text in texts:
            store.update(text)
        if self.timings is not None:
            self.timings[rule.name] = self.timings.get(rule.name, 0.0) + time.perf_counter() - started
        self.last[index] = self.runs
        if self.kg_store.count(ox.NamedNode(delta)):
            self.deltas.append((self.runs, delta))
            return True
        return False

    def feeds(self, index: int) -> str:
        """Which of this run's new triples go into its delta: those a rule that will read the delta can use.
        A delta is read by the rules that have run already, and by this one as far as its own output can give it
        more (kg.build.feeds.self_reads); a rule's first run reads the whole graph, so what a rule yet to run
        can use needs no delta (and the store never frees a dropped triple)."""
        from .feeds import feeds_condition, self_reads

        rule = self.rules[index]
        if any(r.reads is None for r in self.rules):
            return rule.feeds
        read = set(self_reads(rule)).union(*(self.rules[j].reads for j in self.last if j != index))
        return feeds_condition(rule, read)

    def forget(self) -> None:
        """Drop the deltas every rule has read."""
        oldest = min(self.last.values(), default=self.runs + 1)
        for number, graph in [d for d in self.deltas if d[0] < oldest]:
            self.kg_store.store.update(f"DROP SILENT GRAPH <{graph}>")
        self.deltas = [d for d in self.deltas if d[0] >= oldest]

    def close(self) -> None:
        for _, graph in self.deltas:
            self.kg_store.store.update(f"DROP SILENT GRAPH <{graph}>")


class Stopped(Exception):
    """The reasoning was asked to stop (the build's validation failed meanwhile)."""


def run(rules: list[Rule], kg_store, max_rounds: int = 100, timings: dict | None = None, stop=None) -> int:
    """Apply ``rules`` to the store until a pass over them derives nothing new; returns the number of passes.
    ``timings``, if given, gathers the seconds each rule took, over all its runs; ``stop`` (a threading.Event),
    once set, ends the work before the next run of a rule (``Stopped``)."""
    runner = Runner(rules, kg_store, timings)
    try:
        for round_number in range(1, max_rounds + 1):
            changed = []
            for index in range(len(rules)):
                if stop is not None and stop.is_set():
                    raise Stopped()
                changed.append(runner.apply(index))
            runner.forget()
            if not any(changed):
                return round_number
    finally:
        runner.close()
    raise RuntimeError(f"reasoning did not reach a fixpoint in {max_rounds} rounds")
