"""What an inline button asks for: one small typed payload per kind of button.

A button carries only an opaque token (``bot/chat/callbacks.py``); the payload behind it is
stored as a small JSON object under its kind. :meth:`pack` writes that object (short keys: a
payload row is written for every button shown) and :func:`unpack` reads it back into the
typed press, or ``None`` when the stored object does not have the shape of its kind (a
payload written by an older version, or planted). A press that unpacks is not trusted either:
the router authorises what it asks for again, like a typed request, with the agency read from
the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from bot.ports.services import CitedProvision
from db.audit import CaseKind


class Malformed(ValueError):
    """A stored payload does not have the shape of its kind (never shown to anyone)."""


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Malformed(key)
    return value


def _optional_int(data: Mapping[str, Any], key: str) -> int | None:
    return None if data.get(key) is None else _int(data, key)


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise Malformed(key)
    return value


class Press:
    """Base of the typed payloads: ``kind`` names the button in the stored row."""

    kind: ClassVar[str]

    def pack(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> Press:
        raise NotImplementedError

    def pegawai_ids(self) -> tuple[int, ...]:
        """The employees the press is about (named in a refusal record)."""
        return ()

    def shortlist_ref(self) -> str | None:
        """The recorded list the press is about (named in a refusal record)."""
        return None


@dataclass(frozen=True)
class DetailPress(Press):
    """ "Detail N": one employee's profile, charted against the searched position."""

    kind: ClassVar[str] = "detail"
    pegawai_id: int
    jabatan_id: int | None = None  # the searched position (checked again when drawn)

    def pack(self) -> dict[str, Any]:
        return {"p": self.pegawai_id, "j": self.jabatan_id}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> DetailPress:
        # The position only chooses the chart's standard: a wrong one means "no position".
        j = data.get("j")
        position = j if isinstance(j, int) and not isinstance(j, bool) else None
        return cls(_int(data, "p"), position)

    def pegawai_ids(self) -> tuple[int, ...]:
        return (self.pegawai_id,)


@dataclass(frozen=True)
class PagePress(Press):
    """A page of a candidate search, the position picked among several that matched, or the
    unit picked when too many matched to list (the same text narrowed to that unit)."""

    kind: ClassVar[str] = "page"
    query: str
    page: int
    jabatan_id: int | None = None
    unit: str | None = None

    def pack(self) -> dict[str, Any]:
        packed: dict[str, Any] = {"q": self.query, "n": self.page, "j": self.jabatan_id}
        if self.unit is not None:
            packed["u"] = self.unit
        return packed

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> PagePress:
        page = _int(data, "n")
        if page < 1:
            raise Malformed("n")
        unit = None if data.get("u") is None else _str(data, "u")
        return cls(_str(data, "q"), page, _optional_int(data, "j"), unit)


@dataclass(frozen=True)
class ComparePress(Press):
    """ "Bandingkan": two or three employees side by side."""

    kind: ClassVar[str] = "compare"
    ids: tuple[int, ...]

    def pack(self) -> dict[str, Any]:
        return {"ids": list(self.ids)}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> ComparePress:
        ids = data.get("ids")
        if not isinstance(ids, list):
            raise Malformed("ids")
        return cls(tuple(_int({"i": i}, "i") for i in ids))

    def pegawai_ids(self) -> tuple[int, ...]:
        return self.ids


def _cited(row: Mapping[str, Any]) -> CitedProvision:
    return CitedProvision(_str(row, "id"), _str(row, "label"), _str(row, "summary"), _str(row, "v"))


@dataclass(frozen=True)
class CitationsPress(Press):
    """ "Lihat ketentuan yang dikutip": the provisions a regulation answer rests on."""

    kind: ClassVar[str] = "citations"
    cited: tuple[CitedProvision, ...]

    def pack(self) -> dict[str, Any]:
        return {
            "c": [
                {"id": c.id, "label": c.label, "summary": c.summary, "v": c.verification}
                for c in self.cited
            ]
        }

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> CitationsPress:
        rows = data.get("c")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise Malformed("c")
        return cls(tuple(_cited({"summary": "", **r}) for r in rows))


