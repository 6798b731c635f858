"""Employees: found by NIP or name, located in their agency, listed per scope, and the record
behind a profile or a list row."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import (
    Diklat,
    Instansi,
    Jabatan,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RiwayatPendidikan,
    UnitKerja,
)
from db.queries.org import units_matching
from db.reference import StatusPegawai

ACTIVE = StatusPegawai.aktif.value


def pegawai_by_nip(*, session: Session, nip: str) -> Pegawai | None:
    return session.exec(select(Pegawai).where(Pegawai.nip == nip)).first()


def first_active_pegawai(*, session: Session, instansi_id: int) -> Pegawai | None:
    """The active employee of the agency with the lowest id (a console persona)."""
    return session.exec(
        select(Pegawai)
        .where(Pegawai.instansi_id == instansi_id, Pegawai.status == ACTIVE)
        .order_by(col(Pegawai.id))
    ).first()


def locate_pegawai(*, session: Session, pegawai_id: int) -> int | None:
    """The agency (instansi id) of an employee; ``None`` when there is no such employee."""
    p = session.get(Pegawai, pegawai_id)
    return p.instansi_id if p else None


def find_employees(
    *,
    session: Session,
    scope: Collection[int] | None,
    nips: Sequence[str] = (),
    words: Sequence[str] = (),
    limit: int = 10,
) -> list[tuple[int, int]]:
    """Active employees of the agencies in ``scope`` as (pegawai_id, instansi_id): those with
    one of ``nips`` when any are given, else those whose name contains every one of ``words``.

    The scope is part of the query, before the limit: filtering afterwards would let namesakes
    in other agencies fill the limit and hide the asker's own employee. ``scope=None`` searches
    every agency (only to record a refused attempt, never to answer)."""
    q = select(Pegawai.id, Pegawai.instansi_id)
    if scope is not None:
        if not scope:
            return []
        q = q.where(col(Pegawai.instansi_id).in_(sorted(scope)))
    if nips:
        q = q.where(col(Pegawai.nip).in_(list(nips)))
    elif words:
        for w in words:
            q = q.where(func.lower(Pegawai.nama).contains(w.lower()))
    else:
        return []
    q = q.where(Pegawai.status == ACTIVE).order_by(col(Pegawai.id)).limit(limit)
    return [(int(a), int(b)) for a, b in session.exec(q).all() if a is not None]


def active_pegawai_ids(
    *, session: Session, scope: Collection[int], unit: str | None = None
) -> list[int]:
    """Active employees of the agencies in ``scope`` (of the matching units, with ``unit``)."""
    q = select(Pegawai.id).where(
        col(Pegawai.instansi_id).in_(sorted(scope)), Pegawai.status == ACTIVE
    )
    if unit:
        q = q.where(col(Pegawai.unit_id).in_(units_matching(scope=scope, unit=unit)))
    return [int(i) for i in session.exec(q).all() if i is not None]


def nips_of(*, session: Session, pegawai_ids: Collection[int]) -> dict[int, str]:
    rows = session.exec(
        select(Pegawai.id, Pegawai.nip).where(col(Pegawai.id).in_(sorted(pegawai_ids)))
    ).all()
    return {int(i): nip for i, nip in rows if i is not None}


def content_hashes(*, session: Session, pegawai_ids: Collection[int]) -> dict[int, str]:
    """The import's content hash per employee (empty for rows made by hand)."""
    rows = session.exec(
        select(Pegawai.id, Pegawai.content_hash).where(col(Pegawai.id).in_(sorted(pegawai_ids)))
    ).all()
    return {int(i): h or "" for i, h in rows if i is not None}


@dataclass(frozen=True)
class Placed:
    """An employee with the titles of their position and unit (a row of a list)."""

    pegawai: Pegawai
    jabatan: str | None  # None: no position recorded
    unit: str


def placed(*, session: Session, pegawai_ids: Collection[int]) -> dict[int, Placed]:
    """Employees with their position and unit titles, by id (missing ids are left out)."""
    rows = session.exec(
        select(Pegawai, Jabatan.nama, UnitKerja.nama)
        .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id), isouter=True)
        .join(UnitKerja, col(UnitKerja.id) == col(Pegawai.unit_id))
        .where(col(Pegawai.id).in_(sorted(pegawai_ids)))
    ).all()
    return {p.id: Placed(p, j, u) for p, j, u in rows if p.id is not None}


@dataclass(frozen=True)
class RecordedProfile:
    """What the records say about one employee, for a profile: no estimates."""

    pegawai: Pegawai
    jabatan: str | None
    unit: str
    instansi: str
    pendidikan: RiwayatPendidikan | None  # the latest degree
    kinerja: tuple[Kinerja, ...]  # the latest three years, newest first
    ninebox: NineBoxResmi | None  # the latest official placement
    diklat: int  # trainings recorded


def profile_record(*, session: Session, pegawai_id: int) -> RecordedProfile | None:
    p = session.get(Pegawai, pegawai_id)
    if p is None or p.id is None:
        return None
    jab = session.get(Jabatan, p.jabatan_id) if p.jabatan_id else None
    unit = session.get(UnitKerja, p.unit_id)
    inst = session.get(Instansi, p.instansi_id)
    pend = session.exec(
        select(RiwayatPendidikan)
        .where(RiwayatPendidikan.pegawai_id == p.id)
        .order_by(col(RiwayatPendidikan.tahun_lulus).desc())
    ).first()
    kinerja = session.exec(
        select(Kinerja).where(Kinerja.pegawai_id == p.id).order_by(col(Kinerja.tahun).desc())
    ).all()[:3]
    nb = session.exec(
        select(NineBoxResmi)
        .where(NineBoxResmi.pegawai_id == p.id)
        .order_by(col(NineBoxResmi.tahun).desc())
    ).first()
    diklat = len(session.exec(select(Diklat.id).where(Diklat.pegawai_id == p.id)).all())
    return RecordedProfile(
        pegawai=p,
        jabatan=jab.nama if jab else None,
        unit=unit.nama if unit else "",
        instansi=inst.nama if inst else "",
        pendidikan=pend,
        kinerja=tuple(kinerja),
        ninebox=nb,
        diklat=diklat,
    )
