"""Level fit: same level or one up; never down, never two up."""

from __future__ import annotations

from knowledge.rules.level_fit import level_fit, level_of
from tests.knowledge.rules.builders import position


def _p(jenis: str, jenjang: str | None = None):  # type: ignore[no-untyped-def]
    return position(jenis=jenis, jenjang=jenjang)


def test_steps():
    assert level_fit(_p("pengawas"), _p("administrator")).ok
    assert level_fit(_p("pengawas"), _p("pengawas")).ok
    down = level_fit(_p("administrator"), _p("pengawas"))
    assert not down.ok and "turun" in down.reason
    jump = level_fit(_p("pelaksana"), _p("administrator"))
    assert not jump.ok and jump.step == 2
    assert level_fit(_p("fungsional", "ahli_muda"), _p("administrator")).ok
    assert not level_fit(_p("jpt_pratama"), _p("fungsional", "terampil")).ok
    assert level_fit(None, _p("pengawas")).ok  # nothing to compare with


def test_every_jenis_and_jenjang_has_a_level():
    from db.reference import JenisJabatan, JenjangFungsional

    for jenis in JenisJabatan:
        if jenis is JenisJabatan.fungsional:
            assert all(level_of(jenis, j) is not None for j in JenjangFungsional)
        else:
            assert level_of(jenis, None) is not None
