"""Sex and age band of employees at a date: the two dimensions of the fairness comparison."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from db.models.pegawai import Pegawai

AGE_BANDS = ("<30", "30-39", "40-49", "50+")
_CHUNK = 5000


def usia_band(lahir: date, on: date) -> str:
    age = on.year - lahir.year - ((on.month, on.day) < (lahir.month, lahir.day))
    if age < 30:
        return "<30"
    if age < 40:
        return "30-39"
    if age < 50:
        return "40-49"
    return "50+"


def demography(session: Session, ids: Iterable[int], on: date) -> dict[int, tuple[str, str]]:
    """``{pegawai_id: (jenis_kelamin, usia_band)}`` for the ids that exist."""
    wanted = sorted(set(ids))
    out: dict[int, tuple[str, str]] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        rows = session.execute(
            select(col(Pegawai.id), col(Pegawai.jenis_kelamin), col(Pegawai.tanggal_lahir)).where(
                col(Pegawai.id).in_(chunk)
            )
        ).all()
        for pid, jk, lahir in rows:
            assert pid is not None
            out[pid] = (jk, usia_band(lahir, on))
    return out


def composition(demo: dict[int, tuple[str, str]]) -> dict[str, dict[str, int]]:
    """``{"jenis_kelamin": {"L": n, "P": m}, "usia": {"<30": n, …}}``."""
    return {
        "jenis_kelamin": dict(sorted(Counter(jk for jk, _ in demo.values()).items())),
        "usia": dict(sorted(Counter(band for _, band in demo.values()).items())),
    }
