"""Field fit: how close a person's field of work and education are to a position's field.

The fields, their groups (rumpun) and the majors that count as the same field are policy data
with provenance (``knowledge/vocabularies/fields.yaml``, cited as ``kebijakan-talenta``: no
regulation sets the rumpun of a regional structural post). Three tiers, highest first:

- ``sebidang`` (2): works now, or worked before, in the position's field or its unit;
- ``serumpun`` (1): works or worked in a field of the same rumpun, holds a degree in a major of
  the position's field, or the position's field is open to every field (general secretariat);
- ``lain`` (0): none of these.

The ranking orders by tier before score, so someone from an unrelated field never outranks a
qualified person from the right field, however good their scores. A position whose field is
empty or not in the data is not gated (every person gets ``sebidang``, reason says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from pathlib import Path

import yaml

from knowledge.rules.facts import EmployeeFacts, PendidikanFact, PositionFacts

FILE = Path(__file__).resolve().parents[1] / "vocabularies" / "fields.yaml"
# Degrees whose major counts as education in a field (not SLTA).
_DEGREES = frozenset({"D3", "D4", "S1", "S2", "S3"})


class FieldTier(IntEnum):
    lain = 0
    serumpun = 1
    sebidang = serumpun + 1


@dataclass(frozen=True)
class FieldEntry:
    key: str
    rumpun: str
    majors: frozenset[str]
    open: bool = False


@dataclass(frozen=True)
class FieldTable:
    fields: dict[str, FieldEntry]
    rumpun_labels: dict[str, str]
    citation: str
    basis: str
    source: str

    def get(self, key: str | None) -> FieldEntry | None:
        return self.fields.get((key or "").strip().lower())

    def related(self, a: str | None, b: str | None) -> bool:
        fa, fb = self.get(a), self.get(b)
        return fa is not None and fb is not None and fa.rumpun == fb.rumpun

    def major_fields(self, jurusan: str | None) -> list[str]:
        """The fields a major belongs to (``[]`` for an unknown major)."""
        j = (jurusan or "").strip().lower()
        return [f.key for f in self.fields.values() if j and j in f.majors]


@dataclass(frozen=True)
class FieldFit:
    tier: FieldTier
    reason: str  # in Indonesian, for the explanation
    citations: tuple[str, ...]


@cache
def field_table(path: Path = FILE) -> FieldTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = {str(k): str(v) for k, v in data["rumpun"].items()}
    fields: dict[str, FieldEntry] = {}
    for n, row in enumerate(data["fields"], start=1):
        key = str(row["key"]).strip().lower()
        rumpun = str(row["rumpun"])
        if rumpun not in labels:
            raise ValueError(f"{path.name}: fields entri {n} ({key}): rumpun {rumpun!r} tidak ada")
        if key in fields:
            raise ValueError(f"{path.name}: fields entri {n}: bidang {key!r} ganda")
        fields[key] = FieldEntry(
            key,
            rumpun,
            frozenset(str(m).strip().lower() for m in row.get("majors", [])),
            bool(row.get("open", False)),
        )
    return FieldTable(
        fields, labels, str(data["citation"]), str(data["basis"]), str(data["source"])
    )


def education_fits(pendidikan: tuple[PendidikanFact, ...], bidang: str | None) -> str | None:
    """The first degree major in ``bidang``'s list of majors, or None."""
    entry = field_table().get(bidang)
    if entry is None:
        return None
    for p in pendidikan:
        if p.jenjang in _DEGREES and p.jurusan and p.jurusan.strip().lower() in entry.majors:
            return p.jurusan
    return None


def field_fit(emp: EmployeeFacts, position: PositionFacts) -> FieldFit:
    """The person's tier for the position's field, with the reason in words."""
    table = field_table()
    cites = (table.citation,)
    target = table.get(position.bidang)
    if target is None:
        return FieldFit(FieldTier.sebidang, "jabatan tanpa bidang yang dikenal: tidak disaring", ())
    now = emp.jabatan
    if now is not None and (now.bidang.lower() == target.key or now.unit_id == position.unit_id):
        return FieldFit(FieldTier.sebidang, f"bekerja di bidang {target.key}", cites)
    past = [sp for sp in emp.riwayat_jabatan if (sp.bidang or "").lower() == target.key]
    if past:
        return FieldFit(FieldTier.sebidang, f"pernah bekerja di bidang {target.key}", cites)
    worked = [now.bidang if now is not None else None] + [sp.bidang for sp in emp.riwayat_jabatan]
    kin = next((b for b in worked if b and table.related(b, target.key)), None)
    rumpun = table.rumpun_labels[target.rumpun]
    if kin is not None:
        return FieldFit(
            FieldTier.serumpun, f"bidang {kin.lower()} serumpun ({rumpun}) dengan jabatan", cites
        )
    major = education_fits(emp.pendidikan, target.key)
    if major is not None:
        return FieldFit(FieldTier.serumpun, f"pendidikan {major} sebidang dengan jabatan", cites)
    if target.open:
        return FieldFit(FieldTier.serumpun, f"bidang {target.key} terbuka bagi semua bidang", cites)
    return FieldFit(FieldTier.lain, f"bidang kerja dan pendidikan di luar rumpun {rumpun}", cites)
