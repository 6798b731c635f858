"""Turning one cell's text into a typed value by the layout's column type.

A converter returns the value or raises ``ValueError`` whose text is the Indonesian message.
Empty cells never reach a converter: the caller handles required/optional first.

Values repeat a lot (every history row repeats its NIP; years, dates, course names recur), so
converters share one object per distinct value: a 100,000-employee import holds millions of
cells in memory until it is written.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from db.layout import ColType, Column
from db.nip import NIP_LENGTH, SPREADSHEET_ADVICE, is_spreadsheet_mangled
from db.reference import GOLONGAN

Converter = Callable[[str], Any]

_INT = re.compile(r"^[+-]?\d+(?:\.0+)?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GOLONGAN = {g.lower(): g for g in GOLONGAN}


_SHARED_INTS: dict[str, int] = {}
_SHARED_DATES: dict[str, date] = {}


def to_integer(s: str) -> int:
    v = _SHARED_INTS.get(s)
    if v is not None:
        return v
    if s.isdigit() and s.isascii():
        if len(_SHARED_INTS) < 100_000:
            _SHARED_INTS[s] = v = int(s)
            return v
        return int(s)
    if not _INT.match(s):
        raise ValueError("Harus bilangan bulat, mis. 2024.")
    return int(s.split(".")[0])


def to_number(s: str) -> float:
    try:
        return float(s.replace(",", ".") if "." not in s else s)
    except ValueError:
        raise ValueError("Harus angka, mis. 72.5.") from None


_DAY_MONTH = re.compile(r"^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$")
DAY_FIRST_OPTION = "--tanggal-hari-dulu"


def to_date(s: str) -> date:
    """``TTTT-BB-HH``; a day-first or month-first date gets a message that says which option
    or form to use."""
    d = _SHARED_DATES.get(s)
    if d is not None:
        return d
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit() and s[5:7].isdigit():
        try:
            d = date.fromisoformat(s)
        except ValueError:
            pass  # fall through to the precise message
        else:
            if len(_SHARED_DATES) < 200_000:
                _SHARED_DATES[s] = d
            return d
    m = _DATE.match(s)
    if m is None:
        dm = _DAY_MONTH.match(s)
        if dm is not None:
            raise ValueError(_not_iso(int(dm[1]), int(dm[3])))
        raise ValueError(
            "Tanggal harus berformat TTTT-BB-HH, mis. 1986-09-26 (atau HH-BB-TTTT dengan "
            f"{DAY_FIRST_OPTION})."
        )
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError("Tanggal ini tidak ada di kalender.") from None


def _not_iso(first: int, second: int) -> str:
    if second > 12 and first <= 12:
        return (
            "Tanggal ini tampaknya bulan-hari-tahun (format Amerika), yang tidak didukung. "
            "Tulis TTTT-BB-HH, mis. 1986-09-26."
        )
    if first > 12:
        return (
            "Tanggal ini tampaknya hari-bulan-tahun. Jalankan impor dengan "
            f"{DAY_FIRST_OPTION} agar dibaca begitu, atau tulis TTTT-BB-HH."
        )
    return (
        "Tanggal ini bisa dibaca dua cara (hari-bulan atau bulan-hari). Bila berkas memakai "
        f"hari-bulan-tahun, jalankan impor dengan {DAY_FIRST_OPTION}; atau tulis TTTT-BB-HH."
    )


def day_first_date() -> Converter:
    """``HH-BB-TTTT`` or ``HH/BB/TTTT`` (as Excel writes them in an Indonesian locale), and
    ``TTTT-BB-HH`` as always."""
    shared: dict[str, date] = {}

    def conv(s: str) -> date:
        d = shared.get(s)
        if d is not None:
            return d
        m = _DAY_MONTH.match(s)
        if m is None:
            return to_date(s)
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        if month > 12:
            raise ValueError(
                f"Bulan {month} tidak ada: dengan {DAY_FIRST_OPTION} tanggal dibaca "
                "hari-bulan-tahun (HH-BB-TTTT)."
            )
        try:
            d = date(year, month, day)
        except ValueError:
            raise ValueError("Tanggal ini tidak ada di kalender.") from None
        if len(shared) < 200_000:
            shared[s] = d
        return d

    return conv


def to_golongan(s: str) -> str:
    g = _GOLONGAN.get(s.replace(" ", "").lower())
    if g is None:
        raise ValueError("Golongan/ruang harus salah satu dari I/a … IV/e, mis. III/b.")
    return g


def to_nip_text(s: str) -> str:
    """Format only (18 digits, not spreadsheet-mangled); the structure is checked per row."""
    if len(s) == NIP_LENGTH and s.isdigit() and s.isascii():
        return sys.intern(s)
    if is_spreadsheet_mangled(s, pppk=True):
        raise ValueError(SPREADSHEET_ADVICE)
    if not s.isdigit() or not s.isascii():
        raise ValueError("NIP hanya boleh berisi 18 angka, tanpa spasi, titik atau huruf.")
    if len(s) != NIP_LENGTH:
        raise ValueError(f"NIP harus 18 angka, yang tertulis {len(s)} angka.")
    return s


def _choice(choices: tuple[str, ...]) -> Converter:
    canonical = {c.lower(): c for c in choices}
    allowed = ", ".join(choices)

    def conv(s: str) -> str:
        c = canonical.get(s.lower())
        if c is None:
            raise ValueError(f"Nilai tidak dikenal. Pilihan: {allowed}.")
        return c

    return conv


def _text(max_length: int | None) -> Converter:
    def conv(s: str) -> str:
        if max_length is not None and len(s) > max_length:
            raise ValueError(f"Terlalu panjang: {len(s)} karakter, paling banyak {max_length}.")
        return sys.intern(s)

    return conv


def converter(
    column: Column, *, day_first: bool = False, values: dict[str, str] | None = None
) -> Converter:
    """The converter of ``column``; ``values`` first translates an export's own values
    (keys compared without case), as an import profile says."""
    conv = _converter(column, day_first)
    if not values:
        return conv
    table = {k.strip().lower(): v for k, v in values.items()}

    def translated(s: str) -> Any:
        return conv(table.get(s.lower(), s))

    return translated


def _converter(column: Column, day_first: bool) -> Converter:
    match column.type:
        case ColType.text:
            return _text(column.max_length)
        case ColType.integer:
            return to_integer
        case ColType.number:
            return to_number
        case ColType.date:
            return day_first_date() if day_first else to_date
        case ColType.golongan:
            return to_golongan
        case ColType.nip:
            return to_nip_text
        case ColType.choice:
            return _choice(column.choices)
    raise AssertionError(column.type)
