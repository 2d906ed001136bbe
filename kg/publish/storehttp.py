"""The HTTP side of ``kg publish``: one request at a time to an external
triple store, each bounded by a timeout, each failure one sentence.

``--timeout`` bounds every request as a whole (connecting, sending, the
answer), not only each socket read: the request runs in a worker thread and
the caller stops waiting when the time is up. Credentials are given only when
the store asks (HTTP 401), by the scheme it asks for: Basic (Fuseki, GraphDB)
or Digest (Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``).

A triple count is read with ``SELECT (COUNT(*) AS ?n)`` and its SPARQL JSON
answer checked: not JSON, empty, or not one integer count is an error that
says what came back, never a traceback."""

from __future__ import annotations

import html
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from .. import __version__
from ..errors import KgError, UsageError

USER_AGENT = f"ai-safety-kg/{__version__} (https://w3id.org/ai-safety-kg/)"
TAGS = re.compile(r"<[^>]*>")


class StoreError(KgError):
    """The store cannot be reached, refused a request, or gave an answer we cannot read."""


class StoreTimeout(StoreError):
    pass


def shown(body: bytes, limit: int = 160) -> str:
    """The start of an answer as plain text on one line (HTML tags dropped)."""
    text = html.unescape(TAGS.sub(" ", body.decode("utf-8", errors="replace")))
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


class StoreClient:
    def __init__(self, timeout: float, user: str | None = None, password: str | None = None,
                 urls: tuple[str, ...] = ()):
        if not timeout > 0:
            raise UsageError("--timeout must be a positive number of seconds.")
        for url in urls:
            if not url.startswith(("http://", "https://")):
                raise UsageError(f"The store address must be an http(s) URL, got {url!r}.")
        self.timeout = timeout
        handlers = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                passwords.add_password(None, url, user, password or "")
            handlers = [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def send(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
             accept: str = "*/*") -> bytes:
        """The answer's body; a StoreError naming the request if it fails or takes longer than the timeout."""
        headers = {"Accept": accept, "User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        outcome: dict = {}
        worker = threading.Thread(target=self._run, args=(request, outcome), daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive() or "timeout" in outcome:
            raise StoreTimeout(f"The store did not answer {method} {url} within {self.timeout:g} seconds (--timeout).")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["body"]

    def _run(self, request: urllib.request.Request, outcome: dict) -> None:
        method, url = request.get_method(), request.full_url
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                outcome["body"] = response.read()
        except urllib.error.HTTPError as error:
            try:
                detail = shown(error.read())
            except (OSError, ValueError):
                detail = ""
            hint = " (check --user and --password)" if error.code in (401, 403) else ""
            outcome["error"] = StoreError(f"The store refused {method} {url} with HTTP {error.code}{hint}"
                                          f"{': ' + detail if detail else ''}.")
        except TimeoutError:
            outcome["timeout"] = True
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                outcome["timeout"] = True
            else:
                outcome["error"] = StoreError(f"Cannot reach the store at {url}: {error.reason}.")
        except (OSError, ValueError) as error:  # reset connections, malformed status lines, bad URLs
            outcome["error"] = StoreError(f"Cannot reach the store at {url}: {error or type(error).__name__}.")
        except Exception as error:  # http.client's own errors (IncompleteRead, BadStatusLine, …)
            outcome["error"] = StoreError(f"The store's answer to {method} {url} is not valid HTTP "
                                          f"({type(error).__name__}).")

    def count(self, endpoint: str, graph: str) -> int:
        """How many triples the store holds in ``graph``, read through its SPARQL query endpoint."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        body = self.send("POST", endpoint, urllib.parse.urlencode({"query": query}).encode("ascii"),
                         "application/x-www-form-urlencoded", "application/sparql-results+json")
        return parse_count(body, endpoint, graph)


def parse_count(body: bytes, endpoint: str, graph: str) -> int:
    where = f"The store's answer at {endpoint} to the triple count of <{graph}>"
    if not body.strip():
        raise StoreError(f"{where} is empty.")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StoreError(f"{where} is not JSON: {shown(body, 80)!r}.") from None
    try:
        bindings = document["results"]["bindings"]
        value = bindings[0]["n"]["value"] if bindings else None
        count = int(value)
        if count < 0 or len(bindings) != 1:
            raise ValueError
    except (KeyError, IndexError, TypeError, ValueError):
        raise StoreError(f"{where} is not a SPARQL JSON result with one count: {shown(body, 80)!r}.") from None
    return count
