"""The regulation corpus: load, validate and look up provisions and their citations.

``load_corpus()`` reads every ``*.yaml`` in ``knowledge/regulations/`` (or a given folder),
validates it against :mod:`knowledge.corpus_schema`, checks that every cross-reference
(amended_by, replaced_by, …) resolves and is reciprocated, and returns a :class:`Corpus`.
Any problem raises :class:`CorpusError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from db.clock import tanggal_panjang
from knowledge.citations import Citation, Kind, ProvisionRef, Verification
from knowledge.corpus_schema import (
    MAX_SUMMARY_CHARS,
    WHOLE,
    OfficialSource,
    ProvisionEntry,
    RecordKind,
    RegulationFile,
    RegulationStatus,
    StatusState,
)
from knowledge.errors import CorpusError
from knowledge.fact_sheet import fact_sheet

DEFAULT_DIR = Path(__file__).resolve().parent / "regulations"

# Each link must be mirrored in the file it points to (A amended_by B <=> B amends A).
_RECIPROCAL = {
    "amended_by": "amends",
    "amends": "amended_by",
    "revoked_by": "revokes",
    "revokes": "revoked_by",
    "replaced_by": "replaces",
    "replaces": "replaced_by",
}


@dataclass(frozen=True)
class Provision:
    ref: ProvisionRef
    summary: str
    terms: tuple[str, ...]
    topics: tuple[str, ...]
    verification: Verification
    kind: Kind
    amended_note: str | None = None
    note: str | None = None
    summary_en: str | None = None  # for retrieval only, never shown

    @property
    def id(self) -> str:
        return self.ref.id

    @property
    def regulation(self) -> str:
        return self.ref.regulation

    @property
    def is_whole(self) -> bool:
        """True when the provision stands for the regulation as a whole (no article)."""
        return self.ref.id == self.ref.regulation


@dataclass(frozen=True)
class Regulation:
    id: str
    kind: RecordKind
    title: str
    short_name: str
    type: str
    number: str | None
    year: int | None
    gazette: str | None
    status: RegulationStatus
    official_text: OfficialSource
    path: Path
    provisions: tuple[Provision, ...]

    @property
    def in_force(self) -> bool:
        return self.status.state in (StatusState.berlaku, StatusState.diubah)


@dataclass(frozen=True)
class CurrentVersion:
    """Which regulation to read today for a given one, and with which amendments."""

    asked: Regulation
    current: Regulation
    read_with: tuple[Regulation, ...]

    @property
    def changed(self) -> bool:
        return self.current.id != self.asked.id or bool(self.read_with)

    def line(self) -> str:
        """One Indonesian sentence for an answer, e.g. where an old rule points to the new one."""
        if self.current.id != self.asked.id:
            verb = "dicabut" if self.asked.status.state is StatusState.dicabut else "diganti"
            text = f"{self.asked.short_name} sudah {verb}; yang berlaku: {self.current.short_name}"
        else:
            text = f"{self.asked.short_name} masih berlaku"
        if self.read_with:
            names = ", ".join(r.short_name for r in self.read_with)
            text += f" sebagaimana diubah dengan {names}"
        if self.current.id == self.asked.id:
            if self.asked.status.unconfirmed:
                text += " (statusnya belum terverifikasi)"
        else:
            unsure = [r.short_name for r in (self.asked, self.current) if r.status.unconfirmed]
            if unsure:
                text += f" (status {' dan '.join(unsure)} belum terverifikasi)"
        return text + "."


class Corpus:
    """All regulations and sources, with lookups by regulation id and provision id."""

    def __init__(self, regulations: dict[str, Regulation]) -> None:
        self._regs = dict(sorted(regulations.items()))
        self._provisions: dict[str, Provision] = {
            p.id: p for reg in self._regs.values() for p in reg.provisions
        }

    # -- regulations ----------------------------------------------------------------------
    def regulation(self, regulation_id: str) -> Regulation:
        try:
            return self._regs[regulation_id]
        except KeyError:
            raise KeyError(f"regulasi tidak ada dalam korpus: {regulation_id!r}") from None

    def regulations(self, kind: RecordKind | None = None) -> list[Regulation]:
        return [r for r in self._regs.values() if kind is None or r.kind is kind]

    def __contains__(self, regulation_id: object) -> bool:
        return regulation_id in self._regs

    def __len__(self) -> int:
        return len(self._regs)

    @property
    def current_to(self) -> dt.date:
        """Date the whole knowledge base is known to be current to (the oldest status check)."""
        return min(r.status.as_of for r in self._regs.values())

    # -- provisions -----------------------------------------------------------------------
    def has(self, provision_id: str) -> bool:
        return provision_id in self._provisions

    def provision(self, provision_id: str) -> Provision:
        try:
            return self._provisions[provision_id]
        except KeyError:
            raise KeyError(f"ketentuan tidak ada dalam korpus: {provision_id!r}") from None

    def provisions(self, regulation_id: str | None = None) -> list[Provision]:
        if regulation_id is not None:
            return list(self.regulation(regulation_id).provisions)
        return list(self._provisions.values())

    def __iter__(self) -> Iterator[Provision]:
        return iter(self._provisions.values())

    # -- what answers carry ---------------------------------------------------------------
    def status_line(self, regulation_id: str) -> str:
        """Status of a regulation for a citation, e.g. ``diubah dengan PP 17/2020 (per …)``."""
        reg = self.regulation(regulation_id)
        st = reg.status
        unconfirmed = ", belum terverifikasi" if st.unconfirmed else ""
        per = f"(status per {tanggal_panjang(st.as_of)}{unconfirmed})"
        if reg.kind is RecordKind.source:
            return f"bukan peraturan: {reg.type} {per}"
        if st.state is StatusState.berlaku:
            return f"berlaku {per}"
        if st.state is StatusState.diubah:
            names = ", ".join(self.regulation(r).short_name for r in st.amended_by)
            return f"berlaku, diubah dengan {names} {per}"
        if st.state is StatusState.dicabut:
            assert st.revoked_by is not None
            return f"dicabut oleh {self.regulation(st.revoked_by).short_name} {per}"
        assert st.replaced_by is not None
        return f"diganti oleh {self.regulation(st.replaced_by).short_name} {per}"

    def citation(self, provision_id: str) -> Citation:
        prov = self.provision(provision_id)
        reg = self.regulation(prov.regulation)
        return Citation(
            regulation=reg.id,
            kind=prov.kind,
            title=reg.title,
            pasal=prov.ref.pasal,
            ayat=prov.ref.ayat,
            huruf=prov.ref.huruf,
            angka=prov.ref.angka,
            bagian=prov.ref.bagian,
            status=self.status_line(reg.id),
            verification=prov.verification,
        )

    def current_version(self, regulation_id: str) -> CurrentVersion:
        """Follow revoked_by / replaced_by to the regulation in force, plus its amendments."""
        asked = reg = self.regulation(regulation_id)
        seen = {reg.id}
        while (nxt := reg.status.revoked_by or reg.status.replaced_by) is not None:
            if nxt in seen:
                raise CorpusError(f"rantai pencabutan/penggantian berputar di {nxt}")
            seen.add(nxt)
            reg = self.regulation(nxt)
        read_with = tuple(self.regulation(r) for r in reg.status.amended_by)
        return CurrentVersion(asked=asked, current=reg, read_with=read_with)


# -- loading ------------------------------------------------------------------------------


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (plain YAML silently keeps the last one)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise CorpusError(f"kunci ganda {key!r} (baris {mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _read(path: Path) -> RegulationFile:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except CorpusError as exc:
        raise CorpusError(f"{path.name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path.name}: YAML tidak sah: {exc}") from None
    if not isinstance(raw, dict):
        raise CorpusError(f"{path.name}: isi berkas harus berupa pemetaan (mapping)")
    if isinstance(raw.get("number"), int):
        raw["number"] = str(raw["number"])
    try:
        data = RegulationFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(berkas)'}: {e['msg']}" for e in exc.errors()
        )
        raise CorpusError(f"{path.name}: {problems}") from None
    if data.id != path.stem:
        raise CorpusError(f"{path.name}: id {data.id!r} harus sama dengan nama berkas")
    return data


def _provision(path: Path, reg_id: str, key: str, entry: ProvisionEntry) -> Provision:
    full = reg_id if key == WHOLE else f"{reg_id}:{key}"
    try:
        ref = ProvisionRef.parse(full)
    except ValueError as exc:
        raise CorpusError(f"{path.name}: provisions.{key}: {exc}") from None
    if ref.id != full:
        raise CorpusError(f"{path.name}: provisions.{key}: bentuk baku id adalah {ref.id!r}")
    for field in ("summary", "summary_en"):
        text = getattr(entry, field) or ""
        if key != WHOLE and ref.bagian is None and len(text) > MAX_SUMMARY_CHARS:
            raise CorpusError(
                f"{path.name}: provisions.{key}.{field}: lebih dari {MAX_SUMMARY_CHARS} "
                "karakter; ringkas dengan kata-kata sendiri"
            )
    return Provision(
        ref=ref,
        summary=entry.summary,
        terms=entry.terms,
        topics=entry.topics,
        verification=entry.verification,
        kind=entry.kind,
        amended_note=entry.amended_note,
        note=entry.note,
        summary_en=entry.summary_en,
    )


def _check_official_urls(regs: dict[str, Regulation]) -> None:
    """A link to an official text only where the fact sheet records that address: a URL
    that merely looks right (built from a portal's pattern) may not exist or show another text."""
    known = fact_sheet().official_urls
    for reg in regs.values():
        url = reg.official_text.url
        if url is not None and url not in known:
            raise CorpusError(
                f"{reg.path.name}: official_text.url {url!r} tidak tercatat di lembar fakta "
                "(knowledge/fact_sheet.yaml, official_urls); jangan menyusun tautan dari pola"
            )


def _check_links(regs: dict[str, Regulation]) -> None:
    for reg in regs.values():
        for field, target in reg.status.references():
            where = f"{reg.path.name}: status.{field}"
            if target not in regs:
                raise CorpusError(f"{where}: {target!r} tidak ada dalam korpus")
            back = _RECIPROCAL[field]
            value = getattr(regs[target].status, back)
            mirrored = reg.id in value if isinstance(value, tuple) else value == reg.id
            if not mirrored:
                raise CorpusError(
                    f"{where}: {target!r} tidak mencatat balik {reg.id!r} di status.{back}"
                )


@cache
def shipped_corpus() -> Corpus:
    """The package's regulation files, loaded and validated once per process (±100 ms): for
    code that cites a provision here and there, not for tools that load another folder."""
    return load_corpus()


def load_corpus(directory: Path | None = None) -> Corpus:
    """Load and validate every regulation file in ``directory`` (default: the package folder)."""
    folder = DEFAULT_DIR if directory is None else Path(directory)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise CorpusError(f"{folder}: tidak ada berkas regulasi (*.yaml)")
    regs: dict[str, Regulation] = {}
    owner: dict[str, str] = {}
    for path in files:
        data = _read(path)
        provisions = []
        for key, entry in data.provisions.items():
            prov = _provision(path, data.id, key, entry)
            if prov.id in owner:
                raise CorpusError(
                    f"{path.name}: provisions.{key}: id {prov.id!r} sudah ada di {owner[prov.id]}"
                )
            owner[prov.id] = path.name
            provisions.append(prov)
        regs[data.id] = Regulation(
            id=data.id,
            kind=data.kind,
            title=data.title,
            short_name=data.short_name,
            type=data.type,
            number=data.number,
            year=data.year,
            gazette=data.gazette,
            status=data.status,
            official_text=data.official_text,
            path=path,
            provisions=tuple(provisions),
        )
    _check_links(regs)
    _check_official_urls(regs)
    return Corpus(regs)
