"""Shared fixtures: real databases (SQLite always, PostgreSQL when reachable).

PostgreSQL tests run against the server named by TALENTA_TEST_PG_URL (``.ci/run`` starts
PostgreSQL 15 and sets it). Outside CI they skip when it is missing; with CI=true a missing
server is a failure, never a skip.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from db import migrate
from db.engine import make_engine
from db.settings import DatabaseSettings

REPO = Path(__file__).resolve().parent.parent


def _pg_admin_url() -> str | None:
    url = os.environ.get("TALENTA_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            "CI=true tetapi TALENTA_TEST_PG_URL tidak diset: uji PostgreSQL wajib jalan di CI"
        )
    return None


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = _pg_admin_url()
    if url is None:
        pytest.skip("PostgreSQL tidak tersedia (set TALENTA_TEST_PG_URL); wajib di CI")
    return url


def _new_pg_database(admin_url: str) -> tuple[str, str]:
    name = f"talenta_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(admin_url: str, name: str, attempts: int = 40) -> None:
    """DROP DATABASE … WITH (FORCE), retried: a non-superuser cannot terminate an autovacuum
    worker, which write-heavy tests often wake, so the first attempt can fail with
    InsufficientPrivilege until the worker is done (a second or so)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(attempts):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except (ProgrammingError, OperationalError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.25)
    finally:
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(DatabaseSettings(url=f"sqlite:///{tmp_path / 'talenta.db'}"))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_admin_url: str) -> Iterator[Engine]:
    name, url = _new_pg_database(pg_admin_url)
    engine = make_engine(DatabaseSettings(url=url))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    _drop_pg_database(pg_admin_url, name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """A migrated, empty database: every test using it runs on SQLite and on PostgreSQL."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)
