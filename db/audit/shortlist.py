"""Shortlist records: each candidate list a PPK sees, stored exactly as shown.

The bot renders a list, then calls :func:`record_shortlist` with the rendered JSON and the
facts behind each row; the list gets a short reference (``SL-2026-000123``) and a ``search``
entry in the chain whose payload carries the list's hash. :func:`reopen_shortlist` gives the
list back for the talent committee and refuses when it no longer matches what was recorded.
Reveals of a blind-first list go through :func:`record_reveal`; choices through
``db.audit.choice``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from db.audit.canonical import as_utc, json_hash, normalise, round_score, same
from db.audit.chain import AuditLog, EntryRef, Subject
from db.audit.demography import composition, demography
from db.audit.errors import ShortlistNotFound, ShortlistPurged, ShortlistTampered
from db.audit.kinds import Actor, AuditKind
from db.audit.rows import Covered, RowRef, hash_of
from db.clock import WIB, tanggal_angka
from db.models.audit import AuditEntry, Shortlist, ShortlistCandidate, ShortlistReveal


@dataclass(frozen=True)
class CandidateIn:
    """One row as shown: who, where in the list, and the facts the choice rules need."""

    pegawai_id: int
    rank: int  # 1-based position in the list as shown
    score: float | None = None
    eligible: bool = True
    in_succession_group: bool | None = None  # None: the position has no known group


@dataclass(frozen=True)
class ShortlistView:
    ref: str
    created_at: datetime  # UTC
    entry_seq: int
    rendered: dict[str, Any]
    blind: bool
    actor_role: str | None
    actor_instansi: str | None
    instansi_id: int | None
    jabatan_id: int | None
    config_hash: str
    model: str
    index_version: str
    data_snapshot: str
    pool: dict[str, Any]
    candidates: tuple[CandidateIn, ...]
    chosen_pegawai_id: int | None
    choice_reason: str | None
    choice_legal_ground: str | None

    @property
    def created_wib(self) -> datetime:
        return self.created_at.astimezone(WIB)


def make_ref(created: datetime, shortlist_id: int) -> str:
    return f"SL-{created.astimezone(WIB).year}-{shortlist_id:06d}"


def record_shortlist(
    audit: AuditLog,
    *,
    actor: Actor,
    rendered: Mapping[str, Any],
    candidates: Sequence[CandidateIn],
    request: Mapping[str, Any],
    config_hash: str,
    model: str,
    index_version: str,
    data_snapshot: str,
    blind: bool,
    instansi_id: int | None = None,
    jabatan_id: int | None = None,
    pool_pegawai_ids: Iterable[int] = (),
) -> ShortlistView:
    """Store a list exactly as shown and append its ``search`` entry, atomically.

    ``request`` is what was asked (query text, filters, scope); ``pool_pegawai_ids`` the
    eligible pool the list was drawn from (only its sex/age composition is kept).
    """
    now = datetime.now(UTC)
    body = normalise(rendered)
    rendered_hash = json_hash(body)
    with audit.transaction() as tx:
        s = tx.session
        seq = tx.next_seq
        on = now.astimezone(WIB).date()
        demo = demography(s, (c.pegawai_id for c in candidates), on)
        pool = composition(demography(s, pool_pegawai_ids, on))
        row = Shortlist(
            ref=f"tmp-{uuid.uuid4().hex[:20]}",
            created_at=now,
            entry_seq=seq,
            instansi_id=instansi_id,
            jabatan_id=jabatan_id,
            actor_type=actor.type,
            actor_id=actor.id,
            actor_role=actor.role,
            actor_instansi=actor.instansi,
            blind=blind,
            rendered=body,
            rendered_hash=rendered_hash,
            config_hash=config_hash,
            model=model,
            index_version=index_version,
            data_snapshot=data_snapshot,
            pool=pool,
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        row.ref = make_ref(now, row.id)
        row.row_hash = hash_of(Covered.SHORTLIST, seq, row)
        ordered = sorted(candidates, key=lambda c: c.rank)
        cands: list[ShortlistCandidate] = []
        for c in ordered:
            jk, band = demo.get(c.pegawai_id, (None, None))
            cand = ShortlistCandidate(
                shortlist_id=row.id,
                rank=c.rank,
                pegawai_id=c.pegawai_id,
                score=round_score(c.score),
                eligible=c.eligible,
                in_succession_group=c.in_succession_group,
                jenis_kelamin=jk,
                usia_band=band,
                entry_seq=seq,
            )
            cand.row_hash = hash_of(Covered.CANDIDATE, seq, cand)
            cands.append(cand)
        s.add_all(cands)
        s.add(row)
        s.flush()
        covered = [RowRef(Covered.SHORTLIST, row.id, row.row_hash)] + [
            RowRef(Covered.CANDIDATE, _id(c.id), c.row_hash) for c in cands if c.row_hash
        ]
        entry = tx.append(
            AuditKind.SEARCH,
            actor,
            {
                "shortlist_ref": row.ref,
                "request": dict(request),
                "shown": [
                    {
                        "pegawai_id": c.pegawai_id,
                        "rank": c.rank,
                        "score": round_score(c.score),
                        "eligible": c.eligible,
                        "in_succession_group": c.in_succession_group,
                    }
                    for c in ordered
                ],
                "rendered_hash": rendered_hash,
                "blind": blind,
                "config_hash": config_hash,
                "model": model,
                "index_version": index_version,
                "data_snapshot": data_snapshot,
                "instansi_id": instansi_id,
                "jabatan_id": jabatan_id,
                "pool": pool,
            },
            [Subject(c.pegawai_id, c.rank, c.score) for c in ordered],
            rows=covered,
        )
        assert entry.seq == seq
        return _view(row, candidate_rows(s, row.id))


def _id(row_id: int | None) -> int:
    assert row_id is not None, "flushed rows have ids"
    return row_id


def candidate_rows(session: Session, shortlist_id: int) -> list[ShortlistCandidate]:
    return list(
        session.exec(
            select(ShortlistCandidate)
            .where(ShortlistCandidate.shortlist_id == shortlist_id)
            .order_by(col(ShortlistCandidate.rank))
        ).all()
    )


def _view(row: Shortlist, cands: Sequence[ShortlistCandidate]) -> ShortlistView:
    return ShortlistView(
        ref=row.ref,
        created_at=as_utc(row.created_at),
        entry_seq=row.entry_seq,
        rendered=row.rendered or {},
        blind=row.blind,
        actor_role=row.actor_role,
        actor_instansi=row.actor_instansi,
        instansi_id=row.instansi_id,
        jabatan_id=row.jabatan_id,
        config_hash=row.config_hash,
        model=row.model,
        index_version=row.index_version,
        data_snapshot=row.data_snapshot,
        pool=row.pool,
        candidates=tuple(
            CandidateIn(c.pegawai_id, c.rank, c.score, c.eligible, c.in_succession_group)
            for c in cands
        ),
        chosen_pegawai_id=row.chosen_pegawai_id,
        choice_reason=row.choice_reason,
        choice_legal_ground=row.choice_legal_ground,
    )


def get_shortlist_row(session: Session, ref: str) -> Shortlist:
    row = session.exec(select(Shortlist).where(Shortlist.ref == ref.strip().upper())).first()
    if row is None:
        raise ShortlistNotFound(f"Daftar kandidat {ref} tidak ditemukan.")
    return row


def reopen_shortlist(session: Session, ref: str) -> ShortlistView:
    """The list exactly as it was shown, after checking it against its hash and the chain."""
    row = get_shortlist_row(session, ref)
    if row.rendered is None:
        purged = as_utc(row.purged_at).astimezone(WIB) if row.purged_at else None
        raise ShortlistPurged(
            f"Isi daftar {row.ref} sudah dimusnahkan sesuai masa retensi"
            + (f" ({tanggal_angka(purged)})." if purged else ".")
        )
    if not same(json_hash(row.rendered), row.rendered_hash):
        raise ShortlistTampered(f"Isi daftar {row.ref} tidak cocok dengan hash yang dicatat.")
    entry = session.exec(select(AuditEntry).where(AuditEntry.seq == row.entry_seq)).first()
    if entry is None or (
        entry.payload is not None
        and not same(str(entry.payload.get("rendered_hash", "")), row.rendered_hash)
    ):
        raise ShortlistTampered(
            f"Daftar {row.ref} tidak cocok dengan catatan audit seq {row.entry_seq}."
        )
    assert row.id is not None
    return _view(row, candidate_rows(session, row.id))


def record_reveal(
    audit: AuditLog, *, actor: Actor, ref: str, pegawai_id: int | None = None
) -> EntryRef:
    """Log a "Tampilkan identitas" press: one candidate, or the whole list (``None``)."""
    with audit.transaction() as tx:
        s = tx.session
        row = get_shortlist_row(s, ref)
        assert row.id is not None
        shown = [c.pegawai_id for c in candidate_rows(s, row.id)]
        if pegawai_id is not None and pegawai_id not in shown:
            raise ShortlistNotFound(f"Pegawai itu tidak ada di daftar {row.ref}.")
        revealed = shown if pegawai_id is None else [pegawai_id]
        seq, at = tx.next_seq, datetime.now(UTC)
        reveal = ShortlistReveal(
            shortlist_id=row.id, pegawai_id=pegawai_id, actor_id=actor.id, at=at, entry_seq=seq
        )
        reveal.row_hash = hash_of(Covered.REVEAL, seq, reveal)
        s.add(reveal)
        s.flush()
        entry = tx.append(
            AuditKind.REVEAL,
            actor,
            {"shortlist_ref": row.ref, "pegawai_ids": revealed, "whole_list": pegawai_id is None},
            revealed,
            rows=[RowRef(Covered.REVEAL, _id(reveal.id), reveal.row_hash)],
            ts=at,
        )
        assert entry.seq == seq
        return entry


def revealed_ids(session: Session, ref: str) -> frozenset[int] | None:
    """Ids whose identity was revealed on this list; ``None`` when the whole list was."""
    row = get_shortlist_row(session, ref)
    reveals = session.exec(
        select(ShortlistReveal.pegawai_id).where(ShortlistReveal.shortlist_id == row.id)
    ).all()
    if any(p is None for p in reveals):
        return None
    return frozenset(p for p in reveals if p is not None)
