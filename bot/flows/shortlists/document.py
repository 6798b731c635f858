"""The shortlist document (PDF) from a shortlist record: built, rendered, and recorded.

The order, ranks and scores come from the record exactly as it was shown
(:func:`db.audit.reopen_shortlist`, which refuses a tampered or purged list); the score
components and flags from the rendered list when it carries them. Requirements and
eligibility lines are the merit rules applied on the document's date (said so in the
document), each with its citations. Conflict-of-interest notes come from the family links
(``Keluarga``) between the candidates and with the position's current holders.

The document follows the list's state: a blind list gives a blind document (codes
"Kandidat #n" and only the blind row's fields), a revealed list names the candidates with the
NIP masked as on a PPK's screen; a partly revealed list names only those revealed. Issuing a
document (PDF or XLSX) is an audit entry (``AuditKind.DOCUMENT``: who, when, which list, the
format and the SHA-256 of the file); the file prints the list's reference and its seal, the
seq of that entry (:func:`db.audit.issue_document`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from bot.chat.access import Action, Decision, Role, mask_nip
from bot.chat.replies import Attachment, Reply
from bot.chat.turn import Turn
from bot.flows.shortlists.recorded import BLIND_CONFLICT_NOTE, open_recorded
from bot.media.shortlist_pdf import (
    CandidateEntry,
    RequirementLine,
    ShortlistDocument,
    render_shortlist_pdf,
)
from bot.media.shortlist_xlsx import render_shortlist_xlsx
from bot.ports.list_facts import document_notes
from bot.ports.records import full_name
from db.audit import (
    Actor,
    AuditLog,
    CandidateIn,
    EntryRef,
    ShortlistView,
    Subject,
    issue_document,
    reopen_shortlist,
    revealed_ids,
)
from db.clock import today_wib, waktu_wib
from db.engine import Session
from db.models import Instansi, Jabatan, UnitKerja
from db.queries.people import placed
from knowledge.rules import eligibility, load_employee_facts, load_position_facts
from knowledge.rules.result import VERDICT_LABEL, Status

log = logging.getLogger("talenta.documents")
# fpdf2 subsets the fonts with fontTools, which logs every table it prunes at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

_PASSED = {Status.lulus: True, Status.gagal: False, Status.tidak_diketahui: None}
# Who may ask for the document in the chat: the PPK and the committee of the list's agency.
DOCUMENT_ROLES = frozenset({Role.ppk, Role.komite})


DocumentFormat = Literal["pdf", "xlsx"]
FORMATS: tuple[DocumentFormat, ...] = ("pdf", "xlsx")


@dataclass(frozen=True)
class GeneratedDocument:
    ref: str
    content: bytes
    sha256: str
    entry: EntryRef
    candidates: int
    format: DocumentFormat = "pdf"
    blind: bool = False

    @property
    def pdf(self) -> bytes:
        """The file's bytes (kept under its first name for PDF callers)."""
        return self.content

    @property
    def filename(self) -> str:
        return f"{self.ref}.{self.format}"


def _rendered_items(view: ShortlistView) -> dict[int, Mapping[str, Any]]:
    """Rendered rows by rank (the list's own JSON shape: ``items`` or ``candidates``)."""
    rows = view.rendered.get("items") or view.rendered.get("candidates") or []
    out: dict[int, Mapping[str, Any]] = {}
    for i, row in enumerate(rows):
        if isinstance(row, Mapping):
            out[int(row.get("rank", i + 1))] = row
    return out


def _components(score: float | None, row: Mapping[str, Any]) -> dict[str, str]:
    comps = row.get("components")
    if isinstance(comps, Mapping) and comps:
        return {str(k): str(v) for k, v in comps.items()}
    out = {"Skor": "-" if score is None else f"{score:.3f}"}
    reasons = row.get("reasons")
    if isinstance(reasons, list) and reasons:
        out["Alasan"] = "; ".join(str(r) for r in reasons)
    return out


def named_ids(session: Session, view: ShortlistView) -> frozenset[int] | None:
    """Who the document may name: everyone (``None``) on a list shown with identities or
    revealed as a whole, else only the candidates whose reveal is recorded."""
    if not view.blind:
        return None
    return revealed_ids(session, view.ref)


