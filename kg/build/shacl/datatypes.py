"""Datatype well-formedness for sh:datatype: is a literal's lexical form in
its XSD datatype's lexical space (XML Schema 1.1 Part 2, §3.3 and §3.4)?

Each built-in XSD type has its lexical pattern here, with the value ranges of
the bounded integer types and real calendar days for the date types.
Datatypes outside XSD are taken as written. (rdflib's own check, which
pySHACL uses, is not consulted: it changes once owlrl has run in the same
process, and it refuses some XSD 1.1 forms, such as "24:00:00"^^xsd:time.)
"""

from __future__ import annotations

import calendar
import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

TZ = r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"
YEAR = r"-?([1-9]\d{3,}|0\d{3})"
MONTH, DAY = r"(0[1-9]|1[0-2])", r"(0[1-9]|[12]\d|3[01])"
TIME = r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)"
DECIMAL = r"[+-]?(\d+(\.\d*)?|\.\d+)"
DURATION = r"-?P(?=.)(\d+Y)?(\d+M)?(\d+D)?(T(?=.)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
NAME_START = r"A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
NAME_CHAR = NAME_START + r"\-.0-9\u00B7\u0300-\u036F\u203F-\u2040"
B64 = r"[A-Za-z0-9+/]"
PATTERNS = {
    "boolean": r"true|false|1|0",
    "decimal": DECIMAL,
    "integer": r"[+-]?\d+",
    "float": rf"({DECIMAL}([Ee][+-]?\d+)?|[+-]?INF|NaN)",
    "double": rf"({DECIMAL}([Ee][+-]?\d+)?|[+-]?INF|NaN)",
    "date": rf"{YEAR}-{MONTH}-{DAY}{TZ}",
    "time": rf"{TIME}{TZ}",
    "dateTime": rf"{YEAR}-{MONTH}-{DAY}T{TIME}{TZ}",
    "dateTimeStamp": rf"{YEAR}-{MONTH}-{DAY}T{TIME}(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))",
    "gYear": rf"{YEAR}{TZ}",
    "gYearMonth": rf"{YEAR}-{MONTH}{TZ}",
    "gMonth": rf"--{MONTH}{TZ}",
    "gMonthDay": rf"--{MONTH}-{DAY}{TZ}",
    "gDay": rf"---{DAY}{TZ}",
    "duration": DURATION,
    "dayTimeDuration": r"-?P(?=.)(\d+D)?(T(?=.)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
    "yearMonthDuration": r"-?P(?=.)(\d+Y)?(\d+M)?",
    "hexBinary": r"([0-9a-fA-F]{2})*",
    "base64Binary": rf"(({B64} ?){{4}})*(({B64} ?){{3}}{B64}|({B64} ?){{2}}[AEIMQUYcgkosw048] ?=|{B64} ?[AQgw] ?= ?=)?",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "Name": rf"[{NAME_START}][{NAME_CHAR}]*",
    "NCName": rf"[{NAME_START.replace(':', '')}][{NAME_CHAR.replace(':', '')}]*",
    "NMTOKEN": rf"[{NAME_CHAR}]+",
    "normalizedString": r"[^\r\n\t]*",
    "token": r"([^\s]+( [^\s]+)*)?",
}
for alias in ("ID", "IDREF", "ENTITY"):
    PATTERNS[alias] = PATTERNS["NCName"]
PATTERNS["NMTOKENS"] = rf"[{NAME_CHAR}]+( [{NAME_CHAR}]+)*"
PATTERNS["IDREFS"] = PATTERNS["ENTITIES"] = rf"{PATTERNS['NCName']}( {PATTERNS['NCName']})*"
BOUNDS = {
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None), "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1), "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1),
    "short": (-2**15, 2**15 - 1), "byte": (-128, 127), "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
}
COLLAPSED = set(PATTERNS) - {"normalizedString", "token"} | set(BOUNDS)  # whiteSpace="collapse"
COMPILED = {name: re.compile(pattern) for name, pattern in PATTERNS.items()}
DAY_OF = re.compile(r"^-?(\d{4,})-(\d\d)-(\d\d)|^--(\d\d)-(\d\d)")


def well_formed(lexical: str, datatype: URIRef) -> bool:
    """Is ``lexical`` a lexical form of ``datatype``? (Types outside XSD: yes.)"""
    if not str(datatype).startswith(str(XSD)):
        return True
    name = str(datatype)[len(str(XSD)):]
    text = lexical.strip(" \t\r\n") if name in COLLAPSED else lexical
    if name in BOUNDS:
        if not COMPILED["integer"].fullmatch(text):
            return False
        low, high = BOUNDS[name]
        return (low is None or int(text) >= low) and (high is None or int(text) <= high)
    pattern = COMPILED.get(name)
    if pattern is not None and not pattern.fullmatch(text):
        return False
    return name not in ("date", "dateTime", "dateTimeStamp", "gMonthDay") or _real_day(text)


def _real_day(text: str) -> bool:
    match = DAY_OF.match(text)
    if match is None:
        return True
    if match.group(4):  # --MM-DD: 29 February exists in some year
        month, day = int(match.group(4)), int(match.group(5))
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    year, month, day = (int(g) for g in match.groups()[:3])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (29 if month == 2 and leap else calendar.monthrange(2001, month)[1])


class IllFormed:
    """The ill-formed literals of each datatype the shapes name, among the data's and the shapes' literals
    (read from the data in one pass, the first time one is asked for)."""

    def __init__(self, query, shapes):
        self.query = query  # SPARQL SELECT text -> rows (pyoxigraph solutions)
        self.shapes = shapes
        self.found: dict | None = None

    def of(self, datatype) -> list[str]:
        """Each ill-formed literal of ``datatype``, written as SPARQL terms."""
        if self.found is None:
            self.found = self._read()
        return self.found.get(datatype, [])

    def _read(self) -> dict:
        from rdflib.namespace import SH

        wanted = sorted(d for d in set(self.shapes.objects(None, SH.datatype))  # strings are all well-formed
                        if isinstance(d, URIRef) and str(d).startswith(str(XSD)) and d != XSD.string)
        literals: dict = {}
        if wanted:
            names = ", ".join(d.n3() for d in wanted)
            for row in self.query(f"SELECT DISTINCT ?o WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && DATATYPE(?o) IN ({names})) }}"):
                literals[str(row["o"])] = (row["o"].value, URIRef(row["o"].datatype.value))
        for term in self.shapes.objects():
            if isinstance(term, Literal) and term.datatype in wanted:
                literals[term.n3()] = (str(term), term.datatype)
        out: dict = {}
        for n3, (lexical, datatype) in sorted(literals.items()):
            if not well_formed(lexical, datatype):
                out.setdefault(datatype, []).append(n3)
        return out
