"""Imports that cannot destroy by accident: refused without confirmation, nothing written.

Each destructive case (header-only files, a missing file, mass ending) stops with the report
of what would happen and leaves every table as it was; ``confirm=True`` (``--yakin``) writes
it. A dry run reports the same and writes nothing. Missing optional files mean "unchanged".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from db.import_settings import ImportSettings
from db.importer import ImportFailed, ImportNeedsConfirmation, ImportReport, import_directory
from db.models import ImportRun, JabatanKompetensi, Kinerja, Pegawai
from tests.db.importer.conftest import dump
from tests.db.importer.fixtures import Dataset, make_dataset

EMPLOYEE_TABLES = (
    "pegawai",
    "riwayat_pendidikan",
    "riwayat_jabatan",
    "diklat",
    "sertifikasi",
    "asesmen",
    "asesmen_kompetensi",
    "kinerja",
    "hukuman_disiplin",
    "keluarga",
    "ninebox_resmi",
    "rencana_suksesi",
)


def _run(engine: Engine, ds: Dataset, path: Path, **kw: Any) -> ImportReport:
    return import_directory(engine, ds.write_csv(path), **kw)


def _refused(engine: Engine, directory: Path, **kw: Any) -> ImportReport:
    """The import stops for confirmation and the database is exactly as before."""
    before = dump(engine)
    with pytest.raises(ImportNeedsConfirmation) as exc:
        import_directory(engine, directory, **kw)
    assert dump(engine) == before
    report = exc.value.report
    assert not report.written and report.cautions
    return report


def _count(engine: Engine, model: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _active(engine: Engine) -> int:
    return _count(engine, Pegawai, Pegawai.status == "aktif")  # type: ignore[arg-type]


def test_header_only_employee_files_are_refused_then_confirmed(
    engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(30)
    _run(engine, ds, tmp_path / "v1")
    for name in EMPLOYEE_TABLES:
        ds.tables[name] = []  # the export came out with headers only
    d = ds.write_csv(tmp_path / "v2")
    report = _refused(engine, d)
    assert {(c.kind, c.instansi) for c in report.cautions} == {
        ("ended", "PROV"),
        ("ended", "BGO"),
    }
    assert all("hanya berisi baris judul" in c.message for c in report.cautions)
    assert report.counts["pegawai"].ended == 30
    assert {(r.table, r.instansi, r.before, r.after) for r in report.census} >= {
        ("pegawai", "PROV", 15, 0),
        ("pegawai", "BGO", 15, 0),
    }
    assert _active(engine) == 30

    done = import_directory(engine, d, confirm=True)
    assert done.written and done.counts["pegawai"].ended == 30
    assert _active(engine) == 0
    assert _count(engine, Kinerja) == 60  # ended employees keep their history


def test_header_only_history_file_would_empty_the_table(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)
    _run(engine, ds, tmp_path / "v1")
    ds.tables["kinerja"] = []
    d = ds.write_csv(tmp_path / "v2")
    report = _refused(engine, d)
    assert {(c.kind, c.table, c.instansi) for c in report.cautions} == {
        ("emptied", "kinerja", "BGO"),
        ("emptied", "kinerja", "PROV"),
    }
    assert "Semua 30 baris kinerja instansi BGO akan dihapus" in report.cautions[0].message
    assert report.counts["kinerja"].deleted == 60
    assert _count(engine, Kinerja) == 60

    done = import_directory(engine, d, confirm=True)
    assert done.counts["kinerja"].deleted == 60
    assert _count(engine, Kinerja) == 0
    assert _active(engine) == 30


def test_missing_file_leaves_its_table_unchanged_and_asks_once(
    engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(30)
    _run(engine, ds, tmp_path / "v1")
    kinerja_before = dump(engine)["kinerja"]
    del ds.tables["kinerja"]
    ds.rows("pegawai")[4]["nama"] = "Nama Dikoreksi"
    d = ds.write_csv(tmp_path / "v2")
    report = _refused(engine, d)
    [caution] = {(c.kind, c.table) for c in report.cautions}
    assert caution == ("missing_file", "kinerja")
    assert {c.instansi for c in report.cautions} == {"PROV", "BGO"}
    assert "dibiarkan seperti semula" in report.cautions[0].message

    done = import_directory(engine, d, confirm=True)
    assert done.unchanged_tables == ["kinerja"]
    # Only the corrected employee changed; nobody lost a performance row.
    assert done.counts["pegawai"].updated == 1 and done.counts["pegawai"].unchanged == 29
    assert (done.counts["kinerja"].deleted, done.counts["kinerja"].unchanged) == (0, 60)
    assert dump(engine)["kinerja"] == kinerja_before
    with engine.connect() as conn:
        runs = conn.execute(select(ImportRun.tables, ImportRun.confirmed).order_by(ImportRun.id))
        (first, ok1), (second, ok2) = runs.all()  # type: ignore[misc]
    assert "kinerja" in first and "kinerja" not in second and (ok1, ok2) == (False, True)

    # The last import had no kinerja: the next one without it does not ask again.
    again = import_directory(engine, d)
    assert again.written and again.pegawai_changed == []


def test_missing_competency_standards_and_assessment_files_mean_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(30)
    _run(engine, ds, tmp_path / "v1")
    before = dump(engine, runs=False)
    for name in ("jabatan_kompetensi", "asesmen", "asesmen_kompetensi", "ninebox_resmi"):
        del ds.tables[name]
    report = import_directory(engine, ds.write_csv(tmp_path / "v2"), confirm=True)
    assert report.pegawai_changed == []
    assert dump(engine, runs=False) == before
    assert _count(engine, JabatanKompetensi) == 12


def test_competency_rows_without_their_assessments_file_are_an_error(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(6)
    del ds.tables["asesmen"]
    with pytest.raises(ImportFailed) as exc:
        import_directory(sqlite_engine, ds.write_csv(tmp_path / "in"))
    [issue] = exc.value.issues
    assert issue.file == "asesmen_kompetensi.csv" and "memerlukan berkas asesmen" in issue.message


def test_mass_ending_is_refused_below_the_limit_it_is_not(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(60)  # 30 per agency
    _run(engine, ds, tmp_path / "v1")
    prov = [r["nip"] for r in ds.rows("pegawai") if r["kode_instansi"] == "PROV"]
    for nip in prov[:3]:  # 3 of 30 = 10 %: not more than the limit
        ds.drop_pegawai(nip)
    ok = _run(engine, ds, tmp_path / "v2")
    assert ok.written and ok.cautions == [] and ok.ended_by_instansi == {"PROV": 3}

    for nip in prov[3:7]:  # 4 more of the 27 still active: 15 %
        ds.drop_pegawai(nip)
    d = ds.write_csv(tmp_path / "v3")
    report = _refused(engine, d)
    [caution] = report.cautions
    assert (caution.kind, caution.instansi) == ("ended", "PROV")
    assert caution.message.startswith("4 dari 27 pegawai aktif instansi PROV akan diakhiri (15 %")
    assert _active(engine) == 57

    # A higher limit in config.yaml lets the same import through; so does --yakin.
    looser = import_directory(engine, d, settings=ImportSettings(max_ended_percent=20))
    assert looser.written and _active(engine) == 53


def test_confirmed_mass_ending_is_written(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(20)
    _run(engine, ds, tmp_path / "v1")
    for r in [r for r in ds.rows("pegawai") if r["kode_instansi"] == "BGO"][:5]:
        ds.drop_pegawai(r["nip"])
    d = ds.write_csv(tmp_path / "v2")
    _refused(engine, d)
    done = import_directory(engine, d, confirm=True)
    assert done.written and done.counts["pegawai"].ended == 5
    assert [c.kind for c in done.cautions] == ["ended"]
    assert _active(engine) == 15


def test_dry_run_reports_the_same_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)
    empty = dump(engine)
    first = _run(engine, ds, tmp_path / "v0", dry_run=True)
    assert first.dry_run and not first.written and first.counts["pegawai"].created == 30
    assert first.pegawai_created == []
    assert dump(engine) == empty

    _run(engine, ds, tmp_path / "v1")
    before = dump(engine)
    for r in ds.rows("pegawai")[:10]:
        ds.drop_pegawai(r["nip"])
    ds.rows("kinerja")[0]["predikat"] = "Kurang"
    d = ds.write_csv(tmp_path / "v2")
    trial = import_directory(engine, d, dry_run=True)
    assert dump(engine) == before
    assert {c.kind for c in trial.cautions} == {"ended"}
    real = import_directory(engine, d, confirm=True)
    assert [(n, vars(c)) for n, c in trial.counts.items()] == [
        (n, vars(c)) for n, c in real.counts.items()
    ]
    assert trial.census == real.census and trial.cautions == real.cautions
