"""Blind relevance judgments of the needs: recorded from the judges' answers by handle, scored
as "planted or judged relevant", and refused once the generated people they name changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from retrieval.encoders.hashing import HashingEncoder
from retrieval.eval.needs_judgments import JUDGMENTS, StaleJudgments
from retrieval.eval.needs_pooling import record
from retrieval.eval.needs_quality import HELDOUT, evaluate_needs
from retrieval.settings import SearchSettings
from tests.retrieval.golden import PEGAWAI, SEED

# The held-out needs as committed blind on 4 Dec 2026 (cd0ad45), before any vocabulary work.
HELDOUT_SHA256 = "b920b22d87280b10159ff77a50d250343a1cf500089618263d9734fed1c02aa7"
# The blind judgments as recorded on 7 Dec 2026, before any system was scored against them.
JUDGMENTS_SHA256 = "a250415c0b0b3f12fc0989ba775592e37bfb5fa54404e24d3d66b1aa6fea344a"


def test_the_heldout_needs_and_judgments_are_the_ones_committed_blind() -> None:
    assert hashlib.sha256(HELDOUT.read_bytes()).hexdigest() == HELDOUT_SHA256
    assert hashlib.sha256(JUDGMENTS.read_bytes()).hexdigest() == JUDGMENTS_SHA256


def _pool(tmp_path: Path) -> Path:
    pool = tmp_path / "pool"
    pool.mkdir()
    meta = {"pegawai": 5000, "seed": 7, "encoders": ["hashing"], "depth": 5}
    handles = {"0": {"K1": "g12", "K2": "p01", "K3": "g40"}, "1": {"K1": "g40", "K2": "p02"}}
    people = {"g12": "Analis Keuangan", "g40": "Kepala Seksi Irigasi"}
    (pool / "handles.json").write_text(
        json.dumps({"meta": meta, "handles": handles, "people": people}), encoding="utf-8"
    )
    return pool


def test_answers_are_recorded_by_person_never_by_handle(tmp_path: Path) -> None:
    pool = _pool(tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "0: {relevant: [K2, K3], partial: [K1]}\n1: {relevant: [], partial: []}\n",
        encoding="utf-8",
    )
    out = tmp_path / "judged.yaml"
    record(pool, [answers], out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (data["pegawai"], data["seed"]) == (5000, 7)
    assert data["people"] == {"g12": "Analis Keuangan", "g40": "Kepala Seksi Irigasi"}
    assert data["needs"][0] == {
        "judged": ["g12", "g40", "p01"],
        "relevant": ["g40", "p01"],
        "partial": ["g12"],
    }
    assert data["needs"][1] == {"judged": ["g40", "p02"], "relevant": [], "partial": []}


def test_a_missing_need_or_a_handle_outside_the_pool_is_refused(tmp_path: Path) -> None:
    pool = _pool(tmp_path)
    partial = tmp_path / "partial.yaml"
    partial.write_text("0: {relevant: [K1]}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"tanpa penilaian: \[1\]"):
        record(pool, [partial], tmp_path / "out.yaml")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("0: {relevant: [K9]}\n1: {relevant: []}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="K9"):
        record(pool, [wrong], tmp_path / "out.yaml")


def _top3_keys(top3: tuple[str, ...]) -> list[str]:
    """Planted keys as they are, generated people's ids as ``g<id>``."""
    keys = [t.split(":", 1)[0] for t in top3]
    return [f"g{k}" if k.isdigit() else k for k in keys]


def test_judged_hits_count_anyone_judged_relevant_and_stale_judgments_are_refused(
    generated_data: tuple[Engine, Path], tmp_path: Path
) -> None:
    _engine, workdir = generated_data
    encoder, settings = HashingEncoder(256), SearchSettings(index_dir=tmp_path / "unused")
    plain = evaluate_needs(encoder, settings, workdir=workdir, pegawai=PEGAWAI, seed=SEED, dev=True)
    assert plain.judged_after is None and plain.judged_line() is None
    # Judge the first of every top three relevant, the rest seen and not relevant.
    needs, people = [], {}
    for d in plain.details:
        keys = _top3_keys(d.top3)
        needs.append({"judged": sorted(keys), "relevant": keys[:1], "partial": []})
        for key, line in zip(keys, d.top3, strict=True):
            if key.startswith("g"):
                people[key] = line.split(": ", 1)[1]
    judged_file = tmp_path / "judged.yaml"
    body = {"pegawai": PEGAWAI, "seed": SEED, "people": people, "needs": needs}
    judged_file.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")

    report = evaluate_needs(
        encoder,
        settings,
        workdir=workdir,
        pegawai=PEGAWAI,
        seed=SEED,
        dev=True,
        judgments=judged_file,
    )
    assert report.judged_after == 1.0 and report.unjudged_slots == 0
    assert report.after == plain.after  # the planted-person figure is unchanged

    # Judged on another dataset: not applied.
    other = {**body, "seed": SEED + 1}
    judged_file.write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    elsewhere = evaluate_needs(
        encoder,
        settings,
        workdir=workdir,
        pegawai=PEGAWAI,
        seed=SEED,
        dev=True,
        judgments=judged_file,
    )
    assert elsewhere.judged_after is None
    # A judged person who now holds another position: the judgments are stale, said so.
    first = next(iter(people))
    stale = {**body, "people": {**people, first: "Jabatan Lain"}}
    judged_file.write_text(yaml.safe_dump(stale, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StaleJudgments, match="usang"):
        evaluate_needs(
            encoder,
            settings,
            workdir=workdir,
            pegawai=PEGAWAI,
            seed=SEED,
            dev=True,
            judgments=judged_file,
        )


def test_the_committed_judgments_cover_every_heldout_need() -> None:
    judged = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8"))
    needs = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["needs"]
    assert len(judged["needs"]) == len(needs)
    for j, need in zip(judged["needs"], needs, strict=True):
        assert set(need["expect"]) <= set(j["judged"])  # every planted person was judged too
        assert set(j["relevant"]) | set(j["partial"]) <= set(j["judged"])
        assert all(k in judged["people"] for k in j["judged"] if k.startswith("g"))


EVAL_MODULES = ("needs_quality", "needs_judgments", "needs_pooling")


def test_only_the_evaluation_names_the_heldout_needs_or_their_judgments() -> None:
    """Nothing that builds the vocabulary, the fusion or the ranking reads these files: only
    the evaluation modules name them, and only the evaluation command and the benchmark use
    the evaluation."""
    repo = Path(__file__).resolve().parents[3]
    owners = {
        repo / "retrieval/eval/needs_quality.py",
        repo / "retrieval/eval/needs_judgments.py",
        repo / "retrieval/eval/needs_pooling.py",
    }
    users = owners | {
        repo / "bot/cli/eval_people_cmd.py",
        repo / "bench/people_quality_bench.py",
        repo / "bench/needs_judging.py",  # builds the judges' pool, records their answers
    }
    for top in ("retrieval", "bot", "bench", "knowledge", "db"):
        for path in (repo / top).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if path not in owners:
                assert "needs-heldout" not in text, path
            if path not in users:
                assert not any(m in text for m in EVAL_MODULES), path
