"""Logical backup and restore: every table as gzipped JSON lines, with a manifest and checksums.

Logical (not a file copy) so a backup taken on SQLite restores onto PostgreSQL and back, and a
restore can check every byte before it writes anything. Restore refuses a non-empty database
and a manifest whose checksums do not match; it loads at the backup's schema revision and then
migrates to the current one (the upgrade path).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    Table,
    create_engine,
    func,
    select,
    text,
)

from db import migrate
from db.clock import now_wib
from db.errors import BackupError

MANIFEST = "manifest.json"
FORMAT = "talenta-backup/1"
_BATCH = 5_000


@dataclass(frozen=True)
class BackupSummary:
    directory: Path
    tables: dict[str, int]
    files: list[str]
    revision: str | None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode()}
    return value


def _decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    kinds: dict[str, str] = {}
    for column in table.columns:
        # A TypeDecorator (e.g. SQLModel's UTCDateTime) is decoded as the type it wraps.
        ctype = getattr(column.type, "impl", column.type)
        if isinstance(ctype, DateTime):
            kinds[column.name] = "datetime"
        elif isinstance(ctype, Date):
            kinds[column.name] = "date"
        elif isinstance(ctype, LargeBinary):
            kinds[column.name] = "bytes"

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        for name, kind in kinds.items():
            value = row.get(name)
            if value is None:
                continue
            if kind == "datetime":
                row[name] = datetime.fromisoformat(value)
            elif kind == "date":
                row[name] = date.fromisoformat(value)
            else:
                row[name] = base64.b64decode(value["$b64"])
        return row

    return decode


def _tables(metadata: MetaData) -> list[Table]:
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


@contextmanager
def _snapshot(engine: Engine, staging: Path) -> Iterator[Connection]:
    """A connection whose reads all see the database at one moment.

    PostgreSQL: one REPEATABLE READ, read-only transaction. SQLite: a copy made with SQLite's
    online backup API (consistent even while the bot writes), read and then deleted.
    """
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield conn
        return
    copy_path = staging / "snapshot.sqlite"
    source = engine.raw_connection()
    try:
        target = sqlite3.connect(copy_path)
        try:
            source.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        source.close()
    copy = create_engine(f"sqlite:///{copy_path}")
    try:
        with copy.connect() as conn:
            yield conn
    finally:
        copy.dispose()
        copy_path.unlink(missing_ok=True)


def backup(
    engine: Engine,
    directory: Path,
    metadata: MetaData,
    *,
    files: dict[str, Path] | None = None,
    after_table: Callable[[str], None] | None = None,
) -> BackupSummary:
    """Write every table and the given extra files (name → path) into an empty ``directory``.

    All tables are read from one snapshot (:func:`_snapshot`), so rows written while the backup
    runs are either wholly in it or wholly absent. ``after_table`` is called with each table's
    name once it is written (progress; tests write between two reads through it).
    """
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"Folder cadangan {directory} tidak kosong; pilih folder baru.")
    staging = directory.with_name(directory.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "tables").mkdir(parents=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": now_wib().isoformat(),
        "revision": None,
        "tables": {},
        "files": {},
    }
    with _snapshot(engine, staging) as conn:
        manifest["revision"] = MigrationContext.configure(conn).get_current_revision()
        for table in _tables(metadata):
            path = staging / "tables" / f"{table.name}.jsonl.gz"
            rows = 0
            order = list(table.primary_key.columns) or list(table.columns)
            with gzip.open(path, "wt", encoding="utf-8") as fh:
                result = conn.execute(select(table).order_by(*order))
                for row in result.mappings():
                    fh.write(json.dumps({k: _encode(v) for k, v in row.items()}) + "\n")
                    rows += 1
            manifest["tables"][table.name] = {
                "rows": rows,
                "file": f"tables/{path.name}",
                "sha256": _sha256(path),
            }
            if after_table is not None:
                after_table(table.name)
    for name, source in (files or {}).items():
        if not source.exists():
            continue
        target = staging / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        manifest["files"][name] = {"file": f"files/{name}", "sha256": _sha256(target)}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    if directory.exists():
        directory.rmdir()
    staging.rename(directory)
    return BackupSummary(
        directory,
        {k: v["rows"] for k, v in manifest["tables"].items()},
        list(manifest["files"]),
        manifest["revision"],
    )


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.exists():
        raise BackupError(f"{path} tidak ditemukan: ini bukan folder cadangan Talenta.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    return manifest


def verify_backup(directory: Path) -> dict[str, Any]:
    """Check every checksum; raise BackupError naming the first damaged file."""
    manifest = read_manifest(directory)
    for entry in [*manifest["tables"].values(), *manifest["files"].values()]:
        path = directory / entry["file"]
        if not path.exists():
            raise BackupError(f"Berkas cadangan {entry['file']} hilang.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"Checksum {entry['file']} tidak cocok: cadangan rusak.")
    return manifest


def _is_empty(engine: Engine, metadata: MetaData) -> bool:
    with engine.connect() as conn:
        for table in _tables(metadata):
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                return False
    return True


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def restore(
    engine: Engine, directory: Path, metadata: MetaData, *, files_to: dict[str, Path] | None = None
) -> BackupSummary:
    """Restore into an empty database (checksums first, one transaction), then migrate."""
    manifest = verify_backup(directory)
    revision = manifest["revision"]
    if revision:
        migrate.upgrade(engine, revision)
    if not _is_empty(engine, metadata):
        raise BackupError("Basis data tujuan tidak kosong; pemulihan hanya ke basis data kosong.")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in _tables(metadata):
            entry = manifest["tables"].get(table.name)
            if entry is None:
                continue
            decode = _decoder(table)
            self_refs = [
                fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name
            ]
            pending: list[dict[str, Any]] = []
            links: list[dict[str, Any]] = []
            n = 0
            for raw in _rows(directory / entry["file"]):
                row = decode(raw)
                if self_refs and any(row.get(c) is not None for c in self_refs):
                    links.append({"_id": row["id"], **{c: row[c] for c in self_refs}})
                    row = {**row, **dict.fromkeys(self_refs)}
                pending.append(row)
                n += 1
                if len(pending) >= _BATCH:
                    conn.execute(table.insert(), pending)
                    pending = []
            if pending:
                conn.execute(table.insert(), pending)
            for link in links:
                conn.execute(
                    table.update()
                    .where(table.c.id == link["_id"])
                    .values({c: link[c] for c in self_refs})
                )
            counts[table.name] = n
            if conn.dialect.name == "postgresql" and "id" in table.c and n:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
                )
    migrate.upgrade(engine)
    restored: list[str] = []
    for name, entry in manifest["files"].items():
        target = (files_to or {}).get(name)
        if target is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(directory / entry["file"], target)
        restored.append(name)
    return BackupSummary(directory, counts, restored, revision)
