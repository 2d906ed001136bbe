"""kg serve --workers 2: the real server on 127.0.0.1, a supervisor with two
front processes and one engine. Requests are spread over both fronts (seen
from /proc: which process holds the server's end of each connection), the
abuse checks still hold in every front, the engine is restarted once by the
supervisor, a front that dies is replaced, and stopping leaves no process.

Bounded: a few dozen requests, each with a timeout; a 2 s query timeout and a
1 s idle timeout, as in test_serve_abuse.py."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port, wait_for
from kg.publish.serve import workers as workers_module

TIMEOUT, IDLE = 2, 1


class Server:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process, self.port, self.url = process, port, f"http://127.0.0.1:{port}"

    def children(self) -> list[int]:
        pids = []
        try:
            for task in os.listdir(f"/proc/{self.process.pid}/task"):
                with open(f"/proc/{self.process.pid}/task/{task}/children") as children:
                    pids += [int(p) for p in children.read().split()]
        except FileNotFoundError:  # the supervisor has ended
            return []
        return [pid for pid in pids if alive(pid)]

    def engines(self) -> list[int]:
        return [pid for pid in self.children() if b"oxigraph" in cmdline(pid)]

    def fronts(self) -> list[int]:
        return [pid for pid in self.children() if b"oxigraph" not in cmdline(pid)]


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as text:
            return text.read()
    except OSError:
        return b""


def engine_folder(pid: int) -> Path:
    """The temporary folder of the engine's store (from its --location)."""
    args = cmdline(pid).split(b"\0")
    return Path(args[args.index(b"--location") + 1].decode()).parent


def alive(pid: int) -> bool:
    """Running: not gone, not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def start(dist, workers: int = 2) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--graph", str(dist / "kg-inferred.ttl"),
         "--timeout", str(TIMEOUT), "--idle-timeout", str(IDLE), "--workers", str(workers)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    server = Server(process, port)
    try:
        wait_for(f"{server.url}/queries", process)
        deadline = time.monotonic() + 10
        while len(server.fronts()) < workers and time.monotonic() < deadline:
            time.sleep(0.05)
    except BaseException:
        process.kill()
        process.wait(timeout=20)
        raise
    return server


def stop(server: Server, signum: int = signal.SIGTERM, group: bool = False) -> str:
    """Signal the supervisor (``group``: all its processes, as Ctrl-C in a terminal does); its stderr."""
    if group:
        os.killpg(server.process.pid, signum)
    else:
        server.process.send_signal(signum)
    try:
        server.process.wait(timeout=20)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    return server.process.stderr.read()


@pytest.fixture(scope="module")
def server(dist):
    server = start(dist)
    log = ""
    try:
        yield server
    finally:
        log = stop(server)
    print(log)
    assert server.process.returncode == 0, log
    assert "Traceback" not in log, log


def ask(server: Server, query: str, timeout: float = 30, method: str = "GET"):
    if method == "GET":
        request = urllib.request.Request(f"{server.url}/sparql?{urllib.parse.urlencode({'query': query})}",
                                         headers={"Accept": "application/sparql-results+json"})
    else:
        request = urllib.request.Request(f"{server.url}/sparql", data=query.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def assert_healthy(server: Server) -> None:
    status, body = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }", timeout=5)
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000, body


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def holders(server: Server, clients: list[socket.socket]) -> list[int | None]:
    """For each client connection, the front process holding the server's end of it (from /proc)."""
    inodes = {}
    with open("/proc/net/tcp") as table:
        for line in table.read().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == server.port:
                inodes[int(fields[2].split(":")[1], 16)] = fields[9]
    held = {}
    for pid in server.fronts():
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                held[target[len("socket:["):-1]] = pid
    return [held.get(inodes.get(client.getsockname()[1], "")) for client in clients]


def test_requests_are_answered_by_both_fronts(server):
    assert len(server.fronts()) == 2 and len(server.engines()) == 1
    clients = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(16)]
    try:
        for client in clients:
            client.sendall(b"GET /sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%203 HTTP/1.1\r\n"
                           b"Host: x\r\nAccept: text/csv\r\n\r\n")
        for client in clients:
            answer = http.client.HTTPResponse(client)  # reads from the socket, leaves it open
            answer.begin()
            rows = answer.read().decode("utf-8").splitlines()
            assert answer.status == 200 and len(rows) == 4 and rows[1].startswith("https://"), rows
        owners = holders(server, clients)  # the connections are kept alive: each still held by its front
    finally:
        for client in clients:
            client.close()
    assert None not in owners and set(owners) == set(server.fronts()), owners


@pytest.mark.parametrize("request_bytes", [
    b"GET /sparql>{ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nContent-Length: 7\r\n\r\nASK {}",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40,
    b"GET /sparql?query=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
])
def test_malformed_requests_get_a_4xx_from_every_front(server, request_bytes):
    statuses = []
    for _ in range(8):  # eight connections: both fronts see the request
        with socket.create_connection(("127.0.0.1", server.port), timeout=IDLE + 3) as sock:
            sock.sendall(request_bytes)
            answer = sock.recv(65536).decode("latin-1")
        statuses.append(int(answer.split(" ", 2)[1]) if answer.startswith("HTTP/1.1 ") else None)
    assert all(status is not None and 400 <= status < 500 for status in statuses), statuses
    assert_healthy(server)


