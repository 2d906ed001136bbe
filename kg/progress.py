"""Stage-by-stage progress on a terminal; silent when stderr is not one."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class Progress:
    """Each stage as whole lines, when it starts and when it ends: the build runs two stages at once
    (kg.build.pipeline), and a line begun by one must not be finished by the other."""

    def __init__(self, stream=None, enabled: bool | None = None):
        import threading

        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.lock = threading.Lock()

    def say(self, line: str) -> None:
        if self.enabled:
            with self.lock:
                print(line, file=self.stream, flush=True)

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        self.say(f"{name} …")
        try:
            yield
        finally:
            self.say(f"{name}: {time.perf_counter() - started:.2f} s")
