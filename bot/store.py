"""Embedded persistence: dialogue state and language preference in one SQLite file.

Only opaque dialogue state (JSON from the dialogue layer), its timestamps and a language
code are stored: never names, usernames or free text typed by the user.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, one process by convention
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "DB_FILENAME",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreWriteError",
    "StoredDialogue",
]

DB_FILENAME = "bonemet.sqlite3"

logger = logging.getLogger("bonemet.store")

# One entry per schema version: migration i takes user_version i to i + 1. Append, never edit.
# STRICT tables make SQLite reject values of the wrong type instead of storing them anyway.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """
        CREATE TABLE dialogues (
            chat_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            data TEXT NOT NULL,
            started_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (chat_id, user_id)
        ) STRICT
        """,
        "CREATE INDEX dialogues_by_user ON dialogues (user_id)",
        "CREATE INDEX dialogues_by_age ON dialogues (updated_at)",
        """
        CREATE TABLE languages (
            user_id INTEGER PRIMARY KEY,
            lang TEXT NOT NULL
        ) STRICT
        """,
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)

# A language tag such as "fr" or "en-GB": short and shaped so that no free text fits.
_LANG_RE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,2}")


class StoreError(Exception):
    """The database file cannot be used (e.g. written by a newer version, or not writable)."""


class StoreLocked(StoreError):
    """Another process already uses this data directory (held until that process ends)."""


class StoreWriteError(StoreError):
    """A write failed (full disk, read-only file system, I/O error); none of it was kept.

    Each write is one statement or one transaction, so a failed write leaves the file as
    it was before it: the handlers tell the user that their answer could not be saved.
    """


def _lock_data_dir(path: Path) -> int | None:
    """Take the exclusive lock next to the database for this process's lifetime; its fd.

    flock, not fcntl's record locks: it is released when the file is closed or the
    process dies (even by SIGKILL), and a second Store in the same process conflicts too.
    """
    if fcntl is None:  # pragma: no cover
        return None
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise StoreLocked(
            f"{path.parent} is in use by another bonemet process (pid {holder}): "
            "stop it first, or give this one another BONEMET_DATA_DIR"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _owner_only(path: Path) -> None:
    """Create the database file 0600 (SQLite gives its -wal and -shm files the database
    file's mode); tighten one left readable by others by an older version."""
    directory = path.parent
    os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600))
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            file = directory / name
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)


@dataclass(frozen=True)
class StoredDialogue:
    """One chat's dialogue state for one user, as stored."""

    chat_id: int
    user_id: int
    data: str
    started_at: float
    updated_at: float


