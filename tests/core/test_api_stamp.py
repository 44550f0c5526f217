"""The SQLite data stamp of the API read cache (core.api_common._SqliteGeneration) on a database file: one
watching connection per process, so a commit moves the stamp once, whichever thread reads it, and nothing else
moves it. (The suite's own database is in memory, where the request's connection still counts: those paths are
covered through the API in test_api_cache.py.)"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nsatu.core.api_common import _SqliteGeneration


class _Wrapper:
    """What the stamp reads of Django's SQLite connection wrapper for a file database."""

    def __init__(self, path: Path) -> None:
        self.settings_dict = {"NAME": path}

    def is_in_memory_db(self) -> bool:
        return False

    def cursor(self) -> None:
        raise AssertionError("a watched file database is not read through the request's connection")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    path = tmp_path / "db.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE line (text TEXT)")
    yield path, writer
    writer.close()


def test_without_a_commit_every_thread_reads_the_same_stamp(
    database: tuple[Path, sqlite3.Connection],
) -> None:
    path, _writer = database
    generation = _SqliteGeneration()
    first = generation.current(_Wrapper(path))
    stamps = []

    def read() -> None:
        # each thread of a worker has its own wrapper and connection: none of them is a change
        stamps.append(generation.current(_Wrapper(path)))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stamps == [first] * 4
    assert generation.current(_Wrapper(path)) == first


def test_a_commit_moves_the_stamp_once(database: tuple[Path, sqlite3.Connection]) -> None:
    path, writer = database
    generation = _SqliteGeneration()
    before = generation.current(_Wrapper(path))
    writer.execute("INSERT INTO line VALUES ('a')")
    after = generation.current(_Wrapper(path))
    assert after != before
    assert (
        generation.current(_Wrapper(path)) == after
    )  # noticed once, by whichever thread looked first
    writer.execute("BEGIN")
    writer.execute("INSERT INTO line VALUES ('b')")
    assert generation.current(_Wrapper(path)) == after  # not committed: nothing to see yet
    writer.execute("COMMIT")
    assert generation.current(_Wrapper(path)) not in {before, after}


def test_a_commit_by_the_process_itself_moves_it_too(
    database: tuple[Path, sqlite3.Connection],
) -> None:
    """The watch never writes, so a write of the process's own request connections is another's commit to it."""
    path, _writer = database
    generation = _SqliteGeneration()
    before = generation.current(_Wrapper(path))
    own = sqlite3.connect(path, isolation_level=None)
    own.execute("INSERT INTO line VALUES ('mine')")
    own.close()
    assert generation.current(_Wrapper(path)) != before


def test_a_forked_worker_opens_its_own_watch_and_stamp(
    database: tuple[Path, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _writer = database
    generation = _SqliteGeneration()
    parent = generation.current(_Wrapper(path))
    inherited = generation._watch
    monkeypatch.setattr(os, "getpid", lambda: 999_999_999)
    child = generation.current(_Wrapper(path))
    assert child is not None and child != parent and ":999999999:" in child
    assert generation._watch is not inherited
    assert (
        inherited is not None and inherited[2] in generation._inherited
    )  # left open, never closed
