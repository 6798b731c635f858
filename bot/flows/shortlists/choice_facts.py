"""The facts a choice rule needs about a person and a position (issue 7).

- **Succession group.** The established group of a position is the one the PPK decreed and HR
  imported (``RencanaSuksesi``): members of its latest year up to the list's date whose target
  is that position's code, or the agency as a whole (empty code), in the position's agency.
  When none is imported for the position, Talenta's computed estimate
  (:func:`knowledge.rules.succession_group` against the position) stands in: "recommended"
  (or official) is inside; "not recommended" and "needs verification" are outside, so
  choosing them asks for a written reason. No position (a free-text search): ``None``.
- **Eligibility** of someone chosen by NIP from outside the list: the merit rules' verdict
  against the list's position; ``None`` without a position (HR must check first).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai, RencanaSuksesi
from knowledge.rules import (
    SuksesiStatus,
    Verdict,
    eligibility,
    load_employee_facts,
    load_position_facts,
    succession_group,
)

INSIDE = frozenset({SuksesiStatus.official, SuksesiStatus.recommended})


def imported_group(session: Session, jabatan: Jabatan, as_of: date) -> frozenset[int] | None:
    """Members of the latest imported group for ``jabatan``; ``None`` when none is imported."""
    rows = session.exec(
        select(RencanaSuksesi.pegawai_id, RencanaSuksesi.tahun)
        .join(Pegawai, col(Pegawai.id) == col(RencanaSuksesi.pegawai_id))
        .where(
            col(Pegawai.instansi_id) == jabatan.instansi_id,
            col(RencanaSuksesi.jabatan_target_kode).in_([jabatan.kode, ""]),
            col(RencanaSuksesi.tahun) <= as_of.year,
        )
    ).all()
    if not rows:
        return None
    latest = max(tahun for _, tahun in rows)
    return frozenset(pid for pid, tahun in rows if tahun == latest)


def membership(
    session: Session, jabatan_id: int | None, pegawai_ids: Sequence[int], as_of: date
) -> dict[int, bool] | None:
    """Who of ``pegawai_ids`` is in the position's succession group (see the module doc)."""
    jabatan = session.get(Jabatan, jabatan_id) if jabatan_id is not None else None
    if jabatan is None:
        return None
    group = imported_group(session, jabatan, as_of)
    if group is not None:
        return {pid: pid in group for pid in pegawai_ids}
    position = load_position_facts(session, jabatan.id or 0)
    facts = load_employee_facts(session, pegawai_ids)
    return {
        pid: pid in facts and succession_group(facts[pid], position, as_of=as_of).status in INSIDE
        for pid in pegawai_ids
    }


def eligible_for(
    session: Session, jabatan_id: int | None, pegawai_id: int, as_of: date
) -> bool | None:
    """Whether the person meets the position's requirements (unknown is not a failure)."""
    position = load_position_facts(session, jabatan_id) if jabatan_id is not None else None
    facts = load_employee_facts(session, [pegawai_id]).get(pegawai_id)
    if position is None or facts is None:
        return None
    return eligibility(facts, position, as_of=as_of).verdict is not Verdict.not_eligible
