"""Stored timestamps are shown by their date in WIB, not in the machine's UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import Engine
from sqlmodel import Session

from bot.ports.records import DbRecords
from db.clock import wib_date
from tests.factories import make_instansi, make_pegawai


def test_an_early_morning_in_jakarta_is_the_next_day_in_utc() -> None:
    # 04:58 WIB on 6 December is 21:58 UTC on 5 December, stored naive as UTC.
    assert wib_date(datetime(2026, 12, 5, 21, 58)) == date(2026, 12, 6)
    assert wib_date(datetime(2026, 12, 5, 21, 58, tzinfo=UTC)) == date(2026, 12, 6)
    assert wib_date(datetime(2026, 12, 5, 16, 59)) == date(2026, 12, 5)


def test_an_aware_timestamp_in_another_zone_is_converted() -> None:
    makassar = timezone(timedelta(hours=8))
    assert wib_date(datetime(2026, 12, 6, 0, 30, tzinfo=makassar)) == date(2026, 12, 5)


def test_a_profile_is_stamped_with_the_wib_date_of_its_last_import(engine: Engine) -> None:
    with Session(engine) as s:
        prov = make_instansi(s)
        p = make_pegawai(s, prov, nama="Pegawai Subuh")
        p.updated_at = datetime(2026, 12, 5, 21, 58, tzinfo=UTC)  # 04:58 WIB on the 6th
        s.add(p)
        s.commit()
        assert p.id is not None
        pid = p.id
    profile = DbRecords(engine).profile(pid)
    assert profile is not None and profile.as_of == date(2026, 12, 6)
