"""``/talentpool <unit>``: a unit includes every unit under it (a recursive query, the same on
SQLite and PostgreSQL), and never a unit of an agency outside the scope."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from bot.ports.records import DbRecords
from db.queries.people import active_pegawai_ids
from tests.factories import add_ninebox_resmi, make_instansi, make_pegawai, make_unit


def test_a_unit_includes_the_units_under_it(engine: Engine) -> None:
    with Session(engine) as s:
        prov = make_instansi(s)
        other = make_instansi(s, "BTH", "Kabupaten Batanghari", "kabupaten")
        dinkes = make_unit(s, prov, nama="Dinas Kesehatan", singkatan="DINKES")
        bidang = make_unit(s, prov, nama="Bidang Pelayanan", singkatan=None, induk=dinkes)
        seksi = make_unit(s, prov, nama="Seksi Rujukan", singkatan=None, induk=bidang)
        elsewhere = make_unit(s, prov, nama="Sekretariat Daerah", singkatan="SETDA")
        theirs = make_unit(s, other, nama="Dinas Kesehatan", singkatan="DINKES")
        people = {}
        for i, unit in enumerate((dinkes, bidang, seksi, elsewhere)):
            p = make_pegawai(s, prov, unit=unit, nama=f"Pegawai {unit.nama}")
            add_ninebox_resmi(s, p, 9 - i)
            people[unit.nama] = p.id
        make_pegawai(s, other, unit=theirs, nama="Pegawai Kabupaten")
        s.commit()
        scope = {prov.id or 0}
        got = set(active_pegawai_ids(session=s, scope=scope, unit="dinas kesehatan"))
        want = {people["Dinas Kesehatan"], people["Bidang Pelayanan"], people["Seksi Rujukan"]}
        assert got == want
        assert set(active_pegawai_ids(session=s, scope=scope, unit="bidang pelayanan")) == {
            people["Bidang Pelayanan"],
            people["Seksi Rujukan"],
        }
        # A cycle in bad data still ends.
        dinkes.induk_id = seksi.id
        s.add(dinkes)
        s.commit()
        assert set(active_pegawai_ids(session=s, scope=scope, unit="seksi rujukan")) == want
    pool = DbRecords(engine).pool(scope=frozenset(scope), unit="dinas kesehatan", limit=15)
    assert sum(pool.box_counts.values()) == 3
