"""Scoring regulation answers on the held-out questions (the figures we report).

This is the only module that knows where the held-out files are (one per set, each written
blind and committed before its first use). The fitting code (:mod:`retrieval.eval.regulation_fit`)
never reads them, and a test checks that. A file is verified against the sha256 recorded when
it was committed before it is used.

The caller supplies how a question is answered (:data:`Ask`): the conversation command asks it
as HR staff through the router (``talenta eval aturan``), so a question routed elsewhere cites
nothing. Figures, per register and overall:

- hit@3: share of answerable questions where an expected provision is among the (at most 3)
  provisions cited;
- declined: share of out-of-corpus questions where no provision is cited;
- precision: over answerable questions that cite something, the mean share of cited
  provisions that are expected ones;
- routed: share of questions the router sent to the regulation answers (directly, or as one
  of the buttons of a clarifying question).

Each figure comes in two readings. *Following the button* (the default, the issue's rule): a
clarifying question that offers the regulation reading counts as if that button were pressed.
*Strict* (``strict=True``): a clarifying question is not an answer, so it cites nothing and
does not count as reaching the regulation answers.

:func:`evaluate` also takes other questions (the fit file, for diagnosis during development).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.eval.regulation_sets import DATA_DIR, REGISTERS, Question, load_questions


@dataclass(frozen=True)
class HeldOutSet:
    """One held-out question file, written blind and committed before it was first used."""

    number: int
    path: Path
    sha256: str  # recorded when the file was committed


# Set 1 was measured five times and is now part of the fit file (docs/knowledge-base.md).
HELDOUT_SETS: dict[int, HeldOutSet] = {
    2: HeldOutSet(
        2,
        DATA_DIR / "regulations-heldout.yaml",
        "e89ae2516ceeefdf3e25edcd96c87dcb1d8ec3e4a34833dd073c8e403d8a167f",
    ),
    3: HeldOutSet(
        3,
        DATA_DIR / "regulations-heldout-3.yaml",
        "a1b223a71d48a6e6f586a601fe08b54de5a38249ce2ddf7d2405e546b49031ba",
    ),
    4: HeldOutSet(
        4,
        DATA_DIR / "regulations-heldout-4.yaml",
        "4f7518dfdb9d81de019ae4b92045d13efd003a25f21d765d3cd8719471ea9126",
    ),
    5: HeldOutSet(
        5,
        DATA_DIR / "regulations-heldout-5.yaml",
        "84b552014eb4bf0995e2d7545ee8db7de0aff8b3f394953473eef61dda01abeb",
    ),
    6: HeldOutSet(
        6,
        DATA_DIR / "regulations-heldout-6.yaml",
        "97b7400f414b55aa51ddfb3169a1ce39f3118fc4691d58dc25a47678ebf37545",
    ),
}
LATEST_SET = max(HELDOUT_SETS)


def set_numbers() -> list[int]:
    """The numbers of the held-out sets, oldest first."""
    return sorted(HELDOUT_SETS)


GOAL_HIT3 = 0.95
GOAL_DECLINED = 0.90
GOAL_PRECISION = 0.90


class HeldOutChanged(Exception):
    """The held-out file is not the one whose hash was recorded when it was written."""


def heldout_questions(number: int = LATEST_SET) -> list[Question]:
    """The questions of held-out set ``number``, after checking the file's recorded sha256."""
    held = HELDOUT_SETS[number]
    digest = hashlib.sha256(held.path.read_bytes()).hexdigest()
    if digest != held.sha256:
        raise HeldOutChanged(f"{held.path.name}: sha256 {digest}, expected {held.sha256}")
    return load_questions(held.path)


@dataclass(frozen=True)
class Answered:
    routed: bool  # reached the regulation answers (directly or as a clarification button)
    asked: bool  # the router asked a clarifying question
    cited: tuple[str, ...]  # provision ids the answer cites, in order
    readings: tuple[str, ...] = ()  # the router's readings (intents), best first; () = no router

    def strictly(self) -> Answered:
        """This answer when a clarifying question counts as no answer."""
        if not self.asked:
            return self
        return Answered(routed=False, asked=True, cited=(), readings=self.readings)


Ask = Callable[[str], Answered]


@dataclass(frozen=True)
class Outcome:
    question: Question
    answered: Answered

    def strictly(self) -> Outcome:
        return Outcome(self.question, self.answered.strictly())

    @property
    def hit3(self) -> bool:
        return any(pid in self.question.expect for pid in self.answered.cited[:3])

    @property
    def precision(self) -> float | None:
        cited = self.answered.cited
        if not cited:
            return None
        return sum(pid in self.question.expect for pid in cited) / len(cited)


@dataclass(frozen=True)
class Figures:
    register: str  # a register or "semua"
    answerable: int
    hit3: float
    precision: float
    routed: float
    to_decline: int
    declined: float


@dataclass(frozen=True)
class HeldOutReport:
    outcomes: tuple[Outcome, ...]

    def figures(self, register: str | None = None, strict: bool = False) -> Figures:
        rows = [o for o in self.outcomes if register is None or o.question.register == register]
        if strict:
            rows = [o.strictly() for o in rows]
        answerable = [o for o in rows if o.question.answerable]
        decline = [o for o in rows if not o.question.answerable]
        precisions = [p for o in answerable if (p := o.precision) is not None]
        return Figures(
            register=register or "semua",
            answerable=len(answerable),
            hit3=_mean([o.hit3 for o in answerable]),
            precision=_mean(precisions),
            routed=_mean([o.answered.routed for o in answerable]),
            to_decline=len(decline),
            declined=_mean([not o.answered.cited for o in decline]),
        )

    def by_register(self, strict: bool = False) -> list[Figures]:
        return [self.figures(r, strict) for r in REGISTERS] + [self.figures(None, strict)]

    def misrouted(self) -> Counter[tuple[str, str]]:
        """Answerable questions that never reach the regulation answers, counted by
        ``(register, readings)`` (``"a/b"`` for a clarifying question offering a and b)."""
        return Counter(
            (o.question.register, "/".join(o.answered.readings) or "-")
            for o in self.outcomes
            if o.question.answerable and not o.answered.routed
        )

    @property
    def ask_rate(self) -> float:
        return _mean([o.answered.asked for o in self.outcomes])


def _mean(values: Sequence[float | bool]) -> float:
    return sum(float(v) for v in values) / len(values) if values else 0.0


def evaluate(ask: Ask, questions: Sequence[Question] | None = None) -> HeldOutReport:
    """``ask`` on every question (default: the latest held-out set)."""
    chosen = heldout_questions() if questions is None else questions
    return HeldOutReport(tuple(Outcome(q, ask(q.q)) for q in chosen))
