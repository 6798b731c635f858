"""Rotation window: time in the current position against Pasal 190 (mutasi every 2–5 years)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from db.clock import tanggal_panjang, today_wib
from knowledge.rules.dates import add_years, fmt_span
from knowledge.rules.facts import EmployeeFacts
from knowledge.rules.result import merge_citations
from knowledge.rules.thresholds import thresholds


class RotationStatus(StrEnum):
    too_early = "too_early"  # under the minimum
    in_window = "in_window"  # between minimum and maximum (both inclusive)
    overdue = "overdue"  # past the maximum
    not_applicable = "not_applicable"  # PPPK
    unknown = "unknown"  # no TMT jabatan on record


@dataclass(frozen=True, slots=True)
class RotationResult:
    pegawai_id: int
    status: RotationStatus
    masa_jabatan: str | None
    mulai_boleh: date | None  # date the minimum is reached
    batas_akhir: date | None  # last day inside the window
    citations: tuple[str, ...]
    penjelasan: str
    data: dict[str, Any] = field(default_factory=dict)


def rotation(employee: EmployeeFacts, *, as_of: date | None = None) -> RotationResult:
    as_of = as_of or today_wib()
    t = thresholds()
    lo, hi = t.integer("mutasi.min_tahun"), t.integer("mutasi.maks_tahun")
    cites = merge_citations(t.cites("mutasi.min_tahun"), t.cites("mutasi.maks_tahun"))
    pid = employee.pegawai_id
    if not employee.is_pns:
        return RotationResult(
            pid,
            RotationStatus.not_applicable,
            None,
            None,
            None,
            cites,
            "Pola mutasi Pasal 190 mengatur PNS; tidak berlaku bagi PPPK.",
        )
    tmt = employee.tmt_jabatan
    if tmt is None:
        return RotationResult(
            pid,
            RotationStatus.unknown,
            None,
            None,
            None,
            cites,
            "TMT jabatan tidak tercatat; masa jabatan belum dapat dihitung.",
        )
    start, end = add_years(tmt, lo), add_years(tmt, hi)
    held = fmt_span(tmt, as_of)
    if as_of < start:
        status = RotationStatus.too_early
        text = f"Menjabat {held}; mutasi paling cepat {tanggal_panjang(start)} ({lo} tahun)."
    elif as_of <= end:
        status = RotationStatus.in_window
        text = (
            f"Menjabat {held}; dalam rentang mutasi {lo}–{hi} tahun (s.d. {tanggal_panjang(end)})."
        )
    else:
        status = RotationStatus.overdue
        text = f"Menjabat {held}; melewati batas {hi} tahun sejak {tanggal_panjang(end)}."
    return RotationResult(
        pid,
        status,
        held,
        start,
        end,
        cites,
        text,
        {"tmt_jabatan": tmt.isoformat(), "as_of": as_of.isoformat()},
    )
