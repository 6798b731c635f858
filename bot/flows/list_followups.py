"""Typed follow-ups on the candidate list last shown: what a PPK types instead of pressing its
buttons — "lanjut", "sebelumnya", "halaman 2", "detail 2", "lihat yang kedua", "pilih nomor 2",
"tampilkan identitas".

Each is read as the button it stands for (a :class:`~bot.chat.presses.Press`), which the
assistant then runs exactly as a pressed one: authorised again, recorded the same way. A
choice typed in words is never recorded at once: it gets the same "Catat pilihan ini?" as
"Pilih N" (and one that needs a reason shows the typed reason back before recording). Only
short messages that are nothing but such a follow-up are read here, and only while a list is
on screen (a unit question clears it); anything else ("lanjut cari kepala dinas", "detail
pengadaan") is an ordinary message for the router. Words that also mean something else
("kembali" after a detail, "lagi", "terus") are left to the router.
"""

from __future__ import annotations

import logging
import re

from bot.chat.last_list import LastList, last_list
from bot.chat.numbers import NUMBER, as_number, normalised
from bot.chat.presses import DetailPress, PagePress, Press, RevealPress
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.shortlists import choice as shortlist_choice
from bot.ports.services import Services

log = logging.getLogger("talenta.followups")

MAX_WORDS = 6  # a follow-up is short; a longer message is a request of its own

# Courtesy words that change nothing ("lanjut dong", "tolong detail nomor 2 ya pak").
_COURTESY = frozenset(
    [
        "dong",
        "ya",
        "yah",
        "ok",
        "oke",
        "tolong",
        "coba",
        "mohon",
        "pak",
        "bu",
        "bapak",
        "ibu",
        "kak",
        "deh",
        "aja",
        "saja",
        "please",
        "pls",
        "sih",
        "lah",
        "nya",
    ]
)
_NEXT = frozenset(
    {
        "lanjut",
        "lanjutkan",
        "lanjutannya",
        "berikut",
        "berikutnya",
        "selanjutnya",
        "next",
        "more",
        "lainnya",
        "yang lain",
        "yang lainnya",
        "lihat lagi",
        "tampilkan lagi",
        "lihat berikutnya",
        "halaman berikutnya",
        "halaman selanjutnya",
        "hal berikutnya",
        "next page",
        "show more",
    }
)
_PREVIOUS = frozenset(
    {
        "sebelumnya",
        "prev",
        "previous",
        "halaman sebelumnya",
        "hal sebelumnya",
        "yang sebelumnya",
    }
)
_REVEAL = frozenset(
    {
        "tampilkan identitas",
        "buka identitas",
        "lihat identitas",
        "tampilkan nama",
        "lihat nama",
        "buka nama",
        "tampilkan namanya",
        "show names",
    }
)
_PAGE = re.compile(r"(?:halaman|hal|page)\s*(\d{1,3})")
_DETAIL = re.compile(
    r"(?:detail|detil|rincian|profil|profile|lihat|buka|info|cek|show|details)\s*" + NUMBER
)
_CHOOSE = re.compile(r"(?:saya\s+)?(?:pilih|ambil|tetapkan|tunjuk|choose|pick)\s*" + NUMBER)


def typed(turn: Turn, services: Services, text: str) -> Press | Reply | None:
    """The button a short typed follow-up stands for, the reply that explains why it cannot be
    done (a blind list, a number not on the page), or ``None``: not a follow-up, or no list."""
    words = _normalised(text)
    if not words or len(words) > MAX_WORDS:
        return None
    last = last_list(turn.session, turn.identity.actor)
    if last is None:
        return None
    said = " ".join(words)
    if last.query and (said in _NEXT or said in _PREVIOUS or _PAGE.fullmatch(said)):
        page = _page(said, last)
        numbered = _PAGE.fullmatch(said) is not None
        if page < 1 and not numbered:
            return None  # "sebelumnya" on the first page: not about the list
        if not 1 <= page <= last.pages:
            return turn.reply(
                "last_list", problem="page", page=page, pages=last.pages, numbered=numbered
            )
        log.info("typed follow-up", extra={"follow_up": "page"})
        return PagePress(last.query, page, last.jabatan_id)
    if said in _REVEAL:
        if not last.blind or last.ref is None:
            return None  # nothing hidden: an ordinary message
        log.info("typed follow-up", extra={"follow_up": "reveal"})
        return RevealPress(last.ref)
    detail = _DETAIL.fullmatch(said)
    if detail:
        rank = as_number(detail.group(1))
        if last.blind:
            return turn.reply("last_list", problem="blind", ref=last.ref, what="membuka detail")
        pid = last.at_rank(rank)
        if pid is None:
            return _not_on_page(turn, last, rank)
        log.info("typed follow-up", extra={"follow_up": "detail"})
        return DetailPress(pid, last.jabatan_id)
    chosen = _CHOOSE.fullmatch(said)
    if chosen and last.ref is not None:
        rank = as_number(chosen.group(1))
        if not last.blind and last.at_rank(rank) is None:
            return _not_on_page(turn, last, rank)
        log.info("typed follow-up", extra={"follow_up": "choose"})
        return shortlist_choice.choose_named(turn, services, last.ref, str(rank), confirmed=False)
    return None


def _normalised(text: str) -> list[str]:
    return [w for w in normalised(text).split() if w not in _COURTESY]


def _page(said: str, last: LastList) -> int:
    numbered = _PAGE.fullmatch(said)
    if numbered:
        return int(numbered.group(1))
    return last.page - 1 if said in _PREVIOUS else last.page + 1


def _not_on_page(turn: Turn, last: LastList, rank: int) -> Reply:
    return turn.reply(
        "last_list",
        problem="rank",
        rank=rank,
        first=last.first,
        last=last.last_rank,
        more=last.page < last.pages,
    )
