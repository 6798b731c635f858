"""Tamper evidence: every kind of edit a database administrator could make is caught."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, select, update
from sqlmodel import Session

from db.audit import AuditLog, read_anchors, verify_chain, write_anchor
from db.audit.canonical import GENESIS, json_hash
from db.audit.chain import compute_entry_hash
from db.models import AuditEntry, AuditSubject
from tests.db.audit.conftest import KEY, seed_entries


def _entries(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all())


def test_untouched_chain_verifies(engine: Engine, audit: AuditLog) -> None:
    refs = seed_entries(audit, 5)
    report = verify_chain(engine, KEY)
    assert report.ok, report.problem
    assert report.entries == 5
    assert (report.head_seq, report.head_hash) == (5, refs[-1].entry_hash)
    assert report.kinds == {"search": 2, "profile_view": 2, "import": 1}
    entries = _entries(engine)
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))


def test_empty_chain_verifies(engine: Engine) -> None:
    report = verify_chain(engine, KEY)
    assert report.ok and report.entries == 0 and report.head_hash == GENESIS


def _tamper(engine: Engine, seq: int, **values: object) -> None:
    with engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(**values))


def test_each_changed_field_is_caught_at_its_entry(engine: Engine, audit: AuditLog) -> None:
    seed_entries(audit, 5)
    original = {e.seq: e for e in _entries(engine)}[3]
    changes: list[dict[str, object]] = [
        {"actor_role": "admin"},
        {"actor_id": "99"},
        {"actor_instansi": "KJB"},
        {"kind": "reveal"},
        {"ts": original.ts + timedelta(seconds=1)},
        {"payload": {"i": 2, "query": "diubah", "skor": [0.7, 0.25]}},
        {"payload_hash": "0" * 64},
        {"subjects_hash": "0" * 64},
        {"prev_hash": "1" * 64},
        {"entry_hash": "2" * 64},
    ]
    restore = {k: getattr(original, k) for change in changes for k in change}
    for change in changes:
        _tamper(engine, 3, **change)
        report = verify_chain(engine, KEY)
        assert [p.seq for p in report.problems] == [3], (change, report.problems)
        assert report.entries == 5  # the walk goes on: one finding, at the entry changed
        _tamper(engine, 3, **{k: restore[k] for k in change})
        assert verify_chain(engine, KEY).ok


def test_changed_or_removed_subject_is_caught(engine: Engine, audit: AuditLog) -> None:
    seed_entries(audit, 5)
    entry_id = _entries(engine)[1].id
    with Session(engine) as s:
        first, second = s.scalars(
            select(AuditSubject.id)
            .where(AuditSubject.entry_id == entry_id)
            .order_by(AuditSubject.id)  # type: ignore[arg-type]
        ).all()
    with engine.begin() as conn:
        conn.execute(update(AuditSubject).where(AuditSubject.id == first).values(pegawai_id=555))
    [problem] = verify_chain(engine, KEY).problems
    assert (problem.seq, problem.table, problem.row_id) == (2, "audit_subject", first)
    assert "diubah" in problem.reason
    with engine.begin() as conn:
        conn.execute(delete(AuditSubject).where(AuditSubject.entry_id == entry_id))
    problems = verify_chain(engine, KEY).problems
    assert [(p.seq, p.table, p.row_id) for p in problems] == [
        (2, "audit_subject", first),
        (2, "audit_subject", second),
    ]
    assert all("dihapus" in p.reason for p in problems)


def test_deleted_entry_is_caught(engine: Engine, audit: AuditLog) -> None:
    seed_entries(audit, 5)
    victim = _entries(engine)[2]
    with engine.begin() as conn:
        conn.execute(delete(AuditSubject).where(AuditSubject.entry_id == victim.id))
        conn.execute(delete(AuditEntry).where(AuditEntry.id == victim.id))
    report = verify_chain(engine, KEY)
    assert report.problem is not None
    assert report.problem.seq == 3 and "hilang" in report.problem.reason
    assert len(report.problems) == 1 and report.entries == 4


def _forge(prev: AuditEntry, seq: int, key: bytes) -> AuditEntry:
    forged = AuditEntry(
        seq=seq,
        ts=prev.ts + timedelta(milliseconds=1),
        kind="search",
        actor_type="telegram",
        actor_id="7",
        actor_role="ppk",
        actor_instansi="PROV",
        payload={"query": "disisipkan"},
        payload_hash=json_hash({"query": "disisipkan"}),
        subjects_hash=json_hash([]),
        prev_hash=prev.entry_hash,
        entry_hash="",
    )
    forged.entry_hash = compute_entry_hash(key, forged)
    return forged


def test_inserted_entry_is_caught(engine: Engine, audit: AuditLog) -> None:
    seed_entries(audit, 5)
    entries = _entries(engine)
    with engine.begin() as conn:  # make room at seq 3, as an attacker would
        conn.execute(update(AuditEntry).where(AuditEntry.seq >= 3).values(seq=AuditEntry.seq + 100))
        conn.execute(
            update(AuditEntry).where(AuditEntry.seq >= 100).values(seq=AuditEntry.seq - 99)
        )
    with Session(engine) as s:
        s.add(_forge(entries[1], 3, b"attacker-guess-of-the-key-000000"))
        s.commit()
    report = verify_chain(engine, KEY)
    assert report.problem is not None and report.problem.seq == 3
    assert "HMAC" in report.problem.reason


def test_appended_forgery_is_caught(engine: Engine, audit: AuditLog) -> None:
    seed_entries(audit, 5)
    with Session(engine) as s:
        s.add(_forge(_entries(engine)[-1], 6, b"attacker-guess-of-the-key-000000"))
        s.commit()
    problem = verify_chain(engine, KEY).problem
    assert problem is not None and problem.seq == 6


def _rewrite(engine: Engine, key: bytes, from_seq: int) -> None:
    """Rewrite every entry from ``from_seq`` on with ``key``, links recomputed end to end."""
    with Session(engine) as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all())
        prev = rows[from_seq - 2].entry_hash if from_seq > 1 else GENESIS
        for e in rows[from_seq - 1 :]:
            if e.payload is not None:
                e.payload = {**e.payload, "query": "ditulis ulang"}
                e.payload_hash = json_hash(e.payload)
            e.prev_hash = prev
            e.entry_hash = compute_entry_hash(key, e)
            prev = e.entry_hash
        s.commit()


def test_rewrite_without_the_key_fails_hmac_and_anchor(
    engine: Engine, audit: AuditLog, tmp_path: Path
) -> None:
    seed_entries(audit, 5)
    anchor_file = tmp_path / "anchor.jsonl"
    write_anchor(engine, anchor_file)
    _rewrite(engine, b"attacker-has-no-key-000000000000", from_seq=1)
    problem = verify_chain(engine, KEY, read_anchors(anchor_file)).problem
    assert problem is not None and problem.seq == 1 and "HMAC" in problem.reason


def test_rewrite_by_a_key_holder_is_caught_by_the_anchor(
    engine: Engine, audit: AuditLog, tmp_path: Path
) -> None:
    seed_entries(audit, 5)
    anchor_file = tmp_path / "anchor.jsonl"
    write_anchor(engine, anchor_file)
    seed_entries(audit, 2)
    write_anchor(engine, anchor_file)
    _rewrite(engine, KEY, from_seq=2)
    assert verify_chain(engine, KEY).ok  # the HMAC alone cannot see this …
    problem = verify_chain(engine, KEY, read_anchors(anchor_file)).problem
    assert problem is not None  # … the first anchor after the rewrite point does
    assert problem.seq == 5 and "jangkar" in problem.reason


def test_truncated_tail_is_caught_by_the_anchor(
    engine: Engine, audit: AuditLog, tmp_path: Path
) -> None:
    seed_entries(audit, 5)
    anchor_file = tmp_path / "anchor.jsonl"
    anchor = write_anchor(engine, anchor_file)
    assert anchor.seq == 5 and oct(anchor_file.stat().st_mode & 0o777) == "0o600"
    last = _entries(engine)[-1]
    with engine.begin() as conn:
        conn.execute(delete(AuditSubject).where(AuditSubject.entry_id == last.id))
        conn.execute(delete(AuditEntry).where(AuditEntry.id == last.id))
    assert verify_chain(engine, KEY).ok
    report = verify_chain(engine, KEY, read_anchors(anchor_file))
    assert report.problem is not None and report.problem.seq == 5
    assert "dihapus" in report.problem.reason


def test_wrong_key_fails_at_the_first_entry(engine: Engine, audit: AuditLog) -> None:
    seed_entries(audit, 2)
    problem = verify_chain(engine, b"another-deployment-key-000000000").problem
    assert problem is not None and problem.seq == 1
