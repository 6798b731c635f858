"""Scope is enforced inside the search service, whatever the query says."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Pegawai, UnitKerja
from retrieval.people.errors import OutOfScope
from tests.retrieval.people.conftest import ServiceFactory, build_world


def test_nothing_outside_scope_whatever_the_query(engine: Engine, make_service: ServiceFactory):
    w = build_world(engine)
    svc = make_service(engine)
    svc.start()
    prov = frozenset({w.prov})
    queries = [
        w.dedi_nip,
        f"NIP {w.dedi_nip} Dedi Kurniawan",
        "Dedi Kurniawan Kota Jambi BKAD",
        "Kepala Sub Bidang Anggaran Badan Keuangan dan Aset Daerah Kota Jambi",
        "butuh orang yang paham anggaran dari Pemerintah Kota Jambi",
    ]
    for q in queries:
        result = svc.search(q, scope=prov, include_ineligible=True)
        seen = (
            [c.pegawai_id for c in result.candidates]
            + [x.pegawai_id for x in result.excluded]
            + [x.pegawai_id for x in result.incomplete]
        )
        assert w.dedi not in seen, q
        assert all(c.instansi_id in prov for c in result.candidates), q
        assert all(c.instansi_id in prov for c in result.choices), q
    # The same budgeting need does find Dedi for an asker who may see Kota Jambi.
    both = svc.for_need("anggaran pendapatan dan belanja daerah", scope={w.prov, w.kjb})
    assert w.dedi in [c.pegawai_id for c in both.candidates]


def test_position_of_another_agency_is_refused(engine: Engine, make_service: ServiceFactory):
    w = build_world(engine)
    svc = make_service(engine)
    svc.start()
    with pytest.raises(OutOfScope):
        svc.for_position(w.kabid_kjb, scope={w.prov})
    with pytest.raises(OutOfScope):
        svc.positions_for(w.dedi, scope={w.prov})


def test_empty_scope_sees_nobody(engine: Engine, make_service: ServiceFactory):
    build_world(engine)
    svc = make_service(engine)
    svc.start()
    assert svc.for_need("anggaran", scope=frozenset()).candidates == []


def test_moved_employee_not_shown_from_a_stale_shard(engine: Engine, make_service: ServiceFactory):
    """Ani moves to Kota Jambi; before the index is updated the PROV shard still holds her
    vector, but a PROV-only asker must not see her."""
    w = build_world(engine)
    svc = make_service(engine)
    svc.start()
    with Session(engine) as s:
        from sqlmodel import select

        ani = s.get(Pegawai, w.ani)
        unit = s.exec(select(UnitKerja).where(UnitKerja.instansi_id == w.kjb)).first()
        assert ani is not None and unit is not None
        ani.instansi_id, ani.unit_id, ani.jabatan_id = w.kjb, unit.id or 0, None
        s.add(ani)
        s.commit()
    ids = [c.pegawai_id for c in svc.for_need("anggaran", scope={w.prov}).candidates]
    assert w.ani not in ids and ids
    ranked = svc.for_position(w.kabid_anggaran, scope={w.prov}).candidates
    assert w.ani not in [c.pegawai_id for c in ranked]
