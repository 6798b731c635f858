"""`/peluang` reads its vectors from the index generation: the open positions' texts are
encoded when the shard is written, the ASN's profile is the one in the shard."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Jabatan, Pegawai
from retrieval.encoders.base import Encoder
from retrieval.people.errors import IndexNotReady, ShardError
from retrieval.people.position_vectors import position_query
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import encode_documents, render_profile
from retrieval.people.service import SearchService
from tests.retrieval.people.conftest import ServiceFactory, World


@contextmanager
def counting(encoder: Encoder) -> Iterator[list[str]]:
    """Every text the encoder is asked to encode while the block runs."""
    seen: list[str] = []
    real = encoder.encode

    def encode(texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        seen.extend(texts)
        return real(texts, show_progress=show_progress)

    encoder.encode = encode  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        encoder.encode = real  # type: ignore[method-assign]


def _post_text(engine: Engine, jabatan_id: int) -> str:
    with Session(engine) as s:
        jab = s.get(Jabatan, jabatan_id)
        assert jab is not None
        return position_query(s, jab)


def _stored_texts(svc: SearchService, instansi_id: int) -> set[str]:
    posts = svc.store.load(instansi_id).posts
    assert posts is not None
    return set(posts.texts())


def test_the_first_answer_encodes_nothing_and_scores_as_before(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    with counting(svc.encoder) as encoded:
        options = svc.positions_for(world.budi, scope={world.prov})
    assert encoded == []
    yankes = next(o for o in options if o.jabatan_id == world.kasi_yankes)
    # The same cosine as encoding the profile and the post's text now.
    with Session(sqlite_engine) as s:
        profile = render_profile(load_profiles(s, [world.budi])[0])
    vectors = encode_documents(svc.encoder, [profile, _post_text(sqlite_engine, world.kasi_yankes)])
    assert yankes.relevance == pytest.approx(float(vectors[1] @ vectors[0]), abs=1e-4)


def test_a_generation_stores_open_posts_and_an_update_encodes_only_new_ones(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    with Session(sqlite_engine) as s:
        ani = s.get(Pegawai, world.ani)
        assert ani is not None and ani.jabatan_id is not None
        held = ani.jabatan_id
    stored = _stored_texts(svc, world.prov)
    assert _post_text(sqlite_engine, world.kasi_yankes) in stored  # vacant
    assert _post_text(sqlite_engine, held) not in stored  # Ani and Citra hold it
    with Session(sqlite_engine) as s:
        for pid in (world.ani, world.citra):  # both hold it
            p = s.get(Pegawai, pid)
            assert p is not None and p.jabatan_id == held
            p.status, p.versi = "pensiun", p.versi + 1
            s.add(p)
        s.commit()
    with counting(svc.encoder) as encoded:
        svc.store.update(sqlite_engine, [world.ani, world.citra])
    # The post fell vacant: its text is the only one encoded, the others are carried over.
    assert encoded == [_post_text(sqlite_engine, held)]
    assert _stored_texts(svc, world.prov) == stored | {_post_text(sqlite_engine, held)}


def test_a_changed_record_is_encoded_instead_of_read_from_the_shard(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    with Session(sqlite_engine) as s:
        budi = s.get(Pegawai, world.budi)
        assert budi is not None
        budi.nama, budi.versi = "Budi Hartono", budi.versi + 1  # index not updated yet
        s.add(budi)
        s.commit()
        profile = render_profile(load_profiles(s, [world.budi])[0])
    with counting(svc.encoder) as encoded:
        svc.positions_for(world.budi, scope={world.prov})
    assert encoded == [profile]


def test_an_old_format_shard_names_the_fix_and_peluang_still_answers(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
) -> None:
    svc = make_service(sqlite_engine)
    svc.start()
    before = [(o.jabatan_id, o.relevance) for o in svc.positions_for(world.ani, scope={world.prov})]
    files = svc.store.files(world.prov)
    meta = json.loads(files.meta_path.read_text(encoding="utf-8"))
    meta["format"] = 2
    files.meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ShardError, match=r"format lama.*`talenta index check --fix`"):
        svc.store.load(world.prov)
    refusing = make_service(sqlite_engine, on_stale="refuse")
    refusing.start()
    with pytest.raises(IndexNotReady, match="talenta index check --fix"):
        refusing.search("Kepala Bidang Anggaran", scope={world.prov})
    # Without stored vectors the suggestions are the same, only encoded on the request.
    with counting(refusing.encoder) as encoded:
        again = refusing.positions_for(world.ani, scope={world.prov})
    assert encoded and [(o.jabatan_id, o.relevance) for o in again] == before
