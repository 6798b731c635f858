from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from knowledge.rules import SpellFact
from knowledge.rules.dates import (
    add_months,
    add_years,
    fmt_span,
    last_eligible_day,
    span,
    tenure,
)

dates = st.dates(min_value=date(1940, 1, 1), max_value=date(2080, 12, 31))


@given(dates, st.integers(-20, 80), st.integers(-60, 900))
def test_calendar_arithmetic_matches_relativedelta(d: date, years: int, months: int) -> None:
    assert add_years(d, years) == d + relativedelta(years=years)
    assert add_months(d, months) == d + relativedelta(months=months)


@given(dates, st.integers(0, 40_000))
def test_span_matches_relativedelta(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    r = relativedelta(end, start)
    assert span(start, end) == (r.years, r.months)


def test_leap_day_birthdays() -> None:
    assert add_years(date(1968, 2, 29), 58) == date(2026, 2, 28)
    assert last_eligible_day(date(1968, 2, 29), 56, "hari_ulang_tahun") == date(2024, 2, 29)
    assert last_eligible_day(date(1968, 2, 29), 57, "sebelum_ulang_tahun_berikut") == date(
        2026, 2, 27
    )
    with pytest.raises(ValueError, match="tafsir"):
        last_eligible_day(date(1968, 2, 29), 56, "kira-kira")


def test_fmt_span() -> None:
    assert fmt_span(date(1980, 5, 17), date(2037, 7, 20)) == "57 tahun 2 bulan"
    assert fmt_span(date(1980, 5, 17), date(2037, 5, 17)) == "57 tahun"
    assert fmt_span(date(2020, 1, 1), date(2019, 1, 1)) == "0 tahun"


def test_tenure_merges_overlaps_and_measures_calendar_years() -> None:
    spells = [
        SpellFact("pengawas", date(2020, 1, 1), date(2021, 1, 1)),
        SpellFact("pengawas", date(2020, 6, 1), date(2022, 1, 1)),  # overlaps the first
    ]
    t = tenure(spells, date(2030, 1, 1), 2)
    assert t.met and t.days == (date(2022, 1, 1) - date(2020, 1, 1)).days and not t.ongoing
    short = tenure([SpellFact("pengawas", date(2020, 1, 2), None)], date(2022, 1, 1), 2)
    assert not short.met and short.ongoing and short.short_days == 1
    assert not tenure([], date(2022, 1, 1), 2).met
