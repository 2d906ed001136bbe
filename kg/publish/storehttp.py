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

import base64
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
    """The store cannot be reached, refused a request (``status``), or gave an answer we cannot read."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


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
        if not 0 < timeout < 10 ** 6:  # also refuses nan and inf
            raise UsageError("--timeout must be a positive number of seconds (below a million).")
        for url in urls:
            if not url.startswith(("http://", "https://")):
                raise UsageError(f"The store address must be an http(s) URL, got {url!r}.")
        self.timeout = timeout
        self.credentials = None if user is None else (user, password or "")
        self.challenges: dict[tuple, tuple[str, dict] | None] = {}
        self.checked: set[tuple] = set()  # addresses where the credentials were accepted
        handlers = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                passwords.add_password(None, url, user, password or "")
            self.digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers = [self.digest, urllib.request.HTTPBasicAuthHandler(passwords)]
        self.plain = urllib.request.build_opener()
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
            self._authorize(request)
            with self.opener.open(request, timeout=self.timeout) as response:
                outcome["body"] = response.read()
        except urllib.error.HTTPError as error:
            try:
                detail = shown(error.read())
            except (OSError, ValueError):
                detail = ""
            hint = " (check --user and --password)" if error.code in (401, 403) else ""
            outcome["error"] = StoreError(f"The store refused {method} {url} with HTTP {error.code}{hint}"
                                          f"{': ' + detail if detail else ''}.", error.code)
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

    def _authorize(self, request: urllib.request.Request) -> None:
        """Credentials sent with a request that carries a body, without waiting
        for a 401: a store that refuses the body unauthenticated may close the
        connection mid-upload (Virtuoso does), so the challenge is learnt first
        by a GET of the same address without a body."""
        if self.credentials is None or request.data is None:
            return
        key = urllib.parse.urlsplit(request.full_url)[:3]
        if key not in self.challenges:
            self.challenges[key] = self._challenge(request.full_url)
        if self.challenges[key] is None:
            return  # not asked for on a GET: a 401 to the request itself is still answered
        self._sign(request, *self.challenges[key])
        if key not in self.checked:  # wrong credentials are refused before a body is sent, not mid-upload
            probe = urllib.request.Request(request.full_url, method="GET", headers={"User-Agent": USER_AGENT})
            self._sign(probe, *self.challenges[key])
            try:
                self.plain.open(probe, timeout=self.timeout).close()
            except urllib.error.HTTPError as error:
                if error.code in (401, 403):
                    raise urllib.error.HTTPError(request.full_url, error.code, error.msg, error.headers, None) from None
            self.checked.add(key)

    def _sign(self, request: urllib.request.Request, scheme: str, params: dict) -> None:
        if scheme == "digest":
            value = self.digest.get_authorization(request, params)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")
        else:
            token = base64.b64encode(":".join(self.credentials).encode("utf-8")).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def _challenge(self, url: str) -> tuple[str, dict] | None:
        probe = urllib.request.Request(url, method="GET", headers={"User-Agent": USER_AGENT})
        try:
            self.plain.open(probe, timeout=self.timeout).close()
        except urllib.error.HTTPError as error:
            offers = (error.headers.get_all("WWW-Authenticate") or []) if error.code == 401 else []
            schemes = {}
            for offer in offers:
                scheme, _, rest = offer.strip().partition(" ")
                schemes[scheme.lower()] = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            for scheme in ("digest", "basic"):
                if scheme in schemes:
                    return scheme, schemes[scheme]
        return None

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
