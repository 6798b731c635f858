"""Result shapes shared by the rules: a criterion line and the verdict vocabulary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Outcome of one criterion."""

    lulus = "pass"
    gagal = "fail"
    tidak_diketahui = "unknown"


class Verdict(StrEnum):
    eligible = "eligible"
    not_eligible = "not_eligible"
    needs_verification = "needs_verification"


VERDICT_LABEL: dict[Verdict, str] = {
    Verdict.eligible: "Memenuhi syarat",
    Verdict.not_eligible: "Tidak memenuhi syarat",
    Verdict.needs_verification: "Perlu verifikasi",
}

STATUS_MARK: dict[Status, str] = {
    Status.lulus: "✅",
    Status.gagal: "❌",
    Status.tidak_diketahui: "❔",
}


class Remedy(StrEnum):
    """How a failing or unknown criterion can be cleared (orders ``gaps_to_target``)."""

    blocker = "blocker"  # time alone will not fix it (status, education, age, …)
    time = "time"  # clears on a known date if nothing else changes
    competency = "competency"  # a competency gap to develop
    verify = "verify"  # facts the system does not hold


@dataclass(frozen=True, slots=True)
class Line:
    """One criterion: the requirement, the employee's value, pass/fail/unknown and why."""

    kriteria: str  # stable code, e.g. "usia_maks"
    syarat: str  # the requirement, Indonesian
    nilai: str  # the employee's value, Indonesian
    status: Status
    penjelasan: str  # one short Indonesian sentence for a phone
    citations: tuple[str, ...]
    remedy: Remedy | None = None  # set when status is not pass
    clears_on: date | None = None  # for Remedy.time
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status is Status.lulus


def verdict_of(lines: Iterable[Line]) -> Verdict:
    statuses = {line.status for line in lines}
    if Status.gagal in statuses:
        return Verdict.not_eligible
    if Status.tidak_diketahui in statuses:
        return Verdict.needs_verification
    return Verdict.eligible


def merge_citations(*groups: Iterable[str]) -> tuple[str, ...]:
    """Union of provision ids, first-seen order kept."""
    seen: dict[str, None] = {}
    for group in groups:
        for pid in group:
            seen.setdefault(pid, None)
    return tuple(seen)