def blind_facts_line(row: Mapping[str, Any]) -> str:
    """What a blind row shows (its recorded ``blind`` facts and tie), worded as on screen."""
    shown = row.get("blind")
    b: Mapping[str, Any] = shown if isinstance(shown, Mapping) else {}
    parts = []
    if b.get("golongan"):
        parts.append(f"Gol. {b['golongan']}")
    if b.get("jenis"):
        parts.append(str(b["jenis"]))
    if b.get("kotak"):
        parts.append(f"Kotak {b['kotak']}")
    line = " · ".join(parts) or "Rincian disembunyikan"
    tie = row.get("tie")
    return f"{line} (setara dengan nomor {tie})" if tie else line


def _blind_entry(c: CandidateIn, row: Mapping[str, Any]) -> CandidateEntry:
    """A candidate shown by code: only the blind row's facts as they were recorded (no post,
    unit, score or per-row flag: together they point at one person)."""
    return CandidateEntry(
        rank=c.rank,
        nama=f"Kandidat #{c.rank}",
        nip=None,
        jabatan_sekarang="",
        unit="",
        total=0.0,
        components={},
        verdict="",
        blind_facts=blind_facts_line(row),
    )


def build_document(
    session: Session, view: ShortlistView, named: frozenset[int] | None = None
) -> ShortlistDocument:
    """The document's content from a reopened shortlist record (no rendering here).

    ``named``: who may be named (``None``: all); the others appear as on the blind list.
    """
    on = today_wib()
    inst = session.get(Instansi, view.instansi_id) if view.instansi_id else None
    jab = session.get(Jabatan, view.jabatan_id) if view.jabatan_id else None
    unit = session.get(UnitKerja, jab.unit_id) if jab else None
    position = load_position_facts(session, view.jabatan_id) if view.jabatan_id else None
    ids = [c.pegawai_id for c in view.candidates if named is None or c.pegawai_id in named]
    facts = load_employee_facts(session, ids)
    rows = _rendered_items(view)
    conflicts = document_notes(session, ids, position.pemangku_ids if position else ())
    people = placed(session=session, pegawai_ids=ids)
    requirements: dict[str, RequirementLine] = {}
    if position is not None:
        if position.pendidikan_min:
            requirements["pendidikan"] = RequirementLine(
                "Pendidikan minimal", position.pendidikan_min, None
            )
        if position.standar:
            std = ", ".join(f"{k} {v}" for k, v in position.standar.items())
            requirements["standar"] = RequirementLine("Standar kompetensi", std, None)
    entries: list[CandidateEntry] = []
    hidden_flags = False
    for c in view.candidates:
        row = rows.get(c.rank, {})
        if named is not None and c.pegawai_id not in named:
            entries.append(_blind_entry(c, row))
            hidden_flags = hidden_flags or any(row.get("flags", []))
            continue
        person = people.get(c.pegawai_id)
        emp = facts.get(c.pegawai_id)
        criteria: list[RequirementLine] = []
        verdict = "tidak dinilai (jabatan tidak tercatat pada daftar)"
        if emp is not None and position is not None:
            result = eligibility(emp, position, as_of=on)
            verdict = VERDICT_LABEL[result.verdict]
            for line in result.lines:
                requirements.setdefault(
                    line.kriteria, RequirementLine(line.syarat, "wajib", None, line.citations)
                )
                criteria.append(
                    RequirementLine(line.syarat, line.nilai, _PASSED[line.status], line.citations)
                )
        flags = [str(f) for f in row.get("flags", []) if f]
        if not c.eligible:
            flags.append("Dicatat tidak memenuhi syarat saat daftar dibuat")
        if c.in_succession_group is True:
            flags.append("Anggota kelompok rencana suksesi")
        elif c.in_succession_group is False:
            flags.append("Bukan anggota kelompok rencana suksesi")
        entries.append(
            CandidateEntry(
                rank=c.rank,
                nama=full_name(person.pegawai) if person else f"(pegawai #{c.pegawai_id})",
                # Masked as on a PPK's screen: a document leaves the application.
                nip=mask_nip(person.pegawai.nip) if person else "-",
                jabatan_sekarang=(person.jabatan if person else None) or "(tanpa jabatan)",
                unit=person.unit if person else "",
                golongan=str(row.get("golongan") or ""),
                total=c.score or 0.0,
                components=_components(c.score, row),
                verdict=verdict,
                criteria=tuple(criteria),
                flags=tuple(flags),
                conflicts=tuple(conflicts.get(c.pegawai_id, ())),
            )
        )
    query = str(view.rendered.get("query", "") or "")
    return ShortlistDocument(
        instansi=inst.nama if inst else (view.actor_instansi or "Instansi"),
        nomor=view.ref,
        tanggal=on,
        jabatan=jab.nama if jab else (query or "(jabatan tidak tercatat)"),
        unit=unit.nama if unit else "",
        requirements=tuple(requirements.values()),
        candidates=tuple(entries),
        audit_ref=f"{view.ref} (catatan audit seq {view.entry_seq}, "
        f"dibuat {waktu_wib(view.created_wib)} WIB)",
        versions={
            "Data": view.data_snapshot,
            "Model": view.model,
            "Indeks": view.index_version,
            "Konfigurasi": view.config_hash[:16],
        },
        blind=any(e.nip is None for e in entries),
        list_notes=(BLIND_CONFLICT_NOTE,) if hidden_flags else (),
    )


