"""The words of ``kg site``, read from one file per language: ``templates/i18n/en.toml`` and ``ja.toml``.

Each file holds every string a page shows in that language. Keys that name a
property or class (``[properties]``, ``[skos_labels]``, ``[reverse_headings]``) are
written as prefixed names (``dcterms:issued``) and expanded here to IRIs.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from ..errors import InputError
from ..prefixes import PREFIXES

LANGS = ("en", "ja")
IRI_TABLES = ("properties", "skos_labels", "reverse_headings")


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    if prefix not in PREFIXES:
        raise InputError(f"kg/publish/templates/i18n: {name!r} has a prefix that kg/prefixes.py does not know.")
    return PREFIXES[prefix] + local


def _keys(table: dict, path: str = "") -> set[str]:
    return {key for name, value in table.items()
            for key in ({path + name} | (_keys(value, f"{path}{name}.") if isinstance(value, dict) else set()))}


def _load(lang: str) -> dict:
    text = resources.files(__package__).joinpath("templates", "i18n", f"{lang}.toml").read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"kg/publish/templates/i18n/{lang}.toml: {error}.") from None
    for name in IRI_TABLES:
        table[name] = {_expand(key): value for key, value in table.get(name, {}).items()}
    return table


UI = {lang: _load(lang) for lang in LANGS}
_missing = sorted(f"{key} in {lang}.toml" for lang in LANGS for key in _keys(UI[LANGS[0]]) ^ _keys(UI[LANGS[1]])
                  if key not in _keys(UI[lang]))
if _missing:
    raise InputError(f"kg/publish/templates/i18n: the two languages must have the same words; missing: {', '.join(_missing)}.")

# Names for the SKOS terms the pages show (the ontology labels only its own terms), by IRI and language.
SKOS_LABELS = {iri: {lang: UI[lang]["skos_labels"][iri] for lang in LANGS} for iri in UI["en"]["skos_labels"]}
# Headings for links that point at a record along a property with no inverse in the ontology.
REVERSE = {iri: {lang: UI[lang]["reverse_headings"][iri] for lang in LANGS} for iri in UI["en"]["reverse_headings"]}
