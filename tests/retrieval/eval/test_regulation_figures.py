"""Regulation answer figures, following the clarification button and strict."""

from __future__ import annotations

from retrieval.eval.regulation_heldout import Answered, evaluate
from retrieval.eval.regulation_sets import Question

QUESTIONS = [
    Question(q="direct", expect=("pp-11-2017:pasal-239",), register="formal"),
    Question(q="button", expect=("pp-11-2017:pasal-107",), register="formal"),
    Question(q="elsewhere", expect=("uu-27-2022:pasal-5",), register="casual"),
    Question(q="decline-asked", expect=(), register="casual"),
]

ANSWERS = {
    "direct": Answered(
        routed=True, asked=False, cited=("pp-11-2017:pasal-239",), readings=("regulation",)
    ),
    "button": Answered(
        routed=True,
        asked=True,
        cited=("pp-11-2017:pasal-107", "pp-11-2017:pasal-239"),
        readings=("talentpool", "regulation"),
    ),
    "elsewhere": Answered(routed=False, asked=False, cited=(), readings=("profile",)),
    "decline-asked": Answered(
        routed=True, asked=True, cited=("pp-11-2017:pasal-239",), readings=("person", "regulation")
    ),
}


def test_following_the_button_counts_the_offered_regulation_reading() -> None:
    report = evaluate(ANSWERS.__getitem__, QUESTIONS)
    total = report.figures()
    assert total.answerable == 3
    assert total.routed == 2 / 3
    assert total.hit3 == 2 / 3
    assert total.precision == (1.0 + 0.5) / 2
    # The out-of-corpus question reached the answers through the button and cited something.
    assert total.declined == 0.0
    assert report.ask_rate == 0.5


def test_strict_figures_count_a_clarifying_question_as_no_answer() -> None:
    report = evaluate(ANSWERS.__getitem__, QUESTIONS)
    strict = report.figures(strict=True)
    assert strict.routed == 1 / 3
    assert strict.hit3 == 1 / 3
    assert strict.precision == 1.0
    assert strict.declined == 1.0
    formal = report.figures("formal", strict=True)
    assert (formal.routed, formal.hit3) == (0.5, 0.5)
    assert [f.register for f in report.by_register(strict=True)][-1] == "semua"


def test_misrouted_lists_where_answerable_questions_went() -> None:
    report = evaluate(ANSWERS.__getitem__, QUESTIONS)
    assert report.misrouted() == {("casual", "profile"): 1}
