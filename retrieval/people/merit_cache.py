"""Per-employee merit facts cached per data version, so a search does not reload them.

Loading :class:`EmployeeFacts` for a pool of 100 people costs ~10 SQL queries and the object
building behind them (the largest share of a search before this cache, docs/benchmarks.md).
The facts of one person only change when their records change, and every such change bumps
``Pegawai.versi`` (the importer's content hash covers the row and all histories). So the cache
keys each person by ``(id, versi)``: a search passes the versions it just read from the database
(the same query that re-checks scope and status), and only new or changed people are loaded.
The service also clears the cache whenever it loads a newer index generation (an import or
``index update`` happened), and a ``today`` change drops the date-dependent values.

Position-independent values (performance score, nine-box) are kept beside the facts; the
position-dependent assessment (eligibility, JPM) is memoised per ``(position, id, versi)``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping
from datetime import date

from sqlmodel import Session

from knowledge.rules import (
    EmployeeFacts,
    MeritSettings,
    NineBoxResult,
    PositionFacts,
    load_employee_facts,
    load_positions,
    ninebox,
)
from retrieval.index.lru import LRU
from retrieval.people.merit import MeritAssessment, assess_one
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import render_profile

# ``{id: versi}`` -> ``{id: (jabatan id, facts without jabatan)}`` of the people whose facts are
# stored with the loaded index generation at exactly that versi (stored_facts.py).
StoredLookup = Callable[[Mapping[int, int]], dict[int, tuple[int | None, EmployeeFacts]]]


class MeritCache:
    """Thread-safe LRU of facts per ``(pegawai id, versi)`` and assessments per position."""

    def __init__(
        self,
        *,
        max_people: int = 200_000,
        max_assessments: int = 50_000,
        stored: StoredLookup | None = None,
    ):
        self._facts: LRU[int, tuple[int, EmployeeFacts]] = LRU(max_people)
        self._assessed: LRU[tuple[object, int, int], MeritAssessment] = LRU(max_assessments)
        self._max_people = max_people
        self._texts: LRU[int, tuple[int, str]] = LRU(max_people)
        # Nine-box per (id, versi) for ``_today``: it does not depend on the position.
        self._boxes: dict[tuple[int, int], NineBoxResult] = {}
        self._today: date | None = None
        self._lock = threading.Lock()
        self.loads = 0  # people loaded into the cache (for tests and the benchmark) …
        self.stored_reads = 0  # … of whom read from the facts stored with the index
        self._stored = stored

    @property
    def capacity(self) -> int:
        """How many people's facts the cache keeps (the warm-up never loads more)."""
        return self._max_people

    def clear(self) -> None:
        with self._lock:
            self._facts.clear()
            self._assessed.clear()
            self._texts.clear()
            self._boxes.clear()

    def _roll_day(self, today: date) -> None:
        """Date-dependent values (assessments, nine-box) hold for one reference day (locked)."""
        if today != self._today:
            self._assessed.clear()
            self._boxes.clear()
            self._today = today

    def _put_box(self, pid: int, versi: int, box: NineBoxResult) -> None:
        if len(self._boxes) >= self._max_people:
            self._boxes.clear()  # people's versions changed many times over: start again
        self._boxes[(pid, versi)] = box

    def clear_assessments(self) -> None:
        """Forget the per-position assessments only (the benchmark's "new position")."""
        with self._lock:
            self._assessed.clear()

    def profile_texts(self, session: Session, versions: Mapping[int, int]) -> dict[int, str]:
        """Rendered profile text per person (for the evidence lines), per ``(id, versi)``."""
        with self._lock:
            out = {
                pid: hit[1]
                for pid, v in versions.items()
                if (hit := self._texts.get(pid)) is not None and hit[0] == v
            }
        todo = [pid for pid in versions if pid not in out]
        if todo:
            fresh = {r.pegawai_id: render_profile(r) for r in load_profiles(session, todo)}
            with self._lock:
                for pid, text in fresh.items():
                    self._texts.put(pid, (versions[pid], text))
            out.update(fresh)
        return out

    def facts(self, session: Session, versions: Mapping[int, int]) -> dict[int, EmployeeFacts]:
        """Facts of the people in ``versions`` (``{id: versi}``), loading only stale ones."""
        with self._lock:
            missing = [
                pid
                for pid, v in versions.items()
                if (hit := self._facts.get(pid)) is None or hit[0] != v
            ]
        loaded = self.read(session, {pid: versions[pid] for pid in missing}) if missing else {}
        with self._lock:
            for pid, emp in loaded.items():
                self._facts.put(pid, (versions[pid], emp))
            out: dict[int, EmployeeFacts] = {}
            for pid in versions:
                hit = self._facts.get(pid)
                if hit is not None:
                    out[pid] = hit[1]
        return out

    def read(self, session: Session, versions: Mapping[int, int]) -> dict[int, EmployeeFacts]:
        """Facts from the index's stored facts where their versi matches, the database for the
        rest; a stored person's position is read again (its standard and incumbents belong to
        other people's records). Nothing is kept: :meth:`facts` keeps what it reads."""
        found = self._stored(versions) if self._stored is not None else {}
        out: dict[int, EmployeeFacts] = {}
        if found:
            positions = load_positions(session, {j for j, _ in found.values() if j is not None})
            for pid, (jabatan_id, emp) in found.items():
                if jabatan_id is not None and jabatan_id not in positions:
                    continue  # the position is gone: load this person from the database
                jabatan = positions[jabatan_id] if jabatan_id is not None else None
                out[pid] = dataclasses.replace(emp, jabatan=jabatan)
        rest = [pid for pid in versions if pid not in out]
        loaded = load_employee_facts(session, rest) if rest else {}
        with self._lock:
            self.stored_reads += len(out)
            self.loads += len(out) + len(loaded)
        out.update(loaded)
        return out

    def warm(
        self, session: Session, versions: Mapping[int, int], *, today: date, settings: MeritSettings
    ) -> None:
        """Load facts and compute the (position-independent) nine-box ahead of searches."""
        facts = self.facts(session, versions)
        boxes = {pid: ninebox(emp, as_of=today, settings=settings) for pid, emp in facts.items()}
        with self._lock:
            self._roll_day(today)
            for pid, box in boxes.items():
                self._put_box(pid, versions[pid], box)

    def assess(
        self,
        session: Session,
        versions: Mapping[int, int],
        *,
        position: PositionFacts | None,
        position_key: object,
        today: date,
        settings: MeritSettings,
    ) -> dict[int, MeritAssessment]:
        """:func:`assess_one` (without flags) per person, memoised per position and version.

        ``position_key`` identifies the position *and* its standard (the caller passes the
        position id with the index generation), ``None`` for a free-text need.
        """
        with self._lock:
            self._roll_day(today)
            done = {
                pid: a
                for pid, v in versions.items()
                if (a := self._assessed.get((position_key, pid, v))) is not None
            }
        todo = {pid: v for pid, v in versions.items() if pid not in done}
        facts = self.facts(session, todo) if todo else {}
        with self._lock:
            boxes = {pid: b for pid in facts if (b := self._boxes.get((pid, todo[pid])))}
        for pid, emp in facts.items():
            if pid not in boxes:
                boxes[pid] = ninebox(emp, as_of=today, settings=settings)
        fresh = {
            pid: assess_one(emp, position, today, settings, flags=False, box=boxes[pid])
            for pid, emp in facts.items()
        }
        with self._lock:
            for pid, a in fresh.items():
                self._assessed.put((position_key, pid, todo[pid]), a)
                self._put_box(pid, todo[pid], boxes[pid])
        done.update(fresh)
        return done
