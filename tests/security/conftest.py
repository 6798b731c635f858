"""The attack suite's tally: how many tries each vector got, printed when the session ends."""

from __future__ import annotations

from collections import Counter

import pytest

TRIES: Counter[tuple[str, str]] = Counter()  # (vector, role) -> tries


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TRIES:
        return
    vectors = sorted({v for v, _ in TRIES})
    roles = sorted({r for _, r in TRIES})
    tr = terminalreporter
    tr.section("serangan per vektor × peran (jumlah percobaan)")
    tr.write_line(f"{'vektor':<32}" + "".join(f"{r:>11}" for r in roles) + f"{'total':>8}")
    for v in vectors:
        row = [TRIES[(v, r)] for r in roles]
        tr.write_line(f"{v:<32}" + "".join(f"{n:>11}" for n in row) + f"{sum(row):>8}")
    tr.write_line(f"{'total':<32}" + " " * 11 * len(roles) + f"{sum(TRIES.values()):>8}")
