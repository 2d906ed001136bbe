"""Progress lines for the benchmark on a terminal; silent otherwise."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


@contextmanager
def progress(label: str):
    started = time.perf_counter()
    if sys.stderr.isatty():
        print(f"{label} …", end="", file=sys.stderr, flush=True)
    try:
        yield
    finally:
        if sys.stderr.isatty():
            print(f" {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
