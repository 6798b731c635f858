"""How people name structural posts and regional units (``vocabularies/posts.yaml``).

Pure data access: the ranks of structural posts with the abbreviations typed for them
(kabid, kasubbag, sekdis…), the common names of regional units (BPKAD, BPSDM, DLH…), spelling
variants and the words that frame a request ("siapa yang cocok jadi …"). Each section carries
its source and verification level in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

FILE = Path(__file__).resolve().parent / "vocabularies" / "posts.yaml"


@dataclass(frozen=True)
class Rank:
    """A level of structural post: the words its titles start with, and what people type."""

    id: str
    titles: tuple[str, ...]  # lower case, longest first
    short: dict[str, str]  # abbreviation -> the words it stands for
    head_of_opd: bool  # the head of a whole regional unit (kadis, kaban, inspektur, direktur)

    @property
    def generic(self) -> bool:
        """A bare "kepala": the head of any kind of unit."""
        return self.head_of_opd and "kepala" in self.titles


@dataclass(frozen=True)
class UnitAlias:
    match: tuple[str, ...]  # every word must occur in the unit's name (lower case)
    aliases: tuple[str, ...]
    instansi: str | None = None


@dataclass(frozen=True)
class PostVocabulary:
    ranks: tuple[Rank, ...]
    units: tuple[UnitAlias, ...]
    spelling: dict[str, str]
    frame: frozenset[str]

    def unit_aliases(
        self, nama: str, singkatan: str | None, instansi: str | None = None
    ) -> list[str]:
        """Official abbreviation first, then the common names of a unit called ``nama``."""
        words = set(nama.lower().replace(",", " ").split())
        out = [singkatan] if singkatan else []
        for u in self.units:
            if (u.instansi is None or u.instansi == instansi) and all(w in words for w in u.match):
                out.extend(u.aliases)
        return list(dict.fromkeys(out))

    @cached_property
    def rank_words(self) -> frozenset[str]:
        """The words of the rank titles and the ranks' abbreviations ("kepala", "bidang",
        "kabid")."""
        titles = {w for r in self.ranks for t in r.titles for w in t.split()}
        return frozenset(titles | {k for r in self.ranks for k in r.short})

    def all_aliases(self) -> frozenset[str]:
        """Every one-word alias of the file, lower case (BPKAD, DLH, Diskominfo…)."""
        return frozenset(a.lower() for u in self.units for a in u.aliases if " " not in a)


@cache
def post_vocabulary(path: Path = FILE) -> PostVocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ranks = tuple(
        Rank(
            r["id"],
            tuple(sorted((t.lower() for t in r["title"]), key=lambda t: -len(t))),
            {k.lower(): v.lower() for k, v in (r.get("short") or {}).items()},
            bool(r.get("head_of_opd", False)),
        )
        for r in data["ranks"]
    )
    units = tuple(
        UnitAlias(tuple(u["match"]), tuple(u["aliases"]), u.get("instansi")) for u in data["units"]
    )
    spelling = {k.lower(): v.lower() for k, v in (data.get("spelling") or {}).items()}
    return PostVocabulary(ranks, units, spelling, frozenset(w.lower() for w in data["frame"]))
