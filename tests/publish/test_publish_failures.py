"""kg publish against a store that misbehaves (a fake one on 127.0.0.1):
every failure is one sentence with its exit code, a slow store is cut off
by --timeout, and the message says which graph is in which state."""

from __future__ import annotations

import time

import pytest

from conftest import free_port, run_kg
from publishing import GRAPHS, FakeStore, built_copy  # noqa: F401 (a fixture)

ASSERTED, INFERRED = GRAPHS
STAGED = [g + "-incoming" for g in GRAPHS]


@pytest.fixture
def fake():
    store = FakeStore()
    yield store
    store.close()


def publish(store: FakeStore, cwd, *protocol: str, timeout: str = "20"):
    protocol = protocol or ("--store", store.url + "/store")
    return run_kg("publish", "--endpoint", store.url + "/query", *protocol, "--timeout", timeout, cwd=cwd)


def one_sentence(result) -> str:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_the_fake_store_takes_a_publish(fake, built_copy, built):
    """The baseline the faults below depart from: stage, swap, check."""
    result = publish(fake, built_copy)
    assert result.returncode == 0, result.stderr
    assert fake.graphs == {ASSERTED: len(built.asserted), INFERRED: len(built.inferred)}
    assert fake.requests[:2] == [f"PUT /store {STAGED[0]}", f"PUT /store {STAGED[1]}"]


@pytest.mark.parametrize("answer, said", [
    (b"<html><body>Service temporarily unavailable</body></html>", "is not JSON: 'Service temporarily unavailable'"),
    (b"", "is empty"),
    (b"  \n", "is empty"),
    (b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}', "is not a SPARQL JSON result with one count"),
    (b'{"results": {"bindings": [{"n": {"value": "many"}}]}}', "is not a SPARQL JSON result with one count"),
    (b'[1, 2]', "is not a SPARQL JSON result with one count"),
    (b'\xff\xfe{', "is not JSON"),
])
def test_a_count_answer_that_is_not_a_count_is_one_sentence(fake, built_copy, answer, said):
    fake.count_answer = answer
    result = publish(fake, built_copy)
    assert result.returncode == 2
    message = one_sentence(result)
    assert f"to the triple count of <{STAGED[0]}> {said}" in message
    assert "nothing was replaced" in message and "the staging graphs were dropped" in message
    assert fake.graphs == {}  # staged, then dropped: the live graphs never came into being


def test_a_refused_write_leaves_the_live_graphs_untouched(fake, built_copy):
    fake.graphs = {ASSERTED: 7, INFERRED: 9}  # somebody's earlier publication
    fake.refuse = {STAGED[1]: 403}
    result = publish(fake, built_copy)
    assert result.returncode == 2
    message = one_sentence(result)
    assert f"The store refused PUT {fake.url}/store?graph=" in message
    assert "with HTTP 403 (check --user and --password): Forbidden No writes;" in message
    assert f"nothing was replaced: <{ASSERTED}> and <{INFERRED}> still hold their earlier triples" in message
    assert fake.graphs == {ASSERTED: 7, INFERRED: 9}


def test_a_refused_update_is_one_sentence(fake, built_copy):
    fake.refuse_update = ("", 401)
    result = publish(fake, built_copy, "--update", fake.url + "/update")
    assert result.returncode == 2
    message = one_sentence(result)
    assert f"The store refused POST {fake.url}/update with HTTP 401 (check --user and --password); " in message
    assert "staging graph" in message and "could not be dropped" in message  # the drops were refused too


def test_a_failed_swap_says_which_graph_holds_what(fake, built_copy, built):
    fake.graphs = {ASSERTED: 7, INFERRED: 9}
    fake.refuse = {INFERRED: 503}  # the staging PUTs pass, the second live one fails
    result = publish(fake, built_copy)
    assert result.returncode == 2
    message = one_sentence(result)
    assert "while replacing the live graphs" in message
    assert f"<{ASSERTED}> holds the new triples" in message
    assert f"<{INFERRED}> still holds its earlier 9 triples (the new ones wait in <{STAGED[1]}>)" in message
    assert fake.graphs[ASSERTED] == len(built.asserted) and fake.graphs[INFERRED] == 9


