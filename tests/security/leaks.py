"""The checkers of the attack suite: every place a planted sentinel could surface.

A sentinel is a name word, a whole NIP or a masked NIP of an employee planted in an agency no
attacker may see. Each checker returns what it found (empty: nothing leaked)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from bot.chat.access import mask_nip
from bot.chat.replies import Reply


@dataclass
class Sentinels:
    names: Sequence[str]  # the planted name word and the full names
    nips: Sequence[str]

    @property
    def marks(self) -> list[str]:
        return [*self.names, *self.nips, *(mask_nip(n) for n in self.nips)]

    def found_in(self, text: str) -> list[str]:
        low = text.lower()
        return [m for m in self.marks if m.lower() in low]


def pdf_text(content: bytes) -> str:
    """The text of a PDF, read back with pypdf."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet of a workbook, read back with openpyxl (sheet names too)."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    cells = [ws.title for ws in wb.worksheets]
    for ws in wb.worksheets:
        cells.extend(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return "\n".join(cells)


def in_reply(s: Sentinels, reply: Reply) -> list[str]:
    """The reply's text, button labels, attachment caption and (a PDF's or an XLSX's) text."""
    parts = [reply.html, *(b.label for row in reply.buttons for b in row)]
    att = reply.attachment
    if att is not None:
        parts.append(att.caption)
        if att.filename.endswith(".pdf"):
            parts.append(pdf_text(att.content))
        elif att.filename.endswith(".xlsx"):
            parts.append(xlsx_text(att.content))
    return s.found_in("\n".join(parts))


def in_logs(s: Sentinels, records: Iterable[logging.LogRecord]) -> list[str]:
    """Every log line, with every field attached to it."""
    return s.found_in("\n".join(f"{r.getMessage()} {vars(r)}" for r in records))


@dataclass
class RendererSpy:
    """What was handed to the picture renderers (the boundary where data becomes pixels)."""

    calls: list[str] = field(default_factory=list)

    def wrap(self, fn: Any) -> Any:
        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(repr((args, kwargs)))
            return fn(*args, **kwargs)

        return spy

    def leaks(self, s: Sentinels) -> list[str]:
        return s.found_in("\n".join(self.calls))
