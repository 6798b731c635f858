"""The machine-readable door: one question, asked as a given role on a given date, answered by
the same conversation core as Telegram and the console, as one JSON object.

The asker is a synthetic, unbound identity built from the command-line flags (role, agencies,
NIP); authorisation, masking (NIP masking, blind-first for a PPK) and audit records are the
core's, unchanged. Every call is written to the audit log (``ask_cli``) with the operating-
system user as the actor and the role and agencies asked as.

The reference date (``--tanggal``) reaches the rankings and merit rules through the search
service's ``today`` callable (:class:`ReferenceClock`) and the own-profile facts computed here;
see docs/ask-door.md for what still uses the wall clock.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.chat.access import Identity, Role
from bot.chat.render import Renderer
from bot.chat.replies import Inbound
from bot.chat.settings import ConversationSettings
from bot.doors import ask_json as answer_json
from bot.errors import UsageError
from bot.ports.services import CandidatePage, CandidateSearch, Services
from bot.router.assistant import Assistant
from bot.router.commands import COMMANDS, CommandTable
from db.audit import Actor, AuditKind, AuditLog
from db.clock import today_wib
from db.engine import Engine, Session
from db.queries.org import instansi_by_kode, instansi_codes
from db.queries.people import pegawai_by_nip
from knowledge.corpus import Corpus
from knowledge.rules import MeritSettings

log = logging.getLogger("talenta.ask_door")

ROLES = tuple(r.value for r in Role)
AGENCY_ROLES = frozenset({Role.admin, Role.hr, Role.ppk, Role.komite, Role.inspector})
# The chat's per-minute message limit protects the chat doors from abuse; the command line is
# run by an operator of the server (and audited), and --jsonl asks many questions at once.
CLI_MESSAGES_PER_MINUTE = 1_000_000


@dataclass(frozen=True)
class Question:
    text: str
    role: Role
    instansi: tuple[str, ...] = ()
    nip: str | None = None
    tanggal: date | None = None
    operator_view: bool = False
    include_ineligible: bool = False


def question(
    text: str,
    *,
    role: str | None,
    instansi: list[str] | tuple[str, ...] = (),
    nip: str | None = None,
    tanggal: str | date | None = None,
    operator_view: bool = False,
    include_ineligible: bool = False,
) -> Question:
    """Validate the flags of one question (raises :class:`UsageError`)."""
    if not text or not text.strip():
        raise UsageError("Pertanyaannya kosong.")
    if not role:
        raise UsageError(
            "Sebutkan peran penanya dengan --peran (salah satu: " + ", ".join(ROLES) + ")."
        )
    if role not in ROLES:
        raise UsageError(f"Peran {role!r} tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    r = Role(role)
    kodes = tuple(dict.fromkeys(k.strip().upper() for k in instansi if k.strip()))
    if r in AGENCY_ROLES and not kodes:
        raise UsageError(f"--peran {role} memerlukan --instansi KODE (misalnya --instansi BTH).")
    if r is Role.asn and not nip:
        raise UsageError("--peran asn memerlukan --nip NIP pegawai yang bertanya.")
    if r is Role.asn and kodes:
        raise UsageError("--peran asn tidak memakai --instansi: instansinya dibaca dari NIP.")
    if r is Role.guest and (kodes or nip):
        raise UsageError("--peran guest tidak memakai --instansi atau --nip.")
    return Question(
        text=text.strip(),
        role=r,
        instansi=kodes,
        nip=nip.strip() if nip else None,
        tanggal=_date(tanggal),
        operator_view=operator_view,
        include_ineligible=include_ineligible,
    )


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"Tanggal {value!r} tidak dikenali; tulis TTTT-BB-HH, misalnya 2026-11-29."
        ) from None


def from_line(obj: Any, defaults: Mapping[str, Any]) -> Question:
    """One ``--jsonl`` line: ``{"pertanyaan"|"question": …, "as": …, "instansi": …, "nip": …,
    "tanggal": …, "operator_view": …, "termasuk_tidak_memenuhi": …}``; missing fields take the
    command line's values (the asker — as, instansi, nip — only as a whole)."""
    if not isinstance(obj, dict):
        raise UsageError("Setiap baris harus berupa objek JSON.")
    known = {
        "pertanyaan",
        "question",
        "as",
        "instansi",
        "nip",
        "tanggal",
        "operator_view",
        "termasuk_tidak_memenuhi",
    }
    unknown = sorted(set(obj) - known)
    if unknown:
        raise UsageError("Kolom tidak dikenal: " + ", ".join(unknown) + ".")
    # The asker is one unit: a line naming any of as/instansi/nip names the whole asker;
    # otherwise it asks as the command line's asker.
    identity = ("as", "instansi", "nip")
    inherited = {k: v for k, v in defaults.items() if k not in identity}
    if not any(k in obj for k in identity):
        inherited = dict(defaults)
    merged = {**inherited, **obj}
    inst = merged.get("instansi") or ()
    if isinstance(inst, str):
        inst = (inst,)
    return question(
        str(merged.get("pertanyaan") or merged.get("question") or ""),
        role=merged.get("as"),
        instansi=tuple(str(i) for i in inst),
        nip=merged.get("nip"),
        tanggal=merged.get("tanggal"),
        operator_view=bool(merged.get("operator_view", False)),
        include_ineligible=bool(merged.get("termasuk_tidak_memenuhi", False)),
    )


