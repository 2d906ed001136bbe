"""The query guard: what a query must pass before any engine sees it.

Used by ``kg serve`` for every request and by ``kg query`` for every query.

1. **Size.** A query longer than ``MAX_QUERY_BYTES`` (UTF-8) is refused.
2. **Nesting.** A query whose brackets ``{ ( [`` nest deeper than
   ``MAX_DEPTH`` is refused. The depth is measured by a scanner that walks
   the text once, without recursion, skipping comments and strings; brackets
   inside ``<…>`` are counted too, since a parser may read ``<`` as
   less-than. A parser would itself overflow on a query 3,000 groups deep
   (rdflib raises RecursionError past about 60, Oxigraph's stack overflows
   past about 2,000), so this check comes first.
3. **No outbound requests.** ``SERVICE`` makes the engine send the query to
   another server. It is refused unless its IRI is on the allow-list, in two
   layers: the scanner finds every ``SERVICE`` keyword (``SERVICE ?var`` and
   ``SERVICE SILENT`` included; it errs towards finding too many), and
   rdflib's SPARQL algebra (``parseQuery`` + ``translateQuery``) names each
   service's IRI or variable. With an allow-list, a query whose algebra
   cannot be built (rdflib does not read every valid query) is refused, as it
   cannot be checked.
"""

from __future__ import annotations

import re

from ..errors import InputError

#: The longest query accepted, in bytes of UTF-8.
MAX_QUERY_BYTES = 32 * 1024
#: The deepest nesting of ``{ ( [`` accepted.
MAX_DEPTH = 40

IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
VARIABLE = re.compile(r"[?$]\w*")
NAME = re.compile(r"(?:[\w\-.%:]|\\.)+")
# Read only where a query says SERVICE: compiled then (re caches them), not at every start of kg query.
NAME_CHAR = r"[\w\-.%:?$\\]"
TARGET = r'(?:\s|#[^\n\r]*)*(?:SILENT\b(?:\s|#[^\n\r]*)*)?([^\s{]*)'
OPENING, CLOSING = "{([", "})]"


class QueryRefused(InputError):
    """A query this program will not hand to an engine (exit 2 / HTTP 400)."""

    status = 400


class Scan:
    """What one pass over a query's text found (a plain class: kg query starts faster without dataclasses)."""

    __slots__ = ("depth", "keywords", "mentions")

    def __init__(self, depth: int = 0, keywords: list[str] | None = None, mentions: int = 0):
        self.depth = depth
        self.keywords = keywords if keywords is not None else []  # the target after each SERVICE keyword, as written
        self.mentions = mentions  # "service" anywhere outside strings, comments, IRIs and variables (keywords included)


def _skip_string(text: str, i: int) -> int:
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    j, n = i + len(quote), len(text)
    while j < n and not text.startswith(quote, j):
        j += 2 if text[j] == "\\" else 1
    return j + len(quote)


def _brackets(span: str, depth: int, deepest: int) -> tuple[int, int]:
    for c in span:
        if c in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif c in CLOSING:
            depth = max(0, depth - 1)
    return depth, deepest


def scan(text: str) -> Scan:
    """Nesting depth and SERVICE keywords, in one pass without recursion."""
    result = Scan()
    i, depth, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = min((p for p in (text.find("\n", i), text.find("\r", i)) if p >= 0), default=n)
            i = end
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<" and (match := IRI.match(text, i)):
            depth, result.depth = _brackets(match.group(), depth, result.depth)
            i = match.end()
        elif c in OPENING or c in CLOSING:
            depth, result.depth = _brackets(c, depth, result.depth)
            i += 1
        elif c == "\\":
            i += 2  # an escape in a prefixed name (ex:a\#b): never a comment
        elif c in "?$":
            i = VARIABLE.match(text, i).end()
        elif NAME.match(text, i):
            i = _word(text, i, result)
        else:
            i += 1
    return result


def _word(text: str, i: int, result: Scan) -> int:
    """Note a name that mentions SERVICE, and whether it is the keyword itself; the index after it."""
    end = NAME.match(text, i).end()
    word = text[i:end]
    if "service" in word.lower():
        result.mentions += 1
        if word.rstrip(".").upper() == "SERVICE" and not (i and re.match(NAME_CHAR, text[i - 1])):
            result.keywords.append(re.compile(TARGET, re.I).match(text, i + 7).group(1) or "SERVICE")
    return end


def _algebra_services(text: str) -> list[str] | None:
    """Each SERVICE's IRI (or ``?var``) in rdflib's algebra; None if rdflib cannot build it."""
    try:
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.term import Variable

        algebra = translateQuery(parseQuery(text)).algebra
    except (Exception, RecursionError):
        return None
    found, stack, seen = [], [algebra], set()
    while stack:  # walk without recursion: the algebra of a long query is deep
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(f"?{term}" if isinstance(term, Variable) else str(term))  # bare IRI, as allowed
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            stack.extend(node)
    return found


def check_query(text: str, allow_services: tuple[str, ...] | list[str] = (), *, max_bytes: int = MAX_QUERY_BYTES,
                max_depth: int = MAX_DEPTH, shown_as: str = "The query") -> None:
    """Refuse (QueryRefused, one sentence) a query too long, too deep, or with a SERVICE not allowed."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise QueryRefused(f"{shown_as} is {size:,} bytes long; the limit is {max_bytes:,} bytes.")
    if "\x00" in text:
        raise QueryRefused(f"{shown_as} contains a NUL character.")
    found = scan(text)
    if found.depth > max_depth:
        raise QueryRefused(f"{shown_as} nests brackets {found.depth:,} deep; the limit is {max_depth}.")
    if not found.mentions:
        return  # no SERVICE anywhere: nothing can make an outbound request
    allowed = set(allow_services)
    refusal = "outbound requests are refused unless the endpoint is on the allow-list (--allow-service)"
    if found.keywords and not allowed:
        raise QueryRefused(f"{shown_as} has a SERVICE clause ({found.keywords[0]}): {refusal}.")
    services = _algebra_services(text)
    if services is None or len(services) < len(found.keywords):
        raise QueryRefused(f"{shown_as} may have a SERVICE clause that cannot be checked "
                           f"(its SPARQL algebra could not be built): {refusal}.")
    for service in services:
        if service not in allowed:
            shown = service if service.startswith("?") else f"<{service}>"
            raise QueryRefused(f"{shown_as} has a SERVICE clause ({shown}): {refusal}.")
