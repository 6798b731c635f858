from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from db.models import metadata


def dump(engine: Engine, *, runs: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in id order: 'the database is exactly as before'.

    ``runs=False`` leaves out ``import_run``, the record a committed import always adds.
    """
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "import_run" and not runs:
                continue
            order = [table.c.id] if "id" in table.c else list(table.c)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
    return out
