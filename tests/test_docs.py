"""Docs checked by tests: README opens with the two commands, every config key is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent


def _keys(node: Any, prefix: str = "") -> list[str]:
    if not isinstance(node, dict):
        return [prefix]
    keys: list[str] = []
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        keys.extend(_keys(value, path) if isinstance(value, dict) and value else [path])
    return keys


def test_every_config_key_is_documented() -> None:
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [k for k in _keys(config) if f"`{k}`" not in doc]
    assert not missing, f"kunci config.yaml belum didokumentasikan: {missing}"


def test_readme_opens_with_the_two_commands() -> None:
    head = (REPO / "README.md").read_text(encoding="utf-8")[:1500]
    assert "make run" in head and "make test" in head


def test_config_yaml_loads_into_settings() -> None:
    from bot.config.settings import load_settings

    settings = load_settings()
    assert settings.database.url
