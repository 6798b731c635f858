from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from knowledge.rules import (
    EmployeeFacts,
    HukumanFact,
    MeritSettings,
    PendidikanFact,
    Remedy,
    SpellFact,
    Status,
    Verdict,
    eligibility,
)
from knowledge.rules.dates import add_years
from tests.knowledge.rules.builders import AS_OF, employee, position

DAY = timedelta(days=1)


def line(result, kriteria: str):  # type: ignore[no-untyped-def]
    return next(ln for ln in result.lines if ln.kriteria == kriteria)


def test_a_qualified_administrator_needs_only_health_verified_for_jpt_pratama() -> None:
    r = eligibility(employee(), position(), as_of=AS_OF)
    assert r.verdict is Verdict.needs_verification
    assert [ln.kriteria for ln in r.pending] == ["kesehatan"]
    assert all(ln.ok for ln in r.lines if ln.kriteria != "kesehatan")
    assert "pp-11-2017:pasal-107:huruf-c" in r.citations
    assert all(ln.citations for ln in r.lines)


@pytest.mark.parametrize(
    ("tafsir", "pelantikan", "status"),
    [
        ("hari_ulang_tahun", date(2036, 5, 17), Status.lulus),  # exactly 56
        ("hari_ulang_tahun", date(2036, 5, 18), Status.gagal),  # one day over
        ("sebelum_ulang_tahun_berikut", date(2037, 5, 16), Status.lulus),
        ("sebelum_ulang_tahun_berikut", date(2037, 5, 17), Status.gagal),
    ],
)
def test_age_at_appointment_boundary(tafsir: str, pelantikan: date, status: Status) -> None:
    s = MeritSettings(usia_maks_tafsir=tafsir)
    r = eligibility(employee(), position(), as_of=AS_OF, pelantikan=pelantikan, settings=s)
    age = line(r, "usia_maks")
    assert age.status is status
    assert age.data["tafsir"] == tafsir
    assert "kebijakan-talenta:angka-2" in age.citations


def test_age_explanation_reads_well_on_a_phone() -> None:
    r = eligibility(employee(), position(), as_of=AS_OF, pelantikan=date(2037, 7, 20))
    age = line(r, "usia_maks")
    assert (
        age.penjelasan
        == "Usia pada rencana pelantikan 57 tahun 2 bulan; batas JPT Pratama 56 tahun."
    )
    # The requirement is the rule's (no date in huruf c); the date is Talenta's reading, cited.
    assert age.syarat == "Usia paling tinggi 56 tahun"
    assert "kebijakan-talenta:angka-2" in age.citations
    assert r.verdict is Verdict.not_eligible


@pytest.mark.parametrize(
    ("jenis", "limit"), [("jpt_utama", 58), ("jpt_madya", 58), ("jpt_pratama", 56)]
)
def test_age_limit_per_jpt_level(jenis: str, limit: int) -> None:
    emp = employee()
    at = add_years(emp.tanggal_lahir, limit)
    ok = eligibility(emp, position(jenis=jenis), as_of=AS_OF, pelantikan=at)
    late = eligibility(emp, position(jenis=jenis), as_of=AS_OF, pelantikan=at + DAY)
    assert line(ok, "usia_maks").ok and not line(late, "usia_maks").ok


def administrator_since(start: date) -> EmployeeFacts:
    return employee(
        tmt_jabatan=start,
        riwayat_jabatan=(
            SpellFact("pelaksana", date(2005, 3, 1), date(2015, 1, 2), bidang="keuangan"),
            SpellFact("pengawas", date(2015, 1, 2), start, bidang="keuangan"),
            SpellFact("administrator", start, None, bidang="keuangan"),
        ),
    )


@pytest.mark.parametrize(
    ("pelantikan", "status"),
    [(date(2026, 1, 1), Status.gagal), (date(2026, 1, 2), Status.lulus)],
    ids=["1y364d", "2y"],
)
def test_prior_position_two_years_boundary(pelantikan: date, status: Status) -> None:
    emp = administrator_since(date(2024, 1, 2))
    r = eligibility(emp, position(), as_of=pelantikan, pelantikan=pelantikan)
    prior = line(r, "jabatan_sebelumnya")
    assert prior.status is status
    if status is Status.gagal:
        assert prior.clears_on == date(2026, 1, 2)
        assert prior.penjelasan.endswith("(terpenuhi 2 Januari 2026).")


