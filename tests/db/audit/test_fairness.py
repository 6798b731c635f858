"""Fairness report: shortlisted vs eligible pools by sex and age band, with minimum counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.audit import AuditLog, CandidateIn, FairnessSettings, fairness_report, record_shortlist
from db.audit.demography import usia_band
from db.audit.fairness import REVIEW, TOO_FEW, quarter_bounds, shortlist_note
from db.clock import today_wib
from tests.db.audit.conftest import PPK, People


def _lists(audit: AuditLog, people: People, shown: list[int], times: int) -> list[str]:
    refs = []
    for _ in range(times):
        view = record_shortlist(
            audit,
            actor=PPK,
            rendered={"n": len(shown)},
            candidates=[CandidateIn(people.ids[i], r + 1, 0.5) for r, i in enumerate(shown)],
            request={"q": "x"},
            config_hash="c" * 64,
            model="m",
            index_version="v",
            data_snapshot="s",
            blind=True,
            instansi_id=people.instansi_id,
            pool_pegawai_ids=people.ids,
        )
        refs.append(view.ref)
    return refs


def _quarter() -> tuple[int, int]:
    today = today_wib()
    return today.year, (today.month - 1) // 3 + 1


def test_too_few_to_judge(engine: Engine, audit: AuditLog, people: People) -> None:
    _lists(audit, people, [0, 1, 2], times=2)
    year, q = _quarter()
    with Session(engine) as s:
        report = fairness_report(
            s, instansi_id=people.instansi_id, year=year, quarter=q, settings=FairnessSettings()
        )
    assert (report.shortlists, report.shortlisted, report.pool) == (2, 6, 24)
    assert report.status == TOO_FEW
    assert {g.status for g in report.groups} == {TOO_FEW}


def test_under_representation_is_marked_for_review(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    # Pool: 12 people, 4 women (indices 0, 3, 6, 9). Lists show only men: 8 lists × 5 people.
    men = [1, 2, 4, 5, 7]
    _lists(audit, people, men, times=8)
    year, q = _quarter()
    settings = FairnessSettings(min_shortlisted=20, min_expected=5, review_ratio=0.8)
    with Session(engine) as s:
        report = fairness_report(
            s, instansi_id=people.instansi_id, year=year, quarter=q, settings=settings
        )
        note = shortlist_note(
            s,
            _lists(audit, people, [0, 1, 2, 3, 4, 5], times=1)[0],
            FairnessSettings(min_shortlisted=10, min_expected=5),
        )
    assert report.status == "dinilai" and report.shortlisted == 40
    sex = {g.group: g for g in report.groups if g.dimension == "jenis_kelamin"}
    assert sex["P"].shortlisted == 0 and sex["P"].pool == 32
    assert sex["P"].pool_share == pytest.approx(4 / 12, abs=1e-4)
    assert sex["P"].ratio == 0 and sex["P"].status == REVIEW
    assert sex["L"].ratio == pytest.approx(1.5, abs=1e-3) and sex["L"].status == "sebanding"
    assert note == (
        "Catatan: 2 dari 6 kandidat di daftar ini perempuan; "
        "di kelompok yang memenuhi syarat 33% perempuan."
    )
    with Session(engine) as s:
        other = fairness_report(
            s, instansi_id=people.instansi_id, year=year - 1, quarter=q, settings=settings
        )
    assert other.shortlists == 0 and other.status == TOO_FEW


def test_age_bands_and_quarters() -> None:
    assert usia_band(date(1997, 6, 2), date(2026, 6, 1)) == "<30"
    assert usia_band(date(1996, 6, 1), date(2026, 6, 1)) == "30-39"
    assert usia_band(date(1976, 6, 2), date(2026, 6, 1)) == "40-49"
    assert usia_band(date(1976, 6, 1), date(2026, 6, 1)) == "50+"
    start, end = quarter_bounds(2026, 4)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-09-30T17:00:00+00:00",
        "2026-12-31T17:00:00+00:00",
    )
    with pytest.raises(ValueError):
        quarter_bounds(2026, 5)
