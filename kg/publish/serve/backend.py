"""The engine behind ``kg serve``: the Oxigraph server (PyPI ``oxigraph``),
read-only on a private loopback port, loaded once with the built graph.

It is watched: if it dies, grows past its memory limit, or keeps a core busy
for a query the front has given up on, it is restarted on the same store
(which takes well under a second). Its threads get a large stack
(``RUST_MIN_STACK``), so that a long chain of OPTIONALs or path steps within
the query guard's size limit cannot overflow it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from ...errors import KgError, UsageError

THREAD_STACK = 512 * 1024 * 1024  # bytes of address space per engine thread, used only as needed
#: Oxigraph's --timeout-s starts a thread for each query that sleeps for the whole timeout, even after a
#: query of a millisecond; each thread takes four memory mappings, and at Linux's default limit of 65,530
#: the engine aborts. So past this many threads (a thousand queries a second for 10 s) new queries wait.
CROWDED = 10_000
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _die_with_parent() -> None:
    """In the engine's process before it starts: be killed if kg serve dies, even by SIGKILL (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise UsageError("kg serve needs the Oxigraph server: pip install 'ai-safety-kg[serve]' (it comes with the test extra).")
    return found


def backend_timeout(timeout: float) -> int:
    """The engine's --timeout-s for kg serve's --timeout: whole seconds, at least one."""
    return max(1, int(round(timeout)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from /proc (0 where there is no /proc or no such process)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def thread_count(pid: int) -> int:
    """Threads of a process, from /proc (0 where there is none)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("Threads:")), 0)
    except (OSError, ValueError, IndexError):
        return 0


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


class Backend:
    """The Oxigraph server on a private port; ``restart()`` brings it back on the same store."""

    def __init__(self, dump: Path, timeout: float):
        self.folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        self.binary = oxigraph_binary()
        self.timeout = timeout
        self.lock = threading.Lock()
        self.ready = threading.Event()  # set while the engine is up and listening
        self.generation = 0  # counts restarts; a failed request restarts only the engine it used
        self.restarts = 0
        self.why = ""  # why it was last restarted
        self.on_change = None  # called when the engine goes down or comes up (kg serve --workers shares it)
        loaded = subprocess.run([self.binary, "load", "--location", str(self.folder / "store"), "--file", str(dump)],
                                capture_output=True, text=True)
        if loaded.returncode:
            lines = loaded.stderr.strip().splitlines() or ["no message"]
            shutil.rmtree(self.folder, ignore_errors=True)
            raise KgError(f"oxigraph could not load {dump}: {lines[-1]}")
        self.process: subprocess.Popen | None = None
        self._start()

    def _start(self) -> None:
        self.port = free_port()
        env = {**os.environ, "RUST_MIN_STACK": str(THREAD_STACK)}
        self.process = subprocess.Popen(
            [self.binary, "serve-read-only", "--location", str(self.folder / "store"),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(backend_timeout(self.timeout))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, preexec_fn=_die_with_parent)
        for _ in range(400):
            if self.process.poll() is not None:
                raise KgError("the oxigraph server stopped while starting")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D", timeout=1).read()
                self.ready.set()
                self._changed()
                return
            except OSError:
                time.sleep(0.025)
        raise KgError("the oxigraph server did not start")

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self, generation: int | None = None, why: str = "stopped") -> None:
        """Stop the engine and start it again, unless it was already restarted since ``generation``."""
        with self.lock:
            if generation is not None and generation != self.generation:
                return
            self.why = why
            self.generation += 1  # first: a request that loses its engine now can tell why
            self.restarts += 1
            self.ready.clear()
            self._changed()
            self._stop()
            self._start()

    def _stop(self) -> None:
        if self.process is None:
            return
        self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class Watchdog:
    """Decides, four times a second, whether the engine must be restarted.

    It must if it died, if its resident memory passed the limit, or if it
    kept a core busy for ``grace`` seconds while the front had no request on
    it after giving up on one (a query still being planned or evaluated for
    nobody: Oxigraph's own timeout does not cover query planning)."""

    def __init__(self, backend: Backend, memory_bytes: int, grace: float):
        self.backend = backend
        self.memory_bytes = memory_bytes
        self.grace = grace
        self.crowded = False  # the engine holds so many threads that new queries must wait (see CROWDED)
        self.in_flight = 0
        self.abandoned_at: float | None = None
        self.idle_since: float | None = None
        self._cpu = (time.monotonic(), cpu_seconds(backend.pid), backend.pid)

    def reason(self) -> str | None:
        backend = self.backend
        if backend.lock.locked():
            return None  # being restarted right now
        if not backend.alive():
            return "stopped"
        if (rss := rss_bytes(backend.pid)) > self.memory_bytes:
            return f"memory: {rss // (1024 * 1024)} MiB resident"
        return self._abandoned()

    def _abandoned(self) -> str | None:
        """Busy (a quarter of a core or more) since a query was given up, with no request on it for ``grace`` s."""
        pid, now = self.backend.pid, time.monotonic()
        cpu = cpu_seconds(pid)
        then, before, last_pid = self._cpu
        self._cpu = (now, cpu, pid)
        if pid != last_pid or self.abandoned_at is None:
            self.idle_since = None
            return None
        if (cpu - before) / max(now - then, 1e-3) < 0.25:
            self.idle_since = self.idle_since or now
            if now - self.idle_since >= 1.0:  # idle for a second: whatever was given up has ended
                self.abandoned_at = self.idle_since = None
            return None
        self.idle_since = None
        if self.in_flight == 0 and now - self.abandoned_at > self.grace:
            return "abandoned query"
        return None

    def check(self) -> str | None:
        """Restart the engine if it must be; why, or None. Also note whether it is crowded."""
        self.crowded = thread_count(self.backend.pid) > CROWDED
        generation = self.backend.generation
        why = self.reason()
        if why:
            self.backend.restart(generation, why)
            self.abandoned_at = None
        return why
