"""A ready Oxigraph store beside the built dumps, so that ``kg query`` opens
it instead of parsing Turtle each time.

The first query after a build loads ``dist/kg-inferred.ttl`` into an
on-disk store, ``dist/.store/kg-inferred.ttl-SIZE-MTIME/``; later queries
open that store read-only, which costs 10 to 20 ms whatever the size of the
graph. Parsing Turtle into memory costs about 28 ms a megabyte (and queries
run faster in memory), so a dump under MIN_BYTES is parsed instead: on the
curated graph (0.4 MB) that is 13 ms against 13 to 30 ms for the store,
measured side by side; at 1 MB the store is ahead, at a million triples by
seconds. The folder's name is the dump's key: its name, size in bytes
and modification time in nanoseconds (the quick check of make and rsync). If
the dump changes, the key changes and the next query makes a new store and
removes the old ones; ``kg build`` replaces ``dist/`` whole, and the store
with it.

A dump under MIN_BYTES gets a ready copy instead: the same triples as
N-Triples, ``dist/.store/kg-inferred.ttl-SIZE-MTIME.nt`` (same key, same
invalidation), written by the first query from the strictly parsed dump.
Later queries load it with ``lenient=True``, which skips re-checking IRIs
and language tags that the strict parse already checked: 7 ms against 11 ms
for the Turtle on the curated graph (measured). Its last line is a comment
with its triple count; a copy without it (cut short) or with another count
(damaged) is ignored and made again from the dump.

Several ``kg query`` runs may start at once: each one that finds no store
loads into its own temporary folder and renames it into place, which is
atomic; a run that loses the race drops its copy and opens the winner's. A
store folder is never written after it is renamed into place, so opening it
read-only is safe. A ready copy is written to a temporary file and renamed
over any earlier one, so a reader sees one whole copy or another. Where
``dist/`` cannot be written, the dump is parsed into memory each time."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: kg query runs without pathlib (kg.project)
    from pathlib import Path

FOLDER = ".store"
MIN_BYTES = 512 * 1024  # smaller dumps parse faster than a store opens (measured; see above)
FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD"}


def rdf_format(path):
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, FORMATS.get(os.path.splitext(path)[1], "TURTLE"))


def store_folder(dump) -> Path:
    """Where the ready store of ``dump`` is kept: its key is the dump's name, size and modification time."""
    from pathlib import Path

    return Path(_keyed(dump))


def _keyed(dump) -> str:
    """``dist/.store/NAME-SIZE-MTIME`` for the dump ``dist/NAME``, as a string (kg query does without pathlib)."""
    stat = os.stat(dump)
    folder, name = os.path.split(os.fspath(dump))
    return os.path.join(folder, FOLDER, f"{name}-{stat.st_size}-{stat.st_mtime_ns}")


def open_ready_store(dump, min_bytes: int = MIN_BYTES):
    """A read-only pyoxigraph Store holding ``dump``, made on first use; None for a dump under ``min_bytes``
    (parsing it is faster) or where no store can be kept."""
    import pyoxigraph as ox

    if os.stat(dump).st_size < min_bytes:
        return None
    from pathlib import Path

    dump = Path(dump)
    folder = store_folder(dump)
    if not folder.is_dir() and not _make(dump, folder):
        return None
    try:
        return ox.Store.read_only(str(folder))
    except OSError:  # removed or damaged meanwhile: the caller loads the dump into memory instead
        return None


def load_in_memory(dump, keep_copy: bool = True):
    """An in-memory pyoxigraph Store holding ``dump``: from its ready copy where there is a sound one, else
    parsed strictly (a syntax error is raised as pyoxigraph raises it) and, with ``keep_copy``, copied for next time."""
    import pyoxigraph as ox

    copy = _keyed(dump) + ".nt" if keep_copy else None
    store = _load_copy(copy) if keep_copy else None
    if store is None:
        store = ox.Store()
        store.load(path=str(dump), format=rdf_format(dump))
        if keep_copy:
            _write_copy(store, copy)
    return store


def ready_copy(dump) -> Path:
    """Where the ready copy of a small ``dump`` is kept: beside where its store would be, under the same key."""
    from pathlib import Path

    return Path(_keyed(dump) + ".nt")


def _trailer(count: int) -> bytes:
    return f"# kg ready copy: {count} triples\n".encode("ascii")


def _load_copy(copy: str):
    """The Store in ``copy``; None if it is missing, cut short or damaged."""
    import pyoxigraph as ox

    try:
        with open(copy, "rb") as stream:
            stream.seek(max(0, os.fstat(stream.fileno()).st_size - 64))
            last = stream.read().rsplit(b"\n", 2)[-2:]
        count = int(last[0].rsplit(b": ", 1)[-1].split(b" ")[0]) if len(last) == 2 and last[1] == b"" else -1
        if count < 0 or last[0] + b"\n" != _trailer(count):
            return None
        store = ox.Store()
        store.load(path=copy, format=ox.RdfFormat.N_TRIPLES, lenient=True)  # checked when the copy was made
    except (OSError, SyntaxError, ValueError):
        return None
    return store if len(store) == count else None


def _write_copy(store, copy: str) -> None:
    """Write ``store``'s triples to ``copy`` by a temporary file renamed into place; nothing where it cannot."""
    import tempfile

    import pyoxigraph as ox

    try:
        if not os.path.isdir(os.path.dirname(copy)):
            os.mkdir(os.path.dirname(copy))
        handle, staging = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(copy))
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            store.dump(output=stream, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            stream.write(_trailer(len(store)))
        os.chmod(staging, 0o644)  # mkstemp makes it private; dist/ is readable by all
        os.replace(staging, copy)
    except OSError:  # the disk is full, or dist/ went read-only: parsing the dump still works
        _remove(staging)
        return
    _remove_stale(copy)


def _make(dump: Path, folder: Path) -> bool:
    """Load ``dump`` into a new store at ``folder``; False if the folder cannot be written."""
    import shutil
    import tempfile

    import pyoxigraph as ox

    try:
        folder.parent.mkdir(exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; dist/ is readable by all
    except OSError:
        return False
    try:
        store = ox.Store(staging)
        store.bulk_load(path=str(dump), format=rdf_format(dump))
        store.optimize()  # compacted: a query at a million triples runs 3 times faster (9.2 s to 2.9 s, measured)
        store.flush()
        del store  # closes the database before it is renamed
        os.rename(staging, folder)
    except OSError:  # another run renamed its store into place first, or the disk is full
        shutil.rmtree(staging, ignore_errors=True)
        return folder.is_dir()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_stale(folder)
    return True


def _remove_stale(current) -> None:
    """Stores and copies of earlier versions of the same dump, and temporary files left by interrupted runs."""
    import time

    folder, name = os.path.split(os.fspath(current))
    prefix = name.rsplit("-", 2)[0] + "-"
    for other in os.listdir(folder):
        path = os.path.join(folder, other)
        stale = other.startswith(prefix) and other != name
        abandoned = other.startswith(".tmp-") and _age(path, time.time()) > 3600
        if stale or abandoned:
            _remove(path)


def _remove(path: str) -> None:
    """A store folder or a ready copy, if it can be removed."""
    import shutil

    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _age(path: str, now: float) -> float:
    try:
        return now - os.stat(path).st_mtime
    except OSError:
        return 0.0
