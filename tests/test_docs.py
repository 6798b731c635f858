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


def test_readme_is_a_short_entry_that_links_to_the_operations_pages() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 260  # examples included; operations live in docs/
    for page in ("install-server.md", "operations.md", "telegram.md", "data-pegawai.md"):
        assert f"](docs/{page})" in readme, page


def test_every_relative_link_in_readme_and_docs_points_to_a_file() -> None:
    import re

    broken = []
    pages = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = target.split("#", 1)[0]
            if not (page.parent / path).exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert not broken, "\n".join(broken)
