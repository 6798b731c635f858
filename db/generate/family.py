"""A few family links between employees (spouses, parent/child, siblings), also across agencies.

Streaming-friendly: a bounded reservoir of earlier employees is kept, never the whole list.
``hubungan`` is what ``nip_keluarga`` is to ``nip`` (e.g. ``orang_tua``: the other is the
parent); every link is written in both directions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from db.generate.writer import Writer

POOL = 3000
LINK_RATE = 0.02
_INVERSE = {"pasangan": "pasangan", "anak": "orang_tua", "orang_tua": "anak", "saudara": "saudara"}


@dataclass(slots=True)
class _Entry:
    nip: str
    sex: str
    birth_year: int


class FamilyLinker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool: list[_Entry] = []
        self.seen = 0
        self.married: set[str] = set()

    def _match(self, me: _Entry, other: _Entry) -> str | None:
        gap = me.birth_year - other.birth_year
        if (
            other.sex != me.sex
            and abs(gap) <= 8
            and me.nip not in self.married
            and other.nip not in self.married
        ):
            return "pasangan"
        if gap >= 22:
            return "orang_tua"  # the other is my parent
        if gap <= -22:
            return "anak"
        if abs(gap) <= 6 and self.rng.random() < 0.3:
            return "saudara"
        return None

    def visit(self, w: Writer, nip: str, sex: str, birth_year: int) -> None:
        me = _Entry(nip, sex, birth_year)
        if self.pool and self.rng.random() < LINK_RATE:
            for _ in range(20):
                other = self.pool[int(self.rng.random() * len(self.pool))]
                rel = self._match(me, other)
                if rel:
                    if rel == "pasangan":
                        self.married.update((me.nip, other.nip))
                    w.keluarga((me.nip, other.nip, rel))
                    w.keluarga((other.nip, me.nip, _INVERSE[rel]))
                    break
        self.seen += 1
        if len(self.pool) < POOL:
            self.pool.append(me)
        else:
            j = int(self.rng.random() * self.seen)
            if j < POOL:
                self.pool[j] = me
