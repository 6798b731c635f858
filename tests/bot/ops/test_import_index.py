"""`talenta data import` keeps the search current: no `index update` between import and search."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.config.settings import Settings
from db.models import Instansi, Pegawai
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.service import SearchService
from retrieval.people.store import IndexStore
from tests.bot.ops.conftest import Install, invoke
from tests.db.importer.fixtures import make_dataset


def _found(service: SearchService, kode: str, ids: dict[str, int], pegawai_id: int) -> bool:
    result = service.for_need("analis sdm aparatur manajemen", scope={ids[kode]}, limit=50)
    return pegawai_id in {c.pegawai_id for c in result.candidates}


def test_import_moves_an_employee_in_the_search_without_another_command(
    install: Install, cli_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0
    ds = make_dataset(8)
    first = invoke(cli_env, install, "data", "import", str(ds.write_csv(tmp_path / "m1")))
    assert first.exit_code == 0, first.output
    assert "Indeks pencarian diperbarui: 8 profil dienkode" in first.output

    moved = ds.rows("pegawai")[0]
    assert moved["kode_instansi"] == "PROV"
    moved["kode_instansi"] = "BGO"
    second = invoke(cli_env, install, "data", "import", str(ds.write_csv(tmp_path / "m2")))
    assert second.exit_code == 0, second.output
    assert "Indeks pencarian diperbarui: 1 profil dienkode" in second.output

    engine = install.engine()
    try:
        with Session(engine) as s:
            ids = {k: int(i) for k, i in s.exec(select(Instansi.kode, Instansi.id)).all() if i}
            pid = s.exec(select(Pegawai.id).where(Pegawai.nip == moved["nip"])).one()
            stayed = s.exec(
                select(Pegawai.id).where(Pegawai.instansi_id == ids["PROV"], Pegawai.id != pid)
            ).first()
        assert pid is not None and stayed is not None
        settings = Settings(_env_file=None).search.model_copy(
            update={"index_dir": install.data_dir / "index", "on_stale": "refuse"}
        )
        encoder = HashingEncoder()
        assert all(c.ok for c in IndexStore(settings.index_dir, encoder, settings).check(engine))
        service = SearchService(engine, encoder, settings)
        service.start()
        assert _found(service, "BGO", ids, pid)
        assert not _found(service, "PROV", ids, pid)
        # Everyone else stayed where they were: the other PROV employees are still found there.
        assert _found(service, "PROV", ids, stayed)
    finally:
        engine.dispose()


def test_a_failed_index_step_keeps_the_import_and_says_what_to_run(
    install: Install, cli_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.cli import index_cmd

    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0
    ds = make_dataset(6)

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with cli_env.context() as patched:
        patched.setattr(index_cmd, "update_index", broken)
        result = invoke(cli_env, install, "data", "import", str(ds.write_csv(tmp_path / "m1")))
    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "Data sudah diimpor, tetapi indeks pencarian gagal diperbarui" in said
    assert "talenta index update" in said and "Traceback" not in said
    assert "Impor tercatat di log audit" in said
    engine = install.engine()
    try:
        with Session(engine) as s:  # nothing lost: every employee is in the database
            nips = set(s.exec(select(Pegawai.nip)).all())
        assert nips == {r["nip"] for r in ds.rows("pegawai")}
    finally:
        engine.dispose()
    stale = invoke(cli_env, install, "index", "check")
    assert stale.exit_code == 1, stale.output  # the search is behind, and says so
    fixed = invoke(cli_env, install, "index", "update")
    assert fixed.exit_code == 0, fixed.output
    assert invoke(cli_env, install, "index", "check").exit_code == 0


def test_long_jobs_show_a_progress_bar(
    install: Install, cli_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sqlalchemy import update

    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0
    imported = invoke(
        cli_env, install, "data", "import", str(make_dataset(8).write_csv(tmp_path / "m1"))
    )
    assert imported.exit_code == 0, imported.output
    assert "Membaca dan memeriksa" in imported.stderr and "Menulis" in imported.stderr
    assert "Membaca" not in imported.stdout  # stdout is the report alone
    assert "Mengenkode profil pegawai" in imported.stderr  # the index step of the import
    built = invoke(cli_env, install, "index", "build")
    assert built.exit_code == 0 and "Membangun indeks per instansi" in built.stderr

    engine = install.engine()
    with engine.begin() as conn:  # one changed employee: the index is stale for them
        conn.execute(update(Pegawai).where(Pegawai.id == 1).values(versi=Pegawai.versi + 1))  # type: ignore[arg-type]
    engine.dispose()
    fixed = invoke(cli_env, install, "index", "check", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert "Mengenkode profil pegawai" in fixed.stderr and "1/1" in fixed.stderr
    updated = invoke(cli_env, install, "index", "update", "--pegawai-id", "1")
    assert updated.exit_code == 0 and "Mengenkode profil pegawai" in updated.stderr
