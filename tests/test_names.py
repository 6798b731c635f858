"""Names that explain themselves: one class name means one thing in bot/, db/ and knowledge/,
and no comment or docstring names the issue that asked for the code instead of saying what it
does."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOMS = ("bot", "db", "knowledge")


def _sources() -> list[Path]:
    return sorted(
        p for room in ROOMS for p in (REPO / room).rglob("*.py") if "migrations" not in p.parts
    )


def test_each_class_name_is_defined_once() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in _sources():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                where[node.name].append(str(path.relative_to(REPO)))
    twice = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert not twice, twice


ISSUE = re.compile(r"\bissue[ -]?\d+", re.IGNORECASE)


def test_no_source_names_an_issue_number() -> None:
    found = [
        f"{path.relative_to(REPO)}:{n}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ISSUE.search(line)
    ]
    assert not found, found


def test_month_names_are_written_in_one_place() -> None:
    found = [
        str(path.relative_to(REPO))
        for path in _sources()
        if "Desember" in path.read_text(encoding="utf-8")
    ]
    assert found == ["db/clock.py"], found
