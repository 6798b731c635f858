"""File format of the regulation corpus: one YAML file per regulation or source.

The models here describe what a file in ``knowledge/regulations/`` may contain; they are
strict (``extra="forbid"``) so a typo in a field name is an error, not a silent default.
:mod:`knowledge.corpus` turns validated files into the runtime :class:`~knowledge.corpus.Corpus`.

Shape of a file (see ``docs/knowledge-base.md`` for the full description)::

    id: pp-11-2017
    kind: regulation              # regulation | source
    title: Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil
    short_name: PP 11/2017
    type: Peraturan Pemerintah
    number: "11"
    year: 2017
    gazette: LN 2017 No. 63, TLN 6037
    status:
      state: diubah               # berlaku | diubah | dicabut | diganti
      as_of: 2026-02-12
      amended_by: [pp-17-2020]
    official_text:
      where: Lembaran Negara 2017 No. 63, TLN 6037; cari di JDIH
    provisions:
      seluruh: {...}              # the regulation as a whole
      pasal-107:huruf-c: {...}    # Pasal 107 huruf c
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.citations import Kind, Verification

WHOLE = "seluruh"  # provision key for "the regulation as a whole"
MAX_SUMMARY_CHARS = 600  # an article's summary, not a copy of its text
# A regulation-level record gathers the facts whose article number is not verified, so it may
# be longer; still a summary in our own words.
MAX_WHOLE_SUMMARY_CHARS = 1200
_SENTENCE = re.compile(r"\w[^.!?]*\w[^.!?]*[.!?]")


class RecordKind(StrEnum):
    regulation = "regulation"
    source = "source"  # evidence that is not a regulation (guidance, practice, agency policy)


class StatusState(StrEnum):
    berlaku = "berlaku"  # in force, unchanged
    diubah = "diubah"  # in force as amended
    dicabut = "dicabut"  # revoked
    diganti = "diganti"  # replaced by a newer regulation


class RegulationStatus(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state: StatusState
    as_of: dt.date
    # How well the status itself is known: "unverified" when no source confirms it (e.g. an
    # old regulation still quoted in practice); every place that prints the status says so.
    verification: Verification = Verification.verified
    note: str | None = None
    amended_by: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    revoked_by: str | None = None
    revokes: tuple[str, ...] = ()
    replaced_by: str | None = None
    replaces: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _state_matches_links(self) -> RegulationStatus:
        if self.state is StatusState.diubah and not self.amended_by:
            raise ValueError("status 'diubah' memerlukan amended_by")
        if self.state is StatusState.dicabut and not self.revoked_by:
            raise ValueError("status 'dicabut' memerlukan revoked_by")
        if self.state is StatusState.diganti and not self.replaced_by:
            raise ValueError("status 'diganti' memerlukan replaced_by")
        if self.state is StatusState.berlaku and (self.revoked_by or self.replaced_by):
            raise ValueError("status 'berlaku' tidak boleh punya revoked_by/replaced_by")
        return self

    @property
    def unconfirmed(self) -> bool:
        return self.verification is not Verification.verified

    def label(self) -> str:
        """The state for a listing, e.g. ``berlaku`` or ``berlaku (belum terverifikasi)``."""
        return self.state.value + (" (belum terverifikasi)" if self.unconfirmed else "")

    def references(self) -> list[tuple[str, str]]:
        """(field, regulation id) pairs this status points to."""
        pairs: list[tuple[str, str]] = []
        for name in ("amended_by", "amends", "revokes", "replaces"):
            pairs.extend((name, rid) for rid in getattr(self, name))
        for name in ("revoked_by", "replaced_by"):
            value = getattr(self, name)
            if value:
                pairs.append((name, value))
        return pairs


class OfficialSource(BaseModel):
    """Where to read the official text. A URL only where the fact sheet gives an official one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = None
    where: str = Field(min_length=5)

    @field_validator("url")
    @classmethod
    def _https(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("https://", "http://")):
            raise ValueError("url harus diawali https:// atau http://")
        return v


class ProvisionEntry(BaseModel):
    """One provision as written in a file; its address is the key it is stored under."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    summary: str = Field(min_length=20, max_length=MAX_WHOLE_SUMMARY_CHARS)
    terms: tuple[str, ...] = Field(min_length=1)
    topics: tuple[str, ...] = Field(min_length=1)
    verification: Verification
    kind: Kind
    amended_note: str | None = None
    note: str | None = None
    # The same summary in English, for retrieval only (questions asked in English match it);
    # never shown to users, who read the Indonesian summary.
    summary_en: str | None = Field(default=None, min_length=20, max_length=MAX_WHOLE_SUMMARY_CHARS)

    @field_validator("summary", "summary_en")
    @classmethod
    def _full_sentence(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = " ".join(v.split())
        if not _SENTENCE.search(v):
            raise ValueError("ringkasan harus berisi sedikitnya satu kalimat utuh (diakhiri titik)")
        return v

    @field_validator("terms", "topics", mode="before")
    @classmethod
    def _numbers_are_terms(cls, v: object) -> object:
        # YAML reads a bare 2020 or 58 as a number; as a search term it is text.
        if isinstance(v, list | tuple):
            return [str(t) if isinstance(t, int | float) else t for t in v]
        return v

    @field_validator("terms", "topics")
    @classmethod
    def _no_blank(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if any(not t.strip() for t in v):
            raise ValueError("istilah/topik tidak boleh kosong")
        return tuple(t.strip() for t in v)


class RegulationFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: RecordKind
    title: str = Field(min_length=10)
    short_name: str = Field(min_length=3)
    type: str
    number: str | None = None
    year: int | None = Field(default=None, ge=1945, le=2100)
    gazette: str | None = None
    status: RegulationStatus
    official_text: OfficialSource
    provisions: dict[str, ProvisionEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _regulation_has_number(self) -> RegulationFile:
        # A regulation whose number the sources do not give says so with `number: null`;
        # leaving the field out is a mistake, not a statement.
        if self.kind is RecordKind.regulation and (
            "number" not in self.model_fields_set or self.year is None
        ):
            raise ValueError("regulasi wajib punya number (null bila tidak tercatat) dan year")
        return self
