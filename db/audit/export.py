"""Export of the chain for an inspector (BKN oversees the merit system): CSV or JSON.

Rows carry every hashed field, so an inspector can recompute ``payload_hash``,
``subjects_hash`` and ``rows_hash`` (the list of covered rows) and follow ``prev_hash`` links;
the HMAC itself needs the key, which stays with the agency (verification with the key is
`talenta audit verify`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from db.audit.canonical import as_utc, canonical_json, utc_text
from db.audit.verify import ENTRY_TABLE, entry_batches, subjects_for
from db.clock import WIB
from db.private_files import open_private

CSV_COLUMNS = (
    "seq",
    "ts_utc",
    "ts_wib",
    "kind",
    "actor_type",
    "actor_id",
    "actor_role",
    "actor_instansi",
    "subjects",
    "payload",
    "payload_hash",
    "subjects_hash",
    "prev_hash",
    "entry_hash",
    "purged_at",
    "rows",
    "rows_hash",
)


@dataclass(frozen=True)
class ExportRow:
    seq: int
    ts_utc: str
    ts_wib: str
    kind: str
    actor_type: str
    actor_id: str
    actor_role: str | None
    actor_instansi: str | None
    subjects: list[dict[str, Any]]
    payload: dict[str, Any] | None
    payload_hash: str
    subjects_hash: str
    prev_hash: str
    entry_hash: str
    purged_at: str | None
    rows: list[Any] | None  # [[table, row id, row_hash], …]; None before rows were covered
    rows_hash: str | None


def wib_range(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00 WIB, end+1 00:00 WIB) in UTC: both dates inclusive, as a BKD reads them."""
    lo = datetime.combine(start, time(), tzinfo=WIB).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time(), tzinfo=WIB).astimezone(UTC)
    return lo, hi


def export_rows(engine: Engine, *, start: date, end: date) -> Iterator[ExportRow]:
    lo, hi = wib_range(start, end)
    ts = ENTRY_TABLE.c.ts
    with Session(engine) as session:
        for batch in entry_batches(session, ts >= lo, ts < hi):
            subs = subjects_for(session, [e.id for e in batch])
            for e in batch:
                at = as_utc(e.ts)
                yield ExportRow(
                    seq=e.seq,
                    ts_utc=utc_text(at),
                    ts_wib=at.astimezone(WIB).isoformat(timespec="seconds"),
                    kind=e.kind,
                    actor_type=e.actor_type,
                    actor_id=e.actor_id,
                    actor_role=e.actor_role,
                    actor_instansi=e.actor_instansi,
                    subjects=[
                        {"pegawai_id": s.pegawai_id, "rank": s.rank, "score": s.score}
                        for s in subs.get(e.id, [])
                    ],
                    payload=e.payload,
                    payload_hash=e.payload_hash,
                    subjects_hash=e.subjects_hash,
                    prev_hash=e.prev_hash,
                    entry_hash=e.entry_hash,
                    purged_at=utc_text(e.purged_at) if e.purged_at else None,
                    rows=e.rows,
                    rows_hash=e.rows_hash,
                )


def write_csv(rows: Iterable[ExportRow], path: Path) -> int:
    n = 0
    with open_private(path, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            rec = asdict(row)
            rec["subjects"] = canonical_json(row.subjects)
            rec["payload"] = "" if row.payload is None else canonical_json(row.payload)
            rec["rows"] = "" if row.rows is None else canonical_json(row.rows)
            writer.writerow(rec)
            n += 1
    return n


def write_json(rows: Iterable[ExportRow], path: Path, header: dict[str, Any]) -> int:
    """``{"header": {...}, "entries": [...]}`` written as a stream (entries one per line)."""
    n = 0
    with open_private(path) as fh:
        fh.write('{"header": ' + json.dumps(header, ensure_ascii=False, default=str))
        fh.write(', "entries": [\n')
        for row in rows:
            fh.write((",\n" if n else "") + json.dumps(asdict(row), ensure_ascii=False))
            n += 1
        fh.write("\n]}\n")
    return n
