from __future__ import annotations

from dataclasses import replace
from datetime import date

from knowledge.rules import (
    DiklatFact,
    HukumanFact,
    MeritSettings,
    NineBoxResmiFact,
    PendidikanFact,
    Remedy,
    SpellFact,
    Status,
    SuksesiFact,
    SuksesiStatus,
    gaps_to_target,
    succession_group,
    succession_membership,
)
from tests.knowledge.rules.builders import AS_OF, employee, position, standar, with_levels


def crit(result, kriteria: str):  # type: ignore[no-untyped-def]
    return next(ln for ln in result.lines if ln.kriteria == kriteria)


def test_star_meets_law_and_policy_and_is_recommended() -> None:
    r = succession_group(employee(), as_of=AS_OF)
    assert r.status is SuksesiStatus.recommended
    assert all(ln.ok for ln in r.lines)
    assert crit(r, "kinerja").citations[0] == "pp-11-2017:pasal-199"
    assert "pp-11-2017:pasal-203:ayat-4" in crit(r, "pengembangan_kompetensi").citations
    box = crit(r, "ninebox")
    assert "ninebox-praktik" in box.citations and "pp-11-2017:pasal-199" not in box.citations


def test_twenty_jp_boundary() -> None:
    ok = employee(diklat=(DiklatFact("teknis", 12, 2025), DiklatFact("seminar", 8, 2025)))
    short = employee(diklat=(DiklatFact("teknis", 19, 2025), DiklatFact("teknis", 40, 2024)))
    assert crit(succession_group(ok, as_of=AS_OF), "pengembangan_kompetensi").ok
    r = succession_group(short, as_of=AS_OF)
    jp = crit(r, "pengembangan_kompetensi")
    assert jp.status is Status.gagal and jp.clears_on == date(2027, 1, 1)
    assert r.status is SuksesiStatus.not_recommended


def test_box_criterion_is_policy_and_separate_from_law() -> None:
    emp = with_levels(employee(kinerja={2024: "Baik", 2025: "Baik"}), standar(3), skor_potensi=70.0)
    r = succession_group(emp, as_of=AS_OF)  # box 5: law criteria pass, policy fails
    assert [ln.ok for ln in r.lines] == [True, True, True, True, False]
    assert r.status is SuksesiStatus.not_recommended
    assert "7–9" in r.penjelasan


def test_official_group_outranks_the_computed_one() -> None:
    emp = replace(
        employee(kinerja={2024: "Butuh Perbaikan", 2025: "Baik"}),
        suksesi=(SuksesiFact(2026, "J100"),),
    )
    r = succession_group(emp, as_of=AS_OF)
    assert r.status is SuksesiStatus.official and r.resmi_tahun == (2026,)
    assert crit(r, "kinerja").status is Status.gagal  # still shown, but the decree stands
    assert "kebijakan-talenta:angka-6" in r.citations


def test_official_box_is_used_for_the_policy_criterion() -> None:
    emp = replace(employee(), ninebox_resmi=(NineBoxResmiFact(2026, 5, "BKN"),))
    box = crit(succession_group(emp, as_of=AS_OF), "ninebox")
    assert box.status is Status.gagal and box.nilai == "kotak 5 (resmi)"


def test_gaps_are_ordered_blockers_then_time_then_competency() -> None:
    emp = employee(
        pendidikan=(PendidikanFact("D-III"),),
        hukuman=(HukumanFact("sedang", "penurunan jabatan", date(2023, 1, 1), date(2024, 1, 1)),),
        tmt_jabatan=date(2025, 1, 6),
        riwayat_jabatan=(
            SpellFact("pengawas", date(2010, 1, 4), date(2025, 1, 6), bidang="keuangan"),
            SpellFact("administrator", date(2025, 1, 6), None, bidang="keuangan"),
        ),
    )
    emp = with_levels(
        emp,
        {
            **standar(3),
            "Integritas": 1,
            "Komunikasi": 2,
            "Kerjasama": 1,
            "Pelayanan Publik": 2,
            "Mengelola Perubahan": 1,
        },
    )
    gaps = gaps_to_target(emp, position(), as_of=AS_OF)
    kinds = [(g.kriteria, g.jenis) for g in gaps]
    assert kinds[0] == ("pendidikan", Remedy.blocker)
    assert kinds[1:3] == [("jabatan_sebelumnya", Remedy.time), ("integritas", Remedy.time)]
    assert gaps[1].clears_on == date(2027, 1, 6) and gaps[2].clears_on == date(2029, 1, 2)
    comp = [g for g in gaps if g.jenis is Remedy.competency]
    assert [g.selisih for g in comp] == [2, 2, 2, 1, 1]
    assert kinds[-1] == ("kesehatan", Remedy.verify)
    assert all(g.citations for g in gaps)


def test_time_bound_gap_after_the_age_limit_becomes_a_blocker() -> None:
    emp = employee(
        tanggal_lahir=date(1971, 6, 1),  # 56 on 2027-06-01
        tmt_jabatan=date(2025, 12, 1),
        riwayat_jabatan=(
            SpellFact("administrator", date(2025, 12, 1), None, bidang="keuangan"),
            SpellFact("pengawas", date(2010, 1, 1), date(2025, 12, 1), bidang="keuangan"),
        ),
    )
    gaps = gaps_to_target(emp, position(), as_of=AS_OF)
    prior = next(g for g in gaps if g.kriteria == "jabatan_sebelumnya")
    assert prior.jenis is Remedy.blocker and prior.clears_on == date(2027, 12, 1)
    assert "setelah batas usia" in prior.penjelasan


def test_no_gaps_for_a_pelaksana_target_when_eligible() -> None:
    assert (
        gaps_to_target(
            employee(), position(jenis="pelaksana"), as_of=AS_OF, settings=MeritSettings()
        )
        == []
    )


def test_pppk_membership_needs_verification() -> None:
    r = succession_group(employee(status_kepegawaian="PPPK"), as_of=AS_OF)
    assert crit(r, "status_pns").status is Status.tidak_diketahui
    assert r.status is SuksesiStatus.needs_verification


def test_membership_follows_the_imported_group_else_the_estimate() -> None:
    star, weak = employee(pegawai_id=1), employee(pegawai_id=2, kinerja={2024: "Kurang"})
    facts = {1: star, 2: weak}
    imported = succession_membership(
        [1, 2, 3], imported=frozenset({2}), facts=facts, position=position(), as_of=AS_OF
    )
    assert imported == {1: False, 2: True, 3: False}  # the decree outranks the estimate
    estimated = succession_membership(
        [1, 2, 3], imported=None, facts=facts, position=position(), as_of=AS_OF
    )
    assert estimated == {1: True, 2: False, 3: False}  # no facts: outside
