"""The hard criteria as numpy masks over one snapshot of the employees.

:func:`retrieval.people.hard_criteria.eligible_ids` answers with one SQL query per search; at
100,000 employees the two queries (eligible and incomplete) cost ~150 ms on SQLite, more than
the whole search budget. The inputs of the hard criteria (status, PNS, best education, golongan,
birth date, agency) are few and small, so :class:`CriteriaSnapshot` reads them once per data
snapshot into arrays and answers each search with a few vectorised comparisons (1.2 ms
median at 100,000, measured). Both compile the same :func:`requirements`; the tests check
that SQL, these masks and :func:`~retrieval.people.hard_criteria.failing` agree on generated
data (``tests/retrieval/people/test_snapshot.py``).

The service keeps one snapshot per index generation (an import or ``index update`` writes a new
generation) and drops it on :meth:`SearchService.invalidate`. Every hit is still re-checked
against the database (status, scope) before it is shown.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlmodel import Session, col

from db.models import Jabatan, Pegawai, RiwayatPendidikan
from db.reference import GOLONGAN, PENDIDIKAN, golongan_rank, pendidikan_level
from retrieval.people.hard_criteria import Feature, HardCriteria, Requirement, requirements

_NONE = -1
# Structural position classes, lowest to highest (fungsional and pelaksana: 0, not compared).
KELAS: dict[str, int] = {
    "pengawas": 1,
    "administrator": 2,
    "jpt_pratama": 3,
    "jpt_madya": 4,
    "jpt_utama": 5,
}


@dataclass(frozen=True)
class CriteriaSnapshot:
    ids: np.ndarray  # int64, sorted
    instansi: np.ndarray  # int64
    aktif: np.ndarray  # bool
    pns: np.ndarray  # bool
    pendidikan: np.ndarray  # int8: best known level, -1 = no known level
    has_pendidikan: np.ndarray  # bool: any education record at all
    golongan: np.ndarray  # int8: rank, -1 = none or unknown
    has_golongan: np.ndarray  # bool: golongan is not NULL
    lahir: np.ndarray  # int32: date.toordinal()
    kelas: np.ndarray  # int8: KELAS of the current position, 0 = none or not structural

    @classmethod
    def load(cls, session: Session) -> CriteriaSnapshot:
        rows = session.execute(
            select(
                col(Pegawai.id),
                col(Pegawai.instansi_id),
                col(Pegawai.status),
                col(Pegawai.status_kepegawaian),
                col(Pegawai.golongan),
                col(Pegawai.tanggal_lahir),
                col(Jabatan.jenis),
            )
            .outerjoin(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id))
            .order_by(col(Pegawai.id))
        ).all()
        n = len(rows)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        gol_known = set(GOLONGAN)
        edu = session.execute(
            select(col(RiwayatPendidikan.pegawai_id), col(RiwayatPendidikan.jenjang))
        ).all()
        level = {j: pendidikan_level(j) for j in PENDIDIKAN}
        e_ids = np.fromiter((r[0] for r in edu), dtype=np.int64, count=len(edu))
        e_lvl = np.fromiter((level.get(r[1], _NONE) for r in edu), dtype=np.int8, count=len(edu))
        rows_of = np.searchsorted(ids, e_ids)
        found = rows_of < n
        found[found] &= ids[rows_of[found]] == e_ids[found]
        has_pend = np.zeros(n, dtype=bool)
        has_pend[rows_of[found]] = True
        best = np.full(n, _NONE, dtype=np.int8)
        np.maximum.at(best, rows_of[found], e_lvl[found])
        return cls(
            ids=ids,
            instansi=np.fromiter((r[1] for r in rows), dtype=np.int64, count=n),
            aktif=np.fromiter((r[2] == "aktif" for r in rows), dtype=bool, count=n),
            pns=np.fromiter((r[3] == "PNS" for r in rows), dtype=bool, count=n),
            pendidikan=best,
            has_pendidikan=has_pend,
            golongan=np.fromiter(
                (golongan_rank(r[4]) if r[4] in gol_known else _NONE for r in rows),
                dtype=np.int8,
                count=n,
            ),
            has_golongan=np.fromiter((r[4] is not None for r in rows), dtype=bool, count=n),
            lahir=np.fromiter((r[5].toordinal() for r in rows), dtype=np.int32, count=n),
            kelas=np.fromiter((KELAS.get(r[6] or "", 0) for r in rows), dtype=np.int8, count=n),
        )

    def _in_scope(self, scope: Collection[int]) -> np.ndarray:
        if not scope:
            return np.zeros(len(self.ids), dtype=bool)
        mask: np.ndarray = np.isin(self.instansi, np.fromiter(scope, dtype=np.int64)) & self.aktif
        return mask

    def _column(self, feature: Feature) -> np.ndarray:
        """The snapshot array of ``feature`` (unknown values are -1, below every minimum)."""
        columns = {
            Feature.pns: self.pns,
            Feature.pendidikan: self.pendidikan,
            Feature.golongan: self.golongan,
            Feature.lahir: self.lahir,
        }
        return columns[feature]

    def _unknown(self, r: Requirement) -> np.ndarray | None:
        """Mask: the records cannot answer ``r`` (None: they always can)."""
        unknown: np.ndarray | None = None
        if r.feature is Feature.pendidikan:
            unknown = ~self.has_pendidikan
        elif r.feature is Feature.golongan:
            unknown = self.pns & ~self.has_golongan
        return unknown

    def eligible(self, c: HardCriteria, scope: Collection[int]) -> np.ndarray:
        """Ids meeting every hard criterion (numpy twin of ``eligible_clause``)."""
        mask = self._in_scope(scope)
        for r in requirements(c):
            mask &= self._column(r.feature) >= r.minimum
        ids: np.ndarray = self.ids[mask]
        return ids

    def incomplete(self, c: HardCriteria, scope: Collection[int]) -> np.ndarray:
        """Ids whose records cannot answer a criterion (twin of ``incomplete_clause``)."""
        gaps = np.zeros(len(self.ids), dtype=bool)
        for r in requirements(c):
            unknown = self._unknown(r)
            if unknown is not None:
                gaps = gaps | unknown
        return self.ids[self._in_scope(scope) & gaps]

    def higher_class(self, jenis: str, scope: Collection[int]) -> np.ndarray:
        """Ids already in a higher structural class than ``jenis`` (proposing them = demotion)."""
        target = KELAS.get(jenis, 0)
        if target == 0:
            return np.zeros(0, dtype=np.int64)
        return self.ids[self._in_scope(scope) & (self.kelas > target)]
