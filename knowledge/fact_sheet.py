"""What the team's law fact sheet supports: article addresses and official links.

``knowledge/fact_sheet.yaml`` is a copy, made by hand, of what the fact sheet states; nothing in
the project reads the fact sheet itself. :meth:`FactSheet.supports` tells whether an article
reference (a :class:`~knowledge.citations.ProvisionRef`) is one the fact sheet shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.citations import ProvisionRef

DEFAULT_PATH = Path(__file__).resolve().parent / "fact_sheet.yaml"
_LEVELS = ("bagian", "pasal", "ayat", "huruf", "angka")


@dataclass(frozen=True)
class FactSheet:
    compiled: dt.date  # when the fact sheet was compiled
    taken: dt.date  # when this copy was taken from it
    articles: dict[str, tuple[ProvisionRef, ...]]  # regulation id -> addresses it shows
    unverified: dict[str, tuple[ProvisionRef, ...]]  # numbers it gives only as believed
    official_urls: frozenset[str]

    def supports(self, ref: ProvisionRef) -> bool:
        """True when ``ref`` names no article, or names one the fact sheet shows (the same
        address or a coarser one: Pasal 105 is supported by "Pasal 105 ayat (1)")."""
        if ref.pasal is None and ref.bagian is None:
            return True
        return any(_covers(ref, shown) for shown in self.articles.get(ref.regulation, ()))

    def mentions_unverified(self, ref: ProvisionRef) -> bool:
        """True when the fact sheet names ``ref`` only as believed, inferred or commonly cited."""
        return any(_covers(ref, shown) for shown in self.unverified.get(ref.regulation, ()))


def _covers(cited: ProvisionRef, shown: ProvisionRef) -> bool:
    """``cited`` equals ``shown`` or is a coarser address of it (each level it sets matches)."""
    for level in _LEVELS:
        want = getattr(cited, level)
        if want is not None and getattr(shown, level) != want:
            return False
    return True


@cache
def fact_sheet(path: Path = DEFAULT_PATH) -> FactSheet:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return FactSheet(
        compiled=raw["fact_sheet"]["compiled"],
        taken=raw["fact_sheet"]["taken"],
        articles=_addresses(raw["articles"]),
        unverified=_addresses(raw["unverified_articles"]),
        official_urls=frozenset(raw["official_urls"]),
    )


def _addresses(raw: dict[str, list[str]]) -> dict[str, tuple[ProvisionRef, ...]]:
    return {
        regulation: tuple(ProvisionRef.parse(f"{regulation}:{key}") for key in keys)
        for regulation, keys in raw.items()
    }
