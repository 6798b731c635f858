"""The shortlist document for a talent committee / Baperjakat meeting (PDF, Indonesian).

Built from a shortlist record exactly as it was shown, so the document and the audit trail
agree: a blind list gives a blind document (codes "Kandidat #n" and only what the blind row
on screen shows: no name, NIP, post, unit, score or per-row flag), a revealed one names the
candidates with masked NIPs. Every page prints the list's reference and the document's seal
(the seq of the audit entry that holds the file's SHA-256).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.media.fonts import dejavu
from db.clock import tanggal_panjang


@dataclass(frozen=True)
class RequirementLine:
    requirement: str
    value: str
    passed: bool | None  # None = needs verification
    citations: Sequence[str] = ()


@dataclass(frozen=True)
class CandidateEntry:
    rank: int
    nama: str  # the name, or "Kandidat #n" on a blind document
    nip: str | None  # masked; None on a blind row
    jabatan_sekarang: str
    unit: str
    total: float
    components: dict[str, str]  # e.g. {"Relevansi": "0,71", "JPM": "86% (90/78)"}
    verdict: str
    criteria: Sequence[RequirementLine] = ()
    flags: Sequence[str] = ()
    conflicts: Sequence[str] = ()
    golongan: str = ""
    # A row shown by code: only what the blind row on screen shows ("Gol. III · Pengawas ·
    # Kotak 7–9", a tie); post, unit, score and flags wait for the recorded reveal.
    blind_facts: str | None = None


@dataclass(frozen=True)
class ShortlistDocument:
    instansi: str
    nomor: str
    tanggal: date
    jabatan: str
    unit: str
    requirements: Sequence[RequirementLine]
    candidates: Sequence[CandidateEntry]
    audit_ref: str
    versions: dict[str, str]  # data, model, index, config
    committee: Sequence[str] = field(default_factory=lambda: ("Ketua", "Sekretaris", "Anggota"))
    seal: int | None = None  # seq of the audit entry recording this file
    blind: bool = False  # at least one candidate is shown by code only
    list_notes: Sequence[str] = ()  # notes about the whole list (e.g. a conflict on a blind row)

    @property
    def seal_text(self) -> str:
        return "-" if self.seal is None else f"catatan audit seq {self.seal}"


_MARK = {True: "Memenuhi", False: "Tidak memenuhi", None: "Perlu verifikasi"}


class _Pdf(FPDF):
    def __init__(self, doc: ShortlistDocument):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.add_font("DejaVu", "", str(dejavu()))
        self.add_font("DejaVu", "B", str(dejavu("-Bold")))
        self.add_font("DejaVu", "I", str(dejavu("-Oblique")))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(f"Daftar calon {doc.jabatan}")
        self.set_creator("Talenta")

    def header(self) -> None:
        self.set_font("DejaVu", "B", 9)
        self.cell(0, 5, self.doc.instansi, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 8)
        self.cell(
            0,
            4,
            f"Nomor {self.doc.nomor} · segel {self.doc.seal_text} · RAHASIA — "
            "untuk rapat komite talenta",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "I", 7)
        self.cell(
            0,
            5,
            f"Daftar {self.doc.nomor} · segel {self.doc.seal_text} · "
            f"halaman {self.page_no()}/{{nb}}",
            align="C",
        )

    def para(self, text: str, size: float = 9, style: str = "", h: float = 4.6) -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _criterion(line: RequirementLine) -> str:
    cite = f" [{'; '.join(line.citations)}]" if line.citations else ""
    return f"• {line.requirement}: {line.value} — {_MARK[line.passed]}{cite}"


def render_shortlist_pdf(doc: ShortlistDocument) -> bytes:
    pdf = _Pdf(doc)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.para("DAFTAR CALON PENGISI JABATAN", 14, "B", 7)
    pdf.para(f"Jabatan: {doc.jabatan} — {doc.unit}", 11, "B", 6)
    pdf.para(f"Tanggal: {tanggal_panjang(doc.tanggal)}", 9)
    if doc.blind:
        pdf.para(
            "Tampilan tanpa identitas: nama dan NIP calon disembunyikan seperti pada daftar di "
            "layar, sampai identitasnya dibuka (pembukaan tercatat di log audit).",
            8.5,
            "I",
        )
    for note in doc.list_notes:
        pdf.para(f"⚠ {note}", 8.5, "B")
    pdf.ln(2)
    pdf.para("Persyaratan jabatan dan dasar hukumnya", 11, "B", 6)
    for req in doc.requirements:
        cite = f" [{'; '.join(req.citations)}]" if req.citations else ""
        pdf.para(f"• {req.requirement}: {req.value}{cite}", 8.5)
    pdf.ln(2)
    pdf.para("Calon menurut peringkat", 11, "B", 6)
    for cand in doc.candidates:
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(1)
        title = f"{cand.rank}. {cand.nama}" + (f" — NIP {cand.nip}" if cand.nip else "")
        pdf.para(title, 10, "B", 5.5)
        if cand.blind_facts is not None:
            pdf.para(cand.blind_facts, 8.5)
            pdf.ln(1.5)
            continue
        grade = f" · {cand.golongan}" if cand.golongan else ""
        pdf.para(f"{cand.jabatan_sekarang}{grade}, {cand.unit}", 8.5)
        comps = " · ".join(f"{k} {v}" for k, v in cand.components.items())
        pdf.para(f"Skor total {cand.total:.3f} ({comps})", 8.5, "B")
        pdf.para(f"Kelayakan: {cand.verdict}", 8.5)
        for line in cand.criteria:
            pdf.para(_criterion(line), 8)
        for flag in cand.flags:
            pdf.para(f"⚑ {flag}", 8, "I")
        for conflict in cand.conflicts:
            pdf.para(f"⚠ Konflik kepentingan: {conflict}", 8, "B")
        pdf.ln(1.5)
    pdf.ln(2)
    pdf.para("Jejak dan versi", 11, "B", 6)
    pdf.para(f"Rujukan audit daftar ini: {doc.audit_ref}", 8.5)
    pdf.para(
        f"Segel dokumen ini: {doc.seal_text}; hash SHA-256 berkas ini tercatat di entri itu. "
        "Periksa keaslian berkas dengan: talenta audit verify-file NAMA-BERKAS",
        8.5,
    )
    pdf.para(" · ".join(f"{k}: {v}" for k, v in doc.versions.items()), 8)
    pdf.para(
        "Peringkat adalah alat bantu; keputusan ada pada PPK setelah pertimbangan komite. "
        "Nine-box hasil hitungan Talenta adalah estimasi; penempatan resmi BKN didahulukan.",
        8,
        "I",
    )
    pdf.ln(4)
    pdf.para("Tanda tangan anggota komite", 11, "B", 6)
    col = (pdf.w - pdf.l_margin - pdf.r_margin) / max(1, len(doc.committee))
    y = pdf.get_y()
    if y > pdf.h - 45:
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_font("DejaVu", "", 8.5)
    for i, role in enumerate(doc.committee):
        x = pdf.l_margin + i * col
        pdf.set_xy(x, y)
        pdf.cell(col - 4, 5, role, align="C")
        pdf.line(x + 4, y + 25, x + col - 8, y + 25)
        pdf.set_xy(x, y + 26)
        pdf.cell(col - 4, 5, "nama & tanggal", align="C")
    return bytes(pdf.output())
