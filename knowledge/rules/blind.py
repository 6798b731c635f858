"""Blind rows: what a candidate list shows before the recorded reveal, so that no row points
at one person.

A blind row shows only merit-comparison data (golongan, kind of post, official nine-box box),
never a name, NIP, post title or unit. Every combination it shows must be shared by at least
``blind.k_min`` people of the agency's eligible pool (``thresholds.yaml``, a policy choice).
The rule walks a fixed ladder from the finest view to the coarsest and takes the first level
at which every row of the list passes; the same level applies to the whole list, so the rows
stay comparable and a coarser row does not betray that it was rare.

Pure: facts in, shown values out. The pool's facts are read by ``bot/ports/pool_facts.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.rules.thresholds import thresholds

MISSING = "-"


@dataclass(frozen=True, slots=True)
class BlindFacts:
    """The facts a blind row may draw on, for one person (``None``: not on record)."""

    golongan: str | None  # "III/c" (PNS); PPPK have none
    jenis: str | None  # kind of post, as its label: "Pengawas", "Fungsional" …
    kotak: int | None  # latest official nine-box box


@dataclass(frozen=True, slots=True)
class Level:
    """How fine each attribute is shown at one step of the ladder (``None``: hidden)."""

    golongan: str | None  # "ruang" (III/c) | "golongan" (III) | None
    jenis: bool
    kotak: str | None  # "kotak" (8) | "kelompok" (7–9) | None


# Finest first. Unit and post title are never shown; the order of what goes first follows what
# the merit comparison needs least: the exact ruang, then the exact box, then the kind of post.
LADDER: tuple[Level, ...] = (
    Level("ruang", True, "kotak"),
    Level("golongan", True, "kotak"),
    Level("golongan", True, "kelompok"),
    Level("golongan", False, "kelompok"),
    Level(None, False, "kelompok"),
    Level("golongan", False, None),
    Level(None, False, None),
)


@dataclass(frozen=True, slots=True)
class BlindRow:
    """What one blind row shows (``None``: hidden at this level; ``"-"``: not on record)."""

    golongan: str | None
    jenis: str | None
    kotak: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"golongan": self.golongan, "jenis": self.jenis, "kotak": self.kotak}


@dataclass(frozen=True, slots=True)
class BlindView:
    """The level chosen for a list, its rows, and the smallest group any row falls in."""

    level: int  # index into LADDER
    rows: tuple[BlindRow, ...]
    smallest_group: int  # pool members sharing the rarest shown combination
    pool_size: int
    k: int
    citations: tuple[str, ...]

    @property
    def nothing_shown(self) -> bool:
        return self.level == len(LADDER) - 1


def k_min() -> int:
    """The smallest group a shown combination must belong to (``blind.k_min``)."""
    return thresholds().integer("blind.k_min")


def _kotak_groups() -> dict[int, str]:
    out: dict[int, str] = {}
    for row in thresholds().records("blind.kotak_kelompok"):
        for k in row["kotak"]:
            out[int(k)] = str(row["label"])
    return out


def _golongan_group(golongan: str) -> str:
    return golongan.split("/", 1)[0]


def shown(facts: BlindFacts, level: Level, groups: Mapping[int, str] | None = None) -> BlindRow:
    """What ``facts`` look like at ``level``."""
    groups = _kotak_groups() if groups is None else groups
    gol: str | None = None
    if level.golongan == "ruang":
        gol = facts.golongan or MISSING
    elif level.golongan == "golongan":
        gol = _golongan_group(facts.golongan) if facts.golongan else MISSING
    kotak: str | None = None
    if level.kotak == "kotak":
        kotak = str(facts.kotak) if facts.kotak is not None else MISSING
    elif level.kotak == "kelompok":
        kotak = groups.get(facts.kotak, MISSING) if facts.kotak is not None else MISSING
    jenis = (facts.jenis or MISSING) if level.jenis else None
    return BlindRow(gol, jenis, kotak)


def blind_rows(
    rows: Sequence[BlindFacts], pool: Sequence[BlindFacts], *, k: int | None = None
) -> BlindView:
    """The finest ladder level at which every row's shown combination is shared by at least
    ``k`` members of ``pool`` (the agency's eligible pool). When even the empty combination
    fails (a pool smaller than ``k``), the rows show nothing but their code."""
    k = k_min() if k is None else k
    groups = _kotak_groups()
    last = len(LADDER) - 1
    for i, level in enumerate(LADDER):
        counts = Counter(shown(p, level, groups) for p in pool)
        view = tuple(shown(r, level, groups) for r in rows)
        smallest = min((counts[v] for v in view), default=len(pool))
        if smallest >= k or i == last:
            return BlindView(
                i,
                view,
                smallest,
                len(pool),
                k,
                thresholds().cites("blind.k_min"),
            )
    raise AssertionError("unreachable: the ladder ends with a level that always returns")
