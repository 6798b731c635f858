"""Level fit: whether a position is a sensible next step from the post a person holds now.

Levels, lowest first: pelaksana and entry JF jenjang; pengawas, JF penyelia and ahli muda;
administrator and JF ahli madya; JPT pratama and JF ahli utama; JPT madya; JPT utama. A
suggestion may stay at the same level (a move) or go one level up; never down (a demotion)
and never two levels up at once (a jump). The grouping of JF jenjang with structural levels and
the one-step rule are Talenta policy (``kebijakan-talenta``), not a provision: the legal
requirements of a post (prior post, rank, education) are checked by the eligibility rules,
each with its own citation.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.rules.facts import PositionFacts

_LEVELS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "pelaksana",
            "fungsional:pemula",
            "fungsional:terampil",
            "fungsional:mahir",
            "fungsional:ahli_pertama",
        }
    ),
    frozenset({"pengawas", "fungsional:penyelia", "fungsional:ahli_muda"}),
    frozenset({"administrator", "fungsional:ahli_madya"}),
    frozenset({"jpt_pratama", "fungsional:ahli_utama"}),
    frozenset({"jpt_madya"}),
    frozenset({"jpt_utama"}),
)
CITATIONS = ("kebijakan-talenta",)


@dataclass(frozen=True)
class LevelFit:
    ok: bool
    step: int | None  # target level minus current level (None: a level not known)
    reason: str  # in Indonesian


def level_of(jenis: str, jenjang: str | None) -> int | None:
    key = f"{jenis}:{jenjang}" if jenis == "fungsional" else jenis
    return next((i for i, group in enumerate(_LEVELS) if key in group), None)


def level_fit(current: PositionFacts | None, target: PositionFacts) -> LevelFit:
    """Same level or one up is a sensible step; lower or two up is not."""
    goal = level_of(target.jenis, target.jenjang)
    now = level_of(current.jenis, current.jenjang) if current is not None else None
    if goal is None or now is None:
        return LevelFit(True, None, "tingkat jabatan tidak dapat dibandingkan")
    step = goal - now
    if step < 0:
        return LevelFit(False, step, "lebih rendah dari jabatan sekarang (turun jabatan)")
    if step > 1:
        return LevelFit(False, step, "melompati lebih dari satu tingkat jabatan")
    return LevelFit(True, step, "satu tingkat di atas" if step else "setingkat (mutasi)")
