from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session

from knowledge.rules import (
    AsesmenFact,
    HukumanFact,
    NineBoxResmiFact,
    SuksesiFact,
    Verdict,
    eligibility,
    load_employee_facts,
    load_position_facts,
    load_positions,
)
from tests.factories import (
    add_asesmen,
    add_diklat,
    add_hukuman,
    add_kinerja,
    add_ninebox_resmi,
    add_riwayat_jabatan,
    add_suksesi,
    make_instansi,
    make_jabatan,
    make_pegawai,
    make_unit,
)


@contextmanager
def count_queries(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def on_exec(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_exec)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_exec)


def test_loads_every_fact_a_rule_reads(engine: Engine) -> None:
    with Session(engine) as s:
        inst = make_instansi(s, kode="KJB", nama="Kota Jambi", jenis="kota")
        unit = make_unit(s, inst)
        adm = make_jabatan(s, inst, unit=unit, kode="ADM1")
        target = make_jabatan(
            s,
            inst,
            unit=unit,
            kode="JPT1",
            jenis="jpt_pratama",
            eselon="II.a",
            nama="Kepala Badan Keuangan",
            teknis={"Pengelolaan Anggaran": 4},
        )
        peg = make_pegawai(s, inst, jabatan=adm, tmt_jabatan=date(2018, 1, 2))
        other = make_pegawai(s, inst, jabatan=adm, status="pensiun")
        add_riwayat_jabatan(
            s,
            peg,
            nama="Kasubbid",
            jenis="pengawas",
            mulai=date(2012, 1, 2),
            selesai=date(2018, 1, 2),
            bidang="keuangan",
        )
        add_kinerja(s, peg, {2024: "Baik", 2025: "Sangat Baik"})
        add_asesmen(s, peg, {"Integritas": 2}, tanggal=date(2022, 1, 1))
        add_asesmen(
            s, peg, {"Integritas": 4, "Komunikasi": 3}, tanggal=date(2025, 6, 1), skor_potensi=81.5
        )
        add_diklat(s, peg, "Pelatihan Anggaran", jp=24, tahun=2025)
        add_hukuman(s, peg, "ringan", date(2019, 1, 1), date(2019, 6, 30), jenis="teguran lisan")
        add_ninebox_resmi(s, peg, 8, tahun=2025)
        add_suksesi(s, peg, tahun=2026, target="JPT1")
        s.commit()
        ids = (peg.id, other.id, adm.id, target.id, inst.id)
    pid, other_id, adm_id, target_id, inst_id = ids
    assert pid is not None and target_id is not None
    with Session(engine) as s:
        facts = load_employee_facts(s, [pid, other_id, 999_999])
        pos = load_position_facts(s, target_id)
    assert set(facts) == {pid, other_id}
    f = facts[pid]
    assert (f.instansi_id, f.instansi_kode, f.status_kepegawaian) == (inst_id, "KJB", "PNS")
    assert f.jabatan is not None and f.jabatan.jabatan_id == adm_id
    assert f.jabatan.pemangku_ids == (pid,)  # the retired one is not an incumbent
    assert [(sp.jenis, sp.mulai) for sp in f.riwayat_jabatan] == [
        ("pengawas", date(2012, 1, 2)),
        ("administrator", date(2018, 1, 2)),
    ]
    assert f.pendidikan[0].jenjang == "S1"
    assert f.kinerja == {2024: "Baik", 2025: "Sangat Baik"}
    assert f.asesmen == AsesmenFact(
        date(2025, 6, 1), "assessment center", {"Integritas": 4, "Komunikasi": 3}, 81.5, None
    )
    assert [(d.jp, d.tahun) for d in f.diklat] == [(24, 2025)]
    assert f.hukuman == (
        HukumanFact("ringan", "teguran lisan", date(2019, 1, 1), date(2019, 6, 30)),
    )
    assert f.ninebox_resmi == (NineBoxResmiFact(2025, 8, "BKN"),)
    assert f.suksesi == (SuksesiFact(2026, "JPT1", None),)
    assert pos is not None and pos.jenis == "jpt_pratama" and pos.instansi_kode == "KJB"
    assert pos.standar["Pengelolaan Anggaran"] == 4 and len(pos.standar) == 10
    assert pos.lowongan == 1
    # The loaded facts drive the rules end to end.
    r = eligibility(f, pos, as_of=date(2026, 11, 29))
    assert r.verdict in (Verdict.needs_verification, Verdict.not_eligible)
    assert len(r.lines) == 8


def test_loading_is_batched_not_one_query_per_employee(engine: Engine) -> None:
    with Session(engine) as s:
        inst = make_instansi(s)
        jabs = [make_jabatan(s, inst) for _ in range(3)]
        ids = []
        for i in range(40):
            peg = make_pegawai(s, inst, jabatan=jabs[i % 3])
            add_kinerja(s, peg, {2025: "Baik"})
            add_asesmen(s, peg, {"Integritas": 3})
            ids.append(peg.id)
        s.commit()
    with Session(engine) as s, count_queries(engine) as few:
        assert len(load_employee_facts(s, ids[:2])) == 2
    with Session(engine) as s, count_queries(engine) as many:
        loaded = load_employee_facts(s, ids)
    assert len(loaded) == 40
    assert all(f.asesmen is not None and f.kinerja == {2025: "Baik"} for f in loaded.values())
    assert len(many) == len(few) <= 20


def test_empty_and_unknown_inputs() -> None:
    assert load_employee_facts(None, []) == {}  # type: ignore[arg-type]
    assert load_positions(None, []) == {}  # type: ignore[arg-type]


def test_unknown_position_is_none(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as s:
        assert load_position_facts(s, 12345) is None
