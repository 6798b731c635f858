"""Head anchors: the chain's head exported to a file outside the database.

The HMAC key stops someone without it from forging entries; the anchor stops what the key
cannot: cutting entries off the end, or a rewrite by someone who holds the key. Each line of
the (append-only) anchor file is ``{"seq", "entry_hash", "anchored_at", "anchored_at_wib"}``;
`talenta audit anchor` runs on a schedule and its file goes to storage the database
administrator cannot write (or to the inspector).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.audit.canonical import GENESIS, as_utc, utc_text
from db.clock import WIB
from db.errors import AnchorFileError
from db.models.audit import AuditEntry


@dataclass(frozen=True)
class Anchor:
    seq: int
    entry_hash: str
    anchored_at: datetime
    line: int  # line number in the anchor file, for messages


def chain_head(session: Session) -> tuple[int, str]:
    row = session.exec(
        select(AuditEntry.seq, AuditEntry.entry_hash).order_by(col(AuditEntry.seq).desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def write_anchor(engine: Engine, path: Path) -> Anchor:
    """Append the current head to ``path`` (created 0600 when new) and fsync it."""
    with Session(engine) as session:
        seq, head = chain_head(session)
    now = datetime.now(UTC)
    record = {
        "seq": seq,
        "entry_hash": head,
        "anchored_at": utc_text(now),
        "anchored_at_wib": now.astimezone(WIB).isoformat(timespec="seconds"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(record, sort_keys=True) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    with path.open(encoding="utf-8") as fh:
        lines = sum(1 for _ in fh)
    return Anchor(seq=seq, entry_hash=head, anchored_at=now, line=lines)


def read_anchors(path: Path) -> list[Anchor]:
    if not path.exists():
        return []
    anchors: list[Anchor] = []
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
                anchors.append(
                    Anchor(
                        seq=int(rec["seq"]),
                        entry_hash=str(rec["entry_hash"]),
                        anchored_at=as_utc(datetime.fromisoformat(rec["anchored_at"])),
                        line=n,
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise AnchorFileError(f"{path}, baris {n}: jangkar tidak terbaca ({exc})") from exc
    return anchors
