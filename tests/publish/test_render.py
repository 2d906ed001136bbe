"""The templates' machinery (kg/publish/render.py): autoescaping, the JSON
script filter, and mistakes in a template reported as one sentence."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.publish.render import json_script, render


def test_text_is_escaped_in_every_template():
    html = render("docs/index.html", title='<b>"x"</b> & y', vocabularies=[('a"b.html', "<i>z</i>")])
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y" in html and 'href="a&quot;b.html"' in html


def test_json_for_a_script_element_cannot_close_it():
    value = {"name": "</script><!-- & \u2028"}
    text = str(json_script(value))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_a_missing_value_is_one_sentence_naming_the_template():
    with pytest.raises(InputError, match=r"^kg/publish/templates/docs/index\.html: 'title' is undefined\.$"):
        render("docs/index.html", vocabularies=[])


def test_a_missing_template_is_one_sentence():
    with pytest.raises(InputError, match=r"^kg/publish/templates/site/nothing\.html does not exist\.$"):
        render("site/nothing.html")