def test_cumulative_experience_adds_separate_spells_in_the_field() -> None:
    spells = (
        SpellFact("pelaksana", date(2010, 1, 1), date(2012, 1, 1), bidang="keuangan"),
        SpellFact("pelaksana", date(2012, 1, 1), date(2015, 1, 1), bidang="kesehatan"),
        SpellFact("pengawas", date(2015, 1, 1), date(2018, 1, 1), bidang="keuangan"),
        SpellFact("administrator", date(2018, 1, 1), None, bidang="kesehatan"),
    )
    emp = employee(riwayat_jabatan=spells, tmt_jabatan=date(2018, 1, 1))
    r = eligibility(emp, position(), as_of=AS_OF)
    exp = line(r, "pengalaman")
    assert exp.ok and exp.nilai == "5 tahun"  # 2 + 3 years in keuangan
    # 7 years needed: 5 proven in keuangan, 16 in all fields -> relatedness to verify.
    r = eligibility(emp, position(jenis="jpt_madya"), as_of=AS_OF)
    assert line(r, "pengalaman").status is Status.tidak_diketahui
    assert "keterkaitan bidang lain perlu dinilai" in line(r, "pengalaman").penjelasan


@pytest.mark.parametrize(
    ("pelantikan", "status"), [(date(2023, 12, 31), Status.gagal), (date(2024, 1, 1), Status.lulus)]
)
def test_functional_transfer_two_years_experience_boundary(
    pelantikan: date, status: Status
) -> None:
    emp = employee(
        jabatan=position(jabatan_id=70, jenis="pelaksana", eselon=None),
        tmt_jabatan=date(2022, 1, 1),
        riwayat_jabatan=(SpellFact("pelaksana", date(2022, 1, 1), None, bidang="keuangan"),),
    )
    target = position(jenis="fungsional", jenjang="ahli_pertama")
    exp = line(eligibility(emp, target, as_of=pelantikan), "pengalaman")
    assert exp.status is status
    if status is Status.gagal:  # 1 year 364 days
        assert exp.remedy is Remedy.time and exp.clears_on == date(2024, 1, 1)


def test_position_minimum_above_the_legal_one_is_named() -> None:
    r = eligibility(
        employee(pendidikan=(PendidikanFact("S1"),)), position(pendidikan_min="S2"), as_of=AS_OF
    )
    edu = line(r, "pendidikan")
    assert edu.status is Status.gagal
    assert edu.penjelasan == "Pendidikan S1; syarat minimal S2 (syarat jabatan)."


def test_pppk_cannot_fill_a_jpt_and_the_waiver_is_reported_not_applied() -> None:
    r = eligibility(employee(status_kepegawaian="PPPK"), position(), as_of=AS_OF)
    assert r.verdict is Verdict.not_eligible
    status = line(r, "status_pns")
    assert status.status is Status.gagal and "pp-11-2017:pasal-105" in status.citations
    assert any("persetujuan Presiden" in n for n in r.catatan)
    assert "pp-11-2017:pasal-107:ayat-2" in r.citations


@pytest.mark.parametrize(("jenis", "huruf"), [("jpt_madya", "b"), ("jpt_utama", "a")])
def test_a_non_pns_for_jpt_utama_or_madya_needs_verification_not_a_fail(
    jenis: str, huruf: str
) -> None:
    emp = employee(status_kepegawaian="PPPK", tanggal_lahir=date(1975, 1, 1))
    r = eligibility(emp, position(jenis=jenis, eselon="I.b"), as_of=AS_OF)
    status = line(r, "status_pns")
    assert status.status is Status.tidak_diketahui and status.remedy is Remedy.verify
    assert "persetujuan Presiden" in status.penjelasan and "rahasia negara" in status.penjelasan
    assert "pertahanan" in status.penjelasan and "(sumber sekunder)" in status.penjelasan
    assert {"pp-11-2017:pasal-106", "pp-11-2017:pasal-111", "uu-20-2023"} <= set(status.citations)
    assert "pp-11-2017:pasal-105" not in status.citations  # PNS-only is Pasal 107's route
    # Pasal 108, not Pasal 107, holds a non-PNS's requirements: pascasarjana, no prior JPT.
    law = f"pp-11-2017:pasal-108:huruf-{huruf}"
    assert line(r, "pendidikan").ok and law in line(r, "pendidikan").citations
    assert all(ln.kriteria != "jabatan_sebelumnya" for ln in r.lines)
    assert line(r, "syarat_non_pns").status is Status.tidak_diketahui
    assert r.verdict is Verdict.needs_verification
    assert not any("Pasal 107 ayat (2)" in n for n in r.catatan)


