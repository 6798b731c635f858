"""On PostgreSQL the importer inserts with COPY: the same database as executemany."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from db import migrate
from db.engine import make_engine
from db.generate import generate_to
from db.importer import dbops, import_directory
from db.models import Pegawai
from db.settings import DatabaseSettings
from tests.conftest import _drop_pg_database, _new_pg_database
from tests.db.importer.conftest import dump

pytestmark = pytest.mark.postgres


@pytest.fixture
def second_pg(pg_admin_url: str) -> Iterator[Engine]:
    name, url = _new_pg_database(pg_admin_url)
    engine = make_engine(DatabaseSettings(url=url))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    _drop_pg_database(pg_admin_url, name)


def test_copy_import_gives_the_same_rows_as_executemany(
    pg_engine: Engine, second_pg: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    generate_to(first, pegawai=60, seed=7, as_of=date(2026, 1, 15))
    generate_to(later, pegawai=60, seed=7, as_of=date(2026, 11, 29))  # a later month: changes
    calls: list[str] = []
    real_copy = dbops.copy_many

    def counting(*args: object, **kwargs: object) -> int:
        calls.append(args[1].name)  # type: ignore[attr-defined]
        return real_copy(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dbops, "copy_many", counting)
    copied = [import_directory(pg_engine, d, confirm=True) for d in (first, later)]
    assert {"pegawai", "riwayat_jabatan", "diklat"} <= set(calls)  # COPY really ran
    monkeypatch.setattr(dbops, "USE_COPY", False)
    calls.clear()
    plain = [import_directory(second_pg, d, confirm=True) for d in (first, later)]
    assert calls == []
    for a, b in zip(copied, plain, strict=True):
        assert a.total_rows == b.total_rows
        assert a.pegawai_created == b.pegawai_created
        assert a.pegawai_changed == b.pegawai_changed
    assert copied[1].pegawai_changed  # the second import did update people
    got, want = _without_write_time(pg_engine), _without_write_time(second_pg)
    assert sum(len(rows) for rows in want.values()) > 1000
    assert got == want


def _without_write_time(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row, with ``pegawai.updated_at`` (the clock at the write) blanked."""
    rows = dump(engine, runs=False)
    at = [c.name for c in Pegawai.__table__.columns].index("updated_at")  # type: ignore[attr-defined]
    rows["pegawai"] = [(*r[:at], None, *r[at + 1 :]) for r in rows["pegawai"]]
    return rows