class ReferenceClock:
    """``today`` for the search service: the question's ``--tanggal``, else the date in WIB."""

    def __init__(self) -> None:
        self.day: date | None = None

    def __call__(self) -> date:
        return self.day or today_wib()


class IneligibleSwitch:
    """The candidate search, asked to include the ineligible when the question says so."""

    def __init__(self, inner: CandidateSearch) -> None:
        self.inner = inner
        self.include = False

    def search(
        self,
        query: str,
        *,
        scope: frozenset[int],
        limit: int,
        offset: int,
        jabatan_id: int | None = None,
        include_ineligible: bool = False,
        by_post: bool | None = None,
        unit: str | None = None,
        unit_reply: str | None = None,
    ) -> CandidatePage:
        return self.inner.search(
            query,
            scope=scope,
            limit=limit,
            offset=offset,
            jabatan_id=jabatan_id,
            include_ineligible=include_ineligible or self.include,
            by_post=by_post,
            unit=unit,
            unit_reply=unit_reply,
        )


class AskDoor:
    """Answers :class:`Question` objects with the core; one instance per process."""

    def __init__(
        self,
        engine: Engine,
        services: Services,
        *,
        audit: AuditLog,
        corpus: Corpus,
        merit: MeritSettings,
        os_user: str,
        clock: ReferenceClock | None = None,
        renderer: Renderer | None = None,
        commands: CommandTable = COMMANDS,
    ) -> None:
        self.engine = engine
        self.audit = audit
        self.corpus = corpus
        self.merit = merit
        self.os_user = os_user
        self.clock = clock or ReferenceClock()
        self._switch = IneligibleSwitch(services.search) if services.search else None
        self._identity = Identity(role=Role.guest, actor=f"cli:{os_user}")
        self.assistant = Assistant(
            engine,
            replace(services, search=self._switch),
            identify=lambda _session, _inbound: self._identity,
            settings=ConversationSettings(messages_per_minute=CLI_MESSAGES_PER_MINUTE),
            renderer=renderer,
            commands=commands,
        )

    def identity(self, q: Question) -> Identity:
        """The synthetic identity the flags describe (unknown agency or NIP: UsageError)."""
        with Session(self.engine) as s:
            ids: list[int] = []
            for kode in q.instansi:
                inst = instansi_by_kode(session=s, kode=kode)
                if inst is None or inst.id is None:
                    known = ", ".join(sorted(instansi_codes(session=s).values()))
                    raise UsageError(f"Instansi {kode} tidak dikenal; kode yang ada: {known}.")
                ids.append(inst.id)
            pegawai_id = None
            if q.nip:
                peg = pegawai_by_nip(session=s, nip=q.nip)
                if peg is None:
                    raise UsageError(f"NIP {q.nip} tidak ada di data pegawai.")
                pegawai_id = peg.id
        # One actor key per persona: buttons, "last search" and rate limits are kept per actor.
        persona = ",".join(q.instansi) or (q.nip or "-")
        return Identity(
            role=q.role,
            instansi_ids=frozenset(ids),
            pegawai_id=pegawai_id,
            actor=f"cli:{self.os_user}:{q.role.value}:{persona}",
        )

    def ask(self, q: Question) -> answer_json.Answer:
        identity = self.identity(q)
        tanggal = q.tanggal or today_wib()
        self.clock.day = q.tanggal
        if self._switch is not None:
            self._switch.include = q.include_ineligible
        self._identity = identity
        replies = self.assistant.handle(Inbound(actor=identity.actor, text=q.text))
        ctx = answer_json.JsonContext(
            engine=self.engine,
            corpus=self.corpus,
            merit=self.merit,
            identity=identity,
            tanggal=tanggal,
            operator_view=q.operator_view,
            include_ineligible=q.include_ineligible,
            commands=self.assistant.commands,
        )
        answer = answer_json.build(replies, q.text, ctx)
        self._record(q, identity, answer)
        return answer

    def _record(self, q: Question, identity: Identity, answer: answer_json.Answer) -> None:
        obj = answer.obj
        actor = Actor(
            type="cli", id=self.os_user, role=q.role.value, instansi=",".join(q.instansi) or None
        )
        payload = {
            "question": q.text,
            "as": q.role.value,
            "instansi": list(q.instansi),
            "pegawai_id": identity.pegawai_id,
            "tanggal": obj.get("tanggal"),
            "operator_view": q.operator_view,
            "include_ineligible": q.include_ineligible,
            "intent": obj["intent"],
            "refused": bool(obj.get("refused", False)),
            "reason": obj.get("reason"),
            "exit_code": answer.exit_code,
        }
        ref = self.audit.record(AuditKind.ASK_CLI, actor, payload, answer.pegawai_ids)
        log.info(
            "ask answered",
            extra={
                "seq": ref.seq,
                "role": q.role.value,
                "intent": obj["intent"],
                "refused": payload["refused"],
                "returned": len(answer.pegawai_ids),
                "operator_view": q.operator_view,
            },
        )
