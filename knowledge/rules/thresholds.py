"""The citation-bearing threshold table (``thresholds.yaml``), loaded once and read by id.

Rule modules never hold a bare threshold: they ask this table, and every value carries the
provision ids it rests on, so a result can always say where its numbers come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from knowledge.citations import Kind, ProvisionRef, Verification

Value = int | float | str | list[Any] | dict[str, Any]


class Threshold(BaseModel):
    """One row of the table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    value: Value
    unit: str
    citations: tuple[str, ...]
    kind: Kind
    verification: Verification
    note: str

    @field_validator("citations")
    @classmethod
    def _valid_ids(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("setiap ambang wajib punya minimal satu sitasi")
        for pid in v:
            ProvisionRef.parse(pid)
        return v


class ThresholdTable:
    """Read access by id with typed getters; unknown ids raise ``KeyError``."""

    def __init__(self, rows: list[Threshold]) -> None:
        self._rows: dict[str, Threshold] = {}
        for row in rows:
            if row.id in self._rows:
                raise ValueError(f"id ambang ganda di thresholds.yaml: {row.id}")
            self._rows[row.id] = row

    def __iter__(self) -> Iterator[Threshold]:
        return iter(self._rows.values())

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, tid: str) -> Threshold:
        try:
            return self._rows[tid]
        except KeyError:
            raise KeyError(f"ambang tidak ada di thresholds.yaml: {tid}") from None

    def cites(self, tid: str) -> tuple[str, ...]:
        return self.get(tid).citations

    def integer(self, tid: str) -> int:
        value = self.get(tid).value
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"ambang {tid} bukan bilangan bulat: {value!r}")
        return value

    def text(self, tid: str) -> str:
        value = self.get(tid).value
        if not isinstance(value, str):
            raise TypeError(f"ambang {tid} bukan teks: {value!r}")
        return value

    def texts(self, tid: str) -> tuple[str, ...]:
        value = self.get(tid).value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"ambang {tid} bukan daftar teks: {value!r}")
        return tuple(value)

    def integers(self, tid: str) -> tuple[int, ...]:
        value = self.get(tid).value
        if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
            raise TypeError(f"ambang {tid} bukan daftar bilangan: {value!r}")
        return tuple(value)

    def mapping(self, tid: str) -> dict[str, str]:
        value = self.get(tid).value
        if not isinstance(value, dict):
            raise TypeError(f"ambang {tid} bukan pemetaan: {value!r}")
        return {str(k): str(v) for k, v in value.items()}

    def records(self, tid: str) -> list[dict[str, Any]]:
        value = self.get(tid).value
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise TypeError(f"ambang {tid} bukan daftar rekaman: {value!r}")
        return [dict(v) for v in value]


def parse_table(text: str, source: str = "thresholds.yaml") -> ThresholdTable:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("thresholds"), list):
        raise ValueError(f"{source}: kunci 'thresholds' (daftar) wajib ada")
    rows = []
    for i, raw in enumerate(data["thresholds"], start=1):
        try:
            rows.append(Threshold.model_validate(raw))
        except ValueError as exc:
            raise ValueError(
                f"{source}: entri ke-{i} ({raw.get('id')!r}) tidak sah: {exc}"
            ) from exc
    return ThresholdTable(rows)


@lru_cache(maxsize=1)
def thresholds() -> ThresholdTable:
    """The packaged table, parsed on first use."""
    text = resources.files("knowledge.rules").joinpath("thresholds.yaml").read_text("utf-8")
    return parse_table(text)