def test_a_non_pns_for_jpt_utama_needs_a_postgraduate_degree_and_15_years() -> None:
    s1 = (PendidikanFact("S1", "Akuntansi", date(1998, 8, 1)),)
    emp = employee(status_kepegawaian="PPPK", pendidikan=s1)
    r = eligibility(emp, position(jenis="jpt_utama", eselon="I.a"), as_of=AS_OF)
    edu = line(r, "pendidikan")
    assert edu.status is Status.gagal and "syarat minimal S2" in edu.penjelasan
    assert "pp-11-2017:pasal-108:huruf-a" in edu.citations
    assert "15 tahun" in line(r, "pengalaman").syarat
    assert r.verdict is Verdict.not_eligible


def test_sanction_ending_the_day_before_the_reference_date_fails_integrity() -> None:
    h = HukumanFact("sedang", "penundaan kenaikan pangkat", date(2025, 11, 28), AS_OF - DAY)
    r = eligibility(employee(hukuman=(h,)), position(), as_of=AS_OF)
    integ = line(r, "integritas")
    assert integ.status is Status.gagal
    assert "penundaan kenaikan pangkat" in integ.penjelasan and "sedang" in integ.penjelasan
    assert integ.clears_on == add_years(AS_OF - DAY, 5) + DAY
    assert r.verdict is Verdict.not_eligible


@pytest.mark.parametrize(
    ("tingkat", "selesai", "status"),
    [
        ("berat", add_years(AS_OF, -5), Status.gagal),  # last day inside the window
        ("berat", add_years(AS_OF, -5) - DAY, Status.lulus),  # just outside
        ("ringan", AS_OF - DAY, Status.lulus),  # level outside the rule
        ("berat", None, Status.gagal),  # still running
    ],
)
def test_sanction_window(tingkat: str, selesai: date | None, status: Status) -> None:
    h = HukumanFact(tingkat, "hukuman", date(2015, 1, 1), selesai)
    assert (
        line(eligibility(employee(hukuman=(h,)), position(), as_of=AS_OF), "integritas").status
        is status
    )


def test_sanction_window_is_configurable() -> None:
    h = HukumanFact("sedang", "hukuman", date(2020, 1, 1), date(2023, 1, 1))
    emp = employee(hukuman=(h,))
    assert not line(eligibility(emp, position(), as_of=AS_OF), "integritas").ok
    s = MeritSettings(hukuman_jendela_tahun=3)
    assert line(eligibility(emp, position(), as_of=AS_OF, settings=s), "integritas").ok


def test_education_below_s1_fails_and_d4_counts_as_s1() -> None:
    low = eligibility(employee(pendidikan=(PendidikanFact("D-III"),)), position(), as_of=AS_OF)
    assert line(low, "pendidikan").status is Status.gagal
    d4 = eligibility(employee(pendidikan=(PendidikanFact("D-IV"),)), position(), as_of=AS_OF)
    assert line(d4, "pendidikan").ok
    none = eligibility(employee(pendidikan=()), position(), as_of=AS_OF)
    assert line(none, "pendidikan").status is Status.tidak_diketahui


def test_competency_below_the_pass_category_fails() -> None:
    std = {"Integritas": 4, "Komunikasi": 4}
    emp = replace(
        employee(), asesmen=replace(employee().asesmen, levels={"Integritas": 3, "Komunikasi": 3})
    )  # type: ignore[arg-type]
    r = eligibility(emp, position(standar=std), as_of=AS_OF)
    assert line(r, "kompetensi").status is Status.gagal  # 75 % < 78 %
    r = eligibility(
        emp, position(standar=std), as_of=AS_OF, settings=MeritSettings(jpm_skema="jf_80_68")
    )
    assert line(r, "kompetensi").ok  # 75 % >= 68 %


def pengawas_since(start: date, *, jf: bool = False) -> EmployeeFacts:
    current = position(
        jabatan_id=60,
        jenis="fungsional" if jf else "pengawas",
        jenjang="ahli_muda" if jf else None,
        eselon=None,
    )
    return employee(
        jabatan=current,
        tmt_jabatan=start,
        riwayat_jabatan=(
            SpellFact("pelaksana", date(2005, 3, 1), start, bidang="keuangan"),
            SpellFact(current.jenis, start, None, current.jenjang, "keuangan"),
        ),
    )


@pytest.mark.parametrize(
    ("pelantikan", "status"), [(date(2026, 3, 31), Status.gagal), (date(2026, 4, 1), Status.lulus)]
)
def test_administrator_needs_three_years_as_pengawas(pelantikan: date, status: Status) -> None:
    emp = pengawas_since(date(2023, 4, 1))
    r = eligibility(emp, position(jenis="administrator"), as_of=pelantikan)
    assert line(r, "jabatan_sebelumnya").status is status
    assert "pp-11-2017" in line(r, "jabatan_sebelumnya").citations


