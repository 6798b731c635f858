"""A small, deterministic writer of valid import files for tests (CSV or one XLSX workbook)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from db.layout import FILES, FILES_BY_NAME
from db.reference import KOMPETENSI_MANAJERIAL

Rows = list[dict[str, str]]

AGENCIES = {
    "PROV": ("Pemerintah Provinsi Jambi", "provinsi"),
    "BGO": ("Pemerintah Kabupaten Bungo", "kabupaten"),
    "KJB": ("Pemerintah Kota Jambi", "kota"),
}


def nip_for(lahir: date, tmt_cpns: date, jk: str, serial: int) -> str:
    return f"{lahir:%Y%m%d}{tmt_cpns:%Y%m}{'1' if jk == 'L' else '2'}{serial % 999 + 1:03d}"


@dataclass
class Dataset:
    tables: dict[str, Rows] = field(default_factory=dict)

    def rows(self, name: str) -> Rows:
        return self.tables.setdefault(name, [])

    def pegawai(self, nip: str) -> dict[str, str]:
        return next(r for r in self.rows("pegawai") if r["nip"] == nip)

    def drop_pegawai(self, nip: str) -> None:
        for name, rows in self.tables.items():
            self.tables[name] = [
                r for r in rows if r.get("nip") != nip and r.get("nip_keluarga") != nip
            ]

    def write_csv(self, directory: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for name, rows in self.tables.items():
            cols = FILES_BY_NAME[name].column_names
            with (directory / f"{name}.csv").open("w", newline="", encoding=encoding) as f:
                w = csv.DictWriter(f, fieldnames=cols, delimiter=delimiter)
                w.writeheader()
                w.writerows(rows)
        return directory

    def write_xlsx(self, path: Path) -> Path:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for name, rows in self.tables.items():
            ws = wb.create_sheet(name)
            cols = FILES_BY_NAME[name].column_names
            ws.append(list(cols))
            for r in rows:
                ws.append([r.get(c, "") for c in cols])
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
        return path


def make_dataset(pegawai: int = 20, agencies: tuple[str, ...] = ("PROV", "BGO")) -> Dataset:
    """``pegawai`` employees spread over ``agencies``, each with a few history rows."""
    ds = Dataset()
    for name in (f.name for f in FILES):
        ds.rows(name)
    for kode in agencies:
        nama, jenis = AGENCIES[kode]
        ds.rows("instansi").append({"kode_instansi": kode, "nama": nama, "jenis": jenis})
        ds.rows("unit_kerja").extend(
            [
                {
                    "kode_instansi": kode,
                    "kode_unit": "BKD",
                    "nama": "Badan Kepegawaian Daerah",
                    "singkatan": "BKD",
                    "kode_induk": "",
                },
                {
                    "kode_instansi": kode,
                    "kode_unit": "BKD-MUT",
                    "nama": "Bidang Mutasi",
                    "singkatan": "",
                    "kode_induk": "BKD",
                },
            ]
        )
        ds.rows("jabatan").extend(
            [
                {
                    "kode_instansi": kode,
                    "kode_jabatan": "KABAN",
                    "nama": "Kepala Badan",
                    "jenis": "jpt_pratama",
                    "jenjang": "",
                    "eselon": "II.b",
                    "kode_unit": "BKD",
                    "bidang": "kepegawaian",
                    "pendidikan_min": "S2",
                    "kode_atasan": "",
                    "formasi": "1",
                },
                {
                    "kode_instansi": kode,
                    "kode_jabatan": "KABID",
                    "nama": "Kepala Bidang Mutasi",
                    "jenis": "administrator",
                    "jenjang": "",
                    "eselon": "III.b",
                    "kode_unit": "BKD-MUT",
                    "bidang": "kepegawaian",
                    "pendidikan_min": "S1",
                    "kode_atasan": "KABAN",
                    "formasi": "1",
                },
                {
                    "kode_instansi": kode,
                    "kode_jabatan": "ANALIS",
                    "nama": "Analis SDM Aparatur",
                    "jenis": "fungsional",
                    "jenjang": "ahli_muda",
                    "eselon": "",
                    "kode_unit": "BKD-MUT",
                    "bidang": "kepegawaian",
                    "pendidikan_min": "S1",
                    "kode_atasan": "KABID",
                    "formasi": "50",
                },
            ]
        )
        for kj in ("KABAN", "KABID"):
            for k in KOMPETENSI_MANAJERIAL[:3]:
                ds.rows("jabatan_kompetensi").append(
                    {
                        "kode_instansi": kode,
                        "kode_jabatan": kj,
                        "kompetensi": k,
                        "jenis": "manajerial",
                        "level": "4" if kj == "KABAN" else "3",
                    }
                )
    for i in range(pegawai):
        add_pegawai(ds, i, agencies[i % len(agencies)])
    return ds


def add_pegawai(ds: Dataset, i: int, kode: str) -> str:
    jk = "L" if i % 2 == 0 else "P"
    lahir = date(1970, 1, 1) + timedelta(days=(i * 37) % 9000)
    tmt_cpns = date(lahir.year + 24 + i % 5, 1 + i % 12, 1)
    nip = nip_for(lahir, tmt_cpns, jk, i)  # unique for i < 9000 (birth dates differ)
    ds.rows("pegawai").append(
        {
            "nip": nip,
            "nama": f"Pegawai Uji {i}",
            "gelar_depan": "",
            "gelar_belakang": "S.E.",
            "jenis_kelamin": jk,
            "tanggal_lahir": lahir.isoformat(),
            "status_kepegawaian": "PNS",
            "golongan": "III/c",
            "tmt_golongan": f"{tmt_cpns.year + 8}-04-01",
            "tmt_cpns": tmt_cpns.isoformat(),
            "kode_instansi": kode,
            "kode_unit": "BKD-MUT",
            "kode_jabatan": "ANALIS",
            "tmt_jabatan": f"{tmt_cpns.year + 10}-01-02",
            "status": "",
            "tanggal_status": "",
            "alasan_status": "",
        }
    )
    ds.rows("riwayat_pendidikan").append(
        {
            "nip": nip,
            "jenjang": "S1",
            "jurusan": "Manajemen",
            "institusi": "Universitas Jambi",
            "tahun_lulus": str(tmt_cpns.year - 1),
        }
    )
    ds.rows("riwayat_jabatan").extend(
        [
            {
                "nip": nip,
                "nama_jabatan": "Pengadministrasi Umum",
                "jenis_jabatan": "pelaksana",
                "jenjang": "",
                "kode_instansi": kode,
                "unit": "Sekretariat",
                "bidang": "umum",
                "tmt_mulai": tmt_cpns.isoformat(),
                "tmt_selesai": f"{tmt_cpns.year + 10}-01-01",
            },
            {
                "nip": nip,
                "nama_jabatan": "Analis SDM Aparatur",
                "jenis_jabatan": "fungsional",
                "jenjang": "ahli_muda",
                "kode_instansi": kode,
                "unit": "Bidang Mutasi",
                "bidang": "kepegawaian",
                "tmt_mulai": f"{tmt_cpns.year + 10}-01-02",
                "tmt_selesai": "",
            },
        ]
    )
    ds.rows("kinerja").extend(
        [
            {"nip": nip, "tahun": "2024", "predikat": "Baik"},
            {"nip": nip, "tahun": "2025", "predikat": "Sangat Baik" if i % 5 == 0 else "Baik"},
        ]
    )
    ds.rows("diklat").append(
        {
            "nip": nip,
            "nama": "Pelatihan Analis Kebijakan",
            "jenis": "teknis",
            "jp": "40",
            "tahun": "2023",
        }
    )
    if i % 3 == 0:
        ds.rows("asesmen").append(
            {
                "nip": nip,
                "tanggal": "2025-03-10",
                "metode": "assessment center",
                "skor_potensi": "71.5",
                "kategori_potensi": "menengah",
            }
        )
        for k in KOMPETENSI_MANAJERIAL[:3]:
            ds.rows("asesmen_kompetensi").append(
                {"nip": nip, "tanggal": "2025-03-10", "kompetensi": k, "level": "3"}
            )
        ds.rows("ninebox_resmi").append(
            {"nip": nip, "tahun": "2025", "kotak": "5", "sumber": "BKN"}
        )
    return nip


def day_first(iso: str) -> str:
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}" if iso else ""


# SIASN-style names for the employee files (as db/importer/profiles/siasn.yaml expects them),
# with columns Talenta does not read.
SIASN_PEGAWAI = {
    "NIP BARU": "nip",
    "Namapns": "nama",
    "Gelar Depan": "gelar_depan",
    "Gelar Blk": "gelar_belakang",
    "Jenis Kelamin": "jenis_kelamin",
    "Tgl Lhr": "tanggal_lahir",
    "Jenis Asn": "status_kepegawaian",
    "Golongan": "golongan",
    "TMT GOLONGAN": "tmt_golongan",
    "TMT CPNS": "tmt_cpns",
    "Unor Id": "kode_unit",
    "TMT JABATAN": "tmt_jabatan",
    "Kedudukanpns": "status",
}
SIASN_EXTRA = {"Alamat": "Jl. Rahasia No. 1", "Agama Id": "1", "Nomor Hp": "0812000000"}


def write_siasn(ds: Dataset, directory: Path) -> Path:
    """``ds`` as an agency would hand in a SIASN download: ';'-separated (Excel in an
    Indonesian locale), day-first dates, SIASN column and file names for the employee files,
    Talenta's layout for the organisation files."""
    directory.mkdir(parents=True, exist_ok=True)

    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        with (directory / name).open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(header)
            w.writerows(rows)

    for table in ("instansi", "unit_kerja", "jabatan", "jabatan_kompetensi"):
        cols = list(FILES_BY_NAME[table].column_names)
        write(f"{table}.csv", cols, [[r[c] for c in cols] for r in ds.rows(table)])
    dates = {"tanggal_lahir", "tmt_golongan", "tmt_cpns", "tmt_jabatan"}
    gender = {"L": "M", "P": "F"}
    pegawai = []
    for r in ds.rows("pegawai"):
        row = []
        for target in SIASN_PEGAWAI.values():
            v = r[target]
            if target in dates:
                v = day_first(v)
            elif target == "jenis_kelamin":
                v = gender[v]
            elif target == "status":
                v = "Aktif"
            row.append(v)
        pegawai.append(row + list(SIASN_EXTRA.values()))
    write("DATA UTAMA.csv", [*SIASN_PEGAWAI, *SIASN_EXTRA], pegawai)

    def pendidikan(r: dict[str, str]) -> list[str]:
        return [r["jurusan"], r["institusi"], r["tahun_lulus"]]

    write(
        "rw_pendidikan.csv",
        ["NIP BARU", "TK PENDIDIKAN", "PENDIDIKAN", "NAMA SEKOLAH", "TAHUN LULUS"],
        [
            [r["nip"], r["jenjang"].replace("S1", "S-1"), *pendidikan(r)]
            for r in ds.rows("riwayat_pendidikan")
        ],
    )
    write(
        "rw_skp.csv",
        ["NIP BARU", "TAHUN", "PREDIKAT KINERJA"],
        [[r["nip"], r["tahun"], r["predikat"].upper()] for r in ds.rows("kinerja")],
    )
    return directory