@dataclass(frozen=True)
class RoutePress(Press):
    """A reading offered by "which did you mean?": the flow to run on the words as written.
    ``intent`` is the router's intent name, checked by the router when pressed."""

    kind: ClassVar[str] = "route"
    intent: str
    text: str

    def pack(self) -> dict[str, Any]:
        return {"i": self.intent, "t": self.text}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> RoutePress:
        return cls(_str(data, "i"), _str(data, "t"))


@dataclass(frozen=True)
class ListPress(Press):
    """A button about one recorded list, named by its reference."""

    ref: str

    def pack(self) -> dict[str, Any]:
        return {"ref": self.ref}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> ListPress:
        return cls(_str(data, "ref"))

    def shortlist_ref(self) -> str | None:
        return self.ref


@dataclass(frozen=True)
class RevealPress(ListPress):
    """ "Tampilkan identitas" on a blind-first list."""

    kind: ClassVar[str] = "reveal"


@dataclass(frozen=True)
class ChoosePress(Press):
    """ "Pilih N" on a recorded list (asks to confirm), or "Ya, catat" under that question
    (``confirmed``: records)."""

    kind: ClassVar[str] = "choose"
    ref: str
    pegawai_id: int
    confirmed: bool = False

    def pack(self) -> dict[str, Any]:
        packed: dict[str, Any] = {"ref": self.ref, "p": self.pegawai_id}
        if self.confirmed:
            packed["ok"] = True
        return packed

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> ChoosePress:
        return cls(_str(data, "ref"), _int(data, "p"), data.get("ok") is True)

    def pegawai_ids(self) -> tuple[int, ...]:
        return (self.pegawai_id,)

    def shortlist_ref(self) -> str | None:
        return self.ref


@dataclass(frozen=True)
class ChoiceCancelPress(ListPress):
    """ "Batal" under "catat pilihan ini?": nothing is recorded."""

    kind: ClassVar[str] = "choose_cancel"


@dataclass(frozen=True)
class DocumentPress(ListPress):
    """ "Dokumen PDF" of a recorded list."""

    kind: ClassVar[str] = "shortlist_pdf"


@dataclass(frozen=True)
class SpreadsheetPress(ListPress):
    """ "Dokumen XLSX" of a recorded list (the committee's spreadsheet)."""

    kind: ClassVar[str] = "shortlist_xlsx"


@dataclass(frozen=True)
class CasePress(Press):
    """ "Laporkan kesalahan data" / "Keberatan nine-box" under the own profile."""

    kind: ClassVar[str] = "case"
    case_kind: CaseKind

    def pack(self) -> dict[str, Any]:
        return {"k": self.case_kind.value}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> CasePress:
        try:
            return cls(CaseKind(_str(data, "k")))
        except ValueError:
            raise Malformed("k") from None


@dataclass(frozen=True)
class SidangRevealPress(Press):
    """ "Tampilkan identitas" of a sidang komite, in a member's private chat."""

    kind: ClassVar[str] = "sidang_reveal"
    ref: str  # the sidang (SK-…)

    def pack(self) -> dict[str, Any]:
        return {"ref": self.ref}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> SidangRevealPress:
        return cls(_str(data, "ref"))


@dataclass(frozen=True)
class VotePress(Press):
    """A member's recommendation on candidate K<rank> of a sidang; the reason follows as text."""

    kind: ClassVar[str] = "sidang_vote"
    ref: str  # the sidang (SK-…)
    rank: int
    recommendation: str  # layak | pertimbangkan | tidak

    def pack(self) -> dict[str, Any]:
        return {"ref": self.ref, "r": self.rank, "v": self.recommendation}

    @classmethod
    def unpack(cls, data: Mapping[str, Any]) -> VotePress:
        return cls(_str(data, "ref"), _int(data, "r"), _str(data, "v"))


KINDS: dict[str, type[Press]] = {
    k.kind: k
    for k in (
        DetailPress,
        PagePress,
        ComparePress,
        CitationsPress,
        RoutePress,
        RevealPress,
        ChoosePress,
        ChoiceCancelPress,
        DocumentPress,
        SpreadsheetPress,
        CasePress,
        SidangRevealPress,
        VotePress,
    )
}


def unpack(kind: str, data: Mapping[str, Any]) -> Press | None:
    """The typed press stored under ``kind``; ``None`` for an unknown kind or a wrong shape."""
    known = KINDS.get(kind)
    if known is None:
        return None
    try:
        return known.unpack(data)
    except Malformed:
        return None
