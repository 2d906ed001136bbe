"""``kg serve --workers N``: N front processes on one port, in front of one
engine, owned by one supervisor.

The supervisor (the process ``kg serve`` starts as) opens one listening
socket for each worker on the same port (SO_REUSEPORT: the kernel spreads
new connections evenly among them; ``server.listen_all`` says why not one
shared socket), loads and starts the engine, then forks the workers. Each
runs the same application under uvicorn on its own socket. Only the
supervisor restarts the engine: it runs the watchdog, so there is one
watchdog, never N at cross purposes. What the watchdog needs from the
workers (queries in flight, when one was last given up) and what the
workers need from it (the engine's port, generation, readiness, whether it
is crowded) are a few numbers in memory shared across the fork. A worker
that finds the engine dead asks the supervisor to restart it and waits.

A worker that dies is replaced (on the same socket, which the supervisor
holds, so connections waiting in it are kept); if workers keep dying, the server stops
with a message. SIGTERM or Ctrl-C stops the workers, then the engine; a
worker whose supervisor is killed outright ends too (Linux's parent-death
signal, as for the engine)."""

from __future__ import annotations

import mmap
import os
import signal
import sys
import time

from ...errors import KgError
from .backend import Backend, Watchdog

PORT, GENERATION, READY, PID, CROWDED, WANTED = range(6)  # the shared numbers, then two for each worker
WHY_BYTES = 120
TICK = 0.05  # s between the supervisor's looks at its workers and at restart requests
CHECK_EVERY = 5  # ticks between watchdog checks: four times a second, as with one front process
DEATHS, DEATH_WINDOW = 5, 60.0  # this many workers dying within this many seconds stops the server
MAX_WORKERS = 64
STOP_GRACE = 5.0  # s a worker gets to finish its answers after SIGTERM (uvicorn's own grace is 2 s)


