"""Calendar arithmetic for the rules: ages, anniversaries, cumulative time in spells.

Years are calendar years, never 365-day blocks: "2 years from 2024-02-29" is 2026-02-28
(the same convention as ``dateutil.relativedelta``, without its cost in a loop over
thousands of candidates), and "1 year 364 days" is short of 2 years.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.rules.facts import SpellFact

ONE_DAY = timedelta(days=1)


MONTHS = 12  # months in a year


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year: the 28th, as relativedelta does
        return d.replace(year=d.year + years, day=d.day - 1)


def add_months(d: date, months: int) -> date:
    year, month0 = divmod(d.month - 1 + months, MONTHS)
    year += d.year
    day = min(d.day, monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def span(start: date, end: date) -> tuple[int, int]:
    """Whole (years, months) from ``start`` to ``end`` (end >= start): the most months whose
    anniversary (clamped to the month's last day) is not after ``end``."""
    months = (end.year - start.year) * MONTHS + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return divmod(months, MONTHS)


def fmt_span(start: date, end: date) -> str:
    """'57 tahun 2 bulan' (days dropped; '0 bulan' omitted)."""
    if end < start:
        return "0 tahun"
    years, months = span(start, end)
    text = f"{years} tahun"
    if months:
        text += f" {months} bulan"
    return text


def fmt_days(days: int, anchor: date) -> str:
    """A number of days as years/months, counted from ``anchor`` (calendar-correct)."""
    return fmt_span(anchor, anchor + timedelta(days=max(days, 0)))


def last_eligible_day(born: date, max_age: int, tafsir: str) -> date:
    """Last date on which someone born on ``born`` is still "at most ``max_age`` years"."""
    if tafsir == "hari_ulang_tahun":
        return add_years(born, max_age)
    if tafsir == "sebelum_ulang_tahun_berikut":
        return add_years(born, max_age + 1) - ONE_DAY
    raise ValueError(f"tafsir batas usia tidak dikenal: {tafsir!r}")


def completed_years(tahun_ref: int, n: int) -> tuple[int, ...]:
    """The ``n`` completed calendar years before the reference year, latest first."""
    return tuple(tahun_ref - k for k in range(1, n + 1))


@dataclass(frozen=True, slots=True)
class Tenure:
    """Time summed over spells (overlaps merged), measured against a number of years."""

    days: int
    need_days: int
    anchor: date | None  # start of the first counted spell
    ongoing: bool  # the latest counted spell is still running at the evaluation date

    @property
    def met(self) -> bool:
        return self.anchor is not None and self.days >= self.need_days

    @property
    def short_days(self) -> int:
        return max(self.need_days - self.days, 0)


def tenure(spells: Iterable[SpellFact], until: date, years: int) -> Tenure:
    """Sum the spells up to ``until`` ([mulai, selesai) intervals) against ``years``.

    The need is ``years`` calendar years counted from the first spell, so one spell is
    measured exactly (start + N years <= until) and several spells add up day by day.
    """
    intervals = sorted((s.mulai, min(s.selesai or until, until)) for s in spells if s.mulai < until)
    merged: list[tuple[date, date]] = []
    for start, end in intervals:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if not merged:
        return Tenure(days=0, need_days=0, anchor=None, ongoing=False)
    anchor = merged[0][0]
    days = sum((end - start).days for start, end in merged)
    need = (add_years(anchor, years) - anchor).days
    ongoing = any((s.selesai is None or s.selesai >= until) and s.mulai < until for s in spells)
    return Tenure(days=days, need_days=need, anchor=anchor, ongoing=ongoing)
