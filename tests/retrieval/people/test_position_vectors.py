"""Structural positions' query vectors are computed at index build, never in the search."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Jabatan
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people import position_vectors
from retrieval.people.position_vectors import (
    PositionVectors,
    position_query,
    query_vectors,
    structural_queries,
)
from retrieval.people.service import SearchService
from retrieval.people.store import IndexStore
from retrieval.settings import SearchSettings
from tests.retrieval.people.conftest import TODAY, World


class CountingEncoder(HashingEncoder):
    def __init__(self) -> None:
        super().__init__(256)
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.texts.extend(texts)
        return super().encode(texts, show_progress=show_progress)


def _service(engine: Engine, tmp_path: Path) -> tuple[SearchService, CountingEncoder]:
    enc = CountingEncoder()
    svc = SearchService(
        engine, enc, SearchSettings(index_dir=tmp_path / "index"), today=lambda: TODAY
    )
    return svc, enc


def test_batch_texts_equal_the_searched_text(sqlite_engine: Engine, world: World) -> None:
    with Session(sqlite_engine) as s:
        batch = structural_queries(s)
        for jid, text in batch.items():
            jab = s.get(Jabatan, jid)
            assert jab is not None and jab.jenis in position_vectors.STRUCTURAL
            assert text == position_query(s, jab)
    assert world.kabid_anggaran in batch and world.kasi_yankes in batch


def test_position_search_uses_the_vector_stored_at_build(
    sqlite_engine: Engine, world: World, tmp_path: Path
) -> None:
    svc, enc = _service(sqlite_engine, tmp_path)
    IndexStore(svc.settings.index_dir, enc, svc.settings).build(sqlite_engine)
    assert (svc.settings.index_dir / position_vectors.FILE_NAME).exists()
    svc.start()
    enc.texts.clear()
    result = svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert enc.texts == []  # no encoding inside the search
    assert result.candidates[0].pegawai_id == world.ani
    # The stored vector is exactly what the search would have computed.
    stored = svc.position_vectors().get(result.query)
    assert stored is not None
    np.testing.assert_array_equal(stored, query_vectors(HashingEncoder(256), [result.query])[0])
    # A free-text need is still encoded at query time.
    # A free-text need (with the official terms it is read as) is encoded at query time.
    need = svc.for_need("butuh orang yang paham anggaran", scope={world.prov})
    assert need.searched is not None and need.searched.startswith("butuh orang yang paham")
    assert enc.texts == [need.searched]


def test_changed_position_is_encoded_once_and_refreshed_by_update(
    sqlite_engine: Engine, world: World, tmp_path: Path
) -> None:
    svc, enc = _service(sqlite_engine, tmp_path)
    store = IndexStore(svc.settings.index_dir, enc, svc.settings)
    store.build(sqlite_engine)
    svc.start()
    with Session(sqlite_engine) as s:
        jab = s.get(Jabatan, world.kabid_anggaran)
        assert jab is not None
        old_text = position_query(s, jab)
        jab.nama = "Kepala Bidang Perencanaan Anggaran"
        s.add(jab)
        s.commit()
        new_text = position_query(s, jab)
    enc.texts.clear()
    svc.for_position(world.kabid_anggaran, scope={world.prov})
    assert enc.texts == [new_text]  # a stored vector is never used for a changed text
    enc.texts.clear()
    store.update(sqlite_engine, [])
    assert enc.texts == [new_text]  # only the new text is encoded
    stored = svc.position_vectors()  # the service notices the rewritten file
    assert stored.get(new_text) is not None and stored.get(old_text) is None
    assert len(stored) == len(structural_queries(Session(sqlite_engine)))


def test_vectors_of_another_encoder_are_ignored(
    sqlite_engine: Engine, world: World, tmp_path: Path
) -> None:
    directory = tmp_path / "index"
    position_vectors.refresh(sqlite_engine, directory, HashingEncoder(128))
    other = PositionVectors.load(directory, model=HashingEncoder(256).name, dim=256)
    assert len(other) == 0
    same = PositionVectors.load(directory, model=HashingEncoder(128).name, dim=128)
    assert len(same) == len(structural_queries(Session(sqlite_engine))) > 0
    # A refresh for the other encoder re-encodes everything and replaces the file.
    report = position_vectors.refresh(sqlite_engine, directory, HashingEncoder(256))
    assert report.kept == 0 and report.encoded == len(same)
