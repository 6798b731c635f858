"""How layout files map to tables: columns, natural keys and the owner of each history row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table

from db.importer.snapshot import Row
from db.layout import FILES_BY_NAME
from db.models import (
    Asesmen,
    AsesmenKompetensi,
    Diklat,
    HukumanDisiplin,
    Keluarga,
    Kinerja,
    NineBoxResmi,
    RencanaSuksesi,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
)


def table_of(model: Any) -> Table:
    return cast(Table, model.__table__)


@dataclass(frozen=True)
class HistoryMap:
    file: str
    table: Table
    owner: str  # owner column: "pegawai_id", or "asesmen_id" for asesmen_kompetensi
    columns: tuple[tuple[str, str], ...]  # (file column, table column), nip excluded
    key: tuple[str, ...]  # table columns of the natural key, owner excluded

    @cached_property
    def _pick(self) -> Callable[[Row], tuple[Any, ...]]:
        names = FILES_BY_NAME[self.file].column_names
        getter = itemgetter(*(names.index(f) for f, _ in self.columns))
        if len(self.columns) == 1:
            return lambda row: (getter(row),)
        return getter

    def values(self, row: Row) -> tuple[Any, ...]:
        """The table values of ``row`` in ``columns`` order."""
        v = self._pick(row)
        if self.file == "rencana_suksesi" and v[1] is None:
            # The natural key column is NOT NULL: "no target" is the empty string.
            v = (v[0], "", *v[2:])
        return v

    @cached_property
    def db_columns(self) -> tuple[str, ...]:
        return tuple(c for _, c in self.columns)


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


HISTORIES: tuple[HistoryMap, ...] = (
    HistoryMap(
        "riwayat_pendidikan",
        table_of(RiwayatPendidikan),
        "pegawai_id",
        _same("jenjang", "jurusan", "institusi", "tahun_lulus"),
        ("jenjang", "tahun_lulus"),
    ),
    HistoryMap(
        "riwayat_jabatan",
        table_of(RiwayatJabatan),
        "pegawai_id",
        (
            *_same("nama_jabatan", "jenis_jabatan", "jenjang"),
            ("kode_instansi", "instansi_kode"),
            ("unit", "unit_nama"),
            *_same("bidang", "tmt_mulai", "tmt_selesai"),
        ),
        ("tmt_mulai",),
    ),
    HistoryMap(
        "diklat",
        table_of(Diklat),
        "pegawai_id",
        _same("nama", "jenis", "jp", "tahun"),
        ("nama", "tahun"),
    ),
    HistoryMap(
        "sertifikasi",
        table_of(Sertifikasi),
        "pegawai_id",
        _same("nama", "penerbit", "tahun"),
        ("nama",),
    ),
    HistoryMap(
        "asesmen",
        table_of(Asesmen),
        "pegawai_id",
        _same("tanggal", "metode", "skor_potensi", "kategori_potensi"),
        ("tanggal",),
    ),
    HistoryMap(
        "kinerja",
        table_of(Kinerja),
        "pegawai_id",
        _same("tahun", "predikat"),
        ("tahun",),
    ),
    HistoryMap(
        "hukuman_disiplin",
        table_of(HukumanDisiplin),
        "pegawai_id",
        _same("tingkat", "jenis", "tmt_mulai", "tmt_selesai"),
        ("tmt_mulai", "tingkat"),
    ),
    HistoryMap(
        "keluarga",
        table_of(Keluarga),
        "pegawai_id",
        _same("nip_keluarga", "hubungan"),
        ("nip_keluarga",),
    ),
    HistoryMap(
        "ninebox_resmi",
        table_of(NineBoxResmi),
        "pegawai_id",
        _same("tahun", "kotak", "sumber"),
        ("tahun",),
    ),
    HistoryMap(
        "rencana_suksesi",
        table_of(RencanaSuksesi),
        "pegawai_id",
        (
            ("tahun", "tahun"),
            ("kode_jabatan_target", "jabatan_target_kode"),
            ("keterangan", "keterangan"),
        ),
        ("tahun", "jabatan_target_kode"),
    ),
)
# The child of asesmen: owned by an asesmen row, found through (nip, tanggal).
ASESMEN_KOMPETENSI = HistoryMap(
    "asesmen_kompetensi",
    table_of(AsesmenKompetensi),
    "asesmen_id",
    _same("kompetensi", "level"),
    ("kompetensi",),
)
