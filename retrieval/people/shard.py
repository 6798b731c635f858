"""One index shard per instansi: FAISS vectors + BM25 + a metadata file.

Files of shard ``<key>`` (``key`` = ``i<instansi id>``) in the index folder::

    <key>.meta.json          which generation is current, model, dim, count, content hash
    <key>.g<N>.faiss         vectors of generation N (ids = employee primary keys)
    <key>.g<N>.npz           ids, versi, stemmed tokens and the BM25 matrices of generation N

A new generation is written beside the old one (each file atomically), and only then does
``meta.json`` move to it with ``os.replace`` — the switch is one atomic rename, so a reader sees
one whole generation or the other. The previous generation is kept until the next write so a
reader that just read the old meta can still open it.

Index types: exact inner product (``IndexIDMap2(IndexFlatIP)``) for small shards; above the
threshold ``IndexIVFFlat`` with the employee ids stored in its inverted lists. IVF is not
wrapped in ``IndexIDMap2`` on purpose: IDMap's ``remove_ids`` assumes the sub-index renumbers
its rows after a removal, which IVF does not, so removals would corrupt the id map. Inner
product equals cosine similarity because every vector is L2-normalised.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from db.clock import now_wib
from retrieval.index.atomic import write_atomic, write_text_atomic
from retrieval.people.lexical import LexicalIndex

FORMAT_VERSION = 1


class ShardError(Exception):
    """A shard cannot be used (message in Indonesian, for operators and users)."""


class ShardModelMismatch(ShardError):
    pass


@dataclass(frozen=True)
class ShardMeta:
    instansi_id: int
    model: str
    dim: int
    count: int
    content_hash: str
    built_at: str
    index_version: int
    index_type: str  # "flat" | "ivf"
    format: int = FORMAT_VERSION


def shard_key(instansi_id: int) -> str:
    return f"i{instansi_id}"


def content_hash(pairs: Iterable[tuple[int, int]]) -> str:
    """Hash over sorted (employee id, versi) pairs: equal hashes mean nothing to re-encode."""
    h = hashlib.sha256()
    for pid, versi in sorted(pairs):
        h.update(f"{pid}:{versi}\n".encode())
    return h.hexdigest()


def _pack_tokens(tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [t.encode("utf-8") for t in tokens]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(e) for e in encoded])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unpack_tokens(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    raw = blob.tobytes()
    return [raw[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]


def new_index(dim: int, vectors: np.ndarray, *, ivf_threshold: int, nlist: int = 0) -> faiss.Index:
    """An empty index of the right type for ``len(vectors)``, trained when it is IVF."""
    n = len(vectors)
    if n <= ivf_threshold:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    lists = nlist or max(16, int(4 * math.sqrt(n)))
    lists = min(lists, max(1, n // 39))  # faiss wants >= 39 training points per list
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
    sample = vectors
    if n > lists * 256:
        rng = np.random.default_rng(0)
        sample = vectors[rng.choice(n, lists * 256, replace=False)]
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    return index


def index_type(index: faiss.Index) -> str:
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


class Shard:
    """A loaded shard: vectors, BM25 and the per-employee versi it was built from."""

    def __init__(
        self,
        meta: ShardMeta,
        index: faiss.Index,
        ids: np.ndarray,
        versi: np.ndarray,
        tokens: list[str],
        lexical: LexicalIndex,
    ):
        self.meta = meta
        self.index = index
        self.ids = ids
        self.versi = versi
        self.tokens = tokens
        self.lexical = lexical

    def versions(self) -> dict[int, int]:
        return dict(zip(self.ids.tolist(), self.versi.tolist(), strict=True))

    def search(
        self, query: np.ndarray, k: int, *, allowed: np.ndarray | None, nprobe: int
    ) -> list[tuple[int, float]]:
        """Top ``k`` by inner product, only among ``allowed`` ids when given (exhaustively).

        With an id selector every selected vector is reachable: IVF then probes all lists,
        so an eligible person can never be lost to the approximate search.
        """
        if self.index.ntotal == 0 or k <= 0:
            return []
        params: Any = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            k = min(k, len(allowed))
            if isinstance(self.index, faiss.IndexIVF):
                params = faiss.SearchParametersIVF(  # type: ignore[call-arg]
                    sel=sel, nprobe=self.index.nlist
                )
            else:
                params = faiss.SearchParameters(sel=sel)  # type: ignore[call-arg]
        elif isinstance(self.index, faiss.IndexIVF):
            params = faiss.SearchParametersIVF(  # type: ignore[call-arg]
                nprobe=nprobe
            )
        k = min(k, int(self.index.ntotal))
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


class ShardFiles:
    """Reads and writes the files of one shard in an index folder."""

    def __init__(self, directory: Path, instansi_id: int):
        self.directory = directory
        self.instansi_id = instansi_id
        self.key = shard_key(instansi_id)

    @property
    def meta_path(self) -> Path:
        return self.directory / f"{self.key}.meta.json"

    def _faiss_path(self, gen: int) -> Path:
        return self.directory / f"{self.key}.g{gen}.faiss"

    def _npz_path(self, gen: int) -> Path:
        return self.directory / f"{self.key}.g{gen}.npz"

    def exists(self) -> bool:
        return self.meta_path.exists()

    def read_meta(self) -> ShardMeta:
        try:
            data = json.loads(self.meta_path.read_text(encoding="utf-8"))
            return ShardMeta(**data)
        except FileNotFoundError:
            raise ShardError(f"Indeks instansi {self.instansi_id} belum dibangun.") from None
        except (ValueError, TypeError) as exc:
            raise ShardError(
                f"Metadata indeks {self.meta_path} rusak ({exc}); jalankan `talenta index build`."
            ) from None

    def load(self, *, model: str, dim: int, mmap_threshold: int) -> Shard:
        meta = self.read_meta()
        if meta.model != model or meta.dim != dim:
            raise ShardModelMismatch(
                f"Indeks instansi {self.instansi_id} dibangun dengan model {meta.model} "
                f"(dimensi {meta.dim}), sedangkan model yang dipakai sekarang {model} "
                f"(dimensi {dim}). Bangun ulang dengan `talenta index build`."
            )
        if meta.format != FORMAT_VERSION:
            raise ShardError(
                f"Format indeks instansi {self.instansi_id} ({meta.format}) tidak dikenal; "
                "jalankan `talenta index build`."
            )
        path = self._faiss_path(meta.index_version)
        flags = 0
        if meta.count > mmap_threshold:
            mmap = faiss.IO_FLAG_MMAP if meta.index_type == "ivf" else faiss.IO_FLAG_MMAP_IFC
            flags = mmap | faiss.IO_FLAG_READ_ONLY
        try:
            index = faiss.read_index(str(path), flags)
            with np.load(self._npz_path(meta.index_version)) as npz:
                ids = npz["ids"]
                versi = npz["versi"]
                tokens = _unpack_tokens(npz["tok_blob"], npz["tok_off"])
                lexical = LexicalIndex.from_arrays(ids, {k: npz[k] for k in npz.files})
        except (RuntimeError, OSError, KeyError) as exc:
            raise ShardError(
                f"Berkas indeks instansi {self.instansi_id} tidak dapat dibaca ({exc}); "
                "jalankan `talenta index build`."
            ) from None
        if index.ntotal != meta.count or len(ids) != meta.count:
            raise ShardError(
                f"Indeks instansi {self.instansi_id} tidak utuh ({index.ntotal} vektor, "
                f"metadata {meta.count}); jalankan `talenta index check --fix`."
            )
        return Shard(meta, index, ids, versi, tokens, lexical)

    def load_writable(self, *, model: str, dim: int) -> Shard:
        """Load fully into memory (memory-mapped indexes cannot be modified)."""
        return self.load(model=model, dim=dim, mmap_threshold=2**62)

    def save(
        self,
        *,
        index: faiss.Index,
        ids: np.ndarray,
        versi: np.ndarray,
        tokens: list[str],
        lexical: LexicalIndex,
        model: str,
        dim: int,
    ) -> ShardMeta:
        """Write a new generation, then switch ``meta.json`` to it in one atomic rename."""
        self.directory.mkdir(parents=True, exist_ok=True)
        previous = self.read_meta().index_version if self.exists() else 0
        gen = previous + 1
        faiss_path, npz_path = self._faiss_path(gen), self._npz_path(gen)
        write_atomic(faiss_path, lambda tmp: faiss.write_index(index, str(tmp)))
        blob, offsets = _pack_tokens(tokens)

        def _write_npz(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                arrays = {"ids": ids, "versi": versi, "tok_blob": blob, "tok_off": offsets}
                arrays.update(lexical.to_arrays())
                np.savez(fh, **arrays)  # type: ignore[arg-type]

        write_atomic(npz_path, _write_npz)
        meta = ShardMeta(
            instansi_id=self.instansi_id,
            model=model,
            dim=dim,
            count=int(index.ntotal),
            content_hash=content_hash(zip(ids.tolist(), versi.tolist(), strict=True)),
            built_at=now_wib().isoformat(timespec="seconds"),
            index_version=gen,
            index_type=index_type(index),
        )
        write_text_atomic(self.meta_path, json.dumps(asdict(meta), indent=2))
        self._drop_generations_before(gen - 1)
        return meta

    def _drop_generations_before(self, keep_from: int) -> None:
        for path in self.directory.glob(f"{self.key}.g*.*"):
            stem = path.name[len(self.key) + 2 :].split(".", 1)[0]
            if stem.isdigit() and int(stem) < keep_from:
                path.unlink(missing_ok=True)

    def remove(self) -> None:
        """Delete the shard (an instansi without active employees)."""
        self.meta_path.unlink(missing_ok=True)
        self._drop_generations_before(2**62)
