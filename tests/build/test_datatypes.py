"""Datatype well-formedness (sh:datatype) for every built-in XSD datatype:
a well-formed and an ill-formed lexical form each."""

from __future__ import annotations

import pytest
from rdflib.namespace import XSD

from kg.build.shacl.datatypes import PATTERNS, BOUNDS, well_formed

CASES = {  # datatype: (well-formed, ill-formed)
    "boolean": ("true", "yes"), "decimal": ("-1.50", "1.5e3"), "integer": ("+007", "1.0"),
    "float": ("-1.5E-3", "1,5"), "double": ("INF", "inf"), "date": ("2024-02-29", "2025-02-29"),
    "time": ("24:00:00", "12:60:00"), "dateTime": ("2025-06-04T09:00:00+09:00", "2025-06-04 09:00"),
    "dateTimeStamp": ("2025-06-04T09:00:00Z", "2025-06-04T09:00:00"), "gYear": ("2025", "25"),
    "gYearMonth": ("2025-06", "2025-13"), "gMonth": ("--06", "--13"), "gMonthDay": ("--02-29", "--02-30"),
    "gDay": ("---31", "---32"), "duration": ("P1Y2M3DT4H5M6.5S", "P1DT"), "dayTimeDuration": ("PT36H", "P1Y"),
    "yearMonthDuration": ("P1Y6M", "P1D"), "hexBinary": ("0FB7", "0FB"), "base64Binary": ("QUJD", "QUJ"),
    "language": ("ja-JP", "ja_JP"), "Name": ("a:b", "1a"), "NCName": ("ab-c", "a:b"), "NMTOKEN": ("1a", "a b"),
    "normalizedString": ("a b", "a\tb"), "token": ("a b", " a"), "ID": ("x1", "1x"), "IDREF": ("x", "x y"),
    "ENTITY": ("x", ""), "NMTOKENS": ("a b", ""), "IDREFS": ("a b", "1"), "ENTITIES": ("a b", "a  b"),
    "nonNegativeInteger": ("0", "-1"), "positiveInteger": ("1", "0"), "nonPositiveInteger": ("0", "1"),
    "negativeInteger": ("-1", "0"), "long": ("9223372036854775807", "9223372036854775808"),
    "int": ("-2147483648", "2147483648"), "short": ("32767", "32768"), "byte": ("-128", "300"),
    "unsignedLong": ("18446744073709551615", "-1"), "unsignedInt": ("4294967295", "4294967296"),
    "unsignedShort": ("65535", "65536"), "unsignedByte": ("255", "256"),
}


def test_every_datatype_with_a_lexical_space_has_a_case():
    assert set(PATTERNS) | set(BOUNDS) <= set(CASES)


@pytest.mark.parametrize("name, forms", CASES.items(), ids=CASES.keys())
def test_well_and_ill_formed(name, forms):
    good, bad = forms
    assert well_formed(good, XSD[name])
    assert not well_formed(bad, XSD[name])


def test_the_answer_does_not_change_once_owlrl_has_run():
    """owlrl replaces rdflib's literal conversions for the whole process; the check does not depend on them."""
    from rdflib import Graph

    from kg.build.reason import closure

    before = {name: [well_formed(f, XSD[name]) for f in forms] for name, forms in CASES.items()}
    closure(Graph().parse(data="<http://x/a> <http://x/p> \"--06\"^^<http://www.w3.org/2001/XMLSchema#gMonth> .",
                          format="nt"))
    assert {name: [well_formed(f, XSD[name]) for f in forms] for name, forms in CASES.items()} == before


def test_datatypes_outside_xsd_are_taken_as_written():
    from rdflib import URIRef

    assert well_formed("anything", URIRef("https://example.org/myType"))
