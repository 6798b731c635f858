"""Blind rows as recorded and shown: no shown combination has fewer than 5 pool members.

Counted independently of ``knowledge/rules/blind.py``: each shown attribute is read back and
matched against every pool member's records (golongan, kind of post, latest official box).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.ports.pool_facts import blind_view
from db.audit import reopen_shortlist
from db.models import Instansi
from db.queries.pool import PoolFact, pool_facts
from db.reference import JENIS_JABATAN_LABEL, JenisJabatan
from retrieval.eval.search_quality import prepare_data
from tests.bot.audited import QUERY, make_assistant, ref_of
from tests.bot.support import Chat, build_world

K = 5


def _fits(shown: Mapping[str, str | None], f: PoolFact) -> bool:
    gol = shown.get("golongan")
    if gol is not None:
        have = f.golongan or "-"
        if gol != have and gol != have.split("/")[0]:
            return False
    jenis = shown.get("jenis")
    if jenis is not None:
        label = JENIS_JABATAN_LABEL[JenisJabatan(f.jenis_jabatan)] if f.jenis_jabatan else "-"
        if jenis != label:
            return False
    kotak = shown.get("kotak")
    if kotak is not None:
        if kotak == "-" or f.kotak is None:
            return kotak == "-" and f.kotak is None
        if kotak.isdigit():
            return int(kotak) == f.kotak
        lo, hi = (int(x) for x in kotak.split("–"))
        return lo <= f.kotak <= hi
    return True


def _shared(shown: Mapping[str, str | None], pool: list[PoolFact]) -> int:
    return sum(_fits(shown, f) for f in pool)


def test_a_recorded_blind_list_shows_only_pooled_facts(engine: Engine) -> None:
    world = build_world(engine)
    first = Chat(make_assistant(world), "ppk_bth").say(QUERY)
    with Session(engine) as s:
        view = reopen_shortlist(s, ref_of(first))
        pool = list(pool_facts(session=s, scope={world.ids["BTH"]}).values())
    assert view.blind and len(pool) >= K
    for row in view.rendered["items"]:
        assert row["nama"] is None and row["nip"] is None
        shown = row["blind"]
        assert isinstance(shown, dict)
        assert _shared(shown, pool) >= K, shown
    # The post titles and units of the rows are not in the message.
    for title in ("Kepala Bidang Anggaran", "Analis Anggaran", "Badan Keuangan Daerah"):
        assert title not in first.html


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    workdir: Path = tmp_path_factory.mktemp("blind-rows")
    engine = prepare_data(workdir, pegawai=400, seed=21)
    try:
        yield engine
    finally:
        engine.dispose()


def test_generated_agencies_no_shown_combination_under_five(generated: Engine) -> None:
    rnd = random.Random(3)
    checked = 0
    with Session(generated) as s:
        agencies = [int(i.id or 0) for i in s.exec(select(Instansi)).all()]
        for instansi_id in agencies:
            facts = pool_facts(session=s, scope={instansi_id})
            ids = sorted(facts)
            if len(ids) < K:
                continue
            for _ in range(10):
                # A pool as a position search draws it (a random part of the agency), and
                # the first page of 5 drawn from it.
                pool_ids = rnd.sample(ids, rnd.randint(K, min(len(ids), 80)))
                rows = rnd.sample(pool_ids, K)
                view = blind_view(s, {instansi_id}, rows, pool_ids)
                pool = [facts[p] for p in pool_ids]
                for row in view.rows:
                    assert _shared(row.as_dict(), pool) >= K, row
                    checked += 1
    assert checked >= 100
