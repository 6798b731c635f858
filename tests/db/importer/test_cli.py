"""`talenta data import`: a report table and exit 0, or the first errors and exit 1."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bot.cli import app
from db.models import AuditEntry
from tests.db.importer.conftest import dump
from tests.db.importer.fixtures import day_first, make_dataset, write_siasn


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI points the root logger at CliRunner's stream; put it back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def env(sqlite_engine: Engine, tmp_path: Path) -> dict[str, str]:
    return {
        "TALENTA_DATABASE__URL": sqlite_engine.url.render_as_string(hide_password=False),
        "TALENTA_APP__DATA_DIR": str(tmp_path / "var"),
        # A written import updates the search index: the small encoder, in this test's folder.
        "TALENTA_ENCODER__BACKEND": "hashing",
        "TALENTA_SEARCH__INDEX_DIR": str(tmp_path / "index"),
        "COLUMNS": "200",
    }


def test_import_prints_report_and_exits_zero(env: dict[str, str], tmp_path: Path) -> None:
    d = make_dataset(7).write_csv(tmp_path / "in")
    result = CliRunner().invoke(app, ["data", "import", str(d)], env=env)
    assert result.exit_code == 0, result.output
    assert "Hasil impor" in result.output
    line = next(x for x in result.output.splitlines() if " pegawai " in x)
    assert line.split("│")[2].strip() == "7"  # Baru
    again = CliRunner().invoke(app, ["data", "import", str(d)], env=env)
    line = next(x for x in again.output.splitlines() if " pegawai " in x)
    assert [c.strip() for c in line.split("│")[2:5]] == ["0", "0", "7"]


def test_validation_errors_exit_one_and_name_the_place(
    env: dict[str, str], tmp_path: Path, sqlite_engine: Engine
) -> None:
    ds = make_dataset(30)
    for i in (4, 9, 14):
        ds.rows("pegawai")[i]["golongan"] = "V/a"
    before = dump(sqlite_engine)
    result = CliRunner().invoke(
        app, ["data", "import", str(ds.write_csv(tmp_path / "in"))], env=env
    )
    assert result.exit_code == 1
    out = result.output
    assert "3 kesalahan" in out and "Tidak ada data yang diubah" in out
    assert "pegawai.csv" in out and "golongan" in out and "V/a" in out and "│ 6 " in out
    assert dump(sqlite_engine) == before


def test_strict_flag_reaches_the_importer(env: dict[str, str], tmp_path: Path) -> None:
    ds = make_dataset(2)
    ds.rows("pegawai")[0]["tanggal_lahir"] = "1971-01-01"
    d = ds.write_csv(tmp_path / "in")
    strict = CliRunner().invoke(app, ["data", "import", str(d), "--strict"], env=env)
    assert strict.exit_code == 1 and "--strict" in strict.output
    lenient = CliRunner().invoke(app, ["data", "import", str(d)], env=env)
    assert lenient.exit_code == 0 and "1 peringatan" in lenient.output


def test_destructive_import_exits_three_until_yakin(
    env: dict[str, str], tmp_path: Path, sqlite_engine: Engine
) -> None:
    ds = make_dataset(20)
    assert CliRunner().invoke(app, ["data", "import", str(ds.write_csv(tmp_path / "v1"))], env=env)
    ds.tables["kinerja"] = []
    d = ds.write_csv(tmp_path / "v2")
    before = dump(sqlite_engine)

    trial = CliRunner().invoke(app, ["data", "import", str(d), "--coba"], env=env)
    assert trial.exit_code == 0, trial.output
    assert "Yang akan terjadi" in trial.output and "tidak ada data yang ditulis" in trial.output
    assert "Semua 20 baris kinerja instansi BGO akan dihapus" in trial.output
    assert dump(sqlite_engine) == before

    refused = CliRunner().invoke(app, ["data", "import", str(d)], env=env)
    assert refused.exit_code == 3
    assert "Perlu konfirmasi (--yakin)" in refused.output and "--yakin" in refused.output
    line = next(x for x in refused.output.splitlines() if x.startswith("│ kinerja │ PROV"))
    assert [c.strip() for c in line.split("│")[3:5]] == ["20", "0"]  # Sebelum, Sesudah
    assert dump(sqlite_engine) == before

    done = CliRunner().invoke(app, ["data", "import", str(d), "--yakin"], env=env)
    assert done.exit_code == 0, done.output
    assert "Dikonfirmasi dengan --yakin" in done.output and "log audit" in done.output
    assert dump(sqlite_engine)["kinerja"] == []
    with sqlite_engine.connect() as conn:
        payload = conn.scalars(
            select(AuditEntry.payload).order_by(AuditEntry.seq.desc())  # type: ignore[attr-defined]
        ).first()
    assert payload is not None and payload["counts"]["cautions_confirmed"] == 2


def test_day_first_option(env: dict[str, str], tmp_path: Path) -> None:
    dates = make_dataset(3)
    for r in dates.rows("pegawai"):
        r["tmt_cpns"] = day_first(r["tmt_cpns"])
    plain = dates.write_csv(tmp_path / "dates")
    refused = CliRunner().invoke(app, ["data", "import", str(plain)], env=env)
    assert refused.exit_code == 1 and "--tanggal-hari-dulu" in refused.output
    ok = CliRunner().invoke(app, ["data", "import", str(plain), "--tanggal-hari-dulu"], env=env)
    assert ok.exit_code == 0, ok.output


def test_profile_option(env: dict[str, str], tmp_path: Path) -> None:
    ds = make_dataset(5, agencies=("PROV",))
    d = write_siasn(ds, tmp_path / "siasn")
    result = CliRunner().invoke(
        app, ["data", "import", str(d), "--profil", "siasn", "--instansi", "PROV"], env=env
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if " pegawai " in x)
    assert line.split("│")[2].strip() == "5"
    assert "tidak dibaca (profil siasn)" in result.output

    unknown = CliRunner().invoke(app, ["data", "import", str(d), "--profil", "simpeg"], env=env)
    assert unknown.exit_code == 2 and "Tersedia: siasn" in unknown.output
