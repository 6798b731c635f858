"""The conversation core: who is asking → what they want → replies. No transport here.

The Telegram adapter, the console chat and the tests all call :meth:`Assistant.handle` with an
:class:`~bot.chat.replies.Inbound` and get :class:`~bot.chat.replies.Reply` objects back. It is
blocking (SQL, search) and is called from one thread-pool seam by the Telegram adapter.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.chat import binding, callbacks, presses, ratelimit
from bot.chat.access import Identity, Role
from bot.chat.render import Renderer
from bot.chat.replies import Inbound, Reply
from bot.chat.settings import ConversationSettings
from bot.chat.turn import Turn
from bot.flows import access_view, account, list_followups, people, pictures, regulation
from bot.flows import cases as cases_flow
from bot.flows.access_history import refusal_hook, refused_button
from bot.flows.committee import sidang as committee_sidang
from bot.flows.committee import votes as committee_votes
from bot.flows.help import show_help
from bot.flows.short_replies import Short, short_reply
from bot.flows.shortlists import choice as shortlist_choice
from bot.flows.shortlists import document as shortlist_doc
from bot.flows.shortlists import lifecycle as shortlists
from bot.flows.waits import end_waits, waiting
from bot.ports.services import Services
from bot.router import clarify
from bot.router.classifier import Router
from bot.router.commands import COMMANDS, Command, CommandTable
from bot.router.failures import USER_FACING, user_message
from bot.router.groups import NO_REGISTERED_GROUPS, GroupGate, group_gate, private_link
from bot.router.intents import Intent
from db.engine import Engine, Session, session_scope

log = logging.getLogger("talenta.assistant")

READINGS = frozenset(i.value for i in Intent)  # what a clarification button may name

Identify = Callable[[Session, Inbound], Identity]


def telegram_identity(session: Session, inbound: Inbound) -> Identity:
    if inbound.telegram_id is None:
        return Identity(role=Role.guest, actor=inbound.actor)
    return binding.identity_for_telegram(session, inbound.telegram_id)


class Assistant:
    def __init__(
        self,
        engine: Engine,
        services: Services,
        *,
        identify: Identify = telegram_identity,
        settings: ConversationSettings | None = None,
        renderer: Renderer | None = None,
        commands: CommandTable = COMMANDS,
        router: Router | None = None,
        groups: GroupGate = NO_REGISTERED_GROUPS,
    ) -> None:
        self.groups = groups  # registered groups may do more (bot/router/groups.py)
        if router is None:
            from bot.router.training import default_router

            router = default_router()  # fitted once per process, in well under a second
        self.router = router
        self.engine = engine
        self.services = services
        self.identify = identify
        self.settings = settings or ConversationSettings()
        self.renderer = renderer or Renderer()
        self.commands = commands
        # The bot's username for deep links (t.me/<username>?start=…): set by the Telegram door
        # from getMe at start, ``bot.username`` overriding; empty outside Telegram.
        self.bot_username = ""
        self._msg_limit = ratelimit.Limit(self.settings.messages_per_minute, timedelta(minutes=1))

    def handle(self, inbound: Inbound) -> list[Reply]:
        with session_scope(self.engine) as session:
            identity = self.identify(session, inbound)
            refusals = refusal_hook(self.services)  # refusals are audited
            turn = Turn(
                identity,
                inbound,
                session,
                self.renderer,
                on_refusal=refusals,
                settings=self.settings,
                menu=self.commands.menu_lines,
            )
            if not ratelimit.hit(session, f"msg:{identity.actor}", self._msg_limit):
                log.info("rate limited", extra={"actor": identity.actor})
                return [turn.reply("rate_limited")]
            # The counter is its own short write: on SQLite a write transaction holds the one
            # database write lock, and it must not stay held for the whole (slow) request.
            session.commit()
            replies = cases_flow.resolutions(turn, self.services) + self._answer(turn)
        log.info(
            "handled",
            extra={
                "actor": identity.actor,
                "user_id": identity.user_id,
                "role": identity.role.value,
                "kinds": [r.kind for r in replies],
            },
        )
        return replies

    # -- dispatch -------------------------------------------------------------------------

    def _answer(self, turn: Turn) -> list[Reply]:
        """The request's replies; an error a user may meet becomes one plain reply."""
        try:
            replies = self._dispatch(turn)
        except USER_FACING as exc:
            log.warning(
                "request failed", extra={"actor": turn.identity.actor, "error": type(exc).__name__}
            )
            return [turn.reply("failed", message=user_message(exc))]
        if any(r.kind == "choose_unit" for r in replies):
            # The newest question is the one a typed reply answers: no older wait takes it.
            end_waits(turn, but_unit=True)
        return replies

    def _dispatch(self, turn: Turn) -> list[Reply]:
        inbound = turn.inbound
        if inbound.callback_token is not None:
            return [self._press(turn, inbound.callback_token)]
        text = inbound.text.strip()
        if len(text) > self.settings.max_message_chars:
            return [turn.reply("too_long", length=len(text), limit=self.settings.max_message_chars)]
        if text.startswith("/"):
            head, _, args = text[1:].partition(" ")
            name = head.split("@")[0].lower()
            if not group_gate(inbound, command=name, registered=self.groups):
                return [self._to_private(turn, self.commands.find(name, args))]
            end_waits(turn)
            return self._command(turn, name, args.strip())
        if not group_gate(inbound, registered=self.groups):
            return [self._to_private(turn)]
        short = short_reply(text)  # "batal", "ya": an answer to the last question
        if short is Short.cancel:
            was_waiting = waiting(turn)
            end_waits(turn)
            return [turn.reply("wait_cancelled", waiting=was_waiting)]
        if short is Short.yes:
            confirmed = shortlist_choice.confirmed_by_typing(turn, self.services)
            # "ya" while a choice awaits its reason is no reason: say again what is awaited.
            awaited = confirmed or shortlist_choice.reason_awaited(turn, self.services)
            return [awaited or turn.reply("acknowledged")]
        # A typed follow-up on the list ("detail 2") comes before any wait for a typed answer:
        # it is never taken as a choice's reason or a case's text.
        followed = list_followups.typed(turn, self.services, text)
        if isinstance(followed, presses.Press):
            return [self._pressed(turn, followed, typed=True)]
        if followed is not None:
            return [followed]
        pending = shortlist_choice.pending_reason(turn, self.services, text)
        if pending is None:
            pending = cases_flow.pending_text(turn, self.services, text)
        if pending is not None:
            return [pending]
        reasoned = committee_votes.pending_text(turn, self.services, text)
        if reasoned is not None:
            return reasoned
        narrowed = people.narrowed_by_reply(turn, self.services, text)
        if narrowed is not None:
            return [narrowed]
        return [self._intent(turn, text)]

    def _to_private(self, turn: Turn, command: Command | None = None) -> Reply:
        """The group gate's answer: the private chat's deep link (a refused personal-data
        command is recorded, as every refusal is)."""
        if command is not None and command.action is not None:
            turn.allow(command.action)  # refused in a group: recorded under the action
        username = turn.inbound.bot_username or self.settings.username
        return turn.reply("group_private", link=private_link(username))

    def _command(self, turn: Turn, name: str, args: str) -> list[Reply]:
        """One entry of the command table: its gate (the entry's roles), then its handler."""
        command = self.commands.find(name, args)
        if command is None:
            return [turn.reply("unknown_command", command=name[:40])]
        decision = turn.allow_command(command.name, command.roles, command.action)
        if not decision:
            return [turn.refused(decision)]
        answered = command.handler(turn, self.services, args)
        return answered if isinstance(answered, list) else [answered]

    def _intent(self, turn: Turn, text: str) -> Reply:
        if not any(ch.isalnum() for ch in text):
            # "...", "👍", "?!": no words to route; what the assistant can do is the answer.
            return self._run(turn, Intent.help, text)
        routed = self.router.route(text, turn.identity.role)
        log.info(
            "routed",
            extra={"intent": routed.intent.value, "readings": [i.value for i in routed.readings]},
        )
        if routed.ask:
            return clarify.ask(turn, text, routed.readings)
        return self._run(turn, routed.intent, text)

    def _run(self, turn: Turn, intent: Intent, text: str) -> Reply:
        """The flow of one reading, on the text as written (typed, or a clarification press)."""
        s = self.services
        match intent:
            case Intent.search_post | Intent.search_need:
                return people.search(turn, s, text, by_post=intent is Intent.search_post)
            case Intent.person:
                return people.person(turn, s, text)
            case Intent.regulation | Intent.rule_check:
                return self._regulation(turn, text)
            case Intent.profile:
                return people.own_profile(turn, s)
            case Intent.opportunities:
                return people.opportunities(turn, s)
            case Intent.talentpool:
                return people.talentpool(turn, s, people.unit_hint(text))
            case Intent.compare:
                return people.compare_last(turn, s, _picks(text))
            case Intent.access_history:
                return access_view.show(turn, s, text)
            case Intent.help:
                return self._help(turn)
            case Intent.logout:
                return self._logout(turn)
        return clarify.out_of_scope(turn)

    # -- buttons --------------------------------------------------------------------------

    def _press(self, turn: Turn, token: str) -> Reply:
        found = callbacks.load(turn.session, turn.identity.actor, token)
        kind = found.action if found is not None else None
        if not group_gate(turn.inbound, press=kind, registered=self.groups):
            return self._to_private(turn)
        if found is None:
            log.warning(
                "callback refused", extra={"actor": turn.identity.actor, "reason": "unknown_token"}
            )
            refused_button(turn, self.services, token)
            return turn.reply("expired_button")
        press = presses.unpack(found.action, found.data)
        if press is None:
            log.warning(
                "callback refused", extra={"actor": turn.identity.actor, "reason": "malformed"}
            )
            return turn.reply("expired_button")
        return self._pressed(turn, press)

    def _pressed(self, turn: Turn, press: presses.Press, *, typed: bool = False) -> Reply:
        """What a button asks for, pressed or typed ("lanjut", "detail 2"): whatever it says,
        it is checked again like a typed request."""
        s = self.services
        # A press answers instead of any typed answer awaited (a unit's name, a choice's
        # reason, a case's text, a vote's reason); its own flow may ask again.
        end_waits(turn, but_choice=isinstance(press, presses.ChoosePress))
        match press:
            case presses.DetailPress(pegawai_id=pid, jabatan_id=position):
                reply = people.detail(turn, s, pid)
                if reply.kind != "candidate_detail":  # refused or gone: no picture either
                    return reply
                return pictures.with_detail_chart(turn, s.caches, reply, pid, position)
            case presses.PagePress(query=query, page=page, jabatan_id=position, unit=unit):
                return people.search(
                    turn, s, query, page, edit=not typed, jabatan_id=position, unit=unit
                )
            case presses.ComparePress(ids=ids):
                return people.compare(turn, s, list(ids))
            case presses.CitationsPress():
                return regulation.citations(turn, press)
            case presses.RevealPress(ref=ref):
                return shortlists.reveal(turn, s, ref)
            case presses.CasePress(case_kind=case_kind):
                return cases_flow.ask(turn, s, case_kind)
            case presses.ChoosePress(ref=ref, pegawai_id=pid, confirmed=confirmed):
                return shortlist_choice.choose(turn, s, ref, pid, confirmed=confirmed)
            case presses.ChoiceCancelPress(ref=ref):
                return shortlist_choice.cancelled(turn, ref)
            case presses.RoutePress(intent=intent, text=text) if intent in READINGS:
                return self._run(turn, Intent(intent), text)
            case presses.SidangRevealPress(ref=ref):
                return committee_votes.reveal(turn, s, ref)
            case presses.VotePress():
                return committee_votes.vote_pressed(turn, s, press)
            case presses.DocumentPress(ref=ref):
                acc = s.accountability
                return shortlist_doc.document_reply(turn, acc.audit if acc else None, ref)
            case presses.SpreadsheetPress(ref=ref):
                acc = s.accountability
                return shortlist_doc.document_reply(turn, acc.audit if acc else None, ref, "xlsx")
        return turn.reply("expired_button")

    # -- what the Telegram door's clock and its group events ask -------------------------

    def close_due_sidangs(self, now: datetime | None = None) -> list[Reply]:
        """Close every sidang komite past its closing time; the replies name their chats."""
        acc = self.services.accountability
        if acc is None:
            return []
        with session_scope(self.engine) as session:
            return committee_sidang.close_due(session, acc.audit, self.renderer, now)

    def follow_group_move(self, old_chat_id: int, new_chat_id: int) -> bool:
        """A group became a supergroup: a committee registered there follows it."""
        acc = self.services.accountability
        if acc is None:
            return False
        with session_scope(self.engine) as session:
            moved = committee_sidang.follow_move(session, acc.audit, old_chat_id, new_chat_id)
        if moved:
            log.info("committee group moved", extra={"old": old_chat_id, "new": new_chat_id})
        return moved

    # -- what free text and buttons reach besides the people flows ---------------------------

    def _help(self, turn: Turn) -> Reply:
        return show_help(turn, self.services)

    def _logout(self, turn: Turn) -> Reply:
        return account.logout(turn, self.services)

    def _regulation(self, turn: Turn, question: str) -> Reply:
        return regulation.answer(turn, self.services, question)


def _picks(text: str) -> str:
    """'bandingkan nomor 1 dan 3' → '1 3'; fewer than two numbers mean the top of the list."""
    numbers = re.findall(r"\b\d{1,2}\b", text)
    return " ".join(numbers) if len(numbers) >= 2 else ""
