"""Tampering with the rows beside the chain: each edit is named by entry seq, table and row id.

Every test builds the same small history on a real database (SQLite and PostgreSQL), makes
one edit a database administrator could make with plain SQL, and asserts the exact findings
of ``verify_chain``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, insert, null, select, update
from sqlmodel import Session

from db.audit import AuditLog, AuditSettings, purge_due, verify_chain
from db.models import AuditEntry, AuditSubject, Shortlist, ShortlistCandidate, ShortlistReveal
from tests.db.audit.conftest import (
    CHOICE,
    HR,
    KEY,
    History,
    People,
    findings,
    reasons,
    row_ids,
    sql,
)

SETTINGS = AuditSettings()


# -- payloads purged before their time ------------------------------------------------------


def test_payload_nulled_with_a_made_up_purge_date(engine: Engine, history: History) -> None:
    sql(
        engine,
        update(AuditEntry)
        .where(AuditEntry.seq == 6)  # type: ignore[arg-type]
        .values(payload=null(), purged_at=datetime.now(UTC)),
    )
    assert findings(engine) == [(6, None, None)]
    assert "tanpa entri retensi" in reasons(engine)


def test_payload_nulled_under_a_real_retention_run_but_too_young(
    engine: Engine, audit: AuditLog, history: History
) -> None:
    # A real run 731 days on purges the searches (730 days) and nothing else …
    later = datetime.now(UTC) + timedelta(days=731)
    report = purge_due(audit, SETTINGS, actor=HR, now=later)
    assert report.payloads == {"search": 3, "profile_view": 1}
    assert verify_chain(engine, KEY).ok
    with Session(engine) as s:
        at = s.scalars(select(AuditEntry.purged_at).where(AuditEntry.seq == 1)).one()
    # … the reveal (1825 days) was not due: stamping it with the run's date does not pass.
    sql(
        engine,
        update(AuditEntry).where(AuditEntry.seq == 3).values(payload=null(), purged_at=at),  # type: ignore[arg-type]
    )
    assert findings(engine) == [(3, None, None)]
    assert "sebelum masa retensinya berakhir" in reasons(engine)


def test_access_history_deleted_before_its_time(engine: Engine, history: History) -> None:
    entry6 = row_ids(engine, AuditEntry.id, AuditEntry.seq == 6)[0]
    sql(
        engine,
        delete(AuditSubject).where(AuditSubject.entry_id == entry6),  # type: ignore[arg-type]
        update(AuditEntry)
        .where(AuditEntry.seq == 6)  # type: ignore[arg-type]
        .values(subjects_purged_at=datetime.now(UTC)),
    )
    assert findings(engine) == [(6, "audit_subject", None)]


def test_shortlist_content_purged_before_its_time(engine: Engine, history: History) -> None:
    sql(
        engine,
        delete(ShortlistCandidate).where(ShortlistCandidate.shortlist_id == history.list_b),  # type: ignore[arg-type]
        update(Shortlist)
        .where(Shortlist.id == history.list_b)  # type: ignore[arg-type]
        .values(rendered=null(), purged_at=datetime.now(UTC)),
    )
    assert findings(engine) == [(5, "shortlist", history.list_b)]


def test_legitimate_purges_of_everything_still_verify(
    engine: Engine, audit: AuditLog, history: History
) -> None:
    settings = AuditSettings(access_history_retention_days=10, shortlist_retention_days=20)
    first = purge_due(audit, settings, actor=HR, now=datetime.now(UTC) + timedelta(days=30))
    assert first.subjects == 6 and first.shortlists == 2 and first.payloads == {}
    later = purge_due(audit, settings, actor=HR, now=datetime.now(UTC) + timedelta(days=3700))
    assert later.payloads == {"search": 3, "reveal": 1, "shortlist_choice": 1, "profile_view": 1}
    assert verify_chain(engine, KEY, settings=settings).ok
    with Session(engine) as s:  # the retention entries, the proof of both runs, are kept
        kept = s.scalars(select(AuditEntry.payload).where(AuditEntry.kind == "retention")).all()
    assert len(kept) == 2 and all(p is not None for p in kept)


# -- audit_subject ----------------------------------------------------------------------------


def test_deleted_and_added_subject_rows(engine: Engine, history: History) -> None:
    entry2 = row_ids(engine, AuditEntry.id, AuditEntry.seq == 2)[0]
    sql(engine, delete(AuditSubject).where(AuditSubject.id == history.subjects_view[0]))  # type: ignore[arg-type]
    assert findings(engine) == [(6, "audit_subject", history.subjects_view[0])]
    sql(engine, insert(AuditSubject).values(entry_id=entry2, pegawai_id=999, rank=7, score=0.1))
    added = row_ids(engine, AuditSubject.id, AuditSubject.pegawai_id == 999)[0]
    assert findings(engine) == [
        (2, "audit_subject", added),
        (6, "audit_subject", history.subjects_view[0]),
    ]
    assert "ditambahkan" in reasons(engine) and "dihapus" in reasons(engine)


# -- shortlist_candidate -----------------------------------------------------------------------


def test_swapped_candidates(engine: Engine, history: History, people: People) -> None:
    first, second = history.cands_a[0], history.cands_a[1]
    sql(
        engine,
        update(ShortlistCandidate)
        .where(ShortlistCandidate.id == first)  # type: ignore[arg-type]
        .values(pegawai_id=people.ids[1]),
        update(ShortlistCandidate)
        .where(ShortlistCandidate.id == second)  # type: ignore[arg-type]
        .values(pegawai_id=people.ids[0]),
    )
    assert findings(engine) == [
        (2, "shortlist_candidate", first),
        (2, "shortlist_candidate", second),
    ]


def test_added_and_deleted_candidates(engine: Engine, history: History, people: People) -> None:
    row = {"rank": 7, "pegawai_id": people.ids[11], "score": 0.5, "eligible": True}
    sql(
        engine,
        insert(ShortlistCandidate).values(shortlist_id=history.list_a, entry_seq=2, **row),
        insert(ShortlistCandidate).values(shortlist_id=history.list_b, entry_seq=None, **row),
        delete(ShortlistCandidate).where(ShortlistCandidate.id == history.cands_b[3]),  # type: ignore[arg-type]
    )
    added_a, added_b = row_ids(engine, ShortlistCandidate.id, ShortlistCandidate.rank == 7)
    assert findings(engine) == [
        (0, "shortlist_candidate", added_b),  # points to no entry at all
        (2, "shortlist_candidate", added_a),
        (5, "shortlist_candidate", history.cands_b[3]),
    ]


def test_changed_list_row_and_rendered_content(engine: Engine, history: History) -> None:
    sql(engine, update(Shortlist).where(Shortlist.id == history.list_b).values(model="lain"))  # type: ignore[arg-type]
    assert findings(engine) == [(5, "shortlist", history.list_b)]
    sql(
        engine,
        update(Shortlist).where(Shortlist.id == history.list_b).values(model="m"),  # type: ignore[arg-type]
        update(Shortlist)
        .where(Shortlist.id == history.list_a)  # type: ignore[arg-type]
        .values(rendered={"baris": []}),
    )
    assert findings(engine) == [(2, "shortlist", history.list_a)]
    assert "rendered" in reasons(engine)


# -- choices -----------------------------------------------------------------------------------


def test_deleted_choice(engine: Engine, history: History) -> None:
    sql(engine, update(Shortlist).where(Shortlist.id == history.list_a).values(**CHOICE))  # type: ignore[arg-type]
    assert findings(engine) == [(4, "shortlist", history.list_a)]
    assert "pilihan dihapus" in reasons(engine)


def test_changed_choice(engine: Engine, history: History, people: People) -> None:
    sql(
        engine,
        update(Shortlist)
        .where(Shortlist.id == history.list_a)  # type: ignore[arg-type]
        .values(chosen_pegawai_id=people.ids[5], choice_reason="alasan disisipkan kemudian"),
    )
    assert findings(engine) == [(4, "shortlist", history.list_a)]
    assert "pilihan diubah" in reasons(engine)


@pytest.mark.parametrize(("pointer", "seq"), [(None, 0), (4, 4), (99, 99)])
def test_forged_choice(
    engine: Engine, history: History, people: People, pointer: int | None, seq: int
) -> None:
    forged = {
        **CHOICE,
        "chosen_pegawai_id": people.ids[6],
        "chosen_at": datetime.now(UTC),
        "chosen_by": "7",
        "choice_entry_seq": pointer,  # none, the choice entry of list A, or no such entry
    }
    sql(engine, update(Shortlist).where(Shortlist.id == history.list_b).values(**forged))  # type: ignore[arg-type]
    assert findings(engine) == [(seq, "shortlist", history.list_b)]
    assert "pilihan dipalsukan" in reasons(engine)


# -- reveals -----------------------------------------------------------------------------------


def test_deleted_reveal(engine: Engine, history: History) -> None:
    sql(engine, delete(ShortlistReveal).where(ShortlistReveal.id == history.reveal))  # type: ignore[arg-type]
    assert findings(engine) == [(3, "shortlist_reveal", history.reveal)]
    assert "dihapus" in reasons(engine)


@pytest.mark.parametrize("seq", [3, 5, 42])
def test_forged_reveal(engine: Engine, history: History, people: People, seq: int) -> None:
    forged = {
        "shortlist_id": history.list_b,
        "pegawai_id": None,
        "actor_id": "7",
        "at": datetime.now(UTC),
        "entry_seq": seq,  # beside the real reveal, on a list's entry, or on no entry
    }
    sql(engine, insert(ShortlistReveal).values(**forged))
    [added] = row_ids(engine, ShortlistReveal.id, ShortlistReveal.shortlist_id == history.list_b)
    assert findings(engine) == [(seq, "shortlist_reveal", added)]


def test_changed_reveal(engine: Engine, history: History, people: People) -> None:
    sql(
        engine,
        update(ShortlistReveal)
        .where(ShortlistReveal.id == history.reveal)  # type: ignore[arg-type]
        .values(pegawai_id=people.ids[4]),
    )
    assert findings(engine) == [(3, "shortlist_reveal", history.reveal)]


def test_every_finding_is_one_line_naming_entry_and_row(engine: Engine, history: History) -> None:
    sql(
        engine,
        delete(ShortlistReveal).where(ShortlistReveal.id == history.reveal),  # type: ignore[arg-type]
        update(Shortlist).where(Shortlist.id == history.list_a).values(**CHOICE),  # type: ignore[arg-type]
    )
    lines = [p.line() for p in verify_chain(engine, KEY).problems]
    assert lines[0].startswith(f"seq 3, shortlist_reveal id {history.reveal}: ")
    assert lines[1].startswith(f"seq 4, shortlist id {history.list_a}: ")
    assert all("\n" not in line for line in lines)
