"""No rule module holds a numeric threshold: numbers come from thresholds.yaml.

Allow-list (structural numbers, never merit thresholds):
- 0 and 1: empty/first/next, "one day", 1-based categories, January 1st;
- 100: percent (JPM is a ratio × 100);
- 12: months in a year (for "N months left");
- ``loader.CHUNK``: the database batch size of an IN list, not a rule.
``settings.py`` is skipped: it is the configuration half of the table (agency choices with
their defaults and validation bounds), rendered into docs/merit-rules.md like the table.
Anything else (58, 56, 2, 90, 20 …) must be read from the table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RULES_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "rules"
ALLOWED = {0, 1, 100, 12}
ALLOWED_NAMED = {("loader.py", "CHUNK")}


def _named_constants(tree: ast.Module, filename: str) -> set[int]:
    """ids of constant nodes assigned to an allow-listed module-level name."""
    out: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if any((filename, n) in ALLOWED_NAMED for n in names):
                out.update(id(n) for n in ast.walk(node.value))
    return out


def numeric_literals(source: str, filename: str) -> list[tuple[int, object]]:
    tree = ast.parse(source)
    skip = _named_constants(tree, filename)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float | complex):
            continue
        if value not in ALLOWED:
            found.append((node.lineno, value))
    return found


SCANNED = sorted(p for p in RULES_DIR.glob("*.py") if p.name != "settings.py")


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.name)
def test_no_numeric_threshold_literals(path: Path) -> None:
    assert numeric_literals(path.read_text("utf-8"), path.name) == []


def test_the_scan_catches_a_bare_threshold() -> None:
    src = "MAX_AGE = 56\ndef ok(age):\n    return age <= 58 and age * 100 > 0\n"
    assert numeric_literals(src, "x.py") == [(1, 56), (3, 58)]
    assert numeric_literals("CHUNK = 900\n", "loader.py") == []
    assert numeric_literals("CHUNK = 900\n", "jpm.py") == [(1, 900)]
