"""Tests of bot.store: the SQLite file holding dialogue state and language preferences."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import (
    DB_FILENAME,
    SCHEMA_VERSION,
    Store,
    StoredDialogue,
    StoreError,
    StoreLocked,
    StoreWriteError,
)

MARKER = "Forget-Me-7f3a9c"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path in a folder that does not exist yet."""
    return tmp_path / "data" / "nested" / DB_FILENAME


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An open store, closed after the test."""
    with Store(db_path) as opened:
        yield opened


def raw_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows read through a fresh sqlite3 connection, bypassing Store entirely."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_in_data_dir_creates_the_folder_and_file(tmp_path: Path) -> None:
    """in_data_dir creates missing folders and the file bonemet.sqlite3 inside."""
    data_dir = tmp_path / "a" / "b"
    with Store.in_data_dir(data_dir) as store:
        assert store.path == data_dir / "bonemet.sqlite3"
    assert (data_dir / "bonemet.sqlite3").is_file()


def test_schema_is_exactly_the_documented_one(store: Store, db_path: Path) -> None:
    """Only ids, opaque state, timestamps and a language code have a column: nowhere for a name."""
    tables = {
        name: [column[1] for column in raw_rows(db_path, f"PRAGMA table_info({name})")]
        for (name,) in raw_rows(
            db_path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    }
    assert tables == {
        "dialogues": ["chat_id", "user_id", "data", "started_at", "updated_at"],
        "languages": ["user_id", "lang"],
    }
    assert raw_rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_wal_mode_is_on(store: Store, db_path: Path) -> None:
    """The file is in WAL mode, so a crash mid-write leaves the last commit intact."""
    assert raw_rows(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_dialogue_round_trip(store: Store) -> None:
    """A saved dialogue reads back identically, and missing ones read as None."""
    data = json.dumps({"score": "tokuhashi", "answers": [1, 2]})
    store.put_dialogue(-100123, 42, data, now=1000.0)
    assert store.get_dialogue(-100123, 42) == StoredDialogue(-100123, 42, data, 1000.0, 1000.0)
    assert store.get_dialogue(-100123, 43) is None
    assert store.get_dialogue(42, 42) is None


def test_update_keeps_started_at_unless_restart(store: Store) -> None:
    """Updating keeps the start time; restart=True resets it for a new dialogue."""
    store.put_dialogue(1, 2, '{"step": 1}', now=100.0)
    store.put_dialogue(1, 2, '{"step": 2}', now=150.0)
    assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, '{"step": 2}', 100.0, 150.0)
    store.put_dialogue(1, 2, '{"step": 0}', now=200.0, restart=True)
    assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, '{"step": 0}', 200.0, 200.0)


def test_update_dialogue_writes_only_a_stored_dialogue(store: Store) -> None:
    """update_dialogue changes a stored dialogue, never brings back a deleted one."""
    store.put_dialogue(1, 2, '{"step": 1}', now=100.0)
    assert store.update_dialogue(1, 2, '{"step": 2}', now=150.0) is True
    assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, '{"step": 2}', 100.0, 150.0)
    assert store.update_dialogue(1, 2, '{"step": 0}', now=200.0, restart=True) is True
    assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, '{"step": 0}', 200.0, 200.0)
    store.delete_dialogue(1, 2)
    assert store.update_dialogue(1, 2, '{"step": 3}', now=250.0) is False
    assert store.get_dialogue(1, 2) is None


def test_put_without_now_uses_the_clock(store: Store) -> None:
    """Without now=, timestamps come from the wall clock."""
    store.put_dialogue(1, 2, "{}")
    dialogue = store.get_dialogue(1, 2)
    assert dialogue is not None
    assert dialogue.started_at == dialogue.updated_at > 1_600_000_000


def test_delete_dialogue(store: Store) -> None:
    """delete_dialogue removes one dialogue and says whether it existed."""
    store.put_dialogue(1, 2, "{}", now=1.0)
    store.put_dialogue(1, 3, "{}", now=1.0)
    assert store.delete_dialogue(1, 2) is True
    assert store.delete_dialogue(1, 2) is False
    assert store.get_dialogue(1, 2) is None
    assert store.get_dialogue(1, 3) is not None


def test_dialogues_of_user_spans_chats(store: Store) -> None:
    """dialogues_of_user lists the user's dialogues in every chat, most recent first."""
    store.put_dialogue(10, 7, '{"a": 1}', now=1.0)
    store.put_dialogue(-20, 7, '{"b": 2}', now=3.0)
    store.put_dialogue(10, 8, '{"c": 3}', now=2.0)
    assert [(d.chat_id, d.data) for d in store.dialogues_of_user(7)] == [
        (-20, '{"b": 2}'),
        (10, '{"a": 1}'),
    ]
    assert store.dialogues_of_user(9) == []


