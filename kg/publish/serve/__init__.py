"""``kg serve``: a read-only SPARQL 1.1 endpoint over the built graph, with
dereferenceable record IRIs, safe to put on the open internet.

The SPARQL engine is the Oxigraph server (PyPI ``oxigraph``), run read-only
on a private loopback port (``backend``). In front of it, a Starlette
application served by uvicorn (``server``, ``app``) adds what a linked-data
service needs: content negotiation through one media-type table (``media``),
refusal of every write, a service description, record pages under ``/id/…``
and a query page from Jinja2 templates (``pages``), the stored queries by
name, CORS. Every query passes the query guard (``kg.query.guard``) before
the engine sees it, and every answer is held to the limits (``limits``):
time, rows, bytes, request size, idle connections, the engine's memory
(``service``, ``engine``)."""

from .limits import Limits
from .server import serve

__all__ = ["Limits", "serve"]
