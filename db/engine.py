"""Engine and sessions. Nothing is created at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from db.settings import DatabaseSettings

# The handles the rooms above pass around (they never build queries themselves).
__all__ = [
    "Engine",
    "Session",
    "is_sqlite",
    "make_engine",
    "ping",
    "refresh_statistics",
    "session_scope",
]


def make_engine(settings: DatabaseSettings, *, password: str | None = None) -> Engine:
    url = make_url(settings.url)
    if password and url.get_backend_name() == "postgresql":
        url = url.set(password=password)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=settings.echo,
            connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
        )
        _sqlite_pragmas(engine)
        return engine
    return create_engine(url, echo=settings.echo, pool_size=settings.pool_size, pool_pre_ping=True)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        # WAL lets readers (the bot) go on while an import writes; FKs are off by default.
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


def refresh_statistics(engine: Engine) -> None:
    """Give the query planner fresh table statistics after a bulk load (``ANALYZE``).

    Without them SQLite guesses: at 100,000 employees it answered "active holders of these
    positions" through the two-valued ``status`` index (a scan of every active employee,
    28 ms) instead of ``jabatan_id`` (0.3 ms). PostgreSQL's autovacuum would get there
    eventually; after an import we do not wait for it.
    """
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def ping(engine: Engine) -> None:
    """Raise the driver's error when the database cannot be reached."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
