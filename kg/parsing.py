"""argparse, kept lean for ``kg query``'s start-up (benchmarks/query_speed.py):
only the sub-command being run gets its parser built, and help is formatted
without importing shutil."""

from __future__ import annotations

import argparse
import os
import sys


class Formatter(argparse.HelpFormatter):
    """argparse's help formatter, measuring the terminal with os alone: argparse builds one for every
    argument it adds, and its own measure imports shutil, which kg query's start-up can do without."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _terminal_width() if width is None else width)


def _terminal_width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns - 2, 20)


class Commands(argparse._SubParsersAction):
    """The subcommands; with ``only`` set, the others' parsers are not built (kg query starts sooner)."""

    only: str | None = None

    def add_parser(self, name, **kwargs):
        if self.only is not None and name != self.only:
            return _Unbuilt()
        return super().add_parser(name, **kwargs)


class _Unbuilt:
    """Stands for a subcommand's parser that is not needed: every call on it does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self
