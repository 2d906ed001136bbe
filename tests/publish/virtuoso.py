"""Virtuoso open source (Debian's ``virtuoso-opensource``, 7.2) for the tests:
a fresh database in a temporary folder, its SQL and HTTP ports free ports on
127.0.0.1, stopped when the test module ends.

A fresh database has the ``dba`` account with password ``dba``. The public
endpoints ``/sparql`` (query) and ``/sparql-graph-crud`` are read-only for
the anonymous ``SPARQL`` user; writes go to ``/sparql-auth`` (SPARQL Update)
and ``/sparql-graph-crud-auth`` (Graph Store Protocol), which ask for HTTP
Digest authentication."""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import free_port, wait_for

USER, PASSWORD = "dba", "dba"

INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {folder}/www
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def binary() -> str:
    found = shutil.which("virtuoso-t")
    if not found:
        pytest.skip("Virtuoso is not installed: run 'apt-get install -y virtuoso-opensource' (the README's test command does)")
    return found


@contextmanager
def virtuoso_server(folder: Path):
    """Yields the server's base URL, http://127.0.0.1:PORT."""
    program = binary()
    (folder / "www").mkdir()
    http = free_port()
    (folder / "virtuoso.ini").write_text(INI.format(folder=folder, sql=free_port(), http=http), encoding="utf-8")
    log = folder / "virtuoso.out"  # a file, not a pipe: in the foreground it logs every checkpoint
    with log.open("wb") as out:
        process = subprocess.Popen([program, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        try:
            wait_for(base + "/sparql?query=ASK%7B%7D", process, tries=600)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; Virtuoso's log ends: {log.read_text(errors='replace')[-2000:]}") from None
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def digest_opener(base: str):
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, USER, PASSWORD)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))


def update(base: str, text: str) -> None:
    request = urllib.request.Request(base + "/sparql-auth", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    digest_opener(base).open(request, timeout=30).read()


def graph_counts(base: str) -> dict[str, int]:
    """Every named graph in the store (Virtuoso's own among them) with its triple count."""
    import json

    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(base + "/sparql", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    document = json.loads(urllib.request.urlopen(request, timeout=30).read())
    return {b["g"]["value"]: int(b["n"]["value"]) for b in document["results"]["bindings"]}
