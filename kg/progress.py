"""Stage-by-stage progress on a terminal; silent when stderr is not one."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class Progress:
    def __init__(self, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        if self.enabled:
            print(f"{name} …", end="", file=self.stream, flush=True)
        try:
            yield
        finally:
            if self.enabled:
                print(f" {time.perf_counter() - started:.2f} s", file=self.stream, flush=True)