def default_workers() -> int:
    """Front processes for this host: one per two cores, at least two where there are two cores, at most 8;
    one core gets one. On two cores, two fronts answered the 50-row instruments query faster than one in 5 of
    6 side-by-side runs (the README gives the figures); bigger hosts leave half their cores to the engine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if cores < 2 else min(8, max(2, cores // 2))


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs (not ended, not a zombie awaiting its parent)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


class Shared:
    """The numbers the supervisor and its workers share, in an anonymous shared mapping made before the fork."""

    def __init__(self, workers: int):
        size = 8 * (6 + 2 * workers)
        self.memory = mmap.mmap(-1, size + WHY_BYTES)  # MAP_SHARED: the workers see the supervisor's writes
        self.numbers = memoryview(self.memory)[:size].cast("d")
        self.numbers[WANTED] = -1

    def publish(self, backend: Backend) -> None:
        """Write where the engine is; readiness last when it comes up, first when it goes down."""
        numbers, ready = self.numbers, backend.ready.is_set()
        if not ready:
            numbers[READY] = 0
        numbers[PORT], numbers[PID], numbers[GENERATION] = backend.port, backend.pid, backend.generation
        self.memory[-WHY_BYTES:] = backend.why.encode("utf-8")[:WHY_BYTES].ljust(WHY_BYTES, b"\0")
        if ready:
            numbers[READY] = 1

    @property
    def why(self) -> str:
        return self.memory[-WHY_BYTES:].rstrip(b"\0").decode("utf-8", errors="replace")

    def slot(self, worker: int) -> int:
        return 6 + 2 * worker


class _Ready:
    def __init__(self, numbers):
        self.numbers = numbers

    def is_set(self) -> bool:
        return bool(self.numbers[READY])

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.numbers[READY] and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.is_set()


class EngineView:
    """The engine as a worker sees it: what ``Service`` uses of a ``Backend``, read from shared memory;
    restarting it is asking the supervisor, which checks for itself that the engine is down."""

    def __init__(self, shared: Shared, timeout: float):
        self.shared, self.numbers, self.timeout = shared, shared.numbers, timeout
        self.ready = _Ready(shared.numbers)

    @property
    def port(self) -> int:
        return int(self.numbers[PORT])

    @property
    def pid(self) -> int:
        return int(self.numbers[PID])

    @property
    def generation(self) -> int:
        return int(self.numbers[GENERATION])

    @property
    def why(self) -> str:
        return self.shared.why

    def alive(self) -> bool:
        return process_alive(self.pid)

    def restart(self, generation: int | None = None, why: str = "stopped") -> None:
        """Ask for a restart of engine ``generation``; wait until the supervisor has dealt with it."""
        numbers = self.numbers
        numbers[WANTED] = self.generation if generation is None else generation
        deadline = time.monotonic() + self.timeout
        while numbers[WANTED] != -1 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.ready.wait(max(0.0, deadline - time.monotonic()))


class WorkerWatch:
    """A worker's side of the watchdog: its queries in flight and when it last gave one up, for the
    supervisor to read; whether the engine is crowded, as the supervisor found."""

    def __init__(self, shared: Shared, worker: int):
        self.numbers, self.slot = shared.numbers, shared.slot(worker)

    @property
    def in_flight(self) -> int:
        return int(self.numbers[self.slot])

    @in_flight.setter
    def in_flight(self, value: int) -> None:
        self.numbers[self.slot] = value

    @property
    def abandoned_at(self) -> float | None:
        return self.numbers[self.slot + 1] or None

    @abandoned_at.setter
    def abandoned_at(self, value: float | None) -> None:
        self.numbers[self.slot + 1] = value or 0.0  # time.monotonic() is one clock for every process (Linux)

    @property
    def crowded(self) -> bool:
        return bool(self.numbers[CROWDED])


class SharedWatchdog(Watchdog):
    """The supervisor's watchdog: the queries in flight are all workers' together, a query given up is the
    latest any worker gave up since the watchdog last cleared that, and its crowded verdict is shared."""

    def __init__(self, backend: Backend, memory_bytes: int, grace: float, shared: Shared, workers: int):
        self.shared, self.workers, self._cleared = shared, workers, 0.0
        super().__init__(backend, memory_bytes, grace)

    def _slots(self):
        return [self.shared.slot(worker) for worker in range(self.workers)]

    @property
    def in_flight(self) -> int:
        return int(sum(self.shared.numbers[slot] for slot in self._slots()))

    @in_flight.setter
    def in_flight(self, value: int) -> None:
        pass  # the workers count their own

    @property
    def abandoned_at(self) -> float | None:
        latest = max(self.shared.numbers[slot + 1] for slot in self._slots())
        return latest if latest > self._cleared else None

    @abandoned_at.setter
    def abandoned_at(self, value: float | None) -> None:
        if value is None:
            self._cleared = time.monotonic()

    @property
    def crowded(self) -> bool:
        return bool(self.shared.numbers[CROWDED])

    @crowded.setter
    def crowded(self, value: bool) -> None:
        self.shared.numbers[CROWDED] = float(value)


def _say(message: str) -> None:
    print(f"kg serve: {message}", file=sys.stderr, flush=True)


class Supervisor:
    """Forks a worker for each of ``sockets``, each running ``front(view, watch, socket)`` (the application under
    uvicorn) until it is stopped; keeps them running, and the engine with its watchdog, until SIGTERM or Ctrl-C."""

    def __init__(self, backend: Backend, sockets: list, memory_bytes: int, front):
        self.backend, self.sockets, self.front = backend, sockets, front
        self.count = count = len(sockets)
        self.shared = Shared(count)
        self.watchdog = SharedWatchdog(backend, memory_bytes, 2.0, self.shared, count)
        backend.on_change = lambda: self.shared.publish(backend)
        self.shared.publish(backend)
        self.pids: dict[int, int] = {}  # worker pid: its slot
        self.deaths: list[float] = []
        self.stopping = False

    def run(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        try:
            for worker in range(self.count):
                self._fork(worker)
            tick = 0
            while True:
                time.sleep(TICK)
                if self.stopping:  # Ctrl-C reaches the engine too: it is not restarted on the way out
                    break
                tick += 1
                self._reap()
                self._restart_if_asked()
                if tick % CHECK_EVERY == 0:
                    self._check()
        finally:
            self._stop_workers()

    def _stop(self, signum, frame) -> None:
        self.stopping = True

    def _fork(self, worker: int) -> None:
        numbers, slot = self.shared.numbers, self.shared.slot(worker)
        numbers[slot] = numbers[slot + 1] = 0.0  # a dead worker's queries are not in flight any more
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.pids[pid] = worker
            return
        code = 1
        try:  # the worker: never returns into the supervisor's code (which would stop the engine)
            _die_with(parent)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, _interrupt)
            own = self.sockets[worker]
            for other in self.sockets:
                if other is not own:
                    other.close()
            self.front(EngineView(self.shared, self.backend.timeout), WorkerWatch(self.shared, worker), own)
            code = 0
        except KeyboardInterrupt:
            code = 0
        except BaseException as error:  # one line, as the single-process server says it
            _say(f"a worker failed: {type(error).__name__}: {error}")
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _reap(self) -> None:
        """Replace a worker that ended; stop the server if they keep ending."""
        for pid, worker in list(self.pids.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if not done or self.stopping:
                continue
            del self.pids[pid]
            now = time.monotonic()
            self.deaths = [t for t in self.deaths if now - t < DEATH_WINDOW] + [now]
            if len(self.deaths) >= DEATHS:
                self.stopping = True
                raise KgError(f"the front workers keep ending ({DEATHS} within {DEATH_WINDOW:g} s, the last "
                              f"{_ending(status)}), so kg serve stopped.")
            _say(f"a front worker {_ending(status)}; starting another.")
            self._fork(worker)

    def _restart_if_asked(self) -> None:
        numbers, backend = self.shared.numbers, self.backend
        if numbers[WANTED] == -1:
            return
        try:
            if int(numbers[WANTED]) == backend.generation and not backend.alive():  # the worker said why
                backend.restart(backend.generation)
        except Exception as error:  # the engine would not start again: say so, the watchdog keeps trying
            _say(f"the query engine could not be restarted: {error}")
        finally:
            numbers[WANTED] = -1

    def _check(self) -> None:
        try:
            why = self.watchdog.check()
        except Exception as error:
            _say(f"the query engine could not be restarted: {error}")
            return
        if why:
            _say(f"the query engine was restarted ({why}).")

    def _stop_workers(self) -> None:
        """SIGTERM to every worker; after STOP_GRACE, SIGKILL to any left; every one reaped."""
        for pid in self.pids:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        while self.pids and time.monotonic() < deadline:
            for pid in list(self.pids):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    del self.pids[pid]
            time.sleep(0.02)
        for pid in self.pids:
            _signal(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.pids.clear()


def _interrupt(signum, frame):  # uvicorn re-raises SIGTERM after its graceful shutdown: end here, not by it
    raise KeyboardInterrupt


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"was ended by signal {os.WTERMSIG(status)}"
    return f"exited with status {os.waitstatus_to_exitcode(status)}"


def _die_with(parent: int) -> None:
    """In a worker: get SIGTERM when the supervisor dies, even by SIGKILL (Linux); end now if it already has."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(0)
