"""Shortlists stored exactly as shown, reveals logged, choices with reasons and legal grounds."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from sqlmodel import Session

from db.audit import (
    AuditKind,
    AuditLog,
    CandidateIn,
    ChoiceRefused,
    LegalException,
    ShortlistAlreadyDecided,
    ShortlistNotFound,
    ShortlistTampered,
    ShortlistView,
    choice_requirements,
    choose_candidate,
    record_reveal,
    record_shortlist,
    reopen_shortlist,
    revealed_ids,
    verify_chain,
)
from db.models import AuditEntry, AuditSubject, Shortlist
from tests.db.audit.conftest import KEY, PPK, People

RENDERED: dict[str, Any] = {
    "judul": "Kandidat Kepala Bidang Anggaran — BPKAD",
    "blind": True,
    "baris": [
        {"no": 1, "label": "Kandidat A", "skor": 0.912345, "alasan": ["JPM 87%", "Kotak 9"]},
        {"no": 2, "label": "Kandidat B", "skor": 0.88, "alasan": ["JPM 81%"]},
    ],
    "catatan": "Usia: memenuhi batas (≤ 56)",
}


def _shortlist(audit: AuditLog, people: People, n: int = 6, **overrides: Any) -> ShortlistView:
    candidates = [
        CandidateIn(
            pegawai_id=people.ids[i],
            rank=i + 1,
            score=round(0.95 - i * 0.05, 6),
            eligible=i != 4,  # the fifth one does not meet the requirements
            in_succession_group=i != 1,  # the second is outside the succession group
        )
        for i in range(n)
    ]
    args: dict[str, Any] = {
        "actor": PPK,
        "rendered": RENDERED,
        "candidates": candidates,
        "request": {"q": "kepala bidang anggaran", "jabatan": "JAB-1", "scope": [1]},
        "config_hash": "a" * 64,
        "model": "all-MiniLM-L6-v2",
        "index_version": "PROV-20261129-01",
        "data_snapshot": "import-42",
        "blind": True,
        "instansi_id": people.instansi_id,
        "jabatan_id": None,
        "pool_pegawai_ids": people.ids,
    }
    args.update(overrides)
    return record_shortlist(audit, **args)


def test_reopened_shortlist_is_identical_to_what_was_shown(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    view = _shortlist(audit, people)
    assert view.ref.startswith("SL-20") and view.ref.endswith(f"{1:06d}")
    with Session(engine) as s:
        again = reopen_shortlist(s, view.ref)
        lower = reopen_shortlist(s, view.ref.lower())
    assert again == view == lower
    assert again.rendered == RENDERED
    assert [c.pegawai_id for c in again.candidates] == people.ids[:6]
    assert (again.config_hash, again.model, again.index_version, again.data_snapshot) == (
        "a" * 64,
        "all-MiniLM-L6-v2",
        "PROV-20261129-01",
        "import-42",
    )
    assert sum(again.pool["jenis_kelamin"].values()) == 12
    assert again.pool["jenis_kelamin"] == {"L": 8, "P": 4}
    with Session(engine) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.seq == view.entry_seq)).one()
        assert entry.kind == "search" and entry.payload is not None
        assert entry.payload["shortlist_ref"] == view.ref
        assert [r["pegawai_id"] for r in entry.payload["shown"]] == people.ids[:6]
        subjects = s.scalars(
            select(AuditSubject).where(AuditSubject.entry_id == entry.id).order_by(AuditSubject.id)
        ).all()
        assert [(x.pegawai_id, x.rank) for x in subjects] == [
            (pid, i + 1) for i, pid in enumerate(people.ids[:6])
        ]
    assert verify_chain(engine, KEY).ok


def test_edited_shortlist_is_refused(engine: Engine, audit: AuditLog, people: People) -> None:
    view = _shortlist(audit, people)
    edited = {**RENDERED, "baris": list(reversed(RENDERED["baris"]))}
    with engine.begin() as conn:
        conn.execute(update(Shortlist).where(Shortlist.ref == view.ref).values(rendered=edited))
    with Session(engine) as s, pytest.raises(ShortlistTampered):
        reopen_shortlist(s, view.ref)
    with Session(engine) as s, pytest.raises(ShortlistNotFound):
        reopen_shortlist(s, "SL-2026-999999")


def test_reveal_is_logged(engine: Engine, audit: AuditLog, people: People) -> None:
    view = _shortlist(audit, people)
    with Session(engine) as s:
        assert revealed_ids(s, view.ref) == frozenset()
    one = record_reveal(audit, actor=PPK, ref=view.ref, pegawai_id=people.ids[2])
    with Session(engine) as s:
        assert revealed_ids(s, view.ref) == {people.ids[2]}
    record_reveal(audit, actor=PPK, ref=view.ref)
    with Session(engine) as s:
        assert revealed_ids(s, view.ref) is None  # whole list
        entry = s.scalars(select(AuditEntry).where(AuditEntry.seq == one.seq)).one()
        assert entry.kind == "reveal" and entry.payload == {
            "shortlist_ref": view.ref,
            "pegawai_ids": [people.ids[2]],
            "whole_list": False,
        }
    with pytest.raises(ShortlistNotFound):
        record_reveal(audit, actor=PPK, ref=view.ref, pegawai_id=people.ids[11])
    assert verify_chain(engine, KEY).ok


def test_choice_in_the_top_three_needs_no_reason(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    view = _shortlist(audit, people)
    result = choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=people.ids[2])
    assert result.kind == AuditKind.SHORTLIST_CHOICE
    with pytest.raises(ShortlistAlreadyDecided):
        choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=people.ids[0])
    with Session(engine) as s:
        assert reopen_shortlist(s, view.ref).chosen_pegawai_id == people.ids[2]


@pytest.mark.parametrize(
    ("index", "why"),
    [(3, "peringkat 4"), (1, "kelompok rencana suksesi")],
)
def test_choice_outside_top_three_or_group_needs_a_reason(
    engine: Engine, audit: AuditLog, people: People, index: int, why: str
) -> None:
    view = _shortlist(audit, people)
    pid = people.ids[index]
    with Session(engine) as s:
        req = choice_requirements(s, view.ref, pid)
    assert req.reason_required and not req.legal_ground_required
    assert any(why in line for line in req.why)
    for reason in (None, "   ", "terlalu pendek"):
        with pytest.raises(ChoiceRefused) as info:
            choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=pid, reason=reason)
        assert info.value.code == "reason_required"
    reason = "Pengalaman langsung memimpin penyusunan APBD dua tahun terakhir."
    result = choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=pid, reason=reason)
    assert result.kind == AuditKind.OVERRIDE
    with Session(engine) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.seq == result.entry.seq)).one()
        assert entry.kind == "override" and entry.payload is not None
        assert entry.payload["reason"] == reason and entry.payload["rank"] == index + 1
        assert reopen_shortlist(s, view.ref).choice_reason == reason
    assert verify_chain(engine, KEY).ok


def test_ineligible_choice_needs_the_legal_ground(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    view = _shortlist(audit, people)
    pid = people.ids[4]
    reason = "Satu-satunya pejabat dengan sertifikasi pengadaan tingkat ahli di daerah."
    with pytest.raises(ChoiceRefused) as info:
        choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=pid, reason=reason)
    assert info.value.code == "legal_ground_required"
    assert "Pasal 107 ayat (2)" in str(info.value)
    with pytest.raises(ChoiceRefused):
        choose_candidate(
            audit,
            actor=PPK,
            ref=view.ref,
            pegawai_id=pid,
            reason=reason,
            exception=LegalException(approval_ref="  "),
        )
    result = choose_candidate(
        audit,
        actor=PPK,
        ref=view.ref,
        pegawai_id=pid,
        reason=reason,
        exception=LegalException(approval_ref="B-123/M.SM.02.03/2026 tanggal 2 Maret 2026"),
    )
    assert result.kind == AuditKind.OVERRIDE
    with Session(engine) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.seq == result.entry.seq)).one()
        assert entry.payload is not None
        assert entry.payload["legal_ground"] == "pp-11-2017:pasal-107:ayat-2"
        assert entry.payload["approval_ref"].startswith("B-123")
        assert entry.payload["eligible"] is False


def test_choice_off_the_list_needs_known_eligibility(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    view = _shortlist(audit, people, n=3)
    outsider = people.ids[10]
    with pytest.raises(ChoiceRefused) as info:
        choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=outsider, reason="x" * 30)
    assert info.value.code == "eligibility_unknown"
    with pytest.raises(ChoiceRefused) as info:
        choose_candidate(audit, actor=PPK, ref=view.ref, pegawai_id=outsider, eligible=True)
    assert info.value.code == "reason_required"
    result = choose_candidate(
        audit,
        actor=PPK,
        ref=view.ref,
        pegawai_id=outsider,
        eligible=True,
        in_succession_group=True,
        reason="Dipilih dari luar daftar atas usul tim penilai kinerja.",
    )
    assert result.kind == AuditKind.OVERRIDE
