"""Messages that used to fail, and the keyword router's old test phrasings, still route right."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.chat.access import Role
from bot.router.classifier import SAME_FLOW
from bot.router.intents import Intent
from bot.router.training import default_router

# Real messages the keyword router sent to the wrong flow, with the role that sent them.
QUOTED = [
    ("aturan soal kelompok rencana suksesi itu gimana?", Role.komite, Intent.regulation),
    ("aturan soal kelompok rencana suksesi itu gimana?", Role.hr, Intent.regulation),
    (
        "which regulation governs talent management in regional government?",
        Role.hr,
        Intent.regulation,
    ),
    ("apa hak saya atas data pribadi saya menurut UU PDP?", Role.asn, Intent.regulation),
    ("siapa yang berwenang memutasi PNS antar kabupaten?", Role.hr, Intent.regulation),
    ("siapa yang berwenang memutasi PNS antar kabupaten?", Role.ppk, Intent.regulation),
    ("pangkat minimal untuk jabatan administrator apa?", Role.hr, Intent.regulation),
    ("pangkat minimal untuk jabatan administrator apa?", Role.ppk, Intent.regulation),
    ("KASN masih ada nggak?", Role.guest, Intent.regulation),
    ("KASN masih ada nggak?", Role.asn, Intent.regulation),
    ("posisi saya di nine box di mana?", Role.asn, Intent.profile),
    ("perlu orang yang ngerti persandian untuk diskominfo", Role.ppk, Intent.search_need),
    ("umur 57 bisa jadi kadis?", Role.asn, Intent.rule_check),
    ("umur 57 bisa jadi kadis?", Role.guest, Intent.rule_check),
    # A PPK trying the assistant: a bare post abbreviation, fused or numbered, names a post.
    ("kadinkes", Role.hr, Intent.search_post),
    ("irban 2", Role.ppk, Intent.search_post),
    ("irban II", Role.hr, Intent.search_post),
    ("kapus", Role.ppk, Intent.search_post),
    # "kasi tau" is "tell me", not the rank Kepala Seksi.
    ("kasi tau syarat kabid dong", Role.ppk, Intent.regulation),
    ("tolong kasi tau syarat kadis", Role.hr, Intent.regulation),
    # A request for a post with conditions is a search, not a rule check of one case.
    (
        "saya cari orang buat kabid pendapatan di bpkad, syaratnya minimal S2, golongan IV/a"
        " ke atas, kalau bisa laki2 dan muslim",
        Role.ppk,
        Intent.search_post,
    ),
    (
        "cari kandidat kabid anggaran yang S2, golongan IV/a, pengalaman 5 tahun",
        Role.ppk,
        Intent.search_post,
    ),
    ("kapan sy pensiun?", Role.asn, Intent.profile),
]


@pytest.mark.parametrize(("text", "role", "intent"), QUOTED)
def test_quoted_messages_route_to_their_flow_without_a_question(
    text: str, role: Role, intent: Intent
) -> None:
    routed = default_router().route(text, role)
    assert routed.readings == (intent,), routed


def _flow(intent: Intent) -> Intent:
    return SAME_FLOW.get(intent, intent)


def test_the_old_test_phrasings_still_reach_their_flow() -> None:
    """tests/bot/router/regression.yaml: the keyword router's test set, relabelled. Right when
    the chosen reading, or one offered on a button, runs the labelled flow."""
    rows = yaml.safe_load((Path(__file__).parent / "regression.yaml").read_text(encoding="utf-8"))
    assert len(rows) == 89
    router = default_router()
    wrong = []
    for row in rows:
        routed = router.route(row["text"], Role(row["role"]))
        if _flow(Intent(row["intent"])) not in {_flow(i) for i in routed.readings}:
            wrong.append((row["text"], [i.value for i in routed.readings]))
    assert len(wrong) / len(rows) <= 0.10, wrong
