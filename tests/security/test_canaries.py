"""Canaries: a sentinel leaked on purpose through each channel must be caught by its checker,
so a quiet attack suite means no leak, not a blind checker."""

from __future__ import annotations

import io
import logging

import pytest
from fpdf import FPDF
from openpyxl import Workbook

from bot.chat.access import mask_nip
from bot.chat.replies import Attachment, Button, Reply
from bot.media.ninebox import NineBoxCell, render_ninebox
from tests.security.leaks import RendererSpy, Sentinels, in_logs, in_reply

NIP = "197503012000031001"
S = Sentinels(["Sentinelx", "Arum Sentinelx"], [NIP])


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def test_a_name_in_a_reply_a_button_or_a_caption_is_caught() -> None:
    assert in_reply(S, Reply("x", "<b>Arum Sentinelx</b>"))
    assert in_reply(S, Reply("x", "ok", buttons=((Button("Detail SENTINELX", "t"),),)))
    photo = Attachment("a.png", b"\x89PNG", kind="photo", caption=f"NIP {mask_nip(NIP)}")
    assert in_reply(S, Reply("x", "ok", attachment=photo))
    assert not in_reply(S, Reply("x", "Tidak ada pegawai dengan nama itu."))


def test_a_nip_inside_a_pdf_is_caught_after_reading_it_back() -> None:
    leaky = Attachment("daftar.pdf", _pdf(f"Kandidat 1: {NIP}"))
    assert in_reply(S, Reply("x", "Dokumen siap.", attachment=leaky)) == [NIP]
    clean = Attachment("daftar.pdf", _pdf("Kandidat 1: (kode) K-01"))
    assert not in_reply(S, Reply("x", "Dokumen siap.", attachment=clean))


def _xlsx(*cells: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Peringkat", "Calon", "NIP"])
    for i, cell in enumerate(cells, start=1):
        ws.append([i, f"Kandidat #{i}", cell])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_name_or_nip_in_an_xlsx_cell_is_caught_after_reading_it_back() -> None:
    planted = Attachment("daftar.xlsx", _xlsx("-", "Arum Sentinelx"))
    assert in_reply(S, Reply("x", "Dokumen siap.", attachment=planted)) == [
        "Sentinelx",
        "Arum Sentinelx",
    ]
    nip = Attachment("daftar.xlsx", _xlsx(NIP))
    assert in_reply(S, Reply("x", "Dokumen siap.", attachment=nip)) == [NIP]
    masked = Attachment("daftar.xlsx", _xlsx(mask_nip(NIP)))
    assert in_reply(S, Reply("x", "Dokumen siap.", attachment=masked)) == [mask_nip(NIP)]
    clean = Attachment("daftar.xlsx", _xlsx("-", "Gol. III · Kotak 7–9"))
    assert not in_reply(S, Reply("x", "Dokumen siap.", attachment=clean))


def test_a_nip_in_a_log_line_field_is_caught(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("talenta.canary").info("looked up", extra={"target": NIP})
    assert in_logs(S, caplog.records) == [NIP]


def _cells(people: tuple[str, ...]) -> list[NineBoxCell]:
    return [
        NineBoxCell(b, (b - 1) % 3, (b - 1) // 3, f"Kotak {b}", people=people if b == 9 else ())
        for b in range(1, 10)
    ]


def test_a_masked_nip_handed_to_the_picture_renderer_is_caught() -> None:
    spy = RendererSpy()
    spy.wrap(render_ninebox)(_cells((mask_nip(NIP),)), title="Peta")
    assert spy.leaks(S) == [mask_nip(NIP)]
    clean = RendererSpy()
    clean.wrap(render_ninebox)(_cells(()), title="Peta")
    assert not clean.leaks(S)
