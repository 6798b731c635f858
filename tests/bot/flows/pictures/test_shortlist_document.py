"""The shortlist PDF from a recorded shortlist: content, audit entry, and who may get it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat import callbacks
from bot.flows.shortlists import document as shortlist_doc
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    AuditSettings,
    CandidateIn,
    record_shortlist,
    verify_chain,
)
from db.models import AuditEntry, Keluarga, Pegawai
from knowledge.rules import eligibility, load_employee_facts, load_position_facts
from tests.bot.support import TG, Chat, World, bind_all, build_world, make_services

KEY = b"pictures-test-audit-key-0123456789abcdef"
SCORES = {"sari": 0.912, "tono": 0.845, "eka": 0.733}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def record_example(engine: Engine, world: World) -> str:
    """A BTH list for Budi's position (Kepala Bidang Anggaran), as a PPK would see it."""
    with Session(engine) as s:
        budi = s.get(Pegawai, world.ids["budi"])
        assert budi is not None
        jabatan_id = budi.jabatan_id
        # Sari and Tono are related: a conflict-of-interest note for both.
        s.add(
            Keluarga(
                pegawai_id=world.ids["sari"], nip_keluarga=world.nips["tono"], hubungan="saudara"
            )
        )
        s.commit()
    view = record_shortlist(
        AuditLog(engine, KEY),
        actor=Actor.account(world.users["ppk_bth"], "ppk", "BTH"),
        rendered={
            "query": "kepala bidang anggaran",
            "items": [
                {
                    "rank": i + 1,
                    "reasons": ["bidang sesuai"],
                    "flags": ["Masa jabatan < 2 tahun"] if k == "eka" else [],
                }
                for i, k in enumerate(SCORES)
            ],
        },
        candidates=[
            CandidateIn(world.ids[k], i + 1, score, eligible=k != "eka")
            for i, (k, score) in enumerate(SCORES.items())
        ],
        request={"query": "kepala bidang anggaran", "scope": [world.ids["BTH"]]},
        config_hash="cfg-abc123",
        model="all-MiniLM-L6-v2",
        index_version="idx-7",
        data_snapshot="snap-2026-11-29",
        blind=False,
        instansi_id=world.ids["BTH"],
        jabatan_id=jabatan_id,
    )
    return view.ref


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def test_document_has_scores_citations_audit_ref_and_is_recorded(
    engine: Engine, world: World
) -> None:
    ref = record_example(engine, world)
    audit = AuditLog(engine, KEY)
    made = shortlist_doc.generate(audit, ref, Actor.cli("operator-test"))
    reader = PdfReader(io.BytesIO(made.pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = _flat(text)
    assert len(reader.pages) >= 1
    assert f"halaman1/{len(reader.pages)}" in flat  # page count in every footer
    assert ref in text and "Kabupaten Batanghari" in text
    assert "Kepala Bidang Anggaran" in text
    for key, score in SCORES.items():
        assert f"Skor total {score:.3f}" in text, key
    # Rank order as recorded.
    assert text.index("Sari Wulandari") < text.index("Tono Hartono") < text.index("Eka Putra")
    with Session(engine) as s:
        budi = s.get(Pegawai, world.ids["budi"])
        assert budi is not None and budi.jabatan_id is not None
        position = load_position_facts(s, budi.jabatan_id)
        facts = load_employee_facts(s, [world.ids[k] for k in SCORES])
    assert position is not None
    cites = {c for emp in facts.values() for c in eligibility(emp, position).citations}
    assert cites
    for c in cites:
        assert _flat(c) in flat, c
    assert flat.count("Konflikkepentingan") == 2  # Sari and Tono
    assert "Masa jabatan < 2 tahun" in text
    assert "Dicatat tidak memenuhi syarat" in text  # Eka was recorded as not eligible
    for v in ("snap-2026-11-29", "all-MiniLM-L6-v2", "idx-7", "cfg-abc123"):
        assert v in text
    assert "Tanda tangan anggota komite" in text
    with Session(engine) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.seq == made.entry.seq)).one()
    assert entry.kind == AuditKind.DOCUMENT.value and entry.actor_id == "operator-test"
    assert entry.payload is not None and entry.payload["shortlist_ref"] == ref
    assert entry.payload["sha256"] == made.sha256
    report = verify_chain(engine, KEY)
    assert report.problem is None and report.head_seq == made.entry.seq


def _press(assistant: Assistant, world: World, who: str, ref: str):  # type: ignore[no-untyped-def]
    with Session(world.engine) as s:
        token = callbacks.store(s, f"tg:{TG[who]}", "shortlist_pdf", {"ref": ref})
        s.commit()
    return Chat(assistant, who).press(token)


def _documents(engine: Engine) -> int:
    with Session(engine) as s:
        return len(
            s.exec(select(AuditEntry).where(AuditEntry.kind == AuditKind.DOCUMENT.value)).all()
        )


def test_pdf_button_for_committee_and_ppk_of_the_agency_only(engine: Engine, world: World) -> None:
    ref = record_example(engine, world)
    services = make_services(engine)
    services.accountability = Accountability(AuditLog(engine, KEY), AuditSettings(), "cfg")
    assistant = Assistant(engine, services)
    bind_all(assistant, world, "komite_bth", "ppk_bth", "ppk_krc", "asn_sari", "hr_bth")
    reply = _press(assistant, world, "komite_bth", ref)
    assert reply.kind == "document_ready" and reply.protect_content
    assert reply.attachment is not None and reply.attachment.kind == "document"
    assert reply.attachment.filename == f"{ref}.pdf"
    assert reply.attachment.content.startswith(b"%PDF")
    assert _documents(engine) == 1
    assert _press(assistant, world, "ppk_bth", ref).attachment is not None
    assert _documents(engine) == 2
    # Another agency's PPK: the reply of a missing reference; other roles: refused by role.
    other_ppk = _press(assistant, world, "ppk_krc", ref)
    assert other_ppk.kind == "shortlist_error" and other_ppk.attachment is None
    for who in ("asn_sari", "hr_bth"):
        refused = _press(assistant, world, who, ref)
        assert refused.kind == "refused" and refused.attachment is None, who
    assert _documents(engine) == 2  # refusals produce no document
    # The other agency's PPK is told "not found", not that the list exists elsewhere.
    other = _press(assistant, world, "ppk_krc", ref).html
    assert other == _press(assistant, world, "ppk_krc", "SL-2026-999999").html


def test_pdf_button_says_unavailable_without_audit_log(engine: Engine, world: World) -> None:
    ref = record_example(engine, world)
    assistant = Assistant(engine, make_services(engine))
    bind_all(assistant, world, "komite_bth")
    reply = _press(assistant, world, "komite_bth", ref)
    assert reply.kind == "unavailable" and reply.attachment is None


def test_recorded_search_list_carries_the_pdf_button_for_ppk(engine: Engine, world: World) -> None:
    services = make_services(engine)
    services.accountability = Accountability(
        AuditLog(engine, KEY), AuditSettings(blind_first=False), "cfg"
    )
    assistant = Assistant(engine, services)
    bind_all(assistant, world, "ppk_bth")
    chat = Chat(assistant, "ppk_bth")
    listed = chat.say("/kandidat kepala bidang anggaran")
    labels = {b.label: b.token for row in listed.buttons for b in row}
    assert "Dokumen PDF" in labels, listed.html
    doc = chat.press(labels["Dokumen PDF"])
    assert doc.kind == "document_ready" and doc.attachment is not None
    assert doc.attachment.content.startswith(b"%PDF") and doc.protect_content
