"""Configuration changes recorded at start-up: once per change, however many workers start."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.config.audit_hooks import record_config_changes
from bot.config.settings import Settings, load_settings
from db.audit import AuditLog, verify_chain
from db.audit.events import CHANGE_KINDS
from db.engine import make_engine
from db.models import AuditEntry
from db.settings import DatabaseSettings

KEY = b"test-audit-key-0123456789abcdef0123456789"


def _changes(engine: Engine) -> list[str]:
    kinds = [k.value for k in CHANGE_KINDS]
    with Session(engine) as s:
        rows = s.exec(
            select(AuditEntry).where(AuditEntry.kind.in_(kinds)).order_by(AuditEntry.seq)  # type: ignore[attr-defined]
        ).scalars()
        return [str((e.payload or {})["what"]) for e in rows]


def _start_workers(engine: Engine, settings: Settings, workers: int) -> list[int]:
    """``workers`` processes' start-up, each with its own engine, released at the same moment."""
    url = engine.url.render_as_string(hide_password=False)
    gate = threading.Barrier(workers)
    counts: list[int] = []
    errors: list[BaseException] = []

    def start() -> None:
        own = make_engine(DatabaseSettings(url=url))
        try:
            audit = AuditLog(own, KEY, lock_timeout_s=30)
            gate.wait()
            counts.append(len(record_config_changes(audit, settings)))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=start) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return sorted(counts)


def test_workers_starting_together_record_each_change_once(engine: Engine) -> None:
    settings = load_settings()
    # The first start of four workers: each watched setting recorded once, by one of them.
    assert _start_workers(engine, settings, 4) == [0, 0, 0, 3]
    assert sorted(_changes(engine)) == ["jpm_scheme", "ninebox", "ranking_weights"]

    # A changed JPM setting, then four workers again: one new entry, and nothing else.
    merit = settings.merit.model_copy(update={"jpm_dibatasi": not settings.merit.jpm_dibatasi})
    changed = settings.model_copy(update={"merit": merit})
    assert _start_workers(engine, changed, 4) == [0, 0, 0, 1]
    assert _changes(engine)[3:] == ["jpm_scheme"]

    report = verify_chain(engine, KEY)
    assert report.ok, report.problem
    assert report.entries == 4
