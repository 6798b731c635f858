"""Rows written before the chain covered them: what migration 0004 leaves, and what verify
can still prove about them (against their entries' hashes, kinds and payloads)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, delete, select, text, update
from sqlmodel import Session

from db import migrate
from db.audit.canonical import GENESIS
from db.audit.chain import compute_entry_hash
from db.models import AuditEntry, AuditSubject, Shortlist, ShortlistCandidate, ShortlistReveal
from tests.db.audit.conftest import CHOICE, KEY, History, People, findings, sql


def legacify(engine: Engine) -> None:
    """Make the history look as if written before 0004: no manifests, no row hashes, every
    entry signed the v1 way (the test holds the key; a real upgrade never re-signs)."""
    sql(
        engine,
        update(AuditSubject).values(row_hash=None),
        update(ShortlistCandidate).values(row_hash=None),
        update(ShortlistReveal).values(row_hash=None),
        update(Shortlist).values(row_hash=None, choice_hash=None),
    )
    with Session(engine) as s:
        prev = GENESIS
        for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all():  # type: ignore[arg-type]
            e.rows, e.rows_hash, e.prev_hash = None, None, prev
            e.entry_hash = compute_entry_hash(KEY, e)
            prev = e.entry_hash
        s.commit()


def test_legacy_history_verifies_and_its_tampering_still_shows(
    engine: Engine, history: History, people: People
) -> None:
    legacify(engine)
    assert findings(engine) == []
    entry6 = [int(i) for i in _scalars(engine, select(AuditEntry.id).where(AuditEntry.seq == 6))]
    sql(
        engine,
        delete(ShortlistReveal).where(ShortlistReveal.id == history.reveal),  # type: ignore[arg-type]
        update(ShortlistCandidate)
        .where(ShortlistCandidate.id == history.cands_a[1])  # type: ignore[arg-type]
        .values(pegawai_id=people.ids[11]),
        update(Shortlist)
        .where(Shortlist.id == history.list_b)  # type: ignore[arg-type]
        .values(**{**CHOICE, "chosen_pegawai_id": people.ids[6], "choice_entry_seq": 4}),
        delete(AuditSubject).where(AuditSubject.entry_id == entry6[0]),  # type: ignore[arg-type]
    )
    assert findings(engine) == [
        (2, "shortlist_candidate", history.cands_a[1]),  # against the search payload
        (3, "shortlist_reveal", None),  # a reveal entry without its reveal
        (4, "shortlist", history.list_b),  # a second choice on one choice entry
        (6, "audit_subject", None),  # against subjects_hash: the entry, not the row
    ]


def _scalars(engine: Engine, stmt: object) -> list[object]:
    with Session(engine) as s:
        return list(s.scalars(stmt).all())  # type: ignore[call-overload]


def test_upgrade_points_old_candidates_at_their_list_entry(engine: Engine) -> None:
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO shortlist (id, ref, created_at, entry_seq, actor_type, actor_id, "
                "blind, rendered_hash, config_hash, model, index_version, data_snapshot, pool) "
                "VALUES (41, 'SL-2026-000041', CURRENT_TIMESTAMP, 17, 'telegram', '7', "
                "TRUE, 'r', 'c', 'm', 'v', 's', '{}')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO shortlist_candidate (shortlist_id, rank, pegawai_id, eligible) "
                "VALUES (41, 1, 5, TRUE), (41, 2, 6, FALSE)"
            )
        )
    migrate.upgrade(engine)
    rows = _scalars(engine, select(ShortlistCandidate).order_by(ShortlistCandidate.rank))  # type: ignore[arg-type]
    assert [(c.entry_seq, c.row_hash) for c in rows] == [(17, None), (17, None)]  # type: ignore[attr-defined]
