"""Reading a text file someone gave us: UTF-8 or one sentence saying why not."""

from __future__ import annotations

from .errors import InputError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: kg query runs without pathlib (kg.project)
    from pathlib import Path


def read_utf8(path: Path, shown_as: str, hint: str = "") -> str:
    """The file's text; an InputError naming ``shown_as`` if it is missing, unreadable or not UTF-8."""
    try:
        with open(path, "rb") as stream:  # a str or a Path: kg query does without pathlib
            return stream.read().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown_as}: file not found.") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{shown_as}: not UTF-8 text (byte {error.start}){hint}.") from None
    except OSError as error:
        raise InputError(f"{shown_as}: cannot be read: {error.strerror or error}.") from None
