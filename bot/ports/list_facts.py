"""The merit facts a candidate list records and shows, read from the records and judged by
``knowledge/rules``: conflict-of-interest flags, succession-group membership and the
eligibility of someone chosen from outside the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from db.engine import Session
from db.models import Pegawai
from db.queries.family import family_links_among
from db.queries.org import position_chain, unit_chain
from db.queries.succession import imported_succession_group
from knowledge.rules import load_employee_facts, load_position_facts, meets_requirements
from knowledge.rules import succession_membership as judge_membership
from knowledge.rules.conflicts import Seat, document_conflicts, list_conflicts


def _seat(session: Session, p: Pegawai) -> Seat:
    assert p.id is not None
    return Seat(
        p.id,
        unit_chain(session=session, unit_id=p.unit_id),
        position_chain(session=session, jabatan_id=p.jabatan_id),
    )


def conflict_flags(
    session: Session, asker_pegawai_id: int | None, candidate_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Flag lines per candidate of a list shown to the asker (see knowledge/rules/conflicts.py)."""
    if not candidate_ids:
        return {}
    seats = {}
    for pid in candidate_ids:
        p = session.get(Pegawai, pid)
        if p is not None:
            seats[pid] = _seat(session, p)
    asker_row = session.get(Pegawai, asker_pegawai_id) if asker_pegawai_id else None
    asker = _seat(session, asker_row) if asker_row is not None else None
    people = [*candidate_ids, *([asker.pegawai_id] if asker else [])]
    kin = family_links_among(session=session, pegawai_ids=people)
    return list_conflicts(candidate_ids, seats=seats, asker=asker, kin=kin)


def document_notes(
    session: Session, candidate_ids: Sequence[int], holder_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Family links on the shortlist document: between candidates, or with a current holder."""
    kin = family_links_among(session=session, pegawai_ids=[*candidate_ids, *holder_ids])
    return document_conflicts(candidate_ids, holder_ids, kin)


def succession_membership(
    session: Session, jabatan_id: int | None, pegawai_ids: Sequence[int], as_of: date
) -> dict[int, bool] | None:
    """Who of ``pegawai_ids`` is in the position's succession group; ``None`` without a
    position (a free-text search)."""
    position = load_position_facts(session, jabatan_id) if jabatan_id is not None else None
    if position is None:
        return None
    imported = imported_succession_group(
        session=session, instansi_id=position.instansi_id, jabatan_kode=position.kode, as_of=as_of
    )
    facts = load_employee_facts(session, pegawai_ids) if imported is None else {}
    return judge_membership(
        pegawai_ids, imported=imported, facts=facts, position=position, as_of=as_of
    )


def eligible_for(
    session: Session, jabatan_id: int | None, pegawai_id: int, as_of: date
) -> bool | None:
    """Whether the person meets the position's requirements; ``None`` without a position."""
    position = load_position_facts(session, jabatan_id) if jabatan_id is not None else None
    facts = load_employee_facts(session, [pegawai_id]).get(pegawai_id)
    if position is None or facts is None:
        return None
    return meets_requirements(facts, position, as_of=as_of)
