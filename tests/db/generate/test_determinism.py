"""Same seed, same bytes; a different seed, different people."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from db.generate import generate_to
from db.layout import FILES


def _digest(directory: Path) -> dict[str, str]:
    return {
        s.name: hashlib.sha256((directory / s.filename).read_bytes()).hexdigest() for s in FILES
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    as_of = date(2026, 3, 15)
    a = generate_to(tmp_path / "a", pegawai=400, seed=5, as_of=as_of)
    b = generate_to(tmp_path / "b", pegawai=400, seed=5, as_of=as_of)
    c = generate_to(tmp_path / "c", pegawai=400, seed=6, as_of=as_of)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert a.counts == b.counts
    assert _digest(tmp_path / "a")["pegawai"] != _digest(tmp_path / "c")["pegawai"]
    assert c.counts["pegawai"] == 400


def test_progress_is_reported_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    report = generate_to(tmp_path, pegawai=600, seed=1, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (600, 600)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert report.rows_per_second > 0 and report.total_rows > 600 * 10


def test_too_few_employees_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 12"):
        generate_to(tmp_path, pegawai=5, seed=1)


def test_tiny_dataset_still_has_every_agency(tmp_path: Path) -> None:
    for n in (12, 60):
        report = generate_to(tmp_path / str(n), pegawai=n, seed=3, as_of=date(2026, 1, 31))
        assert report.counts["instansi"] == 12 and report.counts["pegawai"] == n
