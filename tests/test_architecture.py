"""The rooms and their import direction (../shared/ARCHITECTURE.md), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROOMS = ("bot", "retrieval", "knowledge", "db")
# Which of our rooms each room may import.
ALLOWED: dict[str, set[str]] = {
    "db": set(),
    "knowledge": {"db"},
    "retrieval": {"knowledge", "db"},
    "bot": {"retrieval", "knowledge", "db"},
}


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def _sources(room: str) -> list[Path]:
    return sorted(p for p in (REPO / room).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("room", ROOMS)
def test_rooms_import_only_downward(room: str) -> None:
    bad = []
    for path in _sources(room):
        for module, line in _imports(path):
            top = module.split(".")[0]
            if top in ROOMS and top != room and top not in ALLOWED[room]:
                bad.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not bad, "\n".join(bad)


def test_knowledge_uses_only_db_models_and_clock() -> None:
    bad = []
    for path in _sources("knowledge"):
        for module, line in _imports(path):
            if module.startswith("db") and not module.startswith(
                ("db.models", "db.clock", "db.reference")
            ):
                bad.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not bad, "\n".join(bad)


def test_only_bot_imports_telegram() -> None:
    bad = []
    for room in ("retrieval", "knowledge", "db"):
        for path in _sources(room):
            for module, line in _imports(path):
                if module.split(".")[0] == "telegram":
                    bad.append(f"{path.relative_to(REPO)}:{line}")
    assert not bad, "\n".join(bad)


def test_nothing_reads_the_team_shared_folder() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for room in (*ROOMS, "tests", "bench")
        if (REPO / room).exists()
        for p in (REPO / room).rglob("*.py")
        if any(s in p.read_text(encoding="utf-8") for s in ("../shared", "work/shared"))
        and p.name != "test_architecture.py"
    ]
    assert not offenders, offenders


# Rooms of bot/ that may speak SQL: the adapters to db/ and the command line.
SQL_ROOMS = ("ports", "cli")


def test_only_ports_and_cli_of_the_bot_import_sqlalchemy() -> None:
    """The conversation reads the database through db/queries (keyword-only functions)."""
    bad = []
    for path in _sources("bot"):
        if path.relative_to(REPO / "bot").parts[0] in SQL_ROOMS:
            continue
        for module, line in _imports(path):
            if module.split(".")[0] in ("sqlalchemy", "sqlmodel"):
                bad.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not bad, "\n".join(bad)


def test_bot_room_map_fits_on_one_screen() -> None:
    """`ls bot` shows the rooms, not a flat folder of modules: at most a dozen entries."""
    entries = sorted(
        p.name
        for p in (REPO / "bot").iterdir()
        if p.name != "__pycache__" and not p.name.startswith(".")
    )
    assert len(entries) <= 12, entries
