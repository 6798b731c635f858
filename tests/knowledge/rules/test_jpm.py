from __future__ import annotations

import pytest

from knowledge.rules import MeritSettings, jpm
from knowledge.rules.thresholds import thresholds
from tests.knowledge.rules.builders import AS_OF, employee, position, standar, with_levels

# 20 competencies at standard level 5: the standard sums to 100, so achieved = percent.
STD = standar(5, n=20)


def levels_summing_to(total: int) -> dict[str, int]:
    out, left = {}, total
    for name in STD:
        out[name] = min(5, left)
        left -= out[name]
    return out


@pytest.mark.parametrize(
    ("skema", "achieved", "kategori_ke", "label"),
    [
        ("brin_90_78", 90, 1, "Optimal"),
        ("brin_90_78", 89, 2, "Cukup optimal"),
        ("brin_90_78", 78, 2, "Cukup optimal"),
        ("brin_90_78", 77, 3, "Kurang optimal"),
        ("jf_80_68", 80, 1, "Memenuhi syarat"),
        ("jf_80_68", 79, 2, "Masih memenuhi syarat"),
        ("jf_80_68", 68, 2, "Masih memenuhi syarat"),
        ("jf_80_68", 67, 3, "Kurang memenuhi syarat"),
    ],
)
def test_category_boundaries(skema: str, achieved: int, kategori_ke: int, label: str) -> None:
    emp = with_levels(employee(), levels_summing_to(achieved))
    r = jpm(emp, position(standar=STD), as_of=AS_OF, settings=MeritSettings(jpm_skema=skema))
    assert r.persen == pytest.approx(achieved)
    assert (r.kategori_ke, r.kategori) == (kategori_ke, label)
    assert r.skema.name == {"brin_90_78": "90/78", "jf_80_68": "80/68"}[skema]
    assert f"skema {r.skema.name}" in r.penjelasan


def test_exact_comparison_on_a_non_round_total() -> None:
    # 9 competencies at level 3 (27); 25/27 = 92.6 % optimal, 21/27 = 77.8 % is below 78.
    std = standar(3)
    names = list(std)
    emp = with_levels(employee(), {n: (3 if i < 3 else 2) for i, n in enumerate(names)})
    r = jpm(emp, position(standar=std), as_of=AS_OF)
    assert r.persen == pytest.approx(21 / 27 * 100)
    assert r.kategori == "Kurang optimal"


def test_capping_keeps_a_surplus_from_hiding_a_gap() -> None:
    std = {"Integritas": 3, "Komunikasi": 3}
    emp = with_levels(employee(), {"Integritas": 5, "Komunikasi": 1})
    capped = jpm(emp, position(standar=std), as_of=AS_OF)
    raw = jpm(emp, position(standar=std), as_of=AS_OF, settings=MeritSettings(jpm_dibatasi=False))
    assert capped.persen == pytest.approx(4 / 6 * 100)
    assert raw.persen == pytest.approx(100)
    assert "kebijakan-talenta:angka-4" in capped.citations
    assert "kebijakan-talenta:angka-4" not in raw.citations
    assert [(g.kompetensi, g.selisih) for g in capped.gaps] == [("Komunikasi", 2)]


def test_gaps_are_largest_first_and_unassessed_ones_are_named() -> None:
    std = {"Integritas": 4, "Komunikasi": 3, "Kerjasama": 3, "Perekat Bangsa": 3}
    emp = with_levels(employee(), {"integritas": 1, "Komunikasi": 2, "Kerjasama": 3})
    r = jpm(emp, position(standar=std), as_of=AS_OF)
    assert [(g.kompetensi, g.level, g.selisih) for g in r.gaps] == [
        ("Integritas", 1, 3),
        ("Perekat Bangsa", None, 3),
        ("Komunikasi", 2, 1),
    ]
    assert r.persen == pytest.approx(6 / 10 * 100)  # over the three assessed competencies
    assert "1 kompetensi belum dinilai" in r.penjelasan


def test_without_assessment_jpm_cannot_be_computed() -> None:
    r = jpm(employee(asesmen=None), position(), as_of=AS_OF)
    assert r.persen is None and r.kategori is None
    assert "asesmen" in r.penjelasan
    assert len(r.gaps) == len(position().standar)


def test_scheme_is_chosen_by_the_target_agency() -> None:
    s = MeritSettings(jpm_skema_instansi={"KJB": "jf_80_68"})
    emp = employee()
    assert jpm(emp, position(instansi_kode="KJB"), as_of=AS_OF, settings=s).skema.name == "80/68"
    assert jpm(emp, position(instansi_kode="PROV"), as_of=AS_OF, settings=s).skema.name == "90/78"
    r = jpm(emp, position(instansi_kode="KJB"), as_of=AS_OF, settings=s)
    assert "jpm-skema-uji-kompetensi-jf" in r.citations


def test_jpm_cites_where_the_ratio_is_defined_not_peraturan_bkn_26_2019() -> None:
    r = jpm(employee(), position(instansi_kode="PROV"), as_of=AS_OF)
    assert r.skema.name == "90/78"
    assert "jpm-skema-uji-kompetensi-jf" in r.citations  # the definition, whatever the scheme
    assert "perban-bkn-26-2019" not in r.citations
    assert "perban-bkn-26-2019" not in thresholds().cites("jpm.kategori_lulus")
