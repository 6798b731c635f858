"""One-word answers to the assistant's last question: "batal" / "gak jadi" and "ya" / "oke".

Said alone, such a word answers what the assistant just asked, not a new request: read by the
router, "tidak jadi" reached the regulation answers, "ya" a candidate search for "ya", and a
"batal" while a choice awaited its reason was refused as a reason too short. Here a
cancelling word ends every wait (nothing is recorded); an agreeing word confirms a choice only
when "Catat pilihan ini?" was just asked, and is otherwise acknowledged.
"""

from __future__ import annotations

from enum import Enum

from bot.chat.numbers import normalised

CANCEL_WORDS = frozenset(
    {
        "batal",
        "batalkan",
        "dibatalkan",
        "cancel",
        "tidak jadi",
        "tdk jadi",
        "gak jadi",
        "ga jadi",
        "gk jadi",
        "nggak jadi",
        "ngga jadi",
        "enggak jadi",
        "engga jadi",
        "ndak jadi",
        "gajadi",
        "jangan",
        "jangan dicatat",
        "tidak usah",
        "gak usah",
        "ga usah",
        "nggak usah",
    }
)
YES_WORDS = frozenset(
    {
        "ya",
        "iya",
        "y",
        "yes",
        "ok",
        "oke",
        "okay",
        "okey",
        "baik",
        "siap",
        "sip",
        "setuju",
        "betul",
        "benar",
        "ya catat",
        "ya catat pilihan",
        "ok catat",
        "oke catat",
        "catat",
        "lanjut catat",
    }
)
_COURTESY = frozenset({"pak", "bu", "dong", "deh", "aja", "saja", "kak", "min", "sudah", "udah"})


class Short(Enum):
    cancel = "cancel"
    yes = "yes"


def short_reply(text: str) -> Short | None:
    """Whether ``text`` is nothing but a cancelling or an agreeing word."""
    words = [w for w in normalised(text).split() if w not in _COURTESY]
    said = " ".join(words)
    if not said or len(words) > 3:
        return None
    if said in CANCEL_WORDS:
        return Short.cancel
    if said in YES_WORDS:
        return Short.yes
    return None
