"""The inspector's own check in docs/accountability.md runs as written on a real export."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from db.audit.export import export_rows, write_json
from db.clock import today_wib
from tests.conftest import REPO
from tests.db.audit.conftest import History


def _snippet() -> str:
    doc = (REPO / "docs" / "accountability.md").read_text(encoding="utf-8")
    section = doc.split("### Pemeriksaan tanpa kunci", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def _export(engine: Engine, path: Path) -> None:
    today = today_wib()
    rows = export_rows(engine, start=today - timedelta(days=1), end=today + timedelta(days=1))
    write_json(rows, path, {"dibuat": date.today().isoformat()})


def test_documented_recomputation_passes_then_catches_an_edit(
    engine: Engine, history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _export(engine, tmp_path / "ekspor.json")
    exec(_snippet(), {})  # every payload, subjects and rows hash recomputes
    doc = json.loads((tmp_path / "ekspor.json").read_text(encoding="utf-8"))
    assert len(doc["entries"]) == 6 and doc["entries"][1]["rows"]
    doc["entries"][1]["rows"][0][1] += 1000  # an edited row id in the export
    (tmp_path / "ekspor.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(AssertionError):
        exec(_snippet(), {})
