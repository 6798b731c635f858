"""Documents follow the list's state: a blind list gives a blind PDF/XLSX, a revealed one names
the candidates with masked NIPs; every document is a sealed ``document`` audit entry holding
the file's SHA-256."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat.access import mask_nip
from bot.chat.replies import Reply
from bot.flows.shortlists.document import blind_facts_line
from bot.flows.shortlists.recorded import BLIND_CONFLICT_NOTE
from bot.router.assistant import Assistant
from db.audit import AuditKind, find_document, reopen_shortlist, verify_chain
from db.models import AuditEntry, Keluarga
from tests.bot.audited import KEY, QUERY, button_token, make_assistant, ref_of
from tests.bot.support import Chat, World, build_world

NAMES = (
    "Budi",
    "Santoso",
    "Sari Wulandari",
    "Tono Hartono",
    "Dewi Lestari",
    "Eka Putra",
    "Fajar Nugroho",
    "Gita Permata",
    "Rina Kerinci",
    "Andi Provinsi",
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def xlsx_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    return "\n".join(c for c in cells if c != "None")


def document_entry(engine: Engine, seq: int) -> AuditEntry:
    with Session(engine) as s:
        return s.exec(select(AuditEntry).where(AuditEntry.seq == seq)).one()


def assert_no_identity(world: World, text: str) -> None:
    flat = _flat(text)
    for name in NAMES:
        assert _flat(name) not in flat, name
    for key, nip in world.nips.items():
        assert nip not in flat, key
        assert mask_nip(nip) not in flat, key


def assert_sealed(engine: Engine, reply: Reply, ref: str, fmt: str) -> AuditEntry:
    att = reply.attachment
    assert att is not None and att.filename == f"{ref}.{fmt}"
    seal = int(re.search(r"seq (\d+)", reply.html).group(1))  # type: ignore[union-attr]
    entry = document_entry(engine, seal)
    assert entry.kind == AuditKind.DOCUMENT.value
    assert entry.payload is not None
    assert entry.payload["sha256"] == hashlib.sha256(att.content).hexdigest()
    assert entry.payload["shortlist_ref"] == ref and entry.payload["format"] == fmt
    assert entry.payload["seal"] == seal
    match = find_document(engine, KEY, hashlib.sha256(att.content).hexdigest())
    assert match is not None and match.seq == seal and match.intact
    return entry


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)  # blind-first on (the default)


def test_blind_list_gives_a_blind_pdf_sealed_in_the_chain(
    world: World, assistant: Assistant
) -> None:
    chat = Chat(assistant, "ppk_bth")
    listed = chat.say(QUERY)
    assert "Kandidat #1" in listed.html
    ref = ref_of(listed)
    doc = chat.press(button_token(listed, "Dokumen PDF"))
    assert doc.kind == "document_ready" and doc.protect_content, doc.html
    assert "tanpa nama dan NIP" in doc.html
    assert doc.attachment is not None
    text = pdf_text(doc.attachment.content)
    assert "Kandidat #1" in text and "Kandidat #2" in text
    assert "— NIP" not in text  # not even a masked one
    assert_no_identity(world, text)
    entry = assert_sealed(world.engine, doc, ref, "pdf")
    assert entry.payload is not None and entry.payload["blind"] is True
    assert f"seq{entry.seq}" in _flat(text) and ref in text  # the seal and the list, printed
    with Session(world.engine) as s:
        subjects = s.exec(select(AuditEntry).where(AuditEntry.seq == entry.seq)).one()
    assert subjects.payload is not None and subjects.payload["named"] == 0
    report = verify_chain(world.engine, KEY)
    assert report.problem is None and report.head_seq == entry.seq


def test_revealed_list_gives_names_with_masked_nips_only(
    world: World, assistant: Assistant
) -> None:
    chat = Chat(assistant, "ppk_bth")
    listed = chat.say(QUERY)
    ref = ref_of(listed)
    shown = chat.press(button_token(listed, "Tampilkan identitas"))
    assert "Sari Wulandari" in shown.html
    doc = chat.press(button_token(shown, "Dokumen PDF"))
    assert doc.attachment is not None
    flat = _flat(pdf_text(doc.attachment.content))
    assert "SariWulandari" in flat and "Kandidat#" not in flat
    for key in ("budi", "sari", "tono"):
        nip = world.nips[key]
        assert nip not in flat, key  # never the full NIP
        assert _flat(mask_nip(nip)) in flat, key  # masked exactly as on screen
    entry = assert_sealed(world.engine, doc, ref, "pdf")
    assert entry.payload is not None and entry.payload["blind"] is False


def test_blind_xlsx_has_no_names_and_its_audit_entry(world: World, assistant: Assistant) -> None:
    chat = Chat(assistant, "komite_bth")
    listed = Chat(assistant, "ppk_bth").say(QUERY)
    ref = ref_of(listed)
    doc = chat.say(f"/daftar {ref.lower()} xlsx")
    assert doc.kind == "document_ready", doc.html
    assert doc.attachment is not None and doc.attachment.content.startswith(b"PK")
    text = xlsx_text(doc.attachment.content)
    assert "Kandidat #1" in text and ref in text
    assert_no_identity(world, text)
    entry = assert_sealed(world.engine, doc, ref, "xlsx")
    assert f"catatan audit seq {entry.seq}" in text
    # The PDF the same way, typed.
    pdf = chat.say(f"/daftar {ref} pdf")
    assert pdf.attachment is not None and pdf.attachment.filename == f"{ref}.pdf"


def test_other_agency_gets_no_document(world: World, assistant: Assistant) -> None:
    ref = ref_of(Chat(assistant, "ppk_bth").say(QUERY))
    before = len(_documents(world.engine))
    reply = Chat(assistant, "ppk_krc").say(f"/daftar {ref} xlsx")
    # Answered as a reference that does not exist (the list's own check).
    assert reply.attachment is None and reply.kind == "shortlist_error"
    assert len(_documents(world.engine)) == before


def _documents(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(
            s.exec(select(AuditEntry).where(AuditEntry.kind == AuditKind.DOCUMENT.value)).all()
        )


def test_talent_pool_xlsx_masks_nips_and_is_recorded(world: World, assistant: Assistant) -> None:
    doc = Chat(assistant, "hr_bth").say("/daftar talentpool")
    assert doc.kind == "pool_document_ready", doc.html
    assert doc.attachment is not None and doc.attachment.filename == "talentpool-BTH.xlsx"
    text = xlsx_text(doc.attachment.content)
    assert "Kabupaten Batanghari" in text and "Sari Wulandari" in text
    assert "Rina Kerinci" not in text  # another agency
    for nip in world.nips.values():
        assert nip not in text
    assert mask_nip(world.nips["sari"]) in text
    [entry] = _documents(world.engine)
    assert entry.payload is not None and entry.payload["document"] == "talentpool_xlsx"
    assert entry.payload["sha256"] == hashlib.sha256(doc.attachment.content).hexdigest()
    assert f"catatan audit seq {entry.seq}" in text
    assert Chat(assistant, "asn_sari").say("/daftar talentpool").attachment is None


def test_blind_rows_of_pdf_and_xlsx_show_only_what_the_blind_row_shows(
    world: World, assistant: Assistant
) -> None:
    """No post, unit, score or per-row flag on a coded row: each row carries its code and the
    blind facts as the screen showed them; a conflict flag becomes one line for the list."""
    with Session(world.engine) as s:  # Dewi and Eka are siblings: both rows get a flag
        s.add(
            Keluarga(
                pegawai_id=world.ids["dewi"], nip_keluarga=world.nips["eka"], hubungan="saudara"
            )
        )
        s.commit()
    chat = Chat(assistant, "ppk_bth")
    listed = chat.say(QUERY)
    assert listed.html.count(BLIND_CONFLICT_NOTE) == 1 and "keluarga kandidat" not in listed.html
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref_of(listed))
    rows = view.rendered["items"]
    assert any(r["flags"] for r in rows)  # recorded with the list, for after the reveal
    secrets_of_rows = {"Badan Keuangan Daerah", "Sekretariat Daerah", "keluarga kandidat"}
    secrets_of_rows |= {str(r["jabatan"]) for r in rows} | {str(r["unit"]) for r in rows}
    scores = {f"{c.score:.3f}" for c in view.candidates} | {
        str(round(c.score or 0, 3)) for c in view.candidates
    }

    pdf = chat.press(button_token(listed, "Dokumen PDF"))
    assert pdf.attachment is not None
    text = _flat(pdf_text(pdf.attachment.content))
    for secret in secrets_of_rows | scores | {"Skor total", "Kelayakan"}:
        assert _flat(secret) not in text, secret
    assert text.count(_flat(BLIND_CONFLICT_NOTE)) == 1
    for r in rows:
        assert _flat(f"{r['rank']}. Kandidat #{r['rank']}{blind_facts_line(r)}") in text

    xlsx = chat.press(button_token(listed, "Dokumen XLSX"))
    assert xlsx.attachment is not None
    ws = load_workbook(io.BytesIO(xlsx.attachment.content), read_only=True).worksheets[0]
    coded = [
        [v for v in row if v not in (None, "")]
        for row in ws.iter_rows(values_only=True)
        if len(row) > 1 and str(row[1] or "").startswith("Kandidat #")
    ]
    assert coded == [[r["rank"], f"Kandidat #{r['rank']}", blind_facts_line(r)] for r in rows]
    cells = xlsx_text(xlsx.attachment.content)
    for secret in secrets_of_rows | scores:
        assert secret not in cells, secret
    assert cells.count(BLIND_CONFLICT_NOTE) == 1
