from __future__ import annotations

from pathlib import Path

import pytest

from bot.config.settings import load_settings
from bot.errors import ConfigError
from knowledge.rules import MeritSettings, thresholds
from knowledge.rules.doc import DOC, main, render
from knowledge.rules.thresholds import parse_table


def test_merit_rules_doc_is_up_to_date() -> None:
    assert DOC.read_text("utf-8") == render(), "jalankan: python -m knowledge.rules.doc"
    assert main(["--check"]) == 0


def test_doc_names_every_threshold_with_its_citations() -> None:
    text = render()
    for t in thresholds():
        assert f"`{t.id}`" in text
        assert all(f"`{c}`" in text for c in t.citations)


def test_merit_section_is_composed_into_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().merit == MeritSettings()
    monkeypatch.setenv("TALENTA_MERIT__JPM_SKEMA", "jf_80_68")
    assert load_settings().merit.jpm_skema == "jf_80_68"
    monkeypatch.setenv("TALENTA_MERIT__JPM_SKEMA", "70/50")
    with pytest.raises(ConfigError, match=r"merit\.jpm_skema"):
        load_settings()


def test_unknown_merit_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("merit:\n  jpm_skemaa: jf_80_68\n")
    monkeypatch.setenv("TALENTA_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match=r"merit\.jpm_skemaa"):
        load_settings()


def test_table_errors_name_the_entry() -> None:
    fields = "value: 1, unit: x, kind: law, verification: verified, note: n"
    bad = f"thresholds:\n  - {{id: a.b, citations: [], {fields}}}\n"
    with pytest.raises(ValueError, match=r"entri ke-1 \('a.b'\)"):
        parse_table(bad)
    row = f"{{id: a.b, citations: [pp-11-2017], {fields}}}"
    with pytest.raises(ValueError, match="ganda"):
        parse_table(f"thresholds:\n  - {row}\n  - {row}\n")
    with pytest.raises(KeyError, match=r"tidak\.ada"):
        thresholds().get("tidak.ada")
    with pytest.raises(TypeError):
        thresholds().integer("jpt_pratama.pendidikan_min")
