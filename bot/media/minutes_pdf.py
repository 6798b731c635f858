"""The minutes (berita acara) of a closed sidang komite as a PDF (Indonesian).

Drawn from :class:`bot.ports.committee_minutes.SidangMinutes` as one recipient may see it:
candidates without a recorded reveal by that recipient appear as their code K<rank> only.
Every page prints the sidang's reference and the file's seal (the seq of the audit entry
holding its SHA-256), with the same fonts as the shortlist document.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.media.fonts import dejavu
from bot.ports.committee_minutes import MinutesMember, SidangMinutes
from db.clock import WIB, waktu_wib

SOURCE = {"tercatat": "diketahui dari data", "dinyatakan": "dinyatakan anggota"}
ROLE = {"komite": "anggota komite", "ppk": "PPK"}


@dataclass(frozen=True)
class MinutesDocument:
    minutes: SidangMinutes
    recipient: str  # whose copy: a member's name, or "salinan tanpa nama kandidat"
    seal: int | None = None  # seq of the audit entry recording this file

    @property
    def seal_text(self) -> str:
        return "-" if self.seal is None else f"catatan audit seq {self.seal}"


def member_line(m: MinutesMember) -> str:
    state = (
        "dikeluarkan sebelum penutupan; rekomendasinya tidak dihitung"
        if m.removed
        else ("memberi rekomendasi" if m.recommended else "tidak memberi rekomendasi")
    )
    return f"{m.nama} ({ROLE.get(m.role, m.role)}) — {state}"


def order_lines(minutes: SidangMinutes) -> list[str]:
    """The resulting order, one line per place, ties said as ties."""
    if not minutes.quorum_met:
        return [
            f"Kuorum ({minutes.quorum} anggota) tidak tercapai: tidak ada urutan, hanya hitungan."
        ]
    lines = []
    for i, place in enumerate(minutes.places, start=1):
        tie = " (seri)" if len(place) > 1 else ""
        lines.append(f"{i}. {', '.join(place)}{tie}")
    if minutes.unrecommended:
        lines.append(f"Tanpa rekomendasi: {', '.join(minutes.unrecommended)}")
    return lines


def choice_lines(minutes: SidangMinutes) -> list[str]:
    c = minutes.choice
    if c is None:
        return ["Pilihan akhir PPK belum dicatat."]
    who = c.code or "pegawai di luar daftar"
    if c.nama and c.code:
        who = f"{c.code} — {c.nama}"
    lines = [f"Pilihan akhir PPK: {who}."]
    if c.follows_order:
        lines.append("Pilihan ini sesuai urutan pertama komite.")
    else:
        lines.append("Pilihan ini berbeda dari urutan pertama komite.")
        lines.append(f"Alasan PPK: {c.reason or '(tidak ada alasan tertulis)'}")
    return lines


class _MinutesPdf(FPDF):
    def __init__(self, doc: MinutesDocument):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.add_font("DejaVu", "", str(dejavu()))
        self.add_font("DejaVu", "B", str(dejavu("-Bold")))
        self.add_font("DejaVu", "I", str(dejavu("-Oblique")))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(f"Berita acara {doc.minutes.sidang_ref}")
        self.set_creator("Talenta")

    def header(self) -> None:
        self.set_font("DejaVu", "B", 9)
        self.cell(0, 5, self.doc.minutes.instansi, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 8)
        self.cell(
            0,
            4,
            f"Sidang {self.doc.minutes.sidang_ref} · segel {self.doc.seal_text} · RAHASIA",
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
            f"Berita acara {self.doc.minutes.sidang_ref} · segel {self.doc.seal_text} · "
            f"halaman {self.page_no()}/{{nb}}",
            align="C",
        )

    def para(self, text: str, size: float = 9, style: str = "", h: float = 4.6) -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_minutes_pdf(doc: MinutesDocument) -> bytes:
    m = doc.minutes
    pdf = _MinutesPdf(doc)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.para("BERITA ACARA SIDANG KOMITE TALENTA", 14, "B", 7)
    pdf.para(f"Jabatan: {m.jabatan}" + (f" — {m.unit}" if m.unit else ""), 11, "B", 6)
    pdf.para(
        f"Sidang {m.sidang_ref} atas daftar {m.shortlist_ref}; dibuka "
        f"{waktu_wib(m.opened_at.astimezone(WIB))} WIB, ditutup "
        f"{waktu_wib(m.closed_at.astimezone(WIB))} WIB.",
        9,
    )
    pdf.para(f"Salinan untuk: {doc.recipient}.", 8.5, "I")
    if len(m.named) < len(m.candidates):
        pdf.para(
            "Kandidat yang identitasnya belum Anda buka (pembukaan tercatat di log audit) "
            "ditulis dengan kodenya saja.",
            8.5,
            "I",
        )
    pdf.ln(2)
    pdf.para("Anggota", 11, "B", 6)
    for member in m.members:
        pdf.para(f"• {member_line(member)}", 8.5)
    pdf.para(
        f"Kuorum {m.quorum} anggota: {'tercapai' if m.quorum_met else 'tidak tercapai'}.",
        8.5,
        "B",
    )
    pdf.ln(2)
    pdf.para("Konflik kepentingan", 11, "B", 6)
    if not m.conflicts:
        pdf.para("Tidak ada konflik yang tercatat atau dinyatakan.", 8.5)
    for c in m.conflicts:
        note = f": {c.note}" if c.note else ""
        pdf.para(
            f"• {c.member} — {c.code} ({SOURCE.get(c.source, c.source)}){note}; "
            "tidak memberi rekomendasi untuk kandidat ini.",
            8.5,
        )
    pdf.ln(2)
    pdf.para("Rekomendasi per kandidat", 11, "B", 6)
    for cand in m.candidates:
        layak, pertimbangkan, tidak, barred = cand.counts
        pdf.para(cand.shown, 10, "B", 5.5)
        pdf.para(
            f"layak diusulkan {layak} · dipertimbangkan {pertimbangkan} · tidak diusulkan "
            f"{tidak} · berkonflik {barred}",
            8.5,
        )
        for rec in cand.recommendations:
            mark = "" if rec.counted else " [tidak dihitung]"
            pdf.para(f"• {rec.member}: {rec.label}{mark} — {rec.reason}", 8)
        pdf.ln(1)
    pdf.ln(1)
    pdf.para("Urutan hasil", 11, "B", 6)
    for line in order_lines(m):
        pdf.para(line, 9)
    pdf.ln(2)
    pdf.para("Keputusan PPK", 11, "B", 6)
    for line in choice_lines(m):
        pdf.para(line, 9)
    pdf.ln(2)
    pdf.para(
        f"Segel dokumen ini: {doc.seal_text}; hash SHA-256 berkas ini tercatat di entri itu. "
        "Periksa keaslian berkas dengan: talenta audit verify-file NAMA-BERKAS",
        8.5,
    )
    pdf.para(
        "Rekomendasi komite adalah pertimbangan; keputusan ada pada PPK (PP 11/2017 Pasal 191 "
        "dan 200). Aturan urutan dan kuorum adalah kebijakan lokal (docs/committee.md).",
        8,
        "I",
    )
    return bytes(pdf.output())
