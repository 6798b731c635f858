from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from db import migrate
from db.backup import BackupError, backup, restore, verify_backup
from db.engine import make_engine
from db.models import Pegawai, metadata
from db.settings import DatabaseSettings
from tests.factories import (
    add_asesmen,
    add_hukuman,
    add_kinerja,
    make_instansi,
    make_jabatan,
    make_pegawai,
    make_unit,
)


def _populate(engine: Engine) -> None:
    with Session(engine) as s:
        inst = make_instansi(s)
        opd = make_unit(s, inst, nama="BPKAD", singkatan="BPKAD")
        bidang = make_unit(s, inst, nama="Bidang Anggaran", singkatan=None, induk=opd)
        kaban = make_jabatan(s, inst, unit=opd, nama="Kepala BPKAD", jenis="jpt_pratama")
        kabid = make_jabatan(s, inst, unit=bidang, atasan=kaban)
        peg = make_pegawai(s, inst, jabatan=kabid)
        add_kinerja(s, peg, {2024: "Baik", 2025: "Sangat Baik"})
        add_asesmen(s, peg, {"Integritas": 4})
        add_hukuman(s, peg, "ringan", date(2024, 1, 1), date(2024, 6, 30))
        s.commit()


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in metadata.sorted_tables
        }


def test_backup_wipe_restore_gives_identical_tables(engine: Engine, tmp_path: Path) -> None:
    _populate(engine)
    extra = tmp_path / "official.json"
    extra.write_text('{"pasal": []}')
    summary = backup(engine, tmp_path / "bk", metadata, files={"official/pp-11-2017.json": extra})
    assert summary.tables["pegawai"] == 1 and summary.files == ["official/pp-11-2017.json"]

    fresh = make_engine(DatabaseSettings(url=f"sqlite:///{tmp_path / 'restored.db'}"))
    target = tmp_path / "restored" / "official.json"
    restore(fresh, tmp_path / "bk", metadata, files_to={"official/pp-11-2017.json": target})
    assert _dump(fresh) == _dump(engine)
    assert migrate.is_current(fresh)
    assert target.read_text() == '{"pasal": []}'


def test_restore_into_postgres_from_sqlite_backup(
    sqlite_engine: Engine, pg_engine: Engine, tmp_path: Path
) -> None:
    _populate(sqlite_engine)
    backup(sqlite_engine, tmp_path / "bk", metadata)
    with pg_engine.begin() as conn:  # the pg fixture is migrated; restore wants it empty
        assert conn.execute(select(metadata.tables["pegawai"])).first() is None
    restore(pg_engine, tmp_path / "bk", metadata)
    assert _dump(pg_engine) == _dump(sqlite_engine)
    with Session(pg_engine) as s:  # sequences were moved past the restored ids
        make_pegawai(s, make_instansi(s, kode="KJB", nama="Kota Jambi", jenis="kota"))
        s.commit()


def test_damaged_backup_is_refused_before_anything_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    _populate(engine)
    backup(engine, tmp_path / "bk", metadata)
    victim = tmp_path / "bk" / "tables" / "pegawai.jsonl.gz"
    victim.write_bytes(victim.read_bytes()[:-3] + b"xyz")
    with pytest.raises(BackupError, match=r"pegawai\.jsonl\.gz"):
        verify_backup(tmp_path / "bk")
    fresh = make_engine(DatabaseSettings(url=f"sqlite:///{tmp_path / 'r.db'}"))
    with pytest.raises(BackupError):
        restore(fresh, tmp_path / "bk", metadata)
    assert migrate.current_revision(fresh) is None


def test_restore_refuses_a_database_with_data(engine: Engine, tmp_path: Path) -> None:
    _populate(engine)
    backup(engine, tmp_path / "bk", metadata)
    with pytest.raises(BackupError, match="tidak kosong"):
        restore(engine, tmp_path / "bk", metadata)
    with pytest.raises(BackupError, match="tidak kosong"):
        backup(engine, tmp_path / "bk", metadata)


def test_backup_reads_one_snapshot_while_the_audit_chain_grows(
    engine: Engine, tmp_path: Path
) -> None:
    """A search is recorded (one audit entry and its subject rows) between the backup's read of
    ``audit_entry`` and its read of ``audit_subject``: the backup holds neither, restores, and
    the restored chain verifies."""
    from db.audit import Actor, AuditLog, Subject
    from db.audit.events import record_search
    from db.audit.verify import verify_chain

    _populate(engine)
    key = b"backup-snapshot-test-key-0123456789abcdef"
    audit = AuditLog(engine, key)
    with Session(engine) as s:
        pid = s.execute(select(Pegawai.id)).scalar()
    assert pid is not None
    actor = Actor.account(3, "ppk", "BTH")

    def search() -> None:
        record_search(
            audit,
            actor=actor,
            request={"teks": "analis anggaran"},
            shown=[Subject(pid, 1, 0.9)],
            model="hashing",
            index_version="v1",
            data_snapshot="d",
            config_hash="c",
        )

    search()
    order = [t.name for t in metadata.sorted_tables]
    assert order.index("audit_entry") < order.index("audit_subject")
    written: list[str] = []

    def write_between(table: str) -> None:
        if table == "audit_entry":
            search()
            written.append(table)

    summary = backup(engine, tmp_path / "bk", metadata, after_table=write_between)
    assert written == ["audit_entry"]
    assert summary.tables["audit_entry"] == 1 and summary.tables["audit_subject"] == 1
    assert verify_chain(engine, key).entries == 2  # the write did land in the live database

    fresh = make_engine(DatabaseSettings(url=f"sqlite:///{tmp_path / 'restored.db'}"))
    restore(fresh, tmp_path / "bk", metadata)
    report = verify_chain(fresh, key)
    assert report.ok, report.problems
    assert report.entries == 1
    fresh.dispose()