def test_language_preference(store: Store) -> None:
    """The language code is stored per user and can be changed."""
    assert store.get_lang(7) is None
    store.set_lang(7, "fr")
    store.set_lang(8, "en-GB")
    store.set_lang(7, "en")
    assert (store.get_lang(7), store.get_lang(8)) == ("en", "en-GB")


@pytest.mark.parametrize("lang", ["", "f", "Dr Jean Dupont", "fr; DROP TABLE", "x" * 40])
def test_language_rejects_free_text(store: Store, lang: str) -> None:
    """Anything but a short language tag is refused, so the column cannot hold free text."""
    with pytest.raises(ValueError, match="language tag"):
        store.set_lang(7, lang)
    assert store.get_lang(7) is None


def test_everything_survives_a_restart(db_path: Path) -> None:
    """Data written before closing is read back by a new Store on the same file."""
    with Store(db_path) as store:
        store.put_dialogue(1, 2, '{"x": 1}', now=5.0)
        store.set_lang(2, "fr")
    with Store(db_path) as store:
        assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, '{"x": 1}', 5.0, 5.0)
        assert store.get_lang(2) == "fr"


def test_writes_are_committed_immediately(store: Store, db_path: Path) -> None:
    """Another connection sees each write at once: a SIGTERM right after loses nothing."""
    store.put_dialogue(1, 2, '{"x": 1}', now=5.0)
    store.set_lang(2, "fr")
    assert raw_rows(db_path, "SELECT chat_id, user_id, data FROM dialogues") == [(1, 2, '{"x": 1}')]
    assert raw_rows(db_path, "SELECT user_id, lang FROM languages") == [(2, "fr")]


def test_forget_user_deletes_only_that_user(store: Store) -> None:
    """forget_user removes the user's dialogues in every chat and language, nobody else's."""
    store.put_dialogue(1, 7, "{}", now=1.0)
    store.put_dialogue(2, 7, "{}", now=1.0)
    store.put_dialogue(1, 8, "{}", now=1.0)
    store.set_lang(7, "fr")
    store.set_lang(8, "en")

    assert store.forget_user(7) == 3

    assert store.dialogues_of_user(7) == []
    assert store.get_lang(7) is None
    assert store.get_dialogue(1, 8) is not None
    assert store.get_lang(8) == "en"
    assert store.forget_user(7) == 0


def assert_not_on_disk(db_path: Path, needle: str) -> None:
    """Fail if any file of the database (main file, WAL, shared memory) contains needle."""
    files = list(db_path.parent.glob(DB_FILENAME + "*"))
    assert db_path in files
    for file in files:
        assert needle.encode() not in file.read_bytes(), file.name


def test_forgotten_data_is_gone_from_disk(db_path: Path) -> None:
    """After forget_user the data is neither readable on reopening nor left in the raw files."""
    with Store(db_path) as store:
        store.put_dialogue(1, 7, json.dumps({"note": MARKER}), now=1.0)
        store.put_dialogue(2, 7, json.dumps({"note": MARKER}), now=1.0)
        store.put_dialogue(1, 8, json.dumps({"note": "kept"}), now=1.0)
        store.set_lang(7, "fr")
        assert store.forget_user(7) == 3
        # Checked while still open, as in a long-running bot: without secure_delete and a WAL
        # checkpoint the bytes would linger in free pages or in the write-ahead log.
        assert_not_on_disk(db_path, MARKER)

    with Store(db_path) as store:
        assert store.dialogues_of_user(7) == []
        assert store.get_lang(7) is None
        assert store.get_dialogue(1, 8) is not None
    assert raw_rows(db_path, "SELECT count(*) FROM dialogues WHERE user_id = 7") == [(0,)]
    assert raw_rows(db_path, "SELECT count(*) FROM languages WHERE user_id = 7") == [(0,)]
    assert raw_rows(db_path, "SELECT data FROM dialogues") == [('{"note": "kept"}',)]
    assert_not_on_disk(db_path, MARKER)


