"""Scratch PostgreSQL databases for the scale benchmark: created per run, dropped after."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from sqlalchemy import create_engine, make_url, text

# -- databases ---------------------------------------------------------------------------------


@dataclass
class Database:
    kind: str  # sqlite | postgresql
    url: str
    drop: str | None = None  # PostgreSQL database to drop afterwards


def pg_available(admin: str) -> str | None:
    try:
        eng = create_engine(admin, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as exc:  # reported in the table, not raised: make bench runs anywhere
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"


def new_pg(admin: str) -> Database:
    name = f"talenta_scale_{uuid.uuid4().hex[:10]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    return Database("postgresql", url, drop=name)


def drop_pg(admin: str, name: str) -> None:
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    for _ in range(40):
        try:
            with eng.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            break
        except Exception:  # an autovacuum worker may hold it for a moment
            time.sleep(0.25)
    eng.dispose()
