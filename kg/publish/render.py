"""The Jinja2 templates of the published pages (``kg/publish/templates/``) and the
small values they show: a link, a text in a language, a date.

Autoescaping is on for every template: text from the graph is always escaped;
only the i18n strings documented as HTML are marked safe in the templates.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from functools import cache

import jinja2
from markupsafe import Markup

from ..errors import InputError


@dataclass(frozen=True)
class Link:
    """A link to a page of the site (``href`` relative), to the web (``external``), or plain text (no ``href``)."""

    text: str
    href: str = ""
    lang: str = ""  # the text's language, when it is not the page's
    external: bool = False
    kind: str = field(default="link", init=False)


@dataclass(frozen=True)
class Text:
    text: str
    lang: str = ""  # the text's language, when it is not the page's
    kind: str = field(default="text", init=False)


@dataclass(frozen=True)
class Date:
    value: str  # as in the data: 2024, 2024-04, 2024-04-19
    text: str  # as the page's language writes it
    kind: str = field(default="date", init=False)


def external(url: str, text: str | None = None) -> Link:
    """A link out of the site, for web addresses only; anything else stays text."""
    if url.startswith(("http://", "https://")):
        return Link(text or url, url, external=True)
    return Link(text or url)


def escape(value) -> Markup:
    """Text as HTML, quotes as ``&quot;`` (html.escape's way; markupsafe would write ``&#34;``)."""
    return value if hasattr(value, "__html__") else Markup(html.escape(str(value), quote=True))


def json_script(value) -> Markup:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped so that no text can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kg.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=escape,
    )
    env.filters["json_script"] = json_script
    return env


def render(template: str, **context) -> str:
    """The template filled in; a mistake in a template (say, after a curator's edit) is one sentence naming it."""
    try:
        return environment().get_template(template).render(**context)
    except jinja2.TemplateNotFound as error:
        raise InputError(f"kg/publish/templates/{error.name} does not exist.") from None
    except jinja2.TemplateSyntaxError as error:
        raise InputError(f"kg/publish/templates/{error.name or template}, line {error.lineno}: {error.message.rstrip('.')}.") from None
    except jinja2.TemplateError as error:
        raise InputError(f"kg/publish/templates/{template}: {error.message.rstrip('.')}.") from None