def test_swept_data_is_gone_from_disk(store: Store, db_path: Path) -> None:
    """Expired dialogues removed by sweep leave no bytes behind in the database files."""
    store.put_dialogue(1, 7, json.dumps({"note": MARKER}), now=1.0)
    store.put_dialogue(1, 8, "{}", now=1000.0)
    assert store.sweep(older_than_seconds=10.0, now=1000.0) == 1
    assert_not_on_disk(db_path, MARKER)


def test_sweep_deletes_only_expired_dialogues(store: Store) -> None:
    """sweep deletes dialogues last updated before the cutoff and keeps the rest and languages."""
    store.put_dialogue(1, 1, "{}", now=100.0)
    store.put_dialogue(2, 2, "{}", now=100.0)
    store.put_dialogue(2, 2, "{}", now=250.0)  # started long ago, but recently active
    store.put_dialogue(3, 3, "{}", now=200.0)  # exactly at the cutoff: kept
    store.set_lang(1, "fr")

    assert store.sweep(older_than_seconds=100.0, now=300.0) == 1

    assert store.get_dialogue(1, 1) is None
    assert store.get_dialogue(2, 2) is not None
    assert store.get_dialogue(3, 3) is not None
    assert store.get_lang(1) == "fr"
    assert store.sweep(older_than_seconds=100.0, now=300.0) == 0


def test_sweep_rejects_a_negative_age(store: Store) -> None:
    """A negative age is a bug in the caller, not a request to delete the future."""
    with pytest.raises(ValueError, match="older_than_seconds"):
        store.sweep(older_than_seconds=-1.0)


async def test_concurrent_use_from_tasks_and_threads(store: Store) -> None:
    """Interleaved writes from many asyncio tasks and worker threads all land, none lost."""

    async def worker(user_id: int) -> None:
        for step in range(20):
            data = json.dumps({"step": step})
            if step % 2:
                await asyncio.to_thread(store.put_dialogue, 1, user_id, data, now=float(step))
            else:
                store.put_dialogue(1, user_id, data, now=float(step))
            await asyncio.sleep(0)
            current = store.get_dialogue(1, user_id)
            assert current is not None
            assert json.loads(current.data) == {"step": step}
        await asyncio.to_thread(store.set_lang, user_id, "fr")

    await asyncio.gather(*(worker(user_id) for user_id in range(30)))

    for user_id in range(30):
        assert store.get_dialogue(1, user_id) == StoredDialogue(
            1, user_id, json.dumps({"step": 19}), 0.0, 19.0
        )
        assert store.get_lang(user_id) == "fr"


def test_newer_schema_is_refused(db_path: Path) -> None:
    """A file written by a newer version is refused rather than misread."""
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="upgrade"):
        Store(db_path)


def test_close_is_idempotent_and_final(db_path: Path) -> None:
    """Closing twice is harmless, and using a closed store fails loudly."""
    store = Store(db_path)
    store.close()
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.get_dialogue(1, 2)


# -- one process per data directory, owner-only files, failed writes -------------------------


def test_a_second_store_on_the_same_file_is_refused(db_path: Path) -> None:
    """The lock is held while the store is open, names the holder, and goes with close()."""
    with Store(db_path) as first:
        first.put_dialogue(1, 2, "{}")
        with pytest.raises(StoreLocked) as refused:
            Store(db_path)
        message = str(refused.value)
        assert str(db_path.parent) in message
        assert f"pid {os.getpid()}" in message
        assert "BONEMET_DATA_DIR" in message
        assert first.get_dialogue(1, 2) is not None  # the first one is untouched
    with Store(db_path) as again:
        assert again.get_dialogue(1, 2) is not None
    assert raw_rows(db_path, "PRAGMA integrity_check") == [("ok",)]


