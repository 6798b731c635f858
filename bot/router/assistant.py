"""The conversation core: who is asking → what they want → replies. No transport here.

The Telegram adapter, the console chat and the tests all call :meth:`Assistant.handle` with an
:class:`~bot.chat.replies.Inbound` and get :class:`~bot.chat.replies.Reply` objects back. It is
blocking (SQL, search) and is called from one thread-pool seam by the Telegram adapter.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import binding, callbacks, ratelimit
from bot.chat.access import Action, Identity, Role
from bot.chat.render import Renderer
from bot.chat.replies import Button, Inbound, Reply
from bot.chat.turn import Turn
from bot.flows import access_view, people, pictures
from bot.flows import cases as cases_flow
from bot.flows.access_history import refusal_hook, refused_button
from bot.flows.shortlists import document as shortlist_doc
from bot.flows.shortlists import lifecycle as shortlists
from bot.ports.services import CitedProvision, Services
from bot.router import clarify
from bot.router.classifier import Router
from bot.router.commands import EXAMPLE, ROLE_LABEL, commands_for, known
from bot.router.intents import Intent
from db.engine import session_scope

log = logging.getLogger("talenta.assistant")

Identify = Callable[[Session, Inbound], Identity]


@dataclass(frozen=True)
class CoreSettings:
    messages_per_minute: int = 20
    failed_starts_per_hour: int = 5
    max_message_chars: int = 1000


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
        settings: CoreSettings | None = None,
        renderer: Renderer | None = None,
        router: Router | None = None,
    ) -> None:
        if router is None:
            from bot.router.training import default_router

            router = default_router()  # fitted once per process, in well under a second
        self.router = router
        self.engine = engine
        self.services = services
        self.identify = identify
        self.settings = settings or CoreSettings()
        self.renderer = renderer or Renderer()
        self._msg_limit = ratelimit.Limit(self.settings.messages_per_minute, timedelta(minutes=1))
        self._start_limit = ratelimit.Limit(
            self.settings.failed_starts_per_hour, timedelta(hours=1)
        )

    def handle(self, inbound: Inbound) -> list[Reply]:
        with session_scope(self.engine) as session:
            identity = self.identify(session, inbound)
            refusals = refusal_hook(self.services)  # issue 7: refusals are audited
            turn = Turn(identity, inbound, session, self.renderer, on_refusal=refusals)
            if not ratelimit.hit(session, f"msg:{identity.actor}", self._msg_limit):
                log.info("rate limited", extra={"actor": identity.actor})
                return [turn.reply("rate_limited")]
            # The counter is its own short write: on SQLite a write transaction holds the one
            # database write lock, and it must not stay held for the whole (slow) request.
            session.commit()
            replies = cases_flow.resolutions(turn, self.services) + self._dispatch(turn)
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

    def _dispatch(self, turn: Turn) -> list[Reply]:
        inbound = turn.inbound
        if inbound.callback_token is not None:
            return [self._press(turn, inbound.callback_token)]
        text = inbound.text.strip()
        if len(text) > self.settings.max_message_chars:
            return [turn.reply("too_long", length=len(text), limit=self.settings.max_message_chars)]
        if text.startswith("/"):
            shortlists.cancel_pending(turn)
            cases_flow.cancel_pending(turn)
            head, _, args = text[1:].partition(" ")
            return self._command(turn, head.split("@")[0].lower(), args.strip())
        pending = shortlists.pending_reason(turn, self.services, text)
        if pending is None:
            pending = cases_flow.pending_text(turn, self.services, text)
        if pending is not None:
            return [pending]
        return [self._intent(turn, text)]

    def _command(self, turn: Turn, name: str, args: str) -> list[Reply]:
        s = self.services
        match name:
            case "start":
                return [self._start(turn, args)]
            case "bantuan" | "help":
                return [self._help(turn)]
            case "kandidat":
                return [people.search(turn, s, args)]
            case "profil":
                return [people.person(turn, s, args) if args else people.own_profile(turn, s)]
            case "peluang":
                return [people.opportunities(turn, s)]
            case "aturan":
                return [self._regulation(turn, args)]
            case "talentpool":
                return [people.talentpool(turn, s, args)]
            case "bandingkan":
                return [people.compare_last(turn, s, args)]
            case "daftar":
                return [shortlists.reopen(turn, s, args)]
            case "keluar":
                return [self._logout(turn)]
        assert not known(name), name
        return [turn.reply("unknown_command", command=name[:40])]

    def _intent(self, turn: Turn, text: str) -> Reply:
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
                return people.talentpool(turn, s, _unit_hint(text))
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
        press = callbacks.load(turn.session, turn.identity.actor, token)
        if press is None:
            log.warning(
                "callback refused", extra={"actor": turn.identity.actor, "reason": "unknown_token"}
            )
            refused_button(turn, self.services, token)
            return turn.reply("expired_button")
        s, d = self.services, press.data
        # Whatever the button says, it is checked again like a typed request.
        match press.action:
            case "detail":
                reply = people.detail(turn, s, int(d["p"]))
                if reply.kind != "candidate_detail":  # refused or gone: no picture either
                    return reply
                j = d.get("j")
                position = j if isinstance(j, int) and not isinstance(j, bool) else None
                return pictures.with_detail_chart(turn, reply, int(d["p"]), position)
            case "page":
                j = d.get("j")
                return people.search(
                    turn,
                    s,
                    str(d["q"]),
                    int(d["n"]),
                    edit=True,
                    jabatan_id=int(j) if j is not None else None,
                )
            case "compare":
                return people.compare(turn, s, [int(i) for i in d["ids"]])
            case "citations":
                return self._citations(turn, d["c"])
            case "hint":
                return turn.reply("ask_more", prompt=str(d["prompt"]))
            case "reveal":
                return shortlists.reveal(turn, s, str(d["ref"]))
            case "case":
                return cases_flow.ask(turn, s, str(d["k"]))
            case "choose":
                return shortlists.choose(turn, s, str(d["ref"]), int(d["p"]))
            case clarify.ROUTE_BUTTON:
                return self._run(turn, Intent(str(d["i"])), str(d["t"]))
            case "shortlist_pdf":
                acc = s.accountability
                return shortlist_doc.pdf_reply(turn, acc.audit if acc else None, str(d["ref"]))
        return turn.reply("expired_button")

    # -- flows without personal data -------------------------------------------------------

    def _start(self, turn: Turn, code: str) -> Reply:
        tg = turn.inbound.telegram_id
        if not code or tg is None:
            return self._help(turn) if turn.identity.user_id else turn.reply("welcome")
        key = f"start-fail:{turn.identity.actor}"
        if not ratelimit.peek(turn.session, key, self._start_limit):
            log.warning(
                "binding refused", extra={"actor": turn.identity.actor, "reason": "limited"}
            )
            return turn.reply("bind_failed", reason="limited")
        result = binding.bind(turn.session, code, tg)
        if not result.ok:
            ratelimit.hit(turn.session, key, self._start_limit)
            log.warning(
                "binding refused", extra={"actor": turn.identity.actor, "reason": result.reason}
            )
            return turn.reply("bind_failed", reason=result.reason)
        assert result.role is not None
        reply = turn.reply("bound", role_label=ROLE_LABEL[result.role])
        return replace(reply, menu_role=result.role.value)

    def _help(self, turn: Turn) -> Reply:
        role = turn.identity.role if turn.identity.reason_inactive is None else Role.guest
        cmds = [(c.name, c.description) for c in commands_for(role)]
        return turn.reply("help", role_label=ROLE_LABEL[role], commands=cmds, example=EXAMPLE[role])

    def _logout(self, turn: Turn) -> Reply:
        tg = turn.inbound.telegram_id
        was = binding.unbind_telegram(turn.session, tg) if tg is not None else False
        return turn.reply("logout", was_bound=was)

    def _regulation(self, turn: Turn, question: str) -> Reply:
        if not question.strip():
            return turn.reply(
                "ask_more",
                prompt="Apa yang ingin Anda tanyakan? Contoh: /aturan syarat jabatan administrator",
            )
        decision = turn.allow(Action.regulation)
        if not decision:
            return turn.refused(decision)
        if self.services.regulations is None:
            return turn.reply("unavailable", service="jawaban aturan")
        answer = self.services.regulations.answer(question)
        buttons: tuple[tuple[Button, ...], ...] = ()
        if answer.citations:
            cited = [
                {"id": c.id, "label": c.label, "summary": c.summary, "v": c.verification}
                for c in answer.citations
            ]
            buttons = ((turn.button("Lihat ketentuan yang dikutip", "citations", c=cited),),)
        return turn.reply("regulation", buttons=buttons, a=answer, data=answer)

    def _citations(self, turn: Turn, cited: list[dict[str, str]]) -> Reply:
        decision = turn.allow(Action.regulation)
        if not decision:
            return turn.refused(decision)
        items = [CitedProvision(c["id"], c["label"], c.get("summary", ""), c["v"]) for c in cited]
        return turn.reply("citations", citations=items)


def _picks(text: str) -> str:
    """'bandingkan nomor 1 dan 3' → '1 3'; fewer than two numbers mean the top of the list."""
    numbers = re.findall(r"\b\d{1,2}\b", text)
    return " ".join(numbers) if len(numbers) >= 2 else ""


def _unit_hint(text: str) -> str:
    """'talent pool dinas kesehatan' → 'dinas kesehatan' (the unit filter, if any)."""
    words = text.split()
    stop = {
        "talent",
        "pool",
        "talentpool",
        "tampilkan",
        "kumpulan",
        "talenta",
        "nine",
        "box",
        "ninebox",
        "di",
        "instansi",
        "siapa",
        "saja",
        "yang",
        "kotak",
        "lihat",
        "tahun",
        "ini",
        "kelompok",
        "rencana",
        "suksesi",
        "pegawai",
    }
    rest = [w for w in words if w.lower().strip("?.,!") not in stop and not w.isdigit()]
    return " ".join(rest)
