"""Per-table validation work computed once: converters, range checks, key positions."""

from __future__ import annotations

from datetime import date
from typing import Any

from db.importer.convert import converter
from db.importer.issues import IssueLog
from db.importer.profile import ReadOptions
from db.layout import FileSpec

EARLIEST_YEAR = 1940
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("jabatan_kompetensi", "level"): (1, 5),
    ("asesmen_kompetensi", "level"): (1, 5),
    ("ninebox_resmi", "kotak"): (1, 9),
    ("asesmen", "skor_potensi"): (0, 100),
    ("diklat", "jp"): (0, 2000),
    ("jabatan", "formasi"): (0, 10_000),
}
YEAR_COLUMNS = {"tahun", "tahun_lulus"}


def key_positions(spec: FileSpec) -> tuple[int, ...]:
    """Positions of the natural key without the nip (histories are grouped per nip)."""
    names = spec.column_names
    return tuple(names.index(k) for k in spec.key if k != "nip")


class TablePlan:
    """Per-table work computed once: converters, range checks, key positions."""

    def __init__(self, spec: FileSpec, today: date, read: ReadOptions | None = None) -> None:
        names = spec.column_names
        read = read or ReadOptions()
        tm = read.table(spec.name)
        self.converters = [
            (
                i,
                c.name,
                c.required,
                converter(
                    c,
                    day_first=read.day_first,
                    values=tm.values[c.name].map if tm and c.name in tm.values else None,
                ),
            )
            for i, c in enumerate(spec.columns)
        ]
        self.ranges: list[tuple[int, str, float, float]] = []
        for i, name in enumerate(names):
            lo_hi = RANGES.get((spec.name, name))
            if name in YEAR_COLUMNS:
                lo_hi = (EARLIEST_YEAR, today.year + 1)
            if lo_hi:
                self.ranges.append((i, name, *lo_hi))
        self.period = (
            (names.index("tmt_mulai"), names.index("tmt_selesai"))
            if "tmt_mulai" in names and "tmt_selesai" in names
            else None
        )
        self.key_rest = key_positions(spec)

    def check(self, log: IssueLog, label: str, number: int, row: list[Any]) -> bool:
        ok = True
        for i, name, lo, hi in self.ranges:
            v = row[i]
            if v is not None and not lo <= v <= hi:
                log.error(label, f"Di luar rentang {lo:g}–{hi:g}.", number, name, str(v))
                ok = False
        if self.period is not None:
            mulai, selesai = row[self.period[0]], row[self.period[1]]
            if mulai and selesai and selesai < mulai:
                log.error(
                    label,
                    "tmt_selesai lebih awal dari tmt_mulai.",
                    number,
                    "tmt_selesai",
                    selesai.isoformat(),
                )
                ok = False
        return ok
