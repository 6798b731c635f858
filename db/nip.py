"""NIP (Nomor Induk Pegawai) validation, FACTS.md §11.2 (Perka BKN 22/2007 & 43/2007).

A PNS NIP has 18 digits::

    19860926 201505 1 001
    |        |      | serial (001 unless the first 15 digits collide)
    |        |      sex: 1 = male, 2 = female
    |        TMT CPNS: year + month of first appointment
    date of birth YYYYMMDD

PPPK numbers (NI PPPK) are 18 digits too but built differently (not verified), so they are
only checked for length. Messages are Indonesian: they go straight into the import report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from db.errors import NipError

NIP_LENGTH = 18
# Youngest plausible age at first appointment as CPNS (the CPNS recruitment minimum).
MIN_WORKING_AGE = 18
# Excel keeps 15 significant digits of a number; an 18-digit NIP typed into a number cell
# comes back with its last three digits as zeros (and serial 000 does not exist).
SPREADSHEET_DIGITS = 15
EARLIEST_BIRTH_YEAR = 1900

SPREADSHEET_ADVICE = (
    "NIP tampaknya diubah menjadi angka oleh aplikasi lembar kerja (Excel/LibreOffice). "
    "Format kolom NIP sebagai Teks, ketik ulang atau tempel ulang NIP-nya, lalu ekspor lagi."
)

_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+]?\d+$")
_FLOAT = re.compile(r"^(\d{15,18})[.,]0+$")
_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Nip:
    value: str
    pppk: bool
    lahir: date | None = None  # None for PPPK (structure not verified)
    tmt_cpns: tuple[int, int] | None = None  # (year, month)
    jenis_kelamin: str | None = None  # "L" / "P"


def is_spreadsheet_mangled(raw: str, *, pppk: bool = False) -> bool:
    """True if ``raw`` looks like an 18-digit NIP that a spreadsheet turned into a number.

    Trailing ``000`` is only evidence for a PNS NIP (serial 000 does not exist); the layout of
    an NI PPPK is not verified, so there it is left alone.
    """
    s = raw.strip()
    if _SCIENTIFIC.match(s) or _FLOAT.match(s):
        return True
    return bool(not pppk and _DIGITS.match(s) and len(s) == NIP_LENGTH and s.endswith("000"))


def parse_nip(raw: str, *, pppk: bool = False) -> Nip:
    """Validate a NIP (or, with ``pppk``, an NI PPPK). Raises NipError with the reason."""
    s = raw.strip()
    if is_spreadsheet_mangled(s, pppk=pppk):
        raise NipError(SPREADSHEET_ADVICE)
    if not _DIGITS.match(s):
        raise NipError("NIP hanya boleh berisi 18 angka, tanpa spasi, titik atau huruf.")
    if len(s) != NIP_LENGTH:
        raise NipError(f"NIP harus 18 angka, yang tertulis {len(s)} angka.")
    if pppk:
        return Nip(s, pppk=True)
    try:
        lahir = date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        raise NipError("Angka 1–8 NIP (tanggal lahir TTTTBBHH) bukan tanggal yang ada.") from None
    if lahir.year < EARLIEST_BIRTH_YEAR:
        raise NipError("Angka 1–8 NIP (tanggal lahir TTTTBBHH) tidak masuk akal.")
    tahun, bulan = int(s[8:12]), int(s[12:14])
    if not 1 <= bulan <= 12:
        raise NipError("Angka 9–14 NIP (TMT CPNS TTTTBB) bukan tahun-bulan yang ada.")
    earliest = (lahir.year + MIN_WORKING_AGE, lahir.month)
    if (tahun, bulan) < earliest:
        raise NipError(
            f"Angka 9–14 NIP (TMT CPNS {tahun:04d}-{bulan:02d}) lebih awal dari usia kerja "
            f"minimal {MIN_WORKING_AGE} tahun sejak lahir {lahir.isoformat()}."
        )
    if s[14] not in "12":
        raise NipError("Angka ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan).")
    return Nip(
        s,
        pppk=False,
        lahir=lahir,
        tmt_cpns=(tahun, bulan),
        jenis_kelamin="L" if s[14] == "1" else "P",
    )


def check_nip_date(nip: Nip, today: date) -> str | None:
    """A NIP whose TMT CPNS lies in the future is not a real NIP (yet)."""
    if nip.tmt_cpns is not None and nip.tmt_cpns > (today.year, today.month):
        return "Angka 9–14 NIP (TMT CPNS) berada di masa depan."
    return None


def mismatches(nip: Nip, *, tanggal_lahir: date | None, jenis_kelamin: str | None) -> list[str]:
    """Where the NIP disagrees with the row (real records do): messages for warnings."""
    out: list[str] = []
    if nip.lahir is not None and tanggal_lahir is not None and nip.lahir != tanggal_lahir:
        out.append(
            f"Tanggal lahir di NIP ({nip.lahir.isoformat()}) berbeda dengan kolom tanggal_lahir "
            f"({tanggal_lahir.isoformat()})."
        )
    if nip.jenis_kelamin is not None and jenis_kelamin and nip.jenis_kelamin != jenis_kelamin:
        out.append(
            f"Jenis kelamin di NIP ({nip.jenis_kelamin}) berbeda dengan kolom jenis_kelamin "
            f"({jenis_kelamin})."
        )
    return out


# A NIP as people type it: 18 digits, or its four parts (birth date, TMT CPNS, sex, serial)
# separated by spaces, dots or hyphens; never part of a longer number.
_TYPED_NIP = re.compile(
    r"(?<![\d.\-])(\d{8})[ .\-]?(\d{6})[ .\-]?(\d)[ .\-]?(\d{3})(?![\d\-]|\.\d)"
)


def nips_in(text: str) -> list[str]:
    """Every NIP written in ``text`` (``19850506 200901 1 001``, ``19850506.200901.1.001`` or
    18 digits), as 18 digits, in the order written: the one place a NIP is read from text."""
    return ["".join(m.groups()) for m in _TYPED_NIP.finditer(text)]


def without_nips(text: str) -> str:
    """``text`` with every NIP written in it taken out (what is left may name someone)."""
    return _TYPED_NIP.sub(" ", text)