class Store:
    """Dialogue state and language preferences in a SQLite file; every write is committed."""

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        Raises StoreLocked if another process uses the same file, StoreError if the data
        directory cannot be created or written.
        """
        self.path = path
        # The connection may be used from worker threads (asyncio.to_thread): one at a time.
        self._lock = threading.Lock()
        self._closed = False
        try:
            if not path.parent.is_dir():
                # Owner-only when we create it; an existing directory is the operator's choice.
                path.parent.parent.mkdir(parents=True, exist_ok=True)
                path.parent.mkdir(mode=0o700, exist_ok=True)
            self._lock_fd = _lock_data_dir(path)
        except OSError as error:
            raise StoreError(
                f"cannot use the data directory {path.parent}: {error.strerror or error}"
            ) from None
        try:
            try:
                _owner_only(path)
                # Autocommit (isolation_level=None): each statement commits on its own, and
                # the few multi-statement writes use an explicit transaction.
                self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            except (OSError, sqlite3.Error) as error:
                reason = error.strerror if isinstance(error, OSError) else str(error)
                raise StoreError(f"cannot open {path}: {reason or error}") from None
            self._configure()
        except BaseException:
            self._release()
            raise

    def _configure(self) -> None:
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL, not FULL: in WAL mode a commit then survives a crash or SIGKILL of the
            # process (it is in the WAL file), only a power loss may undo the last ones. FULL
            # adds an fsync per tap, taken on the event loop: a profile of the bot under load
            # (py-spy, bench/bench_bot.py) found 11 % of its time waiting in it, holding up
            # every other clinician's tap. Deletions (/forget, expiry) are made durable by
            # the TRUNCATE checkpoint that follows them, which syncs the WAL and the file.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            # Deleted rows are overwritten with zeros instead of lingering in free pages.
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.execute("PRAGMA busy_timeout = 5000")
            # 256 KiB of page cache instead of SQLite's 2 MiB: an update reads and writes one
            # row by its key (a few pages), the operating system caches the file anyway, and
            # the 2 MiB stayed resident after a burst of users (bench/bench_load.py, C).
            self._conn.execute("PRAGMA cache_size = -256")
            self._migrate()
        except StoreWriteError as error:
            self._conn.close()
            raise StoreError(f"cannot write {self.path}: {error.__cause__}") from None
        except sqlite3.DatabaseError as error:
            self._conn.close()
            raise StoreError(f"cannot use {self.path}: {error}") from None
        except BaseException:
            self._conn.close()
            raise

    def _release(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # releases the flock

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Store:
        """Open the store file ``bonemet.sqlite3`` inside ``data_dir``."""
        return cls(data_dir / DB_FILENAME)

    def __enter__(self) -> Store:
        """Return the store itself; closing happens on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """The connection for one write statement: a failure becomes StoreWriteError.

        In autocommit mode a statement is its own transaction: SQLite undoes all of it if
        it fails (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR...).
        """
        with self._lock:
            try:
                yield self._conn
            except sqlite3.ProgrammingError:  # a closed store: a bug, not the disk
                raise
            except sqlite3.DatabaseError as error:
                raise StoreWriteError(
                    f"write to {self.path.name} failed: {error.sqlite_errorname}"
                ) from error

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Several statements, all or nothing (a failed COMMIT is rolled back too)."""
        with self._writing() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    def _migrate(self) -> None:
        with self._transaction() as conn:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema version {version}, newer than this program's "
                    f"{SCHEMA_VERSION}: upgrade bonemet"
                )
            for number, migration in enumerate(_MIGRATIONS[version:], start=version + 1):
                for statement in migration:
                    conn.execute(statement)
                # PRAGMA does not take parameters; number is our own int.
                conn.execute(f"PRAGMA user_version = {number:d}")

    def _checkpoint(self) -> None:
        # Old page images of deleted rows live on in the WAL until a checkpoint; truncating
        # it right after a deletion makes the deletion real on disk, not just logically.
        try:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as error:
            # The deletion itself is committed; the next checkpoint will overwrite the bytes.
            logger.warning("checkpoint after a deletion failed: %s", error.sqlite_errorname)

    def get_dialogue(self, chat_id: int, user_id: int) -> StoredDialogue | None:
        """Return the stored dialogue of ``user_id`` in ``chat_id``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT chat_id, user_id, data, started_at, updated_at FROM dialogues"
                " WHERE chat_id = ? AND user_id = ?",
                (chat_id, user_id),
            ).fetchone()
        return None if row is None else StoredDialogue(*row)

    def put_dialogue(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        *,
        now: float | None = None,
        restart: bool = False,
    ) -> None:
        """Save a dialogue; ``started_at`` is kept unless ``restart`` or the row is new."""
        stamp = time.time() if now is None else now
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO dialogues (chat_id, user_id, data, started_at, updated_at)"
                " VALUES (:chat_id, :user_id, :data, :now, :now)"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET"
                "  data = excluded.data,"
                "  updated_at = excluded.updated_at,"
                "  started_at = CASE WHEN :restart THEN excluded.started_at ELSE started_at END",
                {
                    "chat_id": chat_id,
                    "user_id": user_id,
                    "data": data,
                    "now": stamp,
                    "restart": restart,
                },
            )

    def update_dialogue(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        *,
        now: float | None = None,
        restart: bool = False,
    ) -> bool:
        """Save a dialogue only if it is still stored; return whether it was.

        One statement, so a dialogue deleted meanwhile (/forget, the sweep) is never
        brought back by an update that began before the deletion.
        """
        stamp = time.time() if now is None else now
        with self._writing() as conn:
            cursor = conn.execute(
                "UPDATE dialogues SET data = :data, updated_at = :now,"
                "  started_at = CASE WHEN :restart THEN :now ELSE started_at END"
                " WHERE chat_id = :chat_id AND user_id = :user_id",
                {
                    "chat_id": chat_id,
                    "user_id": user_id,
                    "data": data,
                    "now": stamp,
                    "restart": restart,
                },
            )
        return cursor.rowcount > 0

    def delete_dialogue(self, chat_id: int, user_id: int) -> bool:
        """Delete one dialogue; return whether there was one."""
        with self._writing() as conn:
            cursor = conn.execute(
                "DELETE FROM dialogues WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
            )
        return cursor.rowcount > 0

    def dialogues_of_user(self, user_id: int) -> list[StoredDialogue]:
        """Return every stored dialogue of ``user_id``, most recently updated first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT chat_id, user_id, data, started_at, updated_at FROM dialogues"
                " WHERE user_id = ? ORDER BY updated_at DESC, chat_id",
                (user_id,),
            ).fetchall()
        return [StoredDialogue(*row) for row in rows]

    def dialogues_in_chat(self, chat_id: int) -> list[StoredDialogue]:
        """Return every stored dialogue in ``chat_id`` (a group holds one per member playing)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT chat_id, user_id, data, started_at, updated_at FROM dialogues"
                " WHERE chat_id = ? ORDER BY updated_at DESC, user_id",
                (chat_id,),
            ).fetchall()
        return [StoredDialogue(*row) for row in rows]

    def get_lang(self, user_id: int) -> str | None:
        """Return the language code chosen by ``user_id``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT lang FROM languages WHERE user_id = ?", (user_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_lang(self, user_id: int, lang: str) -> None:
        """Remember the language code (e.g. "fr") chosen by ``user_id``."""
        if not _LANG_RE.fullmatch(lang):
            # Deliberately without the value: this column must never receive free text.
            raise ValueError("lang must be a language tag such as 'fr' or 'en-GB'")
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO languages (user_id, lang) VALUES (?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang",
                (user_id, lang),
            )

    def forget_user(self, user_id: int) -> int:
        """Delete every dialogue and the language of ``user_id``; return the rows deleted."""
        with self._transaction() as conn:
            dialogues = conn.execute("DELETE FROM dialogues WHERE user_id = ?", (user_id,))
            languages = conn.execute("DELETE FROM languages WHERE user_id = ?", (user_id,))
            deleted = dialogues.rowcount + languages.rowcount
        with self._lock:
            self._checkpoint()
        return deleted

    def sweep(self, *, older_than_seconds: float, now: float | None = None) -> int:
        """Delete dialogues not updated for ``older_than_seconds``; return how many."""
        if older_than_seconds < 0:
            raise ValueError("older_than_seconds must be >= 0")
        cutoff = (time.time() if now is None else now) - older_than_seconds
        with self._writing() as conn:
            deleted = conn.execute("DELETE FROM dialogues WHERE updated_at < ?", (cutoff,)).rowcount
        if deleted:
            with self._lock:
                self._checkpoint()
        return deleted

    def close(self) -> None:
        """Close the database; further calls fail, closing twice is harmless."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
                self._release()
