"""Indonesian morphology in the profile BM25: "pegawai" (any employee) is not "kepegawaian"
(HR affairs), and shards indexed the old way are found and rebuilt."""

from __future__ import annotations

import json

from sqlalchemy import Engine

from retrieval.people.profile_bm25 import tokenize
from tests.retrieval.people.conftest import ServiceFactory, World


def test_pegawai_is_not_kepegawaian():
    assert tokenize("butuh pegawai yang paham kepegawaian") == ["paham", "kepegawaian"]
    assert "pegawai" not in tokenize("Bidang Kepegawaian dan Pengembangan SDM")
    # Other words are still stemmed.
    assert tokenize("penyusunan anggaran") == tokenize("menyusun anggaran")


def test_a_shard_of_the_old_format_is_rebuilt(
    sqlite_engine: Engine, world: World, make_service: ServiceFactory
):
    svc = make_service(sqlite_engine)
    svc.start()
    files = svc.store.files(world.prov)
    meta = json.loads(files.meta_path.read_text(encoding="utf-8"))
    meta["format"] = 1
    files.meta_path.write_text(json.dumps(meta), encoding="utf-8")
    checks = {c.instansi_id: c for c in svc.store.check(sqlite_engine)}
    assert not checks[world.prov].ok and checks[world.prov].problem == "format lama"
    svc.store.fix(sqlite_engine, list(checks.values()))
    assert all(c.ok for c in svc.store.check(sqlite_engine))
