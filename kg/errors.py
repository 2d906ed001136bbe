"""Errors the command line turns into one sentence and an exit code.

Exit codes follow DESIGN.md: 0 success, 1 validation or check failure,
2 bad input or usage.
"""


class KgError(Exception):
    """An error with a message meant for the user."""

    exit_code = 2


class UsageError(KgError):
    """The command was called wrongly."""


class InputError(KgError):
    """A source file cannot be read or parsed."""


class OutputError(KgError):
    """An output file or folder cannot be written where the user asked."""


class ValidationFailed(KgError):
    """The graph breaks a shape or an integrity check."""

    exit_code = 1
