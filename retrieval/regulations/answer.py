"""The answer object shared by ``talenta ask`` and the conversation layer."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from knowledge.citations import Citation


class Intent(StrEnum):
    regulasi = "regulasi"  # provisions answering a regulation question
    cek_aturan = "cek_aturan"  # a rule check answered from the merit rules, then provisions
    tidak_ditemukan = "tidak_ditemukan"  # nothing relevant enough: say so, suggest how to ask


class CitedProvision(BaseModel):
    """Everything a reply shows for one provision it cites."""

    model_config = ConfigDict(frozen=True)

    citation: Citation
    line: str  # "PP 11/2017 Pasal 107 huruf c"
    summary: str
    status_note: str  # "PP 11/2017 masih berlaku sebagaimana diubah dengan PP 17/2020."
    marker: str | None  # "(terverifikasi sekunder)" when not verified on a regulation text
    official_text: str  # where to read the official text (URL only where the corpus has one)
    official_quote: str | None = None  # the agency's own ingested official wording, if any


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: Intent
    text: str
    citations: tuple[Citation, ...] = ()
    provisions: tuple[CitedProvision, ...] = ()
    current_to: dt.date | None = None
    rule_verdict: str | None = None  # the direct rule-check sentence, when intent=cek_aturan

    def to_json(self) -> dict[str, Any]:
        """The ``talenta ask --json`` shape: intent, text and citations in rank order."""
        return {
            "intent": self.intent.value,
            "text": self.text,
            "citations": [c.model_dump(mode="json") for c in self.citations],
        }
