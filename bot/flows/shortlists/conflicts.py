"""Conflict-of-interest flags on a candidate list (issue 7): flagged, never hidden.

A candidate is flagged when they are the asker, work in the asker's unit (or a unit above or
below it), sit in the asker's reporting line (the ``atasan`` chain of positions), or are family
of the asker or of another candidate on the same list (``Keluarga`` links from the import).
The asker's side is known only when their account is bound to an NIP.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, or_, select

from db.models import Jabatan, Keluarga, Pegawai, UnitKerja

HUBUNGAN = {
    "pasangan": "pasangan",
    "anak": "anak",
    "orang_tua": "orang tua",
    "saudara": "saudara",
}
MAX_DEPTH = 20  # organisation charts are shallow; stops a cycle in bad data


def _chain(session: Session, units: bool, start: int | None) -> list[int]:
    """``start`` and everything above it (unit ``induk_id`` / position ``atasan_id``)."""
    out: list[int] = []
    current = start
    while current is not None and current not in out and len(out) < MAX_DEPTH:
        out.append(current)
        if units:
            unit = session.get(UnitKerja, current)
            current = unit.induk_id if unit else None
        else:
            jabatan = session.get(Jabatan, current)
            current = jabatan.atasan_id if jabatan else None
    return out


def flags(
    session: Session, asker_pegawai_id: int | None, candidate_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Indonesian flag lines per candidate id (empty list: nothing found)."""
    out: dict[int, list[str]] = {pid: [] for pid in candidate_ids}
    if not candidate_ids:
        return out
    ids = set(candidate_ids) | ({asker_pegawai_id} if asker_pegawai_id else set())
    people = {
        p.id: p for p in session.exec(select(Pegawai).where(col(Pegawai.id).in_(sorted(ids))))
    }
    rank = {pid: i + 1 for i, pid in enumerate(candidate_ids)}
    asker = people.get(asker_pegawai_id) if asker_pegawai_id else None
    if asker is not None:
        asker_units = _chain(session, True, asker.unit_id)
        asker_jabatan = _chain(session, False, asker.jabatan_id)
        for pid in candidate_ids:
            c = people.get(pid)
            if c is None:
                continue
            if pid == asker.id:
                out[pid].append("ini Anda sendiri")
                continue
            cand_units = _chain(session, True, c.unit_id)
            if c.unit_id in asker_units or asker.unit_id in cand_units:
                out[pid].append("satu unit kerja dengan Anda")
            cand_jabatan = _chain(session, False, c.jabatan_id)
            if asker.jabatan_id is not None and asker.jabatan_id in cand_jabatan[1:]:
                out[pid].append("dalam garis bawahan Anda")
            elif c.jabatan_id is not None and c.jabatan_id in asker_jabatan[1:]:
                out[pid].append("atasan Anda dalam garis jabatan")
    by_nip = {p.nip: pid for pid, p in people.items() if pid is not None}
    links = session.exec(
        select(Keluarga).where(
            or_(
                col(Keluarga.pegawai_id).in_(sorted(ids)),
                col(Keluarga.nip_keluarga).in_(sorted(by_nip)),
            )
        )
    ).all()
    seen: set[tuple[int, int]] = set()
    for link in links:
        other = by_nip.get(link.nip_keluarga)
        if other is None or other == link.pegawai_id:
            continue
        for a, b in ((link.pegawai_id, other), (other, link.pegawai_id)):
            if a not in out or (a, b) in seen:
                continue
            seen.add((a, b))
            rel = HUBUNGAN.get(link.hubungan, link.hubungan)
            if asker is not None and b == asker.id:
                out[a].append(f"keluarga Anda ({rel})")
            elif b in rank:
                out[a].append(f"keluarga kandidat #{rank[b]} ({rel})")
    return out
