"""Small month arithmetic used throughout the generator (no day-level surprises)."""

from __future__ import annotations

from datetime import date


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def from_index(i: int, day: int = 1) -> date:
    return date(i // 12, i % 12 + 1, day)


def add_months(d: date, n: int) -> date:
    return from_index(month_index(d) + n, min(d.day, 28))


def add_years(d: date, n: int) -> date:
    """Same day n years later (29 Feb → 28 Feb)."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def age_years(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def retirement_date(birth: date, bup: int) -> date:
    """Pension TMT: the first day of the month after reaching ``bup``."""
    reached = add_years(birth, bup)
    return from_index(month_index(reached) + 1)
