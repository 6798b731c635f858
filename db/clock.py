"""Dates: computed in Asia/Jakarta (WIB), never in the machine's UTC, and written the one
Indonesian way everywhere (replies, documents, rule explanations, the command line)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def now_wib() -> datetime:
    return datetime.now(WIB)


def today_wib() -> date:
    return now_wib().date()


def wib_date(ts: datetime) -> date:
    """The WIB calendar date of a stored timestamp (naive timestamps are UTC, as stored):
    04:58 WIB on 6 December is 21:58 UTC on the 5th, and its date is the 6th."""
    aware = ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
    return aware.astimezone(WIB).date()


def tanggal_panjang(d: date) -> str:
    """``12 Februari 2026``: documents, rule explanations, regulation status."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def tanggal_singkat(d: date) -> str:
    """``12 Feb 2026``: the "data per …" stamp of chat replies."""
    return f"{d.day} {BULAN_SINGKAT[d.month - 1]} {d.year}"


def tanggal_angka(d: date) -> str:
    """``12-02-2026``."""
    return f"{d:%d-%m-%Y}"


def waktu_wib(ts: datetime) -> str:
    """``12-02-2026 14:05`` in WIB (an aware time in any zone; add " WIB" where it is shown)."""
    return f"{ts.astimezone(WIB):%d-%m-%Y %H:%M}"
