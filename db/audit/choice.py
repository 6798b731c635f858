"""Choice with reason: a PPK marks the chosen candidate of a shortlist.

Rules (enforced here, whatever door the request came through):

- choosing someone outside the top three of the list, or outside the established succession
  group, needs a written reason (at least ``MIN_REASON_CHARS`` characters);
- choosing someone who does not meet the requirements needs the legal ground of the exception
  and the reference of the approval — for JPT, PP 11/2017 Pasal 107 ayat (2) (as amended by
  PP 17/2020): the requirements can be set aside only with the President's prior approval.

A choice inside the ranking is a ``shortlist_choice`` entry; one that sets the ranking aside
is an ``override`` entry, with its reason and ground in the payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from db.audit.chain import AuditLog, EntryRef
from db.audit.errors import ChoiceRefused, ShortlistAlreadyDecided, ShortlistPurged
from db.audit.kinds import Actor, AuditKind
from db.audit.rows import Covered, RowRef, hash_of
from db.audit.shortlist import candidate_rows, get_shortlist_row

TOP_N = 3
MIN_REASON_CHARS = 20
PASAL_107_AYAT_2 = "pp-11-2017:pasal-107:ayat-2"


@dataclass(frozen=True)
class LegalException:
    """The ground for placing someone who does not meet the requirements."""

    approval_ref: str  # number and date of the President's approval letter
    provision: str = PASAL_107_AYAT_2  # a knowledge.citations provision id


@dataclass(frozen=True)
class Requirements:
    """What a choice needs before it can be recorded (for the UI to ask beforehand)."""

    rank: int | None  # position on the list; None when the person was not on it
    reason_required: bool
    legal_ground_required: bool
    why: tuple[str, ...]  # Indonesian, one line per rule that applies


@dataclass(frozen=True)
class ChoiceResult:
    ref: str
    pegawai_id: int
    kind: AuditKind  # shortlist_choice or override
    entry: EntryRef


def _requirements(rank: int | None, eligible: bool | None, in_group: bool | None) -> Requirements:
    if eligible is None:
        raise ChoiceRefused(
            "eligibility_unknown",
            "Pegawai ini tidak ada di daftar; kelayakannya harus diperiksa dulu sebelum dipilih.",
        )
    why: list[str] = []
    if rank is None:
        why.append("Pegawai ini tidak ada di daftar kandidat.")
    elif rank > TOP_N:
        why.append(f"Pegawai ini di peringkat {rank}, di luar tiga teratas.")
    if in_group is False:
        why.append("Pegawai ini di luar kelompok rencana suksesi jabatan ini.")
    if not eligible:
        why.append(
            "Pegawai ini tidak memenuhi persyaratan jabatan: perlu dasar hukum pengecualian "
            "(Pasal 107 ayat (2) PP 11/2017: persetujuan Presiden sebelumnya)."
        )
    return Requirements(
        rank=rank,
        reason_required=bool(why),
        legal_ground_required=not eligible,
        why=tuple(why),
    )


def choice_requirements(
    session: Session,
    ref: str,
    pegawai_id: int,
    *,
    eligible: bool | None = None,
    in_succession_group: bool | None = None,
) -> Requirements:
    """What choosing ``pegawai_id`` on list ``ref`` will require. For someone on the list the
    stored facts are used; for anyone else the caller supplies eligibility and group."""
    row = get_shortlist_row(session, ref)
    assert row.id is not None
    on_list = {c.pegawai_id: c for c in candidate_rows(session, row.id)}
    c = on_list.get(pegawai_id)
    if c is not None:
        return _requirements(c.rank, c.eligible, c.in_succession_group)
    return _requirements(None, eligible, in_succession_group)


def choose_candidate(
    audit: AuditLog,
    *,
    actor: Actor,
    ref: str,
    pegawai_id: int,
    reason: str | None = None,
    exception: LegalException | None = None,
    eligible: bool | None = None,
    in_succession_group: bool | None = None,
) -> ChoiceResult:
    """Record the choice, or raise :class:`ChoiceRefused` naming the missing reason or ground."""
    with audit.transaction() as tx:
        s = tx.session
        row = get_shortlist_row(s, ref)
        if row.chosen_pegawai_id is not None:
            raise ShortlistAlreadyDecided(f"Pilihan untuk daftar {row.ref} sudah dicatat.")
        if row.purged_at is not None:
            raise ShortlistPurged(f"Isi daftar {row.ref} sudah dimusnahkan sesuai masa retensi.")
        req = choice_requirements(
            s, row.ref, pegawai_id, eligible=eligible, in_succession_group=in_succession_group
        )
        text = (reason or "").strip()
        if req.reason_required and len(text) < MIN_REASON_CHARS:
            raise ChoiceRefused(
                "reason_required",
                " ".join(req.why)
                + f" Tuliskan alasan pilihan ini (minimal {MIN_REASON_CHARS} karakter).",
            )
        if req.legal_ground_required and (
            exception is None or not exception.approval_ref.strip() or not exception.provision
        ):
            raise ChoiceRefused(
                "legal_ground_required",
                "Pegawai ini tidak memenuhi persyaratan jabatan. Pilihan hanya dapat dicatat "
                "dengan dasar hukum pengecualian: Pasal 107 ayat (2) PP 11/2017 (persetujuan "
                "Presiden sebelumnya) beserta nomor dan tanggal persetujuannya.",
            )
        kind = AuditKind.OVERRIDE if req.reason_required else AuditKind.SHORTLIST_CHOICE
        seq, at = tx.next_seq, datetime.now(UTC)
        row.chosen_pegawai_id = pegawai_id
        row.chosen_at = at
        row.chosen_by = actor.id
        row.choice_reason = text or None
        row.choice_legal_ground = exception.provision if exception else None
        row.choice_approval_ref = exception.approval_ref.strip() if exception else None
        row.choice_entry_seq = seq
        row.choice_hash = hash_of(Covered.CHOICE, seq, row)
        s.add(row)
        s.flush()
        assert row.id is not None
        entry = tx.append(
            kind,
            actor,
            {
                "shortlist_ref": row.ref,
                "pegawai_id": pegawai_id,
                "rank": req.rank,
                "eligible": not req.legal_ground_required,
                "why": list(req.why),
                "reason": text or None,
                "legal_ground": exception.provision if exception else None,
                "approval_ref": exception.approval_ref.strip() if exception else None,
            },
            [pegawai_id],
            rows=[RowRef(Covered.CHOICE, row.id, row.choice_hash)],
            ts=at,
        )
        assert entry.seq == seq
        return ChoiceResult(ref=row.ref, pegawai_id=pegawai_id, kind=kind, entry=entry)
