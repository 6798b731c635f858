"""Small Core helpers: batched executemany inserts/updates and chunked IN queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, update

from db.importer.progress import ProgressSink

BATCH = 10_000  # rows per executemany
CHUNK = 5_000  # ids per IN (...): well under SQLite's bound-parameter limit


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def insert_many(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], progress: ProgressSink
) -> int:
    """Insert in batches; ``rows`` may be a generator, so a big load is never all in memory."""
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
