"""One generated dataset per test session (~1,500 employees), read back as plain CSV rows."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from db.generate import GenerateReport, generate_to
from db.layout import FILES

AS_OF = date(2026, 6, 30)
PEGAWAI = 1500
SEED = 11


@dataclass
class Dataset:
    directory: Path
    report: GenerateReport
    rows: dict[str, list[dict[str, str]]]

    @property
    def as_of(self) -> date:
        return self.report.as_of


def read_rows(directory: Path) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for spec in FILES:
        with (directory / spec.filename).open(encoding="utf-8", newline="") as fh:
            out[spec.name] = list(csv.DictReader(fh))
    return out


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    directory = tmp_path_factory.mktemp("jambi")
    report = generate_to(directory, pegawai=PEGAWAI, seed=SEED, as_of=AS_OF)
    return Dataset(directory, report, read_rows(directory))
