"""Merit facts saved with a shard generation, so a fresh service needs no warm-up.

A shard generation ``N`` gets two more files beside its vectors::

    <key>.g<N>.facts.npy      one byte blob: every member's facts, serialised one after another
    <key>.g<N>.factsidx.npz   ids (sorted), versi and byte offsets into the blob

They are written in the same generation as the vectors (each file atomically, then the one
rename of ``meta.json``), so a reader sees facts of the same build as the vectors. The blob is
memory-mapped: a started service holds only the pages of people it actually read, instead of
every employee's facts object (the warm-up's ±10 KB per person).

What is stored is the person's own records (:class:`EmployeeFacts` without ``jabatan``) and
their position id: a position's standard and incumbents change with other people's records,
so the caller re-reads the :class:`PositionFacts` (one narrow query per batch,
``knowledge.rules.load_positions``). A record is used only when its ``versi`` equals the
``versi`` the search just read from the database; anything else (changed person, missing or
unreadable file, another format) falls back to loading from the database.

Records are pickled, and read back with an unpickler that only builds the fact classes of
``knowledge.rules.facts`` and ``datetime.date``: a tampered file cannot run code.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import pickle
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.rules import EmployeeFacts
from knowledge.rules import facts as facts_module

log = logging.getLogger(__name__)

BLOB_SUFFIX = "facts.npy"
INDEX_SUFFIX = "factsidx.npz"
FORMAT = 1

_ALLOWED: dict[tuple[str, str], Any] = {
    (facts_module.__name__, name): getattr(facts_module, name)
    for name in dir(facts_module)
    if name.endswith("Facts") or name.endswith("Fact")
}
_ALLOWED[("datetime", "date")] = date


class _FactsUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a merit fact")
        return found


def _dumps(emp: EmployeeFacts) -> bytes:
    jabatan_id = emp.jabatan.jabatan_id if emp.jabatan is not None else None
    return pickle.dumps((FORMAT, jabatan_id, dataclasses.replace(emp, jabatan=None)), protocol=5)


def _loads(raw: bytes) -> tuple[int | None, EmployeeFacts]:
    fmt, jabatan_id, emp = _FactsUnpickler(io.BytesIO(raw)).load()
    if fmt != FORMAT or not isinstance(emp, EmployeeFacts):
        raise pickle.UnpicklingError("unknown facts record")
    return jabatan_id, emp


@dataclasses.dataclass(frozen=True)
class FactsRecords:
    """Serialised facts of a shard's members, ready to be written with a generation."""

    ids: np.ndarray  # int64, sorted
    versi: np.ndarray  # int64
    offsets: np.ndarray  # int64, len(ids) + 1
    blob: np.ndarray  # uint8

    @classmethod
    def empty(cls) -> FactsRecords:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint8))

    @classmethod
    def build(cls, facts: Mapping[int, EmployeeFacts], versions: Mapping[int, int]) -> FactsRecords:
        """Records of the people in both ``facts`` and ``versions``."""
        pids = sorted(p for p in facts if p in versions)
        return cls.from_raw({p: (versions[p], _dumps(facts[p])) for p in pids})

    @classmethod
    def from_raw(cls, raw: Mapping[int, tuple[int, bytes]]) -> FactsRecords:
        pids = sorted(raw)
        chunks = [raw[p][1] for p in pids]
        offsets = np.zeros(len(pids) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(c) for c in chunks])
        return cls(
            np.asarray(pids, dtype=np.int64),
            np.asarray([raw[p][0] for p in pids], dtype=np.int64),
            offsets,
            np.frombuffer(b"".join(chunks), dtype=np.uint8),
        )

    def raw(self) -> dict[int, tuple[int, bytes]]:
        """``{id: (versi, serialised record)}``: kept as they are by an incremental update."""
        data = self.blob.tobytes()
        off = self.offsets.tolist()
        return {
            pid: (v, data[off[i] : off[i + 1]])
            for i, (pid, v) in enumerate(zip(self.ids.tolist(), self.versi.tolist(), strict=True))
        }

    def write_blob(self, tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.save(fh, self.blob)

    def write_index(self, tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, ids=self.ids, versi=self.versi, offsets=self.offsets)


class StoredFacts:
    """The facts of one shard generation, memory-mapped; ``None`` from :meth:`open` when the
    generation has none (built before facts were stored) or they cannot be read."""

    def __init__(self, ids: np.ndarray, versi: np.ndarray, offsets: np.ndarray, blob: np.ndarray):
        self.ids = ids
        self.versi = versi
        self.offsets = offsets
        self.blob = blob

    @classmethod
    def open(cls, blob_path: Path, index_path: Path) -> StoredFacts | None:
        if not (blob_path.exists() and index_path.exists()):
            return None
        try:
            with np.load(index_path) as z:
                ids, versi, offsets = z["ids"], z["versi"], z["offsets"]
            blob = np.load(blob_path, mmap_mode="r")
        except (OSError, ValueError, KeyError) as exc:
            log.warning(
                "stored merit facts unreadable", extra={"file": str(blob_path), "error": str(exc)}
            )
            return None
        if (
            blob.dtype != np.uint8
            or len(offsets) != len(ids) + 1
            or len(versi) != len(ids)
            or (len(offsets) and int(offsets[-1]) != len(blob))
            or (len(ids) > 1 and bool(np.any(np.diff(ids) <= 0)))
        ):
            log.warning("stored merit facts inconsistent", extra={"file": str(blob_path)})
            return None
        return cls(ids, versi, offsets, blob)

    def __len__(self) -> int:
        return len(self.ids)

    def records(self) -> FactsRecords:
        return FactsRecords(self.ids, self.versi, self.offsets, np.asarray(self.blob))

    def lookup(self, versions: Mapping[int, int]) -> dict[int, tuple[int | None, EmployeeFacts]]:
        """``{id: (jabatan id, facts without jabatan)}`` for the people stored with exactly
        the ``versi`` asked; others (absent, changed, unreadable) are left out."""
        if not versions or not len(self.ids):
            return {}
        asked = np.fromiter(versions.keys(), dtype=np.int64, count=len(versions))
        pos = np.searchsorted(self.ids, asked)
        pos[pos >= len(self.ids)] = 0
        found = self.ids[pos] == asked
        out: dict[int, tuple[int | None, EmployeeFacts]] = {}
        for pid, p in zip(asked[found].tolist(), pos[found].tolist(), strict=True):
            if int(self.versi[p]) != versions[pid]:
                continue
            raw = bytes(self.blob[int(self.offsets[p]) : int(self.offsets[p + 1])])
            try:
                out[pid] = _loads(raw)
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                log.warning("stored merit fact unreadable", extra={"pegawai_id": pid})
        return out
