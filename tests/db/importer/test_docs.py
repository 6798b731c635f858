"""docs/import-format.md is generated from db/layout.py; its example is a valid import."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine

from db.importer import import_directory
from db.importer.docs import render
from db.importer.examples import EXAMPLES
from db.layout import FILES

REPO = Path(__file__).resolve().parents[3]


def test_docs_match_the_layout() -> None:
    on_disk = (REPO / "docs" / "import-format.md").read_text(encoding="utf-8")
    assert on_disk == render(), (
        "docs/import-format.md berbeda dari db/layout.py: jalankan "
        "`python -m db.importer.docs > docs/import-format.md`"
    )


def test_docs_name_every_file_column_and_key() -> None:
    text = render()
    for spec in FILES:
        assert f"### `{spec.filename}`" in text
        assert "Kunci alami: " + ", ".join(f"`{k}`" for k in spec.key) in text
        for c in spec.columns:
            assert f"| `{c.name}` |" in text
            for choice in c.choices:
                assert f"`{choice}`" in text


def test_documented_example_imports_cleanly(engine: Engine, tmp_path: Path) -> None:
    for spec in FILES:
        assert set(EXAMPLES[spec.name][0]) == set(spec.column_names), spec.name
        with (tmp_path / spec.filename).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=spec.column_names)
            w.writeheader()
            w.writerows(EXAMPLES[spec.name])
    report = import_directory(engine, tmp_path)
    assert report.warning_count == 0
    for spec in FILES:
        assert report.counts[spec.name].created == len(EXAMPLES[spec.name]), spec.name
