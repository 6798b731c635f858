"""Shared helpers for the issue-7 assistant tests: an assistant that records lists."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine

from bot.chat.replies import Reply
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import (
    AuditLog,
    AuditSettings,
)
from db.audit.export import export_rows
from db.clock import today_wib
from tests.bot.support import Chat, World, bind_all, make_services

KEY = b"k" * 32
QUERY = "/kandidat pejabat pengganti"  # matches no jabatan word: every BTH employee, by id


def _versions(scope: Sequence[int]) -> str:
    return ",".join(f"{i}:1" for i in scope)


def make_assistant(world: World, settings: AuditSettings | None = None) -> Assistant:
    services = make_services(world.engine)
    services.accountability = Accountability(
        audit=AuditLog(world.engine, KEY),
        settings=settings or AuditSettings(),
        config_hash="cfg-1",
        model="hashing-test",
        index_version=_versions,
    )
    a = Assistant(world.engine, services)
    bind_all(a, world, *world.codes)
    return a


def ref_of(reply: Reply) -> str:
    m = re.search(r"Rujukan: <code>(SL-\d{4}-\d{6})</code>", reply.html)
    assert m, reply.html
    return m.group(1)


def button_token(reply: Reply, label: str) -> str:
    for row in reply.buttons:
        for b in row:
            if b.label == label:
                return b.token
    raise AssertionError(f"no button {label!r} in {[b.label for r in reply.buttons for b in r]}")


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def exported(engine: Engine) -> list[dict[str, object]]:
    today = today_wib()
    return [
        {"kind": r.kind, "payload": r.payload, "subjects": r.subjects, "role": r.actor_role}
        for r in export_rows(engine, start=today - timedelta(days=1), end=today)
    ]


def give_reason(chat: Chat, reason: str) -> Reply:
    """Type a choice's reason: it is shown back with "Catat pilihan ini?" (nothing recorded
    yet), then confirmed with a typed "ya"; the reply to that."""
    shown = chat.say(reason)
    assert shown.kind == "choice_confirm", shown.html
    assert html.escape(reason.split("|")[-1].strip(), quote=False) in shown.html
    return chat.say("ya")
