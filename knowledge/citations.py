"""The citation schema shared by the regulation corpus and the merit rules.

A *provision* is one addressable piece of a regulation (or of a non-regulation source):
Pasal / ayat / huruf / angka, a Lampiran or Penjelasan, or the regulation as a whole when
the article number is not verified. A *citation* is a pointer to a provision plus what an
answer must carry with it: the kind of authority (``law`` or ``policy``) and how well the
fact is verified.

Canonical provision ids are strings, stable and readable in config files and tests::

    pp-11-2017                       the regulation as a whole
    pp-11-2017:pasal-107:huruf-c     Pasal 107 huruf c
    pp-11-2017:pasal-107:ayat-2      Pasal 107 ayat (2)
    permenpanrb-3-2020:lampiran      Lampiran
    uu-20-2023:penjelasan            Penjelasan
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator


class Verification(StrEnum):
    verified = "verified"
    secondary = "secondary"
    unverified = "unverified"


class Kind(StrEnum):
    law = "law"  # a regulation that binds the agency
    policy = "policy"  # an agency choice, BKN guidance, common practice


class Bagian(StrEnum):
    lampiran = "lampiran"
    penjelasan = "penjelasan"


_PART = re.compile(r"^(pasal|ayat|huruf|angka)-([0-9a-z]+)$")
_REG_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ProvisionRef(BaseModel):
    """Address of a provision inside one regulation or source."""

    model_config = ConfigDict(frozen=True)

    regulation: str
    pasal: str | None = None
    ayat: str | None = None
    huruf: str | None = None
    angka: str | None = None
    bagian: Bagian | None = None

    @field_validator("regulation")
    @classmethod
    def _reg_id(cls, v: str) -> str:
        if not _REG_ID.match(v):
            raise ValueError(f"bukan id regulasi yang sah: {v!r}")
        return v

    @property
    def id(self) -> str:
        parts = [self.regulation]
        if self.bagian is not None:
            parts.append(self.bagian.value)
        for name in ("pasal", "ayat", "huruf", "angka"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}-{value}")
        return ":".join(parts)

    @classmethod
    def parse(cls, provision_id: str) -> ProvisionRef:
        """Inverse of :attr:`id`. Raises ``ValueError`` on a malformed id."""
        regulation, *rest = provision_id.split(":")
        fields: dict[str, str] = {"regulation": regulation}
        for part in rest:
            if part in (Bagian.lampiran.value, Bagian.penjelasan.value):
                fields["bagian"] = part
                continue
            m = _PART.match(part)
            if not m:
                raise ValueError(
                    f"bagian id ketentuan tidak dikenal: {part!r} dalam {provision_id!r}"
                )
            fields[m.group(1)] = m.group(2)
        return cls.model_validate(fields)

    def label(self) -> str:
        """Human citation line part, e.g. ``Pasal 20 ayat (2) huruf c`` (of UU 27/2022)."""
        bits: list[str] = []
        if self.bagian is not None:
            bits.append(self.bagian.value.capitalize())
        if self.pasal:
            bits.append(f"Pasal {self.pasal}")
        if self.ayat:
            bits.append(f"ayat ({self.ayat})")
        if self.huruf:
            bits.append(f"huruf {self.huruf}")
        if self.angka:
            bits.append(f"angka {self.angka}")
        return " ".join(bits)


class Citation(BaseModel):
    """What an answer carries for each provision it rests on (JSON shape of ``talenta ask``)."""

    model_config = ConfigDict(frozen=True)

    regulation: str
    kind: Kind
    title: str
    pasal: str | None = None
    ayat: str | None = None
    huruf: str | None = None
    angka: str | None = None
    bagian: Bagian | None = None
    status: str
    verification: Verification

    @property
    def ref(self) -> ProvisionRef:
        return ProvisionRef(
            regulation=self.regulation,
            pasal=self.pasal,
            ayat=self.ayat,
            huruf=self.huruf,
            angka=self.angka,
            bagian=self.bagian,
        )

    @property
    def id(self) -> str:
        return self.ref.id
