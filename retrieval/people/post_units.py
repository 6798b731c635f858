"""More close posts than one question can list ("sekdis" in an agency of twenty dinas): the
unit is asked first.

The close posts of a :class:`~retrieval.people.positions.Resolution` are grouped by the first
level that tells them apart — the agency (when the scope has several), the regional unit (OPD)
above the post, the unit between them (an UPTD), the post's own unit — and the unit picked
narrows the same resolution. A picked unit is written as a path of ``level:name`` steps, so a
name that is both an OPD and the own unit of some of its posts ("Dinas Perhubungan") narrows at
the level it was offered at, never back to the same question. A unit can also be named in a
short reply ("dinkes", "yang di RSUD"): every word of the reply must name the unit or be a word
of the request, so a reply that says something else ("butuh yang paham pendidikan") names none.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.post_vocabulary import post_vocabulary
from retrieval.people.positions import PositionChoice, Resolution
from retrieval.people.post_query import TITLE_STOP, UNIT_MARKERS, same_word, words_of

PATH_SEP = " › "  # steps of a path: "0:Kabupaten Bungo › 1:Dinas Kesehatan"
LEVELS = 4  # agency, OPD, the unit between (an UPTD), own unit


@dataclass(frozen=True)
class UnitGroup:
    """The close choices of one unit at one level (0 agency, 1 OPD, 2 the unit between the
    OPD and the post's own unit, or the own unit when there is none, 3 own unit)."""

    name: str
    level: int
    choices: tuple[PositionChoice, ...]

    @property
    def step(self) -> str:
        return f"{self.level}:{self.name}"


def _levels(c: PositionChoice) -> tuple[str, str, str, str]:
    """The names a choice can be narrowed by: its agency, its OPD, the unit between (an UPTD
    Puskesmas above its Subbagian Tata Usaha), its own unit."""
    unit = c.unit or c.nama
    return (c.instansi.replace("Pemerintah ", ""), c.induk or unit, c.parent or unit, unit)


def _at_level(choices: list[PositionChoice], level: int) -> list[UnitGroup]:
    """The choices by their unit at ``level``, in the order the units first appear."""
    by_unit: dict[str, list[PositionChoice]] = {}
    for c in choices:
        by_unit.setdefault(_levels(c)[level], []).append(c)
    return [UnitGroup(name, level, tuple(cs)) for name, cs in by_unit.items()]


def unit_groups(choices: list[PositionChoice]) -> list[UnitGroup]:
    """The choices by the first level that tells them apart (empty when none does); the
    units whose choices score best first, then by name."""
    for level in range(LEVELS):
        groups = _at_level(choices, level)
        if len(groups) > 1:
            return sorted(groups, key=lambda g: (-max(c.score for c in g.choices), g.name))
    return []


def units(res: Resolution) -> list[UnitGroup]:
    """The close choices by unit when there are more than ``res.choices`` shows: the post
    meant is then never one of those cut off."""
    if res.match is not None or len(res.band) <= len(res.choices):
        return []
    return unit_groups(res.band)


def join(path: str | None, step: str) -> str:
    return f"{path}{PATH_SEP}{step}" if path else step


def within(res: Resolution, path: str) -> Resolution:
    """``res`` narrowed by the steps of ``path``: the one post left is the match; a step that
    is malformed or names no unit leaves nothing."""
    inside = res.band
    for step in path.split(PATH_SEP):
        level, _, name = step.partition(":")
        if not level.isdigit() or int(level) >= LEVELS:
            return Resolution(None, asked_rank=res.asked_rank)
        inside = [c for c in inside if _levels(c)[int(level)] == name]
    if not inside:
        return Resolution(None, asked_rank=res.asked_rank)
    if len(inside) == 1:
        return Resolution(inside[0], inside, res.asked_rank, inside)
    return Resolution(None, inside[: len(res.choices)], res.asked_rank, inside)


def reply_groups(res: Resolution) -> list[UnitGroup]:
    """Every unit a reply to the unit question may name: those asked, and those below them
    ("anggaran" when the OPD was asked), each name once at its highest level."""
    seen: dict[str, UnitGroup] = {}
    for level in range(LEVELS):
        groups = _at_level(res.band, level)
        if len(groups) < 2:
            continue  # a level that tells nothing apart names nothing
        for g in groups:
            seen.setdefault(g.name, g)
    return list(seen.values())


def units_named(groups: list[UnitGroup], reply: str) -> list[UnitGroup]:
    """The groups a short reply names best: one, several named alike ("kesehatan" for two
    bidang with the word; the question is then asked again between them), or none. Each word
    of the reply must be a word of the group's name (a misspelling counts half), one of its
    abbreviations (only exactly: "diknas" is no misspelling of "dinas"), a kind of unit
    ("dinas", "bidang") or a request word ("yang", "itu"); a name found at several levels
    counts at its highest."""
    vocab = post_vocabulary()
    abbreviations = vocab.all_aliases()
    words = [w for w in words_of(reply, vocab) if w not in vocab.frame and w not in TITLE_STOP]
    if not words:
        return []
    scored: list[tuple[float, UnitGroup]] = []
    for g in groups:
        name = set(words_of(g.name, vocab)) - TITLE_STOP
        aliases = {
            a for alias in vocab.unit_aliases(g.name, None) for a in words_of(alias, vocab)
        } - name
        exact = {w for w in words if w in name or w in aliases}
        loose = {
            w
            for w in words
            if w not in exact and w not in abbreviations and any(same_word(w, n) for n in name)
        }
        if any(w not in exact | loose and w not in UNIT_MARKERS for w in words):
            continue
        telling = (exact | loose) - UNIT_MARKERS or exact | loose  # "rsud" alone names the RSUD
        if not telling:
            continue
        own = name - UNIT_MARKERS
        covered = sum(1 for n in own if any(same_word(w, n) for w in telling)) / max(1, len(own))
        strength = len(telling & exact) + 0.5 * len(telling & loose) + 0.1 * covered
        scored.append((strength, g))
    if not scored:
        return []
    scored.sort(key=lambda sg: (-sg[0], sg[1].level, sg[1].name))
    top, level = scored[0][0], scored[0][1].level
    return [g for strength, g in scored if strength == top and g.level == level]
