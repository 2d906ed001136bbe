"""Helpers for the kg publish tests: a copy of the built project to publish
from, and a fake triple store on 127.0.0.1 that keeps only triple counts and
can be told to misbehave (junk answers, refusals, silence)."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT, SOURCE_FOLDERS

GRAPHS = ["https://w3id.org/ai-safety-kg/graph/asserted", "https://w3id.org/ai-safety-kg/graph/inferred"]


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, dist):
    """Its own copy: publishing reads dist/ only, but keeps the shared one out of reach."""
    root = tmp_path_factory.mktemp("publish-project")
    for folder in SOURCE_FOLDERS:
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(dist, root / "dist")
    return root


class FakeStore:
    """Graph Store Protocol at /store, SPARQL Update at /update, counts at /query.

    Faults: ``count_answer`` (bytes sent for every count), ``refuse`` (graph IRI
    -> HTTP status for a PUT to it), ``refuse_update`` ((text, status): the
    status for every update containing the text), ``delay`` (seconds before any answer), ``miscount`` (graph IRI ->
    number added to its true count)."""

    def __init__(self):
        self.graphs: dict[str, int] = {}
        self.requests: list[str] = []
        self.count_answer: bytes | None = None
        self.refuse: dict[str, int] = {}
        self.refuse_update: tuple[str, int] | None = None
        self.delay = 0.0
        self.miscount: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def update(self, text: str) -> int:
        if self.refuse_update and self.refuse_update[0] in text:
            return self.refuse_update[1]
        for statement in text.split(" ;\n"):
            if m := re.match(r"DROP SILENT GRAPH <([^>]+)>", statement):
                self.graphs.pop(m.group(1), None)
            elif m := re.match(r"MOVE SILENT GRAPH <([^>]+)> TO <([^>]+)>", statement):
                self.graphs[m.group(2)] = self.graphs.pop(m.group(1), 0)
            elif m := re.match(r"INSERT (?:DATA )?\{ GRAPH <([^>]+)>", statement):
                added = sum(1 for line in statement.splitlines() if line.endswith(" ."))
                self.graphs[m.group(1)] = self.graphs.get(m.group(1), 0) + added
            else:
                return 400
        return 204

    def count(self, graph: str) -> bytes:
        if self.count_answer is not None:
            return self.count_answer
        n = self.graphs.get(graph, 0) + self.miscount.get(graph, 0)
        return json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": str(n)}}]}}).encode()

    def handler(self):
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status: int, body: bytes = b"") -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

            def handle_one(self) -> None:
                url = urllib.parse.urlparse(self.path)
                graph = urllib.parse.parse_qs(url.query).get("graph", [""])[0]
                body = self.body()
                store.requests.append(f"{self.command} {url.path} {graph}".strip())
                time.sleep(store.delay)
                if self.command == "PUT":
                    if graph in store.refuse:
                        return self.answer(store.refuse[graph], b"<html><body><h1>Forbidden</h1><p>No writes.</p></body></html>")
                    store.graphs[graph] = body.count(b" .\n")
                    return self.answer(201)
                if self.command == "DELETE":
                    return self.answer(204 if store.graphs.pop(graph, None) is not None else 404)
                if url.path == "/update":
                    return self.answer(store.update(body.decode()))
                query = urllib.parse.parse_qs(body.decode())["query"][0]
                return self.answer(200, store.count(re.search(r"GRAPH <([^>]+)>", query).group(1)))

            do_PUT = do_DELETE = do_POST = handle_one

        return Handler