RENDERERS: dict[str, Callable[[ShortlistDocument], bytes]] = {
    "pdf": render_shortlist_pdf,
    "xlsx": render_shortlist_xlsx,
}


def generate(
    audit: AuditLog, ref: str, actor: Actor, fmt: DocumentFormat = "pdf"
) -> GeneratedDocument:
    """Reopen the record, render the file in the list's state (blind or revealed) with its
    seal, and record it as a ``document`` entry holding the file's SHA-256."""
    with Session(audit.engine) as session:
        view = reopen_shortlist(session, ref)
        named = named_ids(session, view)
        doc = build_document(session, view, named)
    render = RENDERERS[fmt]
    shown = [c for c in view.candidates if named is None or c.pegawai_id in named]
    issued = issue_document(
        audit,
        actor,
        lambda seal: render(replace(doc, seal=seal)),
        {
            "document": f"shortlist_{fmt}",
            "format": fmt,
            "shortlist_ref": view.ref,
            "shortlist_seq": view.entry_seq,
            "blind": doc.blind,
            "named": len(shown),
        },
        # The subjects are the people the file names; a blind row names no one.
        [Subject(c.pegawai_id, c.rank, c.score) for c in shown],
    )
    log.info(
        "shortlist document generated",
        extra={
            "ref": view.ref,
            "seq": issued.entry.seq,
            "format": fmt,
            "blind": doc.blind,
            "candidates": len(view.candidates),
        },
    )
    return GeneratedDocument(
        view.ref, issued.content, issued.sha256, issued.entry, len(view.candidates), fmt, doc.blind
    )


# -- Telegram: "Dokumen PDF" / "Dokumen XLSX" on a recorded list, `/daftar SL-… pdf|xlsx` ------


def document_reply(
    turn: Turn, audit: AuditLog | None, ref: str, fmt: DocumentFormat = "pdf"
) -> Reply:
    """Opened like the list itself (:func:`open_recorded`: another agency's reference gets the
    reply of one that does not exist); only the PPK and the committee, in a private chat."""
    if audit is None:
        return turn.reply("unavailable", service="dokumen daftar kandidat")
    if turn.identity.role not in DOCUMENT_ROLES:  # the role first, whatever the reference
        decision = turn.allow(Action.document)
        return turn.refused(decision if not decision else Decision(False, "role"))
    opened = open_recorded(turn, ref, Action.document)
    if isinstance(opened, Reply):
        log.info("shortlist document not issued", extra={"ref": ref})
        return opened
    view = opened
    if view.instansi_id is None:  # drawn from several agencies: no one agency's document
        return turn.reply(
            "shortlist_error", message="Dokumen hanya tersedia untuk daftar satu instansi."
        )
    ident = turn.identity
    inst = turn.session.get(Instansi, view.instansi_id)
    actor = Actor.account(
        ident.user_id or ident.actor,
        ident.role.value,
        inst.kode if inst else None,
        via="telegram" if ident.actor.startswith("tg:") else "console",
    )
    # The turn's own writes (rate limit, buttons) are committed first: the audit writer takes
    # the database's write lock in its own transaction.
    turn.session.commit()
    made = generate(audit, view.ref, actor, fmt)
    reply = turn.reply(
        "document_ready",
        personal=True,
        ref=made.ref,
        n=made.candidates,
        fmt=fmt.upper(),
        blind=made.blind,
        seal=made.entry.seq,
    )
    caption = f"Daftar calon {made.ref} — rahasia, jangan diteruskan."
    return replace(
        reply,
        attachment=Attachment(made.filename, made.content, kind="document", caption=caption),
    )
