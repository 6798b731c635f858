"""Is the configured database there, and at the code's schema revision?

Commands other than ``talenta db upgrade``, the first ``talenta setup`` and ``talenta restore``
never change the schema: they ask here first and stop with what to run. Nothing here creates
a file or a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from db import migrate
from db.errors import DatabaseNotReady

UPGRADE_HINT = "jalankan `talenta db upgrade`"


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None  # None: no schema at all (a new, empty database)
    head: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def known(self) -> bool:
        """The database's revision is one this code knows (not written by a newer version)."""
        return self.current is None or self.current in migrate.known_revisions()


def missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist (None for PostgreSQL/memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def schema_status(engine: Engine) -> SchemaStatus:
    """The revision of the database and of the code (raises ``DatabaseNotReady`` if the
    database cannot be reached)."""
    try:
        current = migrate.current_revision(engine)
    except SQLAlchemyError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseNotReady(
            f"Basis data {where} tidak dapat dihubungi ({type(exc).__name__}).",
            "periksa `database.url` di config.yaml, layanan PostgreSQL dan TALENTA_DB_PASSWORD.",
        ) from exc
    return SchemaStatus(current, migrate.head_revision())


def require_current(engine: Engine) -> None:
    """Raise ``DatabaseNotReady`` unless the schema is at the code's revision."""
    status = schema_status(engine)
    if status.up_to_date:
        return
    if status.current is None:
        raise DatabaseNotReady(
            "Basis data belum disiapkan (belum ada tabel Talenta).",
            f"server: {UPGRADE_HINT} lalu `talenta data import FOLDER`; dari cadangan: "
            "`talenta restore FOLDER`; mencoba dengan data contoh: `talenta setup`.",
        )
    if not status.known:
        raise DatabaseNotReady(
            f"Skema basis data (revisi {status.current}) lebih baru daripada kode ini "
            f"(revisi {status.head}).",
            "pasang versi Talenta yang sama dengan yang terakhir memperbarui basis data ini.",
        )
    raise DatabaseNotReady(
        f"Skema basis data versi lama (revisi {status.current}; kode ini memakai revisi "
        f"{status.head}).",
        f"{UPGRADE_HINT} (buat cadangan dulu: `talenta backup FOLDER`).",
    )
