"""Fairness: shortlisted people compared with the eligible pools they were drawn from.

The rule (documented in docs/accountability.md):

- unit of comparison: an appearance on a shortlist. For each shortlist an agency's PPK saw in a
  quarter (WIB), the people shown are counted by sex and age band, and the eligible pool of that
  search is counted the same way; both are summed over the quarter;
- the pool is already filtered by the legal requirements (age limits included), so a legal age
  limit never shows up as a skew;
- below ``min_shortlisted`` appearances the whole report says "terlalu sedikit untuk dinilai";
  a group whose expected count (its pool share × appearances) is below ``min_expected`` says
  the same for that group;
- otherwise the representation ratio is (share among the shortlisted) / (share in the pool);
  a ratio below ``review_ratio`` (0.8, the common "four-fifths" rule of thumb — a policy
  choice) is marked "perlu ditinjau". It is a prompt to look, not a finding of discrimination.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from db.audit.settings import FairnessSettings
from db.audit.shortlist import get_shortlist_row
from db.clock import WIB
from db.models.audit import Shortlist, ShortlistCandidate

TOO_FEW = "terlalu sedikit untuk dinilai"
REVIEW = "perlu ditinjau"
COMPARABLE = "sebanding"
DIMENSIONS = ("jenis_kelamin", "usia")


@dataclass(frozen=True)
class GroupRow:
    dimension: str  # jenis_kelamin | usia
    group: str  # L / P, or an age band
    shortlisted: int
    shortlisted_share: float
    pool: int
    pool_share: float
    ratio: float | None
    status: str


@dataclass(frozen=True)
class FairnessReport:
    instansi_id: int
    year: int
    quarter: int
    shortlists: int
    shortlisted: int  # appearances on shortlists
    pool: int  # summed pool sizes
    status: str
    groups: tuple[GroupRow, ...]


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("kuartal harus 1–4")
    start = datetime(year, 3 * (quarter - 1) + 1, 1, tzinfo=WIB)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=WIB)
    return start.astimezone(UTC), end.astimezone(UTC)


def _groups(
    shown: dict[str, Counter[str]],
    pool: dict[str, Counter[str]],
    n_shown: int,
    settings: FairnessSettings,
    too_few: bool,
) -> list[GroupRow]:
    rows: list[GroupRow] = []
    for dim in DIMENSIONS:
        pool_total = sum(pool[dim].values())
        for group in sorted(set(shown[dim]) | set(pool[dim])):
            s_n, p_n = shown[dim][group], pool[dim][group]
            s_share = s_n / n_shown if n_shown else 0.0
            p_share = p_n / pool_total if pool_total else 0.0
            expected = p_share * n_shown
            ratio = s_share / p_share if p_share else None
            if too_few or expected < settings.min_expected or ratio is None:
                status = TOO_FEW
            elif ratio < settings.review_ratio:
                status = REVIEW
            else:
                status = COMPARABLE
            rows.append(
                GroupRow(
                    dim,
                    group,
                    s_n,
                    round(s_share, 4),
                    p_n,
                    round(p_share, 4),
                    None if ratio is None else round(ratio, 3),
                    status,
                )
            )
    return rows


def fairness_report(
    session: Session, *, instansi_id: int, year: int, quarter: int, settings: FairnessSettings
) -> FairnessReport:
    start, end = quarter_bounds(year, quarter)
    lists = session.exec(
        select(Shortlist)
        .where(Shortlist.instansi_id == instansi_id)
        .where(col(Shortlist.created_at) >= start, col(Shortlist.created_at) < end)
    ).all()
    pool: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    for sl in lists:
        for dim in DIMENSIONS:
            pool[dim].update(sl.pool.get(dim, {}))
    shown: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    ids = [sl.id for sl in lists]
    cands = (
        session.exec(
            select(ShortlistCandidate.jenis_kelamin, ShortlistCandidate.usia_band).where(
                col(ShortlistCandidate.shortlist_id).in_(ids)
            )
        ).all()
        if ids
        else []
    )
    for jk, band in cands:
        if jk:
            shown["jenis_kelamin"][jk] += 1
        if band:
            shown["usia"][band] += 1
    n_shown = len(cands)
    too_few = n_shown < settings.min_shortlisted
    return FairnessReport(
        instansi_id=instansi_id,
        year=year,
        quarter=quarter,
        shortlists=len(lists),
        shortlisted=n_shown,
        pool=sum(pool["jenis_kelamin"].values()),
        status=TOO_FEW if too_few else "dinilai",
        groups=tuple(_groups(shown, pool, n_shown, settings, too_few)),
    )


def shortlist_note(session: Session, ref: str, settings: FairnessSettings) -> str | None:
    """A neutral one-line note for a single list, only when the comparison can mean something:
    the pool has at least ``min_shortlisted`` people and the list at least ``min_expected``."""
    row = get_shortlist_row(session, ref)
    pool_sex: dict[str, int] = row.pool.get("jenis_kelamin", {})
    pool_total = sum(pool_sex.values())
    shown = Counter(
        jk
        for jk in session.exec(
            select(ShortlistCandidate.jenis_kelamin).where(
                ShortlistCandidate.shortlist_id == row.id
            )
        ).all()
        if jk
    )
    shown_total = sum(shown.values())
    if pool_total < settings.min_shortlisted or shown_total < settings.min_expected:
        return None
    p_pool = round(100 * pool_sex.get("P", 0) / pool_total)
    return (
        f"Catatan: {shown['P']} dari {shown_total} kandidat di daftar ini perempuan; "
        f"di kelompok yang memenuhi syarat {p_pool}% perempuan."
    )
