"""``kg query``'s arguments in their plain forms, read without argparse.

argparse costs ``kg query`` about 4 ms of its 30 (its import, gettext's
locale, building the parser, reading the arguments: measured,
benchmarks/query_speed.py). This reader takes only what it is sure of:
``query`` first, one NAME|FILE, and options spelled out in full with their
value as the next word or after ``=``. Anything else (help, an abbreviation,
an unknown option, a bad choice or number, a value that starts with ``-``)
gets None, and argparse reads the command line as before, with its own
messages. tests/test_quickargs.py checks that both give the same namespace.
"""

from __future__ import annotations

from types import SimpleNamespace

FORMATS = ("table", "csv", "tsv", "json", "ttl", "nt", "jsonld", "xml")
#: option: (destination, repeated, allowed values or a converter); kept equal to kg.cli's query parser
OPTIONS = {
    "--param": ("param", True, None),
    "--lang": ("lang", False, ("ja", "en")),
    "--format": ("format", False, FORMATS),
    "--engine": ("engine", False, ("oxigraph", "rdflib")),
    "--endpoint": ("endpoint", False, None),
    "--graph": ("graph", False, None),
    "--default-graph": ("default_graph", True, None),
    "--timeout": ("timeout", False, float),
    "--allow-service": ("allow_service", True, None),
}
DEFAULTS = {"lang": None, "format": None, "engine": "oxigraph", "endpoint": None, "graph": None, "timeout": 60.0,
            "param": None, "default_graph": None, "allow_service": None, "version": None}


def query_args(argv: list[str], run):
    """The namespace argparse would make of ``argv`` (``kg query ...``), with ``run``; None where unsure."""
    if not argv or argv[0] != "query":
        return None
    values = dict(DEFAULTS, command="query", run=run)
    names, words = [], iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            names.append(word)
            continue
        option, equals, value = word.partition("=")
        if option not in OPTIONS:
            return None
        if not equals:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
        if not _take(values, OPTIONS[option], value):
            return None
    if len(names) != 1 or not names[0]:
        return None
    values["query"] = names[0]
    return SimpleNamespace(**values)


def _take(values: dict, option: tuple, value: str) -> bool:
    """Store ``value`` as argparse would; False where argparse would refuse it (let it say why)."""
    destination, repeated, check = option
    if isinstance(check, tuple) and value not in check:
        return False
    if check is float:
        try:
            value = float(value)
        except ValueError:
            return False
    if repeated:
        values[destination] = [*(values[destination] or []), value]
    else:
        values[destination] = value
    return True
