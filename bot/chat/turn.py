"""One request in progress: who asks, the database session, and reply helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.chat import callbacks
from bot.chat.access import Action, Decision, Identity, Role, Target, authorize, authorize_command
from bot.chat.presses import Press
from bot.chat.render import Renderer
from bot.chat.replies import Button, Inbound, Refusal, Reply
from bot.chat.settings import ConversationSettings
from db.audit import Actor
from db.engine import Session
from db.queries.org import instansi_codes

Menu = Callable[[Role], Sequence[tuple[str, str]]]


def _no_menu(role: Role) -> Sequence[tuple[str, str]]:
    return ()


# Commands not worth naming as "what you can do instead": starting, help, unlinking.
MENU_SKIP = frozenset({"start", "bantuan", "keluar"})


@dataclass
class Turn:
    identity: Identity
    inbound: Inbound
    session: Session
    renderer: Renderer
    # Called with every refusal, so it lands in the audit chain (bot.flows.access_history).
    on_refusal: Callable[[Turn, Action, Target, Decision], None] | None = None
    # The limits the core enforces, and the (command, help line) pairs a role may run, from
    # the command table the router runs (``/bantuan`` shows them).
    settings: ConversationSettings = field(default_factory=ConversationSettings)
    menu: Menu = _no_menu

    def allow(self, action: Action, target: Target | None = None) -> Decision:
        decision = authorize(self.identity, action, target, private=self.inbound.private)
        if not decision and self.on_refusal is not None:
            self.on_refusal(self, action, target or Target(), decision)
        return decision

    def allow_command(self, name: str, roles: frozenset[Role], action: Action | None) -> Decision:
        """The command gate: may this role run the command at all (a refusal is recorded under
        ``action``, the personal data the command would read)."""
        decision = authorize_command(self.identity, name, roles)
        if not decision and action is not None and self.on_refusal is not None:
            self.on_refusal(self, action, Target(), decision)
        return decision

    def audit_actor(self) -> Actor:
        """Who is asking, as the audit chain names them: the account (or console persona),
        role and agency codes, and the door."""
        ident = self.identity
        via = "telegram" if self.inbound.actor.startswith("tg:") else "console"
        kodes = instansi_codes(session=self.session, ids=ident.instansi_ids).values()
        return Actor.account(
            ident.user_id if ident.user_id is not None else ident.actor,
            ident.role.value,
            ",".join(sorted(kodes)) or None,
            via=via,
        )

    def button(self, label: str, press: Press) -> Button:
        """A button whose payload (stored, owned by the asker) is ``press``."""
        return self.buttons([[(label, press)]])[0][0]

    def buttons(
        self, rows: Sequence[Sequence[tuple[str, Press]]]
    ) -> tuple[tuple[Button, ...], ...]:
        """A reply's keyboard: every button's payload stored at once, owned by the asker."""
        return self.buttons_for(self.identity.actor, rows)

    def buttons_for(
        self, owner: str, rows: Sequence[Sequence[tuple[str, Press]]]
    ) -> tuple[tuple[Button, ...], ...]:
        """A keyboard owned by ``owner`` (``tg:<id>``): for a message this request sends to
        someone else's private chat; only they can press it."""
        flat = [press for row in rows for _, press in row]
        tokens = iter(callbacks.store_many(self.session, owner, [(p.kind, p.pack()) for p in flat]))
        return tuple(tuple(Button(label, next(tokens)) for label, _ in row) for row in rows if row)

    def allow_each(
        self, action: Action, located: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The (pegawai_id, instansi_id) the asker may see, each decided by :func:`authorize`;
        those refused are one recorded refusal, not one each."""
        private = self.inbound.private
        ok = [
            h
            for h in located
            if authorize(self.identity, action, Target(pegawai=(h,)), private=private)
        ]
        refused = tuple(h for h in located if h not in ok)
        if refused:
            self.allow(action, Target(pegawai=refused))
        return ok

    def reply(
        self,
        kind: str,
        *,
        buttons: tuple[tuple[Button, ...], ...] = (),
        personal: bool = False,
        edit: bool = False,
        data: object | None = None,
        **context: Any,
    ) -> Reply:
        if kind == "refused":
            data = Refusal(str(context["reason"]))
        return Reply(
            kind=kind,
            html=self.renderer.render(kind, **context),
            buttons=buttons,
            personal_data=personal,
            # Personal data is always a new protected message: an edit would put it into the
            # message whose button was pressed, which may have been sent unprotected.
            edit=edit and not personal,
            data=data,
        )

    def refused(self, decision: Decision, *, hide_existence: bool = False) -> Reply:
        reason = decision.reason
        if hide_existence and reason == "other_agency":
            # Do not confirm that someone exists in an agency the asker cannot see.
            reason = "not_found"
        guest = self.identity.role is Role.guest
        # A role that may not do this is told what it may do instead (as out of scope is).
        commands = (
            [(n, line) for n, line in self.menu(self.identity.role) if n not in MENU_SKIP]
            if reason == "role" and not guest and self.inbound.private
            else []  # in a group, a member's commands would tell the group their role
        )
        return self.reply("refused", reason=reason, guest=guest, commands=commands)
