"""One index shard per instansi: FAISS vectors + BM25 + a metadata file.

Files of shard ``<key>`` (``key`` = ``i<instansi id>``) in the index folder, written as
numbered generations (:mod:`retrieval.index.generations`)::

    <key>.meta.json          which generation is current, model, dim, count, content hash
    <key>.g<N>.faiss         vectors of generation N (ids = employee primary keys)
    <key>.g<N>.npz           ids, versi, stemmed tokens and the BM25 matrices of generation N
    <key>.g<N>.facts.npy     the members' merit facts, memory-mapped (stored_facts.py)
    <key>.g<N>.factsidx.npz  their ids, versi and offsets
    <key>.g<N>.posts.npz     document vectors of the agency's open positions (stored_posts.py)

Exact search for small shards, IVF above ``search.ivf_threshold``
(:mod:`retrieval.index.vectors`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from db.clock import now_wib
from retrieval.index.generations import Generations
from retrieval.index.vectors import VectorIndex
from retrieval.people.errors import ShardError, ShardModelMismatch
from retrieval.people.profile_bm25 import ProfileBM25
from retrieval.people.stored_facts import BLOB_SUFFIX, INDEX_SUFFIX, FactsRecords, StoredFacts
from retrieval.people.stored_posts import SUFFIX as POSTS_SUFFIX
from retrieval.people.stored_posts import PostRecords, StoredPosts

# 2: profile BM25 tokens keep "kepegawaian" whole and drop "pegawai" (profile_bm25.py).
# 3: each generation stores its open positions' vectors (stored_posts.py).
# 4: profile texts are chunked by the encoder's token counts, so no chunk is truncated
#    (profile_text.py): the vectors differ.
FORMAT_VERSION = 4


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


class Shard:
    """A loaded shard: vectors, BM25 and the per-employee versi it was built from."""

    def __init__(
        self,
        meta: ShardMeta,
        index: VectorIndex,
        ids: np.ndarray,
        versi: np.ndarray,
        tokens: list[str],
        lexical: ProfileBM25,
        facts: StoredFacts | None = None,
        posts: StoredPosts | None = None,
    ):
        self.meta = meta
        self.index = index
        self.ids = ids
        self.versi = versi
        self.tokens = tokens
        self.lexical = lexical
        self.facts = facts  # None: built before facts were stored, or unreadable
        self.posts = posts  # None: unreadable (every open post is then encoded on request)

    def versions(self) -> dict[int, int]:
        return dict(zip(self.ids.tolist(), self.versi.tolist(), strict=True))

    def profile_vector(self, pegawai_id: int, versi: int) -> np.ndarray | None:
        """The stored profile vector of a member, only when it was built from exactly
        ``versi`` of their record (anything else: ``None``, encode it instead)."""
        row = np.flatnonzero(self.ids == pegawai_id)
        if len(row) != 1 or int(self.versi[row[0]]) != versi:
            return None
        return self.index.vector(pegawai_id)

    def search(
        self, query: np.ndarray, k: int, *, allowed: np.ndarray | None, nprobe: int
    ) -> list[tuple[int, float]]:
        """Top ``k`` (employee id, cosine), only among ``allowed`` ids when given."""
        return self.index.search(query, k, allowed=allowed, nprobe=nprobe)


class ShardFiles:
    """Reads and writes the files of one shard in an index folder."""

    def __init__(self, directory: Path, instansi_id: int):
        self.directory = directory
        self.instansi_id = instansi_id
        self.key = shard_key(instansi_id)
        self._generations = Generations(directory, self.key)

    @property
    def meta_path(self) -> Path:
        return self._generations.meta_path

    def npz_path(self, generation: int) -> Path:
        return self._generations.path(generation, "npz")

    def exists(self) -> bool:
        return self._generations.exists()

    def read_meta(self) -> ShardMeta:
        try:
            return ShardMeta(**self._generations.read_meta())
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
                f"Indeks instansi {self.instansi_id} memakai format lama ({meta.format}, "
                f"sekarang {FORMAT_VERSION}); jalankan `talenta index check --fix`."
            )
        gen = meta.index_version
        try:
            index = VectorIndex.read(
                self._generations.path(gen, "faiss"),
                mmap=meta.count > mmap_threshold,
                kind=meta.index_type,
            )
            with np.load(self.npz_path(gen)) as npz:
                ids = npz["ids"]
                versi = npz["versi"]
                tokens = _unpack_tokens(npz["tok_blob"], npz["tok_off"])
                lexical = ProfileBM25.from_arrays(ids, {k: npz[k] for k in npz.files})
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
        facts = StoredFacts.open(
            self._generations.path(gen, BLOB_SUFFIX), self._generations.path(gen, INDEX_SUFFIX)
        )
        posts = StoredPosts.open(self._generations.path(gen, POSTS_SUFFIX), dim=meta.dim)
        return Shard(meta, index, ids, versi, tokens, lexical, facts, posts)

    def current_posts(self, *, model: str, dim: int) -> StoredPosts | None:
        """The open positions' vectors of the current generation when it was built with this
        encoder and they are readable (reused by the next generation for the texts that did
        not change)."""
        try:
            meta = self.read_meta()
        except ShardError:
            return None
        if meta.model != model or meta.dim != dim:
            return None
        return StoredPosts.open(self._generations.path(meta.index_version, POSTS_SUFFIX), dim=dim)

    def load_writable(self, *, model: str, dim: int) -> Shard:
        """Load fully into memory (memory-mapped indexes cannot be modified)."""
        return self.load(model=model, dim=dim, mmap_threshold=2**62)

    def save(
        self,
        *,
        index: VectorIndex,
        ids: np.ndarray,
        versi: np.ndarray,
        tokens: list[str],
        lexical: ProfileBM25,
        model: str,
        dim: int,
        facts: FactsRecords | None = None,
        posts: PostRecords | None = None,
    ) -> ShardMeta:
        """Write a new generation, then switch ``meta.json`` to it in one atomic rename
        (with the members' merit facts and the open positions' vectors when given:
        stored_facts.py, stored_posts.py)."""
        if self.exists():
            self.read_meta()  # a corrupt metadata file is reported, not overwritten blindly
        blob, offsets = _pack_tokens(tokens)

        def _write_npz(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                arrays = {"ids": ids, "versi": versi, "tok_blob": blob, "tok_off": offsets}
                arrays.update(lexical.to_arrays())
                # numpy's stub types **kwds against its own allow_pickle keyword
                np.savez(fh, **arrays)  # type: ignore[arg-type]

        written: list[ShardMeta] = []

        def _meta(generation: int) -> dict[str, object]:
            written.append(
                ShardMeta(
                    instansi_id=self.instansi_id,
                    model=model,
                    dim=dim,
                    count=index.ntotal,
                    content_hash=content_hash(zip(ids.tolist(), versi.tolist(), strict=True)),
                    built_at=now_wib().isoformat(timespec="seconds"),
                    index_version=generation,
                    index_type=index.kind,
                )
            )
            return asdict(written[-1])

        files: dict[str, Callable[[Path], None]] = {"faiss": index.write, "npz": _write_npz}
        if facts is not None:
            files[BLOB_SUFFIX] = facts.write_blob
            files[INDEX_SUFFIX] = facts.write_index
        if posts is not None:
            files[POSTS_SUFFIX] = posts.write
        self._generations.write(files, _meta)
        return written[-1]

    def remove(self) -> None:
        """Delete the shard (an instansi without active employees)."""
        self._generations.remove()
