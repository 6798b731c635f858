"""The CI entry point is a valid bash script that runs the checks and the suite."""

from __future__ import annotations

import subprocess
from pathlib import Path

CI_RUN = Path(__file__).resolve().parents[1] / ".ci" / "run"


def test_ci_run_parses_as_bash() -> None:
    done = subprocess.run(["bash", "-n", str(CI_RUN)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_ci_run_runs_check_then_test() -> None:
    commands = [
        line.strip()
        for line in CI_RUN.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("make ")
    ]
    assert commands == ["make check", "make test"]
