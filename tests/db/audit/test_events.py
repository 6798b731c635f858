"""The typed recorders other rooms call, and the append lock's timeout."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlmodel import Session

from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    ChainLockTimeout,
    Subject,
    access_history,
    config_hash,
    record_change,
    record_import,
    record_profile_view,
    record_refusal,
    record_search,
    verify_chain,
)
from db.audit.chain import PG_LOCK_KEY
from db.engine import make_engine
from db.models import AuditEntry
from db.settings import DatabaseSettings
from tests.db.audit.conftest import HR, KEY, PPK


def test_recorders_shape_payloads_and_subjects(engine: Engine, audit: AuditLog) -> None:
    cfg = config_hash({"bobot": {"jpm": 0.6, "kinerja": 0.4}, "skema_jpm": "A"})
    assert cfg == config_hash({"skema_jpm": "A", "bobot": {"kinerja": 0.4, "jpm": 0.6}})
    search = record_search(
        audit,
        actor=HR,
        request={"q": "perencana"},
        shown=[Subject(5, 1, 0.7), Subject(6, 2, 0.6)],
        model="m",
        index_version="v",
        data_snapshot="s",
        config_hash=cfg,
    )
    view = record_profile_view(audit, actor=HR, pegawai_id=5, view="profil")
    record_import(
        audit,
        actor=Actor.cli("op"),
        files={"pegawai.csv": "ab" * 32},
        counts={"created": 2, "updated": 1, "ended": 0, "moved": 0},
        instansi="PROV",
        affected=[5, 6],
    )
    record_change(
        audit,
        actor=HR,
        kind=AuditKind.WEIGHTS_CHANGE,
        what="bobot peringkat",
        before={"jpm": 0.5},
        after={"jpm": 0.6},
        reason="keputusan tim",
    )
    record_refusal(
        audit, actor=PPK, action="profile", reason="di luar instansi", target={"pegawai_id": 99}
    )
    with pytest.raises(ValueError):
        record_change(audit, actor=HR, kind=AuditKind.SEARCH, what="x", before=1, after=2)
    with Session(engine) as s:
        kinds = s.scalars(select(AuditEntry.kind).order_by(AuditEntry.seq)).all()
        history = access_history(s, 5)
    assert kinds == ["search", "profile_view", "import", "weights_change", "refusal"]
    # The import touched employee 5 but showed them to nobody: not in their access history.
    assert [e.seq for e in history] == [view.seq, search.seq]
    assert verify_chain(engine, KEY).ok


def test_a_writer_waiting_too_long_gets_a_clear_error(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        impatient = make_engine(DatabaseSettings(url=str(engine.url), sqlite_busy_timeout_ms=200))
        hold = "BEGIN IMMEDIATE"
    else:
        impatient = engine
        hold = f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"
    audit = AuditLog(impatient, KEY, lock_timeout_s=0.2)
    with engine.connect() as other:
        if engine.dialect.name == "sqlite":
            other.exec_driver_sql(hold)
        else:
            other.execute(text(hold))
        with pytest.raises(ChainLockTimeout):
            audit.record(AuditKind.SEARCH, PPK, {"q": 1})
        other.rollback()
    audit.record(AuditKind.SEARCH, PPK, {"q": 2})
    assert verify_chain(engine, KEY).entries == 1
    if impatient is not engine:
        impatient.dispose()
