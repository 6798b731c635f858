"""Small Core helpers: batched inserts (COPY on PostgreSQL, executemany elsewhere), updates
and chunked IN queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, update
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from db.importer.progress import ProgressSink

BATCH = 10_000  # rows per executemany
# COPY on PostgreSQL (psycopg 3); False keeps executemany everywhere (for comparison).
USE_COPY = True
CHUNK = 5_000  # ids per IN (...): well under SQLite's bound-parameter limit


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _python_defaults(table: Table, given: Iterable[str]) -> dict[str, Any]:
    """Values of the columns absent from the rows that have a client-side default (what
    ``table.insert()`` would fill in); server defaults are left to the database."""
    out: dict[str, Any] = {}
    have = set(given)
    for column in table.columns:
        default = column.default
        if column.name in have or default is None:
            continue
        if isinstance(default, ScalarElementColumnDefault):
            out[column.name] = default.arg
        elif isinstance(default, CallableColumnDefault):
            # SQLAlchemy wraps every callable default to take the execution context.
            out[column.name] = cast(Callable[[Any], Any], default.arg)(None)
    return out


def copy_many(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], progress: ProgressSink
) -> int:
    """Insert with PostgreSQL's ``COPY … FROM STDIN`` (psycopg 3), in the connection's own
    transaction: the same rows as :func:`insert_many`, a fraction of the round trips."""
    from psycopg import sql

    it = iter(rows)
    first = next(it, None)
    if first is None:
        return 0
    defaults = _python_defaults(table, first)
    columns = list(first) + list(defaults)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    total = 0
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        batch = 0
        for row in _chain(first, it):
            if row.keys() != first.keys():
                raise ValueError(f"{table.name}: rows of one COPY must have the same columns")
            copy.write_row([row[c] for c in first] + [defaults[c] for c in defaults])
            batch += 1
            if batch == BATCH:
                progress.advance(batch)
                total += batch
                batch = 0
        progress.advance(batch)
        total += batch
    return total


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


def insert_many(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], progress: ProgressSink
) -> int:
    """Insert in batches; ``rows`` may be a generator, so a big load is never all in memory.
    On PostgreSQL with psycopg 3 the rows go through ``COPY`` (:func:`copy_many`)."""
    if USE_COPY and conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        return copy_many(conn, table, rows, progress)
    stmt = table.insert()
    it = iter(rows)
    total = 0
    while batch := list(islice(it, BATCH)):
        conn.execute(stmt, batch)
        progress.advance(len(batch))
        total += len(batch)
    return total


def update_many(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    progress: ProgressSink,
    **extra: Any,
) -> None:
    """Update by id: each row is ``{"b_id": id, column: value, …}`` (same columns in all)."""
    if not rows:
        return
    cols = [k for k in rows[0] if k != "b_id"]
    stmt = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({**{c: bindparam(f"v_{c}") for c in cols}, **extra})
    )
    for batch in chunks(rows, BATCH):
        conn.execute(stmt, [{"b_id": r["b_id"], **{f"v_{c}": r[c] for c in cols}} for r in batch])
        progress.advance(len(batch))


def delete_ids(conn: Connection, table: Table, ids: Iterable[int], progress: ProgressSink) -> None:
    ordered = sorted(ids)
    for chunk in chunks(ordered):
        conn.execute(delete(table).where(table.c.id.in_(chunk)))
        progress.advance(len(chunk))
