"""Canonical JSON and hashing: the byte strings the chain's hashes are computed over.

Canonical form: keys sorted, no insignificant whitespace, UTF-8, no NaN/Infinity. Dates and
datetimes become ISO strings, sets become sorted lists. A payload is *normalised* (dumped and
loaded back) before it is stored, so what the database holds is exactly what was hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
SCORE_DIGITS = 6  # scores are rounded once, at write time, so every backend stores the same float


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal | Path):
        return str(value)
    raise TypeError(f"cannot put {type(value).__name__} into an audit payload")


def canonical_json(value: Any) -> str:
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_default,
    )


def normalise(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as it will come back from the database (JSON types only)."""
    result = json.loads(canonical_json(dict(payload)))
    assert isinstance(result, dict)
    return result


def sha256_hex(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def json_hash(value: Any) -> str:
    return sha256_hex(canonical_json(value))


def hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def as_utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back: everything in the audit tables is written in UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def utc_text(value: datetime) -> str:
    return as_utc(value).isoformat(timespec="microseconds")


def round_score(score: float | None) -> float | None:
    return None if score is None else round(float(score), SCORE_DIGITS)
