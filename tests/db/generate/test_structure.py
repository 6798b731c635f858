"""The generated files follow db/layout.py: headers, natural keys, references, NIPs."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

from db.layout import FILES, FILES_BY_NAME
from db.nip import NipError, parse_nip
from tests.db.generate.conftest import PEGAWAI, Dataset


def test_every_layout_file_is_written_with_its_header(dataset: Dataset) -> None:
    for spec in FILES:
        with (dataset.directory / spec.filename).open(encoding="utf-8", newline="") as fh:
            assert tuple(next(csv.reader(fh))) == spec.column_names
        assert dataset.report.counts[spec.name] == len(dataset.rows[spec.name]), spec.name
        assert dataset.rows[spec.name], f"{spec.name} is empty"
    assert len(dataset.rows["pegawai"]) == PEGAWAI


def test_natural_keys_are_unique(dataset: Dataset) -> None:
    for spec in FILES:
        keys = Counter(tuple(r[c] for c in spec.key) for r in dataset.rows[spec.name])
        dupes = [k for k, n in keys.items() if n > 1]
        assert not dupes, f"{spec.name}: duplicate natural keys {dupes[:3]}"


def test_required_columns_and_choices(dataset: Dataset) -> None:
    for spec in FILES:
        for i, row in enumerate(dataset.rows[spec.name]):
            for col in spec.columns:
                v = row[col.name]
                if col.required:
                    assert v != "", f"{spec.name} row {i}: {col.name} empty"
                if v and col.choices:
                    assert v in col.choices, f"{spec.name} row {i}: {col.name}={v!r}"
                if v and col.max_length:
                    assert len(v) <= col.max_length, f"{spec.name}.{col.name} too long: {v!r}"
                if v and col.type == "date":
                    date.fromisoformat(v)
                if v and col.type == "integer":
                    int(v)


def test_every_reference_resolves(dataset: Dataset) -> None:
    rows = dataset.rows
    instansi = {r["kode_instansi"] for r in rows["instansi"]}
    units = {(r["kode_instansi"], r["kode_unit"]) for r in rows["unit_kerja"]}
    jabatan = {(r["kode_instansi"], r["kode_jabatan"]) for r in rows["jabatan"]}
    nips = {r["nip"] for r in rows["pegawai"]}
    asesmen = {(r["nip"], r["tanggal"]) for r in rows["asesmen"]}
    for u in rows["unit_kerja"]:
        assert u["kode_instansi"] in instansi
        if u["kode_induk"]:
            assert (u["kode_instansi"], u["kode_induk"]) in units
    for j in rows["jabatan"]:
        assert (j["kode_instansi"], j["kode_unit"]) in units
        if j["kode_atasan"]:
            assert (j["kode_instansi"], j["kode_atasan"]) in jabatan
    for k in rows["jabatan_kompetensi"]:
        assert (k["kode_instansi"], k["kode_jabatan"]) in jabatan
    for p in rows["pegawai"]:
        assert (p["kode_instansi"], p["kode_unit"]) in units
        if p["kode_jabatan"]:
            assert (p["kode_instansi"], p["kode_jabatan"]) in jabatan
    for spec in FILES:
        if spec.references.get("nip") == "pegawai.nip":
            missing = [r["nip"] for r in rows[spec.name] if r["nip"] not in nips]
            assert not missing, f"{spec.name}: unknown NIPs {missing[:3]}"
    for r in rows["asesmen_kompetensi"]:
        assert (r["nip"], r["tanggal"]) in asesmen
    for r in rows["keluarga"]:
        assert r["nip_keluarga"] in nips
    by_nip = {p["nip"]: p for p in rows["pegawai"]}
    for r in rows["rencana_suksesi"]:
        if r["kode_jabatan_target"]:
            inst = by_nip[r["nip"]]["kode_instansi"]
            assert (inst, r["kode_jabatan_target"]) in jabatan
    assert FILES_BY_NAME["keluarga"].references == {"nip": "pegawai.nip"}


def test_nips_are_valid_unique_and_agree_with_the_row(dataset: Dataset) -> None:
    seen: set[str] = set()
    for p in dataset.rows["pegawai"]:
        nip = p["nip"]
        assert nip not in seen
        seen.add(nip)
        if p["status_kepegawaian"] == "PPPK":
            assert len(nip) == 18 and nip.isdigit()
            try:
                parse_nip(nip)
            except NipError:
                pass
            else:
                raise AssertionError(f"NI PPPK {nip} passes as a PNS NIP")
            continue
        parsed = parse_nip(nip)
        assert parsed.lahir == date.fromisoformat(p["tanggal_lahir"])
        assert parsed.jenis_kelamin == p["jenis_kelamin"]
        cpns = date.fromisoformat(p["tmt_cpns"])
        assert parsed.tmt_cpns == (cpns.year, cpns.month)
        assert nip[15:] != "000"


def test_agencies_units_and_aliases(dataset: Dataset) -> None:
    rows = dataset.rows
    codes = [r["kode_instansi"] for r in rows["instansi"]]
    assert codes == [
        "PROV",
        "BTH",
        "BGO",
        "KRC",
        "MRG",
        "MJB",
        "SRL",
        "TJB",
        "TJT",
        "TBO",
        "KJB",
        "KSP",
    ]
    per_agency = Counter(p["kode_instansi"] for p in rows["pegawai"])
    assert per_agency.most_common(1)[0][0] == "PROV"
    assert all(per_agency[c] > 0 for c in codes)
    singkatan = {(u["kode_instansi"], u["singkatan"]) for u in rows["unit_kerja"]}
    assert ("PROV", "BKAD") in singkatan and ("PROV", "BKD") in singkatan
    assert ("BTH", "BPKAD") in singkatan and ("BTH", "BKPSDM") in singkatan
    assert any(s == "Dinkes" for _, s in singkatan)
    assert sum(1 for u in rows["unit_kerja"] if u["kode_induk"]) > len(codes) * 5
