"""The official text of a regulation as an agency's copy has it, split by article.

Written by :mod:`knowledge.ingest` to ``<data_dir>/official/<regulation-id>.json`` and read by
retrieval to index and quote the official wording next to the corpus summaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from knowledge.citations import ProvisionRef


class Item(BaseModel):
    """A huruf (``a``) or angka (``1``) inside a Pasal or an ayat."""

    model_config = ConfigDict(frozen=True)

    label: str
    text: str


class Ayat(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: str
    text: str  # the whole ayat, items included
    huruf: tuple[Item, ...] = ()
    angka: tuple[Item, ...] = ()


class Pasal(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: str
    bab: str | None
    text: str  # the whole article
    ayat: tuple[Ayat, ...] = ()
    huruf: tuple[Item, ...] = ()  # items directly under the article (no ayat)
    angka: tuple[Item, ...] = ()


class Bab(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: str
    title: str


class Unit(BaseModel):
    """One indexable piece: an ayat, or a whole Pasal that has no ayat (flat, for retrieval)."""

    model_config = ConfigDict(frozen=True)

    id: str  # provision id, e.g. ``pp-11-2017:pasal-107:ayat-2``
    pasal: str
    ayat: str | None
    text: str


def units_of(regulation: str, pasal: Iterable[Pasal]) -> tuple[Unit, ...]:
    out: list[Unit] = []
    for p in pasal:
        if not p.ayat:
            ref = ProvisionRef(regulation=regulation, pasal=p.number.lower())
            out.append(Unit(id=ref.id, pasal=p.number, ayat=None, text=p.text))
        for a in p.ayat:
            ref = ProvisionRef(regulation=regulation, pasal=p.number.lower(), ayat=a.number)
            out.append(Unit(id=ref.id, pasal=p.number, ayat=a.number, text=a.text))
    return tuple(out)


class OfficialText(BaseModel):
    """An agency's copy of one regulation, split by article. ``units`` is the flat view."""

    model_config = ConfigDict(frozen=True)

    regulation: str
    source_name: str
    sha256: str
    ingested_at: dt.datetime
    pages: int
    preamble: str
    babs: tuple[Bab, ...]
    pasal: tuple[Pasal, ...]
    closing: str = ""
    units: tuple[Unit, ...] = ()

    def article(self, number: str) -> Pasal | None:
        return next((p for p in self.pasal if p.number == number), None)

    def quote(self, ref: ProvisionRef) -> str | None:
        """Official wording for a provision address, or None when the copy lacks it."""
        if ref.regulation != self.regulation or ref.pasal is None:
            return None
        pasal = next((p for p in self.pasal if p.number.lower() == ref.pasal), None)
        if pasal is None:
            return None
        unit_text, huruf, angka = pasal.text, pasal.huruf, pasal.angka
        if ref.ayat is not None:
            ayat = next((a for a in pasal.ayat if a.number == ref.ayat), None)
            if ayat is None:
                return None
            unit_text, huruf, angka = ayat.text, ayat.huruf, ayat.angka
        if ref.huruf is not None:
            item = next((h for h in huruf if h.label == ref.huruf), None)
            return None if item is None else item.text
        if ref.angka is not None:
            item = next((a for a in angka if a.label == ref.angka), None)
            return None if item is None else item.text
        return unit_text