def test_a_refused_move_leaves_both_graphs_as_they_were_and_says_so(fake, built_copy, built):
    fake.graphs = {ASSERTED: 7, INFERRED: 9}
    fake.refuse_update = ("MOVE", 500)
    result = publish(fake, built_copy, "--update", fake.url + "/update")
    assert result.returncode == 2
    message = one_sentence(result)
    assert f"The store refused POST {fake.url}/update with HTTP 500 while replacing the live graphs;" in message
    assert f"<{ASSERTED}> still holds its earlier 7 triples (the new ones wait in <{STAGED[0]}>)" in message
    assert f"<{INFERRED}> still holds its earlier 9 triples (the new ones wait in <{STAGED[1]}>)" in message
    assert message.rstrip().endswith("run kg publish again to finish.")
    assert fake.graphs == {ASSERTED: 7, INFERRED: 9, STAGED[0]: len(built.asserted), STAGED[1]: len(built.inferred)}


def test_counts_that_differ_after_the_swap_exit_1(fake, built_copy, built):
    fake.miscount = {INFERRED: -1}  # the live graph comes back one short
    fake.graphs = {}
    result = publish(fake, built_copy, "--update", fake.url + "/update")
    assert result.returncode == 1
    assert f"<{INFERRED}> holds {len(built.inferred) - 1} triples, {len(built.inferred)} were sent." in one_sentence(result)


def test_a_store_that_does_not_answer_is_cut_off_by_the_timeout(fake, built_copy):
    fake.delay = 5
    started = time.monotonic()
    result = publish(fake, built_copy, timeout="0.5")
    assert time.monotonic() - started < 4.5  # the staging PUT, then the drops: each given up after 0.5 s
    assert result.returncode == 2
    message = one_sentence(result)
    assert f"The store did not answer PUT {fake.url}/store?graph=" in message
    assert "within 0.5 seconds (--timeout)" in message
    assert "could not be dropped and may hold part of the new triples" in message


def test_an_unreachable_store_is_one_sentence(built_copy):
    dead = f"http://127.0.0.1:{free_port()}"
    result = run_kg("publish", "--endpoint", dead + "/query", "--store", dead + "/store", cwd=built_copy)
    assert result.returncode == 2
    assert f"Cannot reach the store at {dead}/store?graph=" in one_sentence(result)


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf"])
def test_the_timeout_must_be_positive(built_copy, timeout):
    result = run_kg("publish", "--endpoint", "http://127.0.0.1:9/q", "--store", "http://127.0.0.1:9/s",
                    "--timeout", timeout, cwd=built_copy)
    assert result.returncode == 2
    assert "--timeout must be a positive number of seconds (below a million)." in one_sentence(result)


@pytest.mark.parametrize("base", ["http://x/> } ; DROP ALL ; #", "graph", "http://x/a b"])
def test_a_graph_base_that_would_bend_the_sparql_is_refused(fake, built_copy, base):
    result = run_kg("publish", "--endpoint", fake.url + "/query", "--update", fake.url + "/update",
                    "--graph", base, cwd=built_copy)
    assert result.returncode == 2
    assert "--graph must be an absolute IRI without spaces" in one_sentence(result)
    assert fake.requests == []


@pytest.fixture
def not_http():
    """A listener on 127.0.0.1 that answers every connection with a line that is not HTTP, then hangs up."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            with connection:
                connection.recv(65536)
                connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    worker.join(timeout=5)
    listener.close()


def test_a_store_that_does_not_speak_http_is_one_sentence(not_http, built_copy):
    result = run_kg("publish", "--endpoint", not_http + "/query", "--store", not_http + "/store",
                    "--timeout", "10", cwd=built_copy)
    assert result.returncode == 2
    message = one_sentence(result)
    # the listener writes junk and hangs up: depending on who is faster, the upload is cut (reset) or the
    # junk is read as a status line; either way one sentence naming the request
    assert (f"The store's answer to PUT {not_http}/store?graph=" in message and "is not valid HTTP" in message) or \
        f"Cannot reach the store at {not_http}/store?graph=" in message
