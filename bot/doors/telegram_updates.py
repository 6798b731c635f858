"""Each Telegram update is answered once, whatever the number of workers and restarts.

Telegram delivers an update again when it could not confirm it (a webhook answer it did not
get, a polling bot that restarted after fetching it), and in webhook mode several workers share
the traffic. Before answering, a worker claims the update id in the database
(``telegram_update``, :mod:`db.queries.telegram_updates`); a second delivery finds the claim:

- answered already: dropped;
- still being answered by another worker: waited for, then dropped — or taken on once that
  claim lapses (``bot.update_claim_timeout_s``: its worker died mid-answer);
- the answer failed here before any part of it reached the chat: the claim is given back, so
  a later delivery is answered afresh;
- the answer failed here after a part of it was sent (the text, then the picture failed): the
  claim is finished, as answering again would send that part twice; the user has it and the
  apology.

Rows are forgotten after :data:`RETENTION`, longer than the 24 hours Telegram keeps an update.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from db.engine import Engine, session_scope
from db.queries.telegram_updates import (
    RETENTION,
    UpdateState,
    claim_update,
    finish_update,
    purge_updates,
    release_update,
    update_state,
)

log = logging.getLogger("talenta.telegram")

PURGE_EVERY = timedelta(hours=1)
WAIT_STEP_S = 0.25  # how often a second delivery looks whether the first was answered
RunBlocking = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Claim:
    bot_id: int
    update_id: int
    claimed_at: datetime


class UpdateAnswer:
    """What :meth:`UpdateLedger.answering` yields: ``fresh`` when this worker is to answer the
    update, and whether a part of the answer reached the chat (:meth:`delivered`)."""

    def __init__(self, *, fresh: bool) -> None:
        self.fresh = fresh
        self.reached_chat = False

    def delivered(self) -> None:
        """Mark that a message of the answer was sent or edited: a failure from now on finishes
        the claim instead of giving it back."""
        self.reached_chat = True


class UpdateLedger:
    """Claims, finishes and releases update ids (blocking: call from the bot's thread pool)."""

    def __init__(self, engine: Engine, *, claim_timeout: timedelta) -> None:
        self.engine = engine
        self.claim_timeout = claim_timeout
        self._purged_at: datetime | None = None

    def try_claim(self, bot_id: int, update_id: int) -> Claim | UpdateState:
        """The claim when this worker should answer; otherwise the update's state."""
        now = datetime.now(UTC)
        with session_scope(self.engine) as session:
            if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
                gone = purge_updates(session, before=now - RETENTION)
                self._purged_at = now
                log.debug("update ids forgotten", extra={"count": gone})
            lapsed_before = now - self.claim_timeout
            if claim_update(
                session, bot_id=bot_id, update_id=update_id, now=now, lapsed_before=lapsed_before
            ):
                return Claim(bot_id, update_id, now)
            return update_state(session, bot_id=bot_id, update_id=update_id)

    def finish(self, claim: Claim) -> None:
        with session_scope(self.engine) as session:
            finish_update(
                session, bot_id=claim.bot_id, update_id=claim.update_id, now=datetime.now(UTC)
            )

    def release(self, claim: Claim) -> None:
        with session_scope(self.engine) as session:
            release_update(
                session,
                bot_id=claim.bot_id,
                update_id=claim.update_id,
                claimed_at=claim.claimed_at,
            )

    @asynccontextmanager
    async def answering(
        self, bot_id: int, update_id: int, run_blocking: RunBlocking
    ) -> AsyncIterator[UpdateAnswer]:
        """Yield an :class:`UpdateAnswer`, fresh when this worker is to answer the update, not fresh
        when it was answered already (or meanwhile, by the worker that had it). The claim is
        finished when the body succeeds; when it raises, the claim is given back if nothing was
        marked :meth:`UpdateAnswer.delivered`, and finished otherwise."""
        while True:
            got = await run_blocking(self.try_claim, bot_id, update_id)
            if isinstance(got, Claim):
                break
            if got == UpdateState.DONE:
                log.info("update delivered again, answered already", extra={"update_id": update_id})
                yield UpdateAnswer(fresh=False)
                return
            await asyncio.sleep(WAIT_STEP_S)  # another worker is answering it right now
        answer = UpdateAnswer(fresh=True)
        try:
            yield answer
        except BaseException:
            if answer.reached_chat:
                log.warning(
                    "answer failed after a part was sent; not answered again",
                    extra={"update_id": update_id},
                )
                await run_blocking(self.finish, got)
            else:
                log.info(
                    "answer failed before any part was sent; claim given back",
                    extra={"update_id": update_id},
                )
                await run_blocking(self.release, got)
            raise
        await run_blocking(self.finish, got)
