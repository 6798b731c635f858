from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from db.models import JabatanKompetensi, Pegawai
from tests.factories import add_asesmen, add_kinerja, make_instansi, make_jabatan, make_pegawai


def test_factories_write_a_consistent_employee(engine: Engine) -> None:
    with Session(engine) as s:
        inst = make_instansi(s)
        jab = make_jabatan(s, inst)
        peg = make_pegawai(s, inst, jabatan=jab)
        add_kinerja(s, peg, {2024: "Baik", 2025: "Sangat Baik"})
        add_asesmen(s, peg, {"Integritas": 4})
        s.commit()
        assert len(peg.nip) == 18 and peg.nip.startswith("19800517200503")
        assert s.scalar(select(func.count()).select_from(JabatanKompetensi)) == 9
        assert s.scalar(select(Pegawai.jabatan_id)) == jab.id