HOLD = """
import sys, time
from pathlib import Path
from bot.store import Store
store = Store(Path(sys.argv[1]))
print("open", flush=True)
time.sleep(60)
"""


def test_another_process_is_refused_until_the_holder_dies(db_path: Path) -> None:
    """A second process gets StoreLocked; once the first is SIGKILLed the lock is free."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreLocked, match=f"pid {holder.pid}"):
            Store(db_path)
    finally:
        holder.kill()  # SIGKILL: no cleanup code runs in the holder
        holder.wait()
    with Store(db_path) as store:
        store.put_dialogue(1, 2, "{}")
    assert raw_rows(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_data_directory_and_files_are_owner_only(tmp_path: Path) -> None:
    """A data directory the store creates is 0700; the database, its WAL and lock are 0600."""
    data_dir = tmp_path / "fresh" / "bonemet"
    with Store.in_data_dir(data_dir) as store:
        store.put_dialogue(1, 2, "{}")
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        files = sorted(p.name for p in data_dir.iterdir())
        assert files == [
            DB_FILENAME,
            DB_FILENAME + "-shm",
            DB_FILENAME + "-wal",
            DB_FILENAME + ".lock",
        ]
        for path in data_dir.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_database_left_readable_by_others_is_tightened(db_path: Path) -> None:
    """A file created world-readable by an older version is made 0600 on opening."""
    Store(db_path).close()
    db_path.chmod(0o644)
    with Store(db_path):
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_an_unusable_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    """A data directory that cannot be created: StoreError naming it, not a traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot use the data directory"):
        Store.in_data_dir(blocker / "data")


def test_a_full_disk_keeps_the_previous_state_whole(store: Store, db_path: Path) -> None:
    """SQLITE_FULL on a write: StoreWriteError, the row as it was, the file intact."""
    store.put_dialogue(1, 2, json.dumps({"step": 1}), now=1.0)
    (pages,) = store._conn.execute("PRAGMA page_count").fetchone()
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    with pytest.raises(StoreWriteError, match="SQLITE_FULL"):
        store.put_dialogue(1, 2, json.dumps({"step": 2, "pad": "x" * 200_000}), now=2.0)
    with pytest.raises(StoreWriteError):
        store.put_dialogue(3, 4, json.dumps({"pad": "y" * 200_000}))
    assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, json.dumps({"step": 1}), 1.0, 1.0)
    assert store.get_dialogue(3, 4) is None
    store._conn.execute("PRAGMA max_page_count = 1073741823")  # space again
    store.put_dialogue(1, 2, json.dumps({"step": 2}), now=2.0)
    assert raw_rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert raw_rows(db_path, "SELECT data FROM dialogues") == [(json.dumps({"step": 2}),)]


def test_a_read_only_database_refuses_every_write_with_one_error(store: Store) -> None:
    """Read-only (here: SQLite's query_only): every write is StoreWriteError, reads work."""
    store.put_dialogue(1, 2, "{}", now=1.0)
    store.set_lang(2, "fr")
    store._conn.execute("PRAGMA query_only = ON")
    writes = [
        lambda: store.put_dialogue(1, 2, '{"a": 1}'),
        lambda: store.update_dialogue(1, 2, '{"a": 1}'),
        lambda: store.delete_dialogue(1, 2),
        lambda: store.set_lang(2, "en"),
        lambda: store.forget_user(2),
        lambda: store.sweep(older_than_seconds=0),
    ]
    for write in writes:
        with pytest.raises(StoreWriteError, match="SQLITE_READONLY"):
            write()
    assert store.get_dialogue(1, 2) == StoredDialogue(1, 2, "{}", 1.0, 1.0)
    assert store.get_lang(2) == "fr"


def test_forget_is_all_or_nothing(store: Store, db_path: Path) -> None:
    """If forgetting fails half-way, nothing is deleted (one transaction), and it says so."""
    store.put_dialogue(1, 2, "{}")
    store.set_lang(2, "fr")
    conn = sqlite3.connect(db_path)
    conn.execute(
        "CREATE TRIGGER fail_languages BEFORE DELETE ON languages"
        " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreWriteError):
        store.forget_user(2)
    assert store.get_dialogue(1, 2) is not None
    assert store.get_lang(2) == "fr"
