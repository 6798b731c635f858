"""The console door: the same core as Telegram, for trying roles and for scripts.

Reads one message per line. Buttons of the last reply are listed as ``[#1] …``; typing ``#1``
presses one. When stdin is not a terminal, it reads until end of input and exits.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from bot.chat.access import Identity, Role
from bot.chat.replies import Button, Inbound, Reply
from bot.errors import ConsoleError
from bot.router.assistant import Assistant
from db.engine import Engine, Session
from db.queries.org import instansi_by_kode
from db.queries.people import first_active_pegawai, pegawai_by_nip

_TAG = re.compile(r"<[^>]+>")


def persona(engine: Engine, role: Role, instansi: Sequence[str], nip: str | None) -> Identity:
    """The identity of a console session: the agencies named (``PROV`` when none), or the
    employee with ``nip`` and their agency; an ASN without a NIP is the first active employee of
    the first agency. Raises ``ConsoleError`` for an unknown agency or NIP."""
    with Session(engine) as s:
        pegawai_id = None
        if nip:
            peg = pegawai_by_nip(session=s, nip=nip)
            if peg is None:
                raise ConsoleError(f"NIP {nip} tidak ada di data pegawai.")
            pegawai_id = peg.id
            inst_ids = [peg.instansi_id]
        else:
            kodes = list(dict.fromkeys(k.strip().upper() for k in instansi if k.strip()))
            inst_ids = []
            for kode in kodes or ["PROV"]:
                inst = instansi_by_kode(session=s, kode=kode)
                if inst is None or inst.id is None:
                    raise ConsoleError(f"Instansi {kode} tidak dikenal.")
                inst_ids.append(inst.id)
            if role is Role.asn:
                peg = first_active_pegawai(session=s, instansi_id=inst_ids[0])
                if peg is None:
                    raise ConsoleError(f"Tidak ada pegawai aktif di {(kodes or ['PROV'])[0]}.")
                pegawai_id = peg.id
    scope = frozenset() if role is Role.guest else frozenset(inst_ids)
    agencies = ",".join(str(i) for i in inst_ids)
    return Identity(
        role=role,
        instansi_ids=scope,
        pegawai_id=pegawai_id,
        actor=f"console:{role.value}:{agencies}:{pegawai_id or 0}",
    )


def to_text(reply_html: str) -> str:
    return html.unescape(_TAG.sub("", reply_html))


class ConsoleChat:
    def __init__(self, assistant: Assistant, out: TextIO | None = None) -> None:
        self.assistant = assistant
        # Looked up when the chat starts, not when this module was imported: whoever replaced
        # sys.stdout since (a test runner, a redirect) gets the conversation.
        self.out = out if out is not None else sys.stdout
        self.buttons: list[Button] = []

    def send(self, line: str) -> list[Reply]:
        line = line.strip()
        m = re.fullmatch(r"#(\d+)", line)
        if m and not 1 <= int(m.group(1)) <= len(self.buttons):
            # A button number that the last reply does not have: say so, ask nothing.
            shown = f"#1–#{len(self.buttons)}" if self.buttons else "tidak ada"
            note = f"Tidak ada tombol {line}. Tombol pada balasan terakhir: {shown}."
            return [Reply(kind="console_note", html=html.escape(note))]
        if m:
            inbound = Inbound(
                actor="console", callback_token=self.buttons[int(m.group(1)) - 1].token
            )
        else:
            inbound = Inbound(actor="console", text=line)
        replies = self.assistant.handle(inbound)
        self.buttons = [b for r in replies for row in r.buttons for b in row]
        return replies

    def show(self, replies: Iterable[Reply]) -> None:
        n = 0
        for reply in replies:
            if reply.chat_id is not None:  # sent to another chat (a group, a member)
                self.out.write(f"[ke chat {reply.chat_id}]\n")
            if reply.html.strip() or reply.attachment is None:
                self.out.write(to_text(reply.html) + "\n")
            if reply.attachment is not None:
                att = reply.attachment
                size = f"{len(att.content) / 1024:.0f} KB"
                self.out.write(f"[lampiran {att.kind}: {att.filename}, {size}] {att.caption}\n")
            for row in reply.buttons:
                labels = []
                for b in row:
                    n += 1
                    labels.append(f"[#{n}] {b.label}")
                self.out.write("  ".join(labels) + "\n")
        self.out.write("\n")
        self.out.flush()

    def run(self, lines: Iterable[str], *, echo: bool) -> None:
        for line in lines:
            if not line.strip():
                continue
            if echo:
                self.out.write(f"> {line.strip()}\n")
            self.show(self.send(line))


def fixed_identity(identity: Identity) -> Callable[[Session, Inbound], Identity]:
    """An ``identify`` for the assistant that always answers ``identity`` (a console persona)."""

    def identify(_session: Session, _inbound: Inbound) -> Identity:
        return identity

    return identify
