"""The candidate list last shown to someone: what a typed "lanjut", "detail 2", "pilih 2" or
"bandingkan 1 dan 3" refers to.

Kept per asker in the callback table's memos (:func:`bot.chat.callbacks.remember`), so it
survives restarts and both worker processes see it. A blind list keeps no ids: the people on it
are reached through its recorded reference, authorised again, never from this memo.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.callbacks import forget, recall, remember
from db.engine import Session

MEMO = "last_search"


@dataclass(frozen=True)
class LastList:
    query: str
    page: int = 1
    pages: int = 1
    jabatan_id: int | None = None  # the post the pages stay on (None: a described need)
    first: int = 1  # the rank of the first row shown
    ids: tuple[int, ...] = ()  # the rows shown, in rank order; empty while the list is blind
    ref: str | None = None  # the recorded list (SL-…), where lists are recorded
    blind: bool = False

    def at_rank(self, rank: int) -> int | None:
        """The id shown at ``rank`` on this page, if the page shows it."""
        i = rank - self.first
        return self.ids[i] if 0 <= i < len(self.ids) else None

    @property
    def last_rank(self) -> int:
        return self.first + max(len(self.ids), 1) - 1


def remember_list(session: Session, owner: str, shown: LastList) -> None:
    remember(
        session,
        owner,
        MEMO,
        {
            "q": shown.query,
            "n": shown.page,
            "pages": shown.pages,
            "j": shown.jabatan_id,
            "first": shown.first,
            "ids": [] if shown.blind else list(shown.ids),
            "ref": shown.ref,
            "blind": shown.blind,
        },
    )


def forget_list(session: Session, owner: str) -> None:
    """Nothing on screen to follow up: a question ("unit yang mana?") replaced the list."""
    forget(session, owner, MEMO)


def last_list(session: Session, owner: str) -> LastList | None:
    """The list last shown to ``owner`` (within the memo's two days), or ``None`` (also for a
    memo written before pages and references were kept: its page is not known)."""
    data = recall(session, owner, MEMO)
    if data is None or "pages" not in data:
        return None
    try:
        j = data.get("j")
        ref = data.get("ref")
        return LastList(
            query=str(data.get("q", "")),
            page=int(data.get("n", 1)),
            pages=int(data.get("pages", 1)),
            jabatan_id=j if isinstance(j, int) and not isinstance(j, bool) else None,
            first=int(data.get("first", 1)),
            ids=tuple(int(i) for i in data.get("ids") or []),
            ref=ref if isinstance(ref, str) else None,
            blind=bool(data.get("blind")),
        )
    except (TypeError, ValueError):
        return None  # a memo of another shape: as if no list were shown
