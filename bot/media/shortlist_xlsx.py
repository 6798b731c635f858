"""Spreadsheets for a committee meeting (XLSX, Indonesian): a shortlist and a talent pool.

The shortlist sheet carries the same content as the PDF (:mod:`bot.media.shortlist_pdf`) in
rows: the same blind state (codes and the blind row's facts only), the same masked NIPs, the list's
reference and the file's seal. Every text cell is written as text, so a value starting with
``=`` is never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from bot.media.shortlist_pdf import ShortlistDocument
from db.clock import tanggal_panjang

_BOLD = Font(bold=True)
_NOTE = (
    "RAHASIA — untuk rapat komite talenta. Periksa keaslian berkas dengan: "
    "talenta audit verify-file NAMA-BERKAS"
)


def _put(ws: Worksheet, values: Sequence[Any], *, bold: bool = False) -> None:
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text, never a formula
        if bold:
            cell.font = _BOLD


def _widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _workbook(title: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    wb.properties.creator = "Talenta"
    wb.properties.title = title
    return wb, ws


def render_shortlist_xlsx(doc: ShortlistDocument) -> bytes:
    wb, ws = _workbook("Daftar calon")
    _put(ws, ["DAFTAR CALON PENGISI JABATAN"], bold=True)
    _put(ws, ["Instansi", doc.instansi])
    _put(ws, ["Nomor daftar", doc.nomor])
    _put(ws, ["Segel dokumen", doc.seal_text])
    _put(ws, ["Jabatan", f"{doc.jabatan} — {doc.unit}" if doc.unit else doc.jabatan])
    _put(ws, ["Tanggal", tanggal_panjang(doc.tanggal)])
    _put(ws, ["Rujukan audit daftar", doc.audit_ref])
    if doc.blind:
        _put(ws, ["Tampilan", "tanpa identitas: nama dan NIP disembunyikan seperti di layar"])
    for note in doc.list_notes:
        _put(ws, ["Catatan daftar", note])
    _put(ws, [_NOTE])
    _put(ws, [])
    header = ["Peringkat", "Calon", "NIP", "Jabatan", "Golongan", "Unit", "Skor total"]
    header += ["Rincian skor", "Kelayakan", "Catatan"]
    _put(ws, header, bold=True)
    for c in doc.candidates:
        if c.blind_facts is not None:  # the blind row's facts only, in "Rincian skor"
            _put(ws, [c.rank, c.nama, "", "", "", "", "", c.blind_facts, "", ""])
            continue
        comps = " · ".join(f"{k} {v}" for k, v in c.components.items())
        notes = [*c.flags, *(f"Konflik kepentingan: {x}" for x in c.conflicts)]
        _put(
            ws,
            [
                c.rank,
                c.nama,
                c.nip or "",
                c.jabatan_sekarang,
                c.golongan,
                c.unit,
                round(c.total, 3),
                comps,
                c.verdict,
                "; ".join(notes),
            ],
        )
    _put(ws, [])
    _put(ws, ["Persyaratan jabatan"], bold=True)
    for req in doc.requirements:
        cite = f" [{'; '.join(req.citations)}]" if req.citations else ""
        _put(ws, [req.requirement, f"{req.value}{cite}"])
    _put(ws, [])
    _put(ws, ["Versi", " · ".join(f"{k}: {v}" for k, v in doc.versions.items())])
    _widths(ws, [14, 28, 24, 34, 10, 34, 11, 40, 30, 40])
    return _bytes(wb)


@dataclass(frozen=True)
class PoolSheetRow:
    nama: str
    nip: str  # masked
    jabatan: str
    kotak: int
    tahun: int


@dataclass(frozen=True)
class PoolSheet:
    instansi: str
    unit: str | None
    tanggal: date
    rows: Sequence[PoolSheetRow]  # empty when only counts may be shown
    box_counts: dict[int, int]
    show_names: bool
    seal: int | None = None

    @property
    def seal_text(self) -> str:
        return "-" if self.seal is None else f"catatan audit seq {self.seal}"


def render_pool_xlsx(sheet: PoolSheet) -> bytes:
    wb, ws = _workbook("Talent pool")
    _put(ws, ["TALENT POOL (KOTAK 7–9)"], bold=True)
    _put(ws, ["Instansi", sheet.instansi])
    _put(ws, ["Unit", sheet.unit or "semua unit"])
    _put(ws, ["Segel dokumen", sheet.seal_text])
    _put(ws, ["Tanggal", tanggal_panjang(sheet.tanggal)])
    _put(ws, [_NOTE])
    _put(ws, [])
    _put(ws, ["Kotak nine-box", "Jumlah pegawai"], bold=True)
    for box, n in sorted(sheet.box_counts.items(), reverse=True):
        _put(ws, [box, n])
    _put(ws, [])
    if sheet.show_names:
        _put(ws, ["Nama", "NIP", "Jabatan", "Kotak", "Tahun penilaian"], bold=True)
        for r in sheet.rows:
            _put(ws, [r.nama, r.nip, r.jabatan, r.kotak, r.tahun])
    _widths(ws, [30, 24, 36, 8, 16])
    return _bytes(wb)
