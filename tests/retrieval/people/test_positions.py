from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from retrieval.people.positions import resolve_position, token_f1, unit_aliases
from tests.retrieval.people.conftest import World


def test_aliases_of_regional_units():
    assert "BPKAD" in unit_aliases("Badan Pengelolaan Keuangan dan Aset Daerah", None)
    assert "Bappeda" in unit_aliases("Badan Perencanaan Pembangunan Daerah", None)
    assert "Dinkes" in unit_aliases("Dinas Kesehatan", None)
    assert unit_aliases("Dinas Kesehatan", "DINKES")[0] == "DINKES"


def test_subset_titles_do_not_score_perfect():
    assert token_f1("kepala bidang anggaran", "kepala bidang anggaran") == 100.0
    assert token_f1("kepala bidang anggaran", "kepala sub bidang penyusunan anggaran") < 80


def test_resolution(sqlite_engine: Engine, world: World):
    with Session(sqlite_engine) as s:
        for text in ("Kabid Anggaran BPKAD", "kepala bidang anggaran", "Kabid anggaran BKAD"):
            r = resolve_position(s, text, scope={world.prov})
            assert r.match is not None and r.match.jabatan_id == world.kabid_anggaran, text
        r = resolve_position(s, "Kasi Pelayanan Kesehatan Dinkes", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == world.kasi_yankes
        # The same title in two visible agencies: choices, not a guess.
        both = resolve_position(s, "Kepala Bidang Anggaran", scope={world.prov, world.kjb})
        assert both.ambiguous
        assert {c.jabatan_id for c in both.choices} >= {world.kabid_anggaran, world.kabid_kjb}
        assert resolve_position(s, "kepala seksi", scope={world.prov}).ambiguous
        assert resolve_position(s, "pilot pesawat tempur", scope={world.prov}).match is None
