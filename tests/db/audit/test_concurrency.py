"""Concurrent writers must leave one valid chain (threads on both backends, processes on SQLite)."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db.audit import Actor, AuditKind, AuditLog, Subject, verify_chain
from db.engine import make_engine
from db.models import AuditEntry
from db.settings import DatabaseSettings
from tests.db.audit.conftest import KEY, PPK


def _seqs(engine: Engine) -> list[int]:
    with Session(engine) as s:
        return list(s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all())


def test_threads_leave_one_chain(engine: Engine, audit: AuditLog) -> None:
    writers, per_writer = 4, 8
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(w: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                audit.record(AuditKind.SEARCH, PPK, {"w": w, "i": i}, [Subject(w * 100 + i, 1)])
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _seqs(engine) == list(range(1, writers * per_writer + 1))
    report = verify_chain(engine, KEY)
    assert report.ok, report.problem
    assert report.entries == writers * per_writer


def _process_writer(url: str, worker: int, count: int, go: object) -> None:
    engine = make_engine(DatabaseSettings(url=url))
    log = AuditLog(engine, KEY, lock_timeout_s=30)
    go.wait()  # type: ignore[attr-defined]
    for i in range(count):
        log.record(AuditKind.PROFILE_VIEW, Actor.cli(f"proc{worker}"), {"i": i}, [worker])
    engine.dispose()


@pytest.mark.slow
def test_two_processes_on_sqlite_leave_one_chain(sqlite_engine: Engine, tmp_path: Path) -> None:
    url = str(sqlite_engine.url)
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    procs = [ctx.Process(target=_process_writer, args=(url, w, 15, go)) for w in range(2)]
    for p in procs:
        p.start()
    go.set()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert _seqs(sqlite_engine) == list(range(1, 31))
    report = verify_chain(sqlite_engine, KEY)
    assert report.ok, report.problem


def test_unique_seq_is_the_backstop(engine: Engine, audit: AuditLog) -> None:
    audit.record(AuditKind.SEARCH, PPK, {"q": 1})
    with Session(engine) as s:
        first = s.scalars(select(AuditEntry)).one()
        s.add(
            AuditEntry(
                **{k: getattr(first, k) for k in AuditEntry.model_fields if k not in ("id",)}
            )
        )
        with pytest.raises(IntegrityError):
            s.commit()
