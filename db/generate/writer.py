"""Streaming CSV output in the import layout of ``db/layout.py`` (one file per FileSpec).

Rows are tuples in the layout's column order; ``None`` is written as an empty cell and dates
as ``YYYY-MM-DD``. Nothing is buffered beyond the file objects' own buffers.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from db.layout import FILES

Row = Sequence[Any]


class Writer:
    """One open CSV writer per layout file, with per-file row counts."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.counts: dict[str, int] = {}
        self._files: list[IO[str]] = []
        self._rows: dict[str, Callable[[Row], object]] = {}
        for spec in FILES:
            fh = (out_dir / spec.filename).open("w", encoding="utf-8", newline="")
            self._files.append(fh)
            cw = csv.writer(fh, lineterminator="\n")
            cw.writerow(spec.column_names)
            self._rows[spec.name] = cw.writerow
            self.counts[spec.name] = 0

    def write(self, name: str, row: Row) -> None:
        self._rows[name](row)
        self.counts[name] += 1

    def instansi(self, row: Row) -> None:
        self.write("instansi", row)

    def unit_kerja(self, row: Row) -> None:
        self.write("unit_kerja", row)

    def jabatan(self, row: Row) -> None:
        self.write("jabatan", row)

    def jabatan_kompetensi(self, row: Row) -> None:
        self.write("jabatan_kompetensi", row)

    def pegawai(self, row: Row) -> None:
        self.write("pegawai", row)

    def riwayat_pendidikan(self, row: Row) -> None:
        self.write("riwayat_pendidikan", row)

    def riwayat_jabatan(self, row: Row) -> None:
        self.write("riwayat_jabatan", row)

    def diklat(self, row: Row) -> None:
        self.write("diklat", row)

    def sertifikasi(self, row: Row) -> None:
        self.write("sertifikasi", row)

    def asesmen(self, row: Row) -> None:
        self.write("asesmen", row)

    def asesmen_kompetensi(self, row: Row) -> None:
        self.write("asesmen_kompetensi", row)

    def kinerja(self, row: Row) -> None:
        self.write("kinerja", row)

    def hukuman_disiplin(self, row: Row) -> None:
        self.write("hukuman_disiplin", row)

    def keluarga(self, row: Row) -> None:
        self.write("keluarga", row)

    def ninebox_resmi(self, row: Row) -> None:
        self.write("ninebox_resmi", row)

    def rencana_suksesi(self, row: Row) -> None:
        self.write("rencana_suksesi", row)

    def close(self) -> None:
        for fh in self._files:
            fh.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
