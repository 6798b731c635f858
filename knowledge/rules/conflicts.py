"""Conflict-of-interest notes on a candidate list: flagged, never hidden.

On a list shown in the chat (:func:`list_conflicts`) a candidate is flagged when they are the
asker, work in the asker's unit (or a unit above or below it), sit in the asker's reporting
line (the ``atasan`` chain of positions), or are family of the asker or of another candidate
on the same list. The asker's side is known only when their account is bound to an NIP.

On the shortlist document (:func:`document_conflicts`) a candidate is noted when they are
family of another candidate or of a current holder of the position.

Pure functions over facts: the chains and the family links are read by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

# Labels of ``Keluarga.hubungan`` as written in a flag.
HUBUNGAN = {
    "pasangan": "pasangan",
    "anak": "anak",
    "orang_tua": "orang tua",
    "saudara": "saudara",
}


@dataclass(frozen=True)
class Seat:
    """Where an employee sits: their unit and position, each followed by the ones above it."""

    pegawai_id: int
    units: tuple[int, ...]  # own unit first, then every unit above it
    positions: tuple[int, ...]  # own position first (empty: none), then the atasan chain


class Kin(Protocol):
    """``pegawai_id`` recorded ``relative_id`` as family (``hubungan``: pasangan, anak …)."""

    @property
    def pegawai_id(self) -> int: ...
    @property
    def relative_id(self) -> int: ...
    @property
    def hubungan(self) -> str: ...


def _seat_flags(asker: Seat, c: Seat) -> list[str]:
    if c.pegawai_id == asker.pegawai_id:
        return ["ini Anda sendiri"]
    out = []
    own_unit = asker.units[0] if asker.units else None
    if (c.units and c.units[0] in asker.units) or own_unit in c.units:
        out.append("satu unit kerja dengan Anda")
    own_position = asker.positions[0] if asker.positions else None
    if own_position is not None and own_position in c.positions[1:]:
        out.append("dalam garis bawahan Anda")
    elif c.positions and c.positions[0] in asker.positions[1:]:
        out.append("atasan Anda dalam garis jabatan")
    return out


def list_conflicts(
    candidate_ids: Sequence[int],
    *,
    seats: Mapping[int, Seat],
    asker: Seat | None,
    kin: Sequence[Kin],
) -> dict[int, list[str]]:
    """Indonesian flag lines per candidate id (empty list: nothing found).

    ``candidate_ids`` in the list's order; ``seats`` of those still on record.
    """
    out: dict[int, list[str]] = {pid: [] for pid in candidate_ids}
    if asker is not None:
        for pid in candidate_ids:
            if pid in seats:
                out[pid].extend(_seat_flags(asker, seats[pid]))
    rank = {pid: i + 1 for i, pid in enumerate(candidate_ids)}
    seen: set[tuple[int, int]] = set()
    for link in kin:
        for a, b in ((link.pegawai_id, link.relative_id), (link.relative_id, link.pegawai_id)):
            if a not in out or (a, b) in seen:
                continue
            seen.add((a, b))
            rel = HUBUNGAN.get(link.hubungan, link.hubungan)
            if asker is not None and b == asker.pegawai_id:
                out[a].append(f"keluarga Anda ({rel})")
            elif b in rank:
                out[a].append(f"keluarga kandidat #{rank[b]} ({rel})")
    return out


def document_conflicts(
    candidate_ids: Sequence[int], holder_ids: Sequence[int], kin: Sequence[Kin]
) -> dict[int, list[str]]:
    """Family links between two candidates (noted for both) or with a current holder."""
    out: dict[int, set[str]] = {}
    for link in kin:
        pair = (link.pegawai_id, link.relative_id)
        for me, other in (pair, pair[::-1]):
            if me not in candidate_ids:
                continue
            if other in candidate_ids:
                note = f"hubungan {link.hubungan} dengan calon lain di daftar ini"
            elif other in holder_ids:
                note = f"hubungan {link.hubungan} dengan pemangku jabatan ini saat ini"
            else:
                continue
            out.setdefault(me, set()).add(note)
    return {pid: sorted(n) for pid, n in out.items()}
