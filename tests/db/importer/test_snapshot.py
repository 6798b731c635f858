"""Snapshot semantics on SQLite and PostgreSQL: create, re-import, end, move, correct."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.clock import today_wib
from db.importer import import_directory
from db.models import Kinerja, Pegawai, RiwayatJabatan
from tests.db.importer.conftest import dump
from tests.db.importer.fixtures import Dataset, add_pegawai, make_dataset


def _pegawai(engine: Engine, nip: str) -> Pegawai:
    with engine.connect() as conn:
        row = conn.execute(select(Pegawai).where(Pegawai.nip == nip)).one()  # type: ignore[arg-type]
    return Pegawai.model_validate(row._mapping)


def _import(engine: Engine, ds: Dataset, tmp_path: Path, **kw: object):  # type: ignore[no-untyped-def]
    return import_directory(engine, ds.write_csv(tmp_path / "in"), **kw)  # type: ignore[arg-type]


def test_first_import_then_reimport_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)
    first = _import(engine, ds, tmp_path)
    assert first.counts["pegawai"].created == 30
    assert first.counts["riwayat_jabatan"].created == 60
    assert first.counts["asesmen_kompetensi"].created == 30
    assert len(first.pegawai_created) == 30
    assert set(first.file_hashes) == {f"{n}.csv" for n in ds.tables}
    assert all(len(h) == 64 for h in first.file_hashes.values())
    before = dump(engine, runs=False)

    again = _import(engine, ds, tmp_path)
    for name, c in again.counts.items():
        assert (c.created, c.updated, c.deleted, c.ended, c.moved) == (0, 0, 0, 0, 0), name
    assert again.counts["pegawai"].unchanged == 30
    assert again.counts["kinerja"].unchanged == 60
    assert again.pegawai_changed == []
    assert dump(engine, runs=False) == before


def test_absent_employee_is_ended_not_deleted(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)  # 1 of 15 per agency: below the 10 % that asks for --yakin
    _import(engine, ds, tmp_path)
    gone = ds.rows("pegawai")[3]["nip"]
    versi = _pegawai(engine, gone).versi
    ds.drop_pegawai(gone)
    report = _import(engine, ds, tmp_path)
    assert report.counts["pegawai"].ended == 1
    assert report.counts["pegawai"].unchanged == 29
    p = _pegawai(engine, gone)
    assert p.status == "tidak_ada_di_impor"
    assert p.status_tanggal == today_wib()
    assert p.versi == versi + 1
    assert report.pegawai_ended == [p.id]
    with engine.connect() as conn:  # history kept
        n = conn.execute(
            select(func.count()).select_from(Kinerja).where(Kinerja.pegawai_id == p.id)
        )
        assert n.scalar_one() == 2
    # Ending is not repeated on the next import.
    again = _import(engine, ds, tmp_path)
    assert again.counts["pegawai"].ended == 0


def test_status_given_by_the_file_ends_with_its_reason(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)
    _import(engine, ds, tmp_path)
    row = ds.rows("pegawai")[0]
    row.update(status="pensiun", tanggal_status="2026-06-01", alasan_status="batas usia pensiun")
    report = _import(engine, ds, tmp_path)
    assert report.counts["pegawai"].ended == 1
    p = _pegawai(engine, row["nip"])
    assert (p.status, str(p.status_tanggal), p.status_alasan) == (
        "pensiun",
        "2026-06-01",
        "batas usia pensiun",
    )


def test_employee_under_another_agency_is_moved_with_history(
    engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(6)
    _import(engine, ds, tmp_path)
    row = ds.rows("pegawai")[0]
    assert row["kode_instansi"] == "PROV"
    before = _pegawai(engine, row["nip"])
    row["kode_instansi"] = "BGO"
    report = _import(engine, ds, tmp_path)
    assert report.counts["pegawai"].moved == 1
    assert report.pegawai_moved == [before.id]
    assert report.counts["pegawai"].ended == 0
    after = _pegawai(engine, row["nip"])
    assert after.id == before.id and after.instansi_id != before.instansi_id
    assert after.versi == before.versi + 1
    assert after.content_hash != before.content_hash
    assert after.updated_at is not None
    with engine.connect() as conn:
        n = conn.execute(
            select(func.count())
            .select_from(RiwayatJabatan)
            .where(RiwayatJabatan.pegawai_id == before.id)
        )
        assert n.scalar_one() == 2


def test_corrected_history_row_replaces_the_old_one(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(5)
    _import(engine, ds, tmp_path)
    nip = ds.rows("pegawai")[2]["nip"]
    target = next(r for r in ds.rows("kinerja") if r["nip"] == nip and r["tahun"] == "2024")
    target["predikat"] = "Butuh Perbaikan"
    jab = next(r for r in ds.rows("riwayat_jabatan") if r["nip"] == nip and r["tmt_selesai"])
    ds.rows("riwayat_jabatan").remove(jab)  # a history row absent from the snapshot
    report = _import(engine, ds, tmp_path)
    assert report.counts["kinerja"].updated == 1
    assert report.counts["kinerja"].created == 0
    assert report.counts["riwayat_jabatan"].deleted == 1
    assert report.counts["pegawai"].updated == 1
    pid = _pegawai(engine, nip).id
    assert report.pegawai_updated == [pid]
    with engine.connect() as conn:
        rows = conn.execute(
            select(Kinerja.tahun, Kinerja.predikat)
            .where(Kinerja.pegawai_id == pid)
            .order_by(Kinerja.tahun)
        ).all()
        assert [tuple(r) for r in rows] == [(2024, "Butuh Perbaikan"), (2025, "Baik")]
        n = conn.execute(
            select(func.count()).select_from(RiwayatJabatan).where(RiwayatJabatan.pegawai_id == pid)
        )
        assert n.scalar_one() == 1


def test_removed_assessment_takes_its_competency_rows_along(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)
    _import(engine, ds, tmp_path)
    nip = ds.rows("pegawai")[0]["nip"]
    ds.tables["asesmen"] = [r for r in ds.rows("asesmen") if r["nip"] != nip]
    ds.tables["asesmen_kompetensi"] = [r for r in ds.rows("asesmen_kompetensi") if r["nip"] != nip]
    report = _import(engine, ds, tmp_path)
    assert report.counts["asesmen"].deleted == 1
    assert report.counts["asesmen_kompetensi"].deleted == 3


def test_instansi_option_limits_coverage(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(30)
    _import(engine, ds, tmp_path)
    prov_nip = next(r["nip"] for r in ds.rows("pegawai") if r["kode_instansi"] == "PROV")
    bgo_nip = next(r["nip"] for r in ds.rows("pegawai") if r["kode_instansi"] == "BGO")
    ds.drop_pegawai(prov_nip)
    ds.drop_pegawai(bgo_nip)
    report = _import(engine, ds, tmp_path, instansi=["bgo"])
    assert report.instansi == ["BGO"]
    assert report.counts["pegawai"].ended == 1
    assert _pegawai(engine, bgo_nip).status == "tidak_ada_di_impor"
    assert _pegawai(engine, prov_nip).status == "aktif"  # PROV not covered: untouched


def test_org_tables_update_in_place(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(2)
    _import(engine, ds, tmp_path)
    ds.rows("jabatan")[0]["nama"] = "Kepala Badan Kepegawaian"
    ds.rows("jabatan_kompetensi").pop()
    report = _import(engine, ds, tmp_path)
    assert report.counts["jabatan"].updated == 1
    assert report.counts["jabatan_kompetensi"].deleted == 1
    assert report.counts["pegawai"].updated == 0


def test_a_failure_while_writing_rolls_everything_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction per import: employees already inserted vanish if histories fail."""
    import db.importer.api as api

    ds = make_dataset(5)
    _import(engine, ds, tmp_path)
    before = dump(engine)
    for i in range(5, 9):
        add_pegawai(ds, i, "PROV")
    ds.rows("kinerja")[0]["predikat"] = "Kurang"

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(api, "write_histories", boom)
    with pytest.raises(RuntimeError):
        _import(engine, ds, tmp_path)
    assert dump(engine) == before


def test_import_leaves_fresh_planner_statistics(engine: Engine, tmp_path: Path) -> None:
    # Without statistics SQLite answered "active holders of these positions" through the
    # two-valued status index: a scan of every active employee (docs/benchmarks.md).
    _import(engine, make_dataset(30), tmp_path)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            analysed = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'pegawai'"
            ).scalar_one()
            assert analysed > 0
        else:
            last = conn.exec_driver_sql(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'pegawai'"
            ).scalar_one()
            assert last is not None
