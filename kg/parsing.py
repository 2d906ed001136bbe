"""argparse, kept lean for ``kg query``'s start-up (benchmarks/query_speed.py):
only the sub-command being run gets its parser built, and help is formatted
without importing shutil."""

from __future__ import annotations

import argparse
import os
import sys

from . import SOURCE, __version__
from .errors import UsageError


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


class VersionAction(argparse.Action):
    """``kg --version``, printed as one unwrapped line."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"kg {__version__} (ai-safety-kg dataset {__version__}, read from {SOURCE})")
        parser.exit(0)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        raise UsageError(f"{message} (see 'kg {self.prog.split()[-1]} --help')." if " " in self.prog else f"{message} (see 'kg --help').")
