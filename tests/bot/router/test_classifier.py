"""The router's decision rule, and its fast scoring path against scikit-learn's."""

from __future__ import annotations

import numpy as np

from bot.chat.access import Role
from bot.router.classifier import Thresholds, decide
from bot.router.dataset import DEV_FILE, load_examples
from bot.router.features import marked
from bot.router.intents import Intent, allowed_intents
from bot.router.training import default_router, load_thresholds

TH = Thresholds(confident=-0.2, margin=0.1, fit=0.05)


def _scores(**given: float) -> dict[Intent, float]:
    return {i: given.get(i.value, -1.5) for i in Intent}


def test_a_usable_reading_as_likely_as_an_unusable_one_wins() -> None:
    scores = _scores(talentpool=0.50, profile=0.47)
    assert decide(scores, Role.asn, TH).readings == (Intent.profile,)
    assert decide(scores, Role.ppk, TH).readings == (Intent.talentpool,)


def test_an_unusable_reading_stands_when_nothing_usable_fits() -> None:
    # A guest asking for candidates is told the flow needs an account, not sent elsewhere.
    routed = decide(_scores(search_post=0.8, regulation=-0.4), Role.guest, TH)
    assert routed.readings == (Intent.search_post,)


def test_close_readings_are_asked_about_and_only_usable_ones_offered() -> None:
    routed = decide(_scores(search_post=0.30, search_need=0.25, profile=0.29), Role.ppk, TH)
    assert routed.ask and routed.readings == (Intent.search_post, Intent.search_need)
    assert set(routed.readings) <= allowed_intents(Role.ppk)


def test_readings_of_the_same_flow_are_not_asked_about() -> None:
    routed = decide(_scores(regulation=0.30, rule_check=0.28), Role.hr, TH)
    assert routed.readings == (Intent.regulation,)


def test_a_weak_best_reading_is_asked_about() -> None:
    routed = decide(_scores(help=-0.5, out_of_scope=-0.9), Role.asn, TH)
    assert routed.readings == (Intent.help, Intent.out_of_scope)
    assert not decide(_scores(help=0.4, out_of_scope=-0.9), Role.asn, TH).ask


def test_the_fast_path_scores_like_scikit_learn() -> None:
    router = default_router()
    dev = load_examples(DEV_FILE)
    batch = router.score_matrix([e.text for e in dev], [e.role for e in dev])
    single = np.array([[router.scores(e.text, e.role)[i] for i in router.intents] for e in dev])
    assert np.allclose(batch, single, atol=1e-9)


def test_the_assistant_router_uses_the_fitted_thresholds() -> None:
    assert default_router().thresholds == load_thresholds() != Thresholds()


def test_post_abbreviations_are_marked_alone_or_fused_but_not_inside_other_words() -> None:
    assert marked("kadinkes").split()[-1] == "postabbr"
    assert marked("irban 2").split()[-1] == "postabbr"
    assert marked("kadishub dinsos").split().count("postabbr") == 1
    for ordinary in (
        "kasihan banget",
        "kasir toko",
        "sekretaris rapat",
        "kabar baik",
        "profil Kadinah",
        "tolong kasi tau syaratnya",
    ):
        assert "postabbr" not in marked(ordinary).split(), ordinary
