"""Embedded persistence: dialogue state and language preference in one SQLite file.

Only opaque dialogue state (JSON from the dialogue layer), its timestamps and a language
code are stored: never names, usernames or free text typed by the user.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

__all__ = ["DB_FILENAME", "SCHEMA_VERSION", "Store", "StoreError", "StoredDialogue"]

DB_FILENAME = "bonemet.sqlite3"

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
    """The database file cannot be used (e.g. written by a newer version)."""


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
        """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Autocommit (isolation_level=None): each statement commits on its own, and the few
        # multi-statement writes use an explicit transaction, so nothing waits for a later commit.
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        # The connection may be used from worker threads (asyncio.to_thread): one at a time.
        self._lock = threading.Lock()
        self._closed = False
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            # FULL, not NORMAL: in WAL mode NORMAL survives a process crash or SIGTERM but may
            # lose the last commits on power loss, which could bring back a dialogue the user
            # asked us to forget. Writes are one small row per tap, so the fsync costs nothing.
            self._conn.execute("PRAGMA synchronous = FULL")
            # Deleted rows are overwritten with zeros instead of lingering in free pages.
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.execute("PRAGMA busy_timeout = 5000")
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

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
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

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
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

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
        with self._lock:
            self._conn.execute(
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
        with self._lock:
            cursor = self._conn.execute(
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
        with self._lock:
            cursor = self._conn.execute(
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
        with self._lock:
            self._conn.execute(
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
        with self._lock:
            deleted = self._conn.execute(
                "DELETE FROM dialogues WHERE updated_at < ?", (cutoff,)
            ).rowcount
            if deleted:
                self._checkpoint()
        return deleted

    def close(self) -> None:
        """Close the database; further calls fail, closing twice is harmless."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
