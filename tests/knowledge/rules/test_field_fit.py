"""Field fit tiers from the fields vocabulary (policy data, cited)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from knowledge.rules import PendidikanFact, SpellFact
from knowledge.rules.field_fit import FieldTier, education_fits, field_fit, field_table
from tests.knowledge.rules.builders import employee, position


def _in(bidang: str, unit_id: int = 9, jurusan: str = "Ilmu Hukum"):  # type: ignore[no-untyped-def]
    now = position(jabatan_id=7, unit_id=unit_id, bidang=bidang, jenis="pengawas", eselon="IV.a")
    return employee(jabatan=now, riwayat_jabatan=(), pendidikan=(PendidikanFact("S1", jurusan),))


def test_every_generated_field_is_in_the_table_with_a_known_rumpun():
    from db.generate.fields import FIELDS

    table = field_table()
    assert set(FIELDS) <= set(table.fields)
    assert table.basis == "kebijakan" and table.citation == "kebijakan-talenta"


def test_tiers():
    target = position(unit_id=1, bidang="keuangan")
    assert field_fit(_in("keuangan"), target).tier is FieldTier.sebidang
    assert field_fit(_in("kesehatan", unit_id=1), target).tier is FieldTier.sebidang  # same unit
    assert field_fit(_in("pendapatan"), target).tier is FieldTier.serumpun
    # Another field, but a degree in a major of the post's field.
    assert field_fit(_in("kesehatan", jurusan="Akuntansi"), target).tier is FieldTier.serumpun
    unrelated = field_fit(_in("kesehatan", jurusan="Kesehatan Masyarakat"), target)
    assert unrelated.tier is FieldTier.lain and unrelated.citations == ("kebijakan-talenta",)
    # A past spell in the field counts as the field.
    past = replace(
        _in("kesehatan", jurusan="Gizi"),
        riwayat_jabatan=(
            SpellFact("pelaksana", date(2010, 1, 1), date(2015, 1, 1), bidang="Keuangan"),
        ),
    )
    assert field_fit(past, target).tier is FieldTier.sebidang
    # A general secretariat post is open to every field; an unknown field is not gated.
    assert field_fit(_in("kesehatan"), position(bidang="umum")).tier is FieldTier.serumpun
    assert field_fit(_in("kesehatan"), position(bidang="")).tier is FieldTier.sebidang


def test_education_needs_a_degree_in_the_field():
    assert education_fits((PendidikanFact("S2", "Ekonomi Pembangunan"),), "keperawatan") is None
    assert education_fits((PendidikanFact("D3", "Kebidanan"),), "keperawatan") == "Kebidanan"
    assert education_fits((PendidikanFact("SLTA", "Akuntansi"),), "keuangan") is None