def test_equivalent_jf_time_only_gives_needs_verification() -> None:
    emp = pengawas_since(date(2020, 1, 1), jf=True)
    r = eligibility(emp, position(jenis="administrator"), as_of=AS_OF)
    prior = line(r, "jabatan_sebelumnya")
    assert prior.status is Status.tidak_diketahui
    assert "kebijakan-talenta" in prior.citations


def test_administrator_performance_two_years_at_least_baik() -> None:
    emp = employee(kinerja={2024: "Baik", 2025: "Butuh Perbaikan"})
    r = eligibility(emp, position(jenis="administrator"), as_of=AS_OF)
    perf = line(r, "kinerja")
    assert perf.status is Status.gagal and perf.clears_on == date(2028, 1, 1)
    missing = eligibility(
        employee(kinerja={2025: "Baik"}), position(jenis="administrator"), as_of=AS_OF
    )
    assert line(missing, "kinerja").status is Status.tidak_diketahui


def test_pengawas_needs_four_years_as_pelaksana_and_d3() -> None:
    emp = employee(
        jabatan=position(jabatan_id=70, jenis="pelaksana", eselon=None),
        tmt_jabatan=date(2022, 12, 1),
        pendidikan=(PendidikanFact("D-III"),),
        riwayat_jabatan=(SpellFact("pelaksana", date(2022, 12, 1), None, bidang="keuangan"),),
    )
    target = position(jenis="pengawas", pendidikan_min="D-III")
    assert (
        line(eligibility(emp, target, as_of=date(2026, 11, 30)), "jabatan_sebelumnya").status
        is Status.gagal
    )
    r = eligibility(emp, target, as_of=date(2026, 12, 1))
    assert line(r, "jabatan_sebelumnya").ok and line(r, "pendidikan").ok


@pytest.mark.parametrize(
    ("jenjang", "limit"),
    [("ahli_pertama", 53), ("ahli_muda", 53), ("terampil", 53), ("ahli_madya", 55)],
)
def test_functional_transfer_age_limits(jenjang: str, limit: int) -> None:
    emp = employee()
    target = position(jenis="fungsional", jenjang=jenjang, pendidikan_min="SLTA")
    at = add_years(emp.tanggal_lahir, limit)
    assert line(eligibility(emp, target, as_of=AS_OF, pelantikan=at), "usia_maks").ok
    late = eligibility(emp, target, as_of=AS_OF, pelantikan=at + DAY)
    assert line(late, "usia_maks").status is Status.gagal
    assert "bkn-siasn-jf" in late.citations
    assert any("perpindahan ke jabatan fungsional" in n for n in late.catatan)


def test_functional_ahli_utama_age_depends_on_the_path() -> None:
    target = position(jenis="fungsional", jenjang="ahli_utama")
    emp = employee()
    assert line(eligibility(emp, target, as_of=AS_OF), "usia_maks").status is Status.tidak_diketahui
    ex_jpt = replace(
        emp,
        riwayat_jabatan=(
            *emp.riwayat_jabatan,
            SpellFact("jpt_pratama", date(2010, 1, 1), date(2012, 1, 1)),
        ),
    )
    at = add_years(emp.tanggal_lahir, 60)
    assert line(eligibility(ex_jpt, target, as_of=AS_OF, pelantikan=at), "usia_maks").ok
    assert not line(eligibility(ex_jpt, target, as_of=AS_OF, pelantikan=at + DAY), "usia_maks").ok
    au = replace(emp, jabatan=position(jabatan_id=80, jenis="fungsional", jenjang="ahli_utama"))
    at = add_years(emp.tanggal_lahir, 63)
    assert line(eligibility(au, target, as_of=AS_OF, pelantikan=at), "usia_maks").ok


def test_pelaksana_target_without_health_line_can_be_eligible() -> None:
    r = eligibility(employee(), position(jenis="pelaksana", pendidikan_min="SLTA"), as_of=AS_OF)
    assert r.verdict is Verdict.eligible
    assert r.penjelasan == "Memenuhi syarat."


@pytest.mark.parametrize("jenis", ["jpt_pratama", "administrator", "fungsional"])
def test_a_given_jpm_result_gives_the_same_answer_as_computing_it(jenis: str) -> None:
    from knowledge.rules import jpm

    target = replace(
        position(), jenis=jenis, jenjang="ahli_muda" if jenis == "fungsional" else None
    )
    emp = employee()
    j = jpm(emp, target, as_of=AS_OF)
    assert eligibility(emp, target, as_of=AS_OF, jpm_result=j) == eligibility(
        emp, target, as_of=AS_OF
    )