def test_service_updates_and_oversized_queries_are_refused(server):
    for _ in range(4):
        status, body = ask(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        assert status == 400 and "SERVICE" in body, body
        status, body = ask(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", method="POST")
        assert status == 400, body
        status, body = ask(server, "SELECT * WHERE { " + "{ " * 100 + "}" * 100 + " }")
        assert status == 400, body
    assert_healthy(server)


def test_a_half_sent_request_is_dropped(server):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=IDLE + 10) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        assert sock.recv(100) == b""
    assert time.monotonic() - started < IDLE + 2


def test_connections_to_the_engine_idle_past_its_timeout_are_not_reused(server):
    """The engine writes an unasked 500 on a kept-alive connection silent for its timeout: a front must not
    take that for the answer to its next query (each front keeps its own connections, so some lie idle)."""
    for _ in range(8):
        assert_healthy(server)
    time.sleep(TIMEOUT + 0.5)
    for _ in range(8):
        assert_healthy(server)


def test_a_dead_engine_is_restarted_once_by_the_supervisor(server):
    [engine] = server.engines()
    os.kill(engine, signal.SIGKILL)
    statuses = [ask(server, "ASK { ?s ?p ?o }", timeout=10)[0] for _ in range(4)]
    assert set(statuses) <= {200, 503}, statuses
    assert wait_until(lambda: len(server.engines()) == 1 and server.engines() != [engine])
    time.sleep(0.5)  # one restart: no second engine, no further restart of the new one
    assert len(server.engines()) == 1 and server.engines() != [engine]
    new = server.engines()
    assert_healthy(server)
    assert server.engines() == new


def test_a_query_given_up_by_a_front_gets_the_engine_restarted(server):
    """The front that gave up is not the process that restarts the engine: the supervisor's watchdog sees the
    engine busy for nobody through the shared numbers."""
    [engine] = server.engines()
    status, body = ask(server, "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 1400 + "}", method="POST")
    assert status == 503 and "longer than" in body, body
    assert wait_until(lambda: server.engines() not in ([], [engine]), seconds=10), server.engines()
    assert_healthy(server)


def test_a_front_that_dies_is_replaced(server):
    # the module's earlier tests restart the engine: first a settled server (a process forked to become the
    # engine is not yet named oxigraph, and would pass for a front)
    assert wait_until(lambda: len(server.fronts()) == 2 and len(server.engines()) == 1, seconds=30)
    assert_healthy(server)
    fronts = server.fronts()
    os.kill(fronts[0], signal.SIGKILL)
    assert wait_until(lambda: len(server.fronts()) == 2 and fronts[0] not in server.fronts(), seconds=30), (
        fronts, server.fronts(), server.engines())
    assert fronts[1] in server.fronts()
    for _ in range(6):
        assert_healthy(server)


@pytest.mark.parametrize("signum, group", [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True),
                                           (signal.SIGKILL, False)])
def test_stopping_leaves_no_process_behind(dist, signum, group):
    server = start(dist)
    family = server.children()
    assert len(family) == 3, family
    assert_healthy(server)
    [engine] = server.engines()
    store = engine_folder(engine)
    log = stop(server, signum, group)
    if signum != signal.SIGKILL:
        assert server.process.returncode == 0 and "Traceback" not in log and "restart" not in log, log
        assert not store.exists()
    # killed outright, the supervisor cannot stop them: they end by the parent-death signal
    assert wait_until(lambda: not any(alive(pid) for pid in family)), [pid for pid in family if alive(pid)]
    shutil.rmtree(store, ignore_errors=True)  # nor remove the engine's store: nothing can, after SIGKILL


def test_fronts_that_keep_dying_stop_the_server_with_a_message(dist):
    server = start(dist)
    family = server.children()
    try:
        for _ in range(workers_module.DEATHS):
            fronts = server.fronts()
            if server.process.poll() is not None or not fronts:
                break
            os.kill(fronts[0], signal.SIGKILL)
            wait_until(lambda: fronts[0] not in server.fronts() and (len(server.fronts()) == 2
                                                                     or server.process.poll() is not None))
        server.process.wait(timeout=20)
    finally:
        log = stop(server)
    assert server.process.returncode == 2, log  # as when the engine cannot start: a KgError
    assert "front workers keep ending" in log and "Traceback" not in log, log
    assert wait_until(lambda: not any(alive(pid) for pid in family))


def test_workers_is_checked_and_defaults_from_the_cores(monkeypatch):
    result = subprocess.run([sys.executable, "-m", "kg", "serve", "--workers", "0"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--workers" in result.stderr
    for cores, expected in ((1, 1), (2, 2), (3, 2), (4, 2), (8, 4), (64, 8)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert workers_module.default_workers() == expected
