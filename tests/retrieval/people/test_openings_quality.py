"""`/peluang` over generated data: a suggestion is a step, not the same job elsewhere; no two
suggestions read the same; a missing requirement is said once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings
from tests.retrieval.golden import AS_OF


@pytest.fixture(scope="module")
def service(
    generated_data: tuple[Engine, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchService]:
    engine, _ = generated_data
    settings = SearchSettings(index_dir=tmp_path_factory.mktemp("openings-index"), warm_up=False)
    svc = SearchService(engine, HashingEncoder(256), settings, today=lambda: AS_OF)
    svc.store.build(engine)
    svc.start()
    yield svc


def test_suggestions_are_steps_distinct_and_say_each_gap_once(service: SearchService) -> None:
    with Session(service.engine) as s:
        people = s.exec(
            select(Pegawai, Jabatan)
            .join(Jabatan, col(Jabatan.id) == Pegawai.jabatan_id)
            .where(Pegawai.status == "aktif")
            .order_by(col(Pegawai.id))
        ).all()
    checked = suggested = 0
    for peg, held in people[::7]:
        options = service.positions_for(peg.id or 0, scope={peg.instansi_id}, limit=5)
        checked += 1
        suggested += len(options)
        shown = [(o.nama.casefold(), o.unit.casefold()) for o in options]
        assert len(shown) == len(set(shown)), shown
        assert all(o.nama.casefold() != held.nama.casefold() for o in options), held.nama
        for o in options:
            education = [k for k in o.kurang if "pendidikan" in k.lower()]
            assert len(education) <= 1, o.kurang
            # Past a post's age limit is a gap no one can close: no such suggestion.
            assert not any("melewati batas usia" in k for k in o.kurang), o.kurang
            # Figures are written the Indonesian way ("66,7%").
            assert not any(re.search(r"\d\.\d%", k) for k in o.kurang), o.kurang
    assert checked >= 30 and suggested > 0  # the property was tried on real suggestions
