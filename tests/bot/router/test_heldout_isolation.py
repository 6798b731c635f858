"""Training and threshold fitting never read the held-out set: by the source and at run time."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from bot.router import calibration, evaluation, training
from bot.router.evaluation import HELDOUT_SETS
from tests.unreadable import unreadable

REPO = Path(__file__).resolve().parents[3]
EVALUATION = REPO / "bot" / "router" / "evaluation.py"
CLI = REPO / "bot" / "cli" / "routing_cmd.py"


@pytest.fixture
def heldout_unreadable() -> Iterator[None]:
    """Opening any held-out file raises while the fixture is active."""
    with ExitStack() as stack:
        for held in HELDOUT_SETS.values():
            stack.enter_context(unreadable(held.path))
        yield


def _python_files() -> list[Path]:
    return sorted(p for top in ("bot", "bench") for p in (REPO / top).rglob("*.py"))


def test_only_the_evaluation_module_names_the_heldout_file() -> None:
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and "heldout" in n.value
        ]
        names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and "HELDOUT" in n.id]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
        names = [n for n in names if "HELDOUT" in n]
        if path != EVALUATION:
            assert not literals and not names, path


def test_training_and_calibration_do_not_import_the_evaluation() -> None:
    for path in _python_files():
        if path in (EVALUATION, CLI):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            assert "bot.router.evaluation" not in modules, path


@pytest.mark.usefixtures("heldout_unreadable")
def test_training_and_threshold_fitting_work_with_the_heldout_file_unreadable() -> None:
    for number in HELDOUT_SETS:
        with pytest.raises(PermissionError):
            evaluation.heldout_examples(number)  # the guard bites
    fitted = calibration.calibrate()
    assert 0.0 <= fitted.report.ask_rate <= calibration.MAX_ASK_RATE
    # The committed thresholds are the ones the current data gives (re-fit after a data change).
    assert fitted.thresholds == training.load_thresholds()
    router = training.train(training.final_examples(), training.load_thresholds())
    assert len(router.intents) == 13
