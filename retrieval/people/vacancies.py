"""Positions of an agency that are open: vacant now, or whose incumbent reaches the retirement
age (BUP) before a given date.

``/peluang`` asks with a one-year horizon (openings.py); an index generation stores the vectors
of the posts open within a longer horizon (stored_posts.py), so the posts ``/peluang`` meets
until the next generation are already encoded.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai
from knowledge.rules.bup import bup_threshold_id
from knowledge.rules.dates import add_years
from knowledge.rules.thresholds import thresholds


def open_posts(
    session: Session,
    instansi_id: int,
    *,
    today: date,
    until: date,
    since: date | None = None,
    exclude: int | None = None,
) -> list[tuple[Jabatan, str]]:
    """``(position, why)`` of the agency's open positions, in id order: ``"lowong"`` when
    fewer people hold it than its formasi, else ``"pemangku pensiun MM/YYYY"`` when an
    incumbent reaches BUP between ``since`` (default ``today``) and ``until``.
    ``exclude``: a position left out (the asker's own)."""
    q = select(Jabatan).where(col(Jabatan.instansi_id) == instansi_id).order_by(col(Jabatan.id))
    if exclude is not None:
        q = q.where(col(Jabatan.id) != exclude)
    jabs = list(session.execute(q).scalars())
    holders: Counter[int] = Counter()
    births: dict[int, list[date]] = {}
    for jid, lahir in session.execute(
        select(col(Pegawai.jabatan_id), col(Pegawai.tanggal_lahir)).where(
            col(Pegawai.status) == "aktif",
            col(Pegawai.instansi_id) == instansi_id,
            col(Pegawai.jabatan_id).is_not(None),
        )
    ):
        holders[jid] += 1
        births.setdefault(jid, []).append(lahir)
    start = today if since is None else since
    out: list[tuple[Jabatan, str]] = []
    for j in jabs:
        if holders.get(j.id or 0, 0) < j.formasi:
            out.append((j, "lowong"))
            continue
        tid = bup_threshold_id(j.jenis, j.jenjang)
        if tid is None:
            continue
        bup_age = thresholds().integer(tid)
        dates = [add_years(b, bup_age) for b in births.get(j.id or 0, [])]
        soon = [d for d in dates if start <= d <= until]
        if soon:
            out.append((j, f"pemangku pensiun {min(soon):%m/%Y}"))
    return out
