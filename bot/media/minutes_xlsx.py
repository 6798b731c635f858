"""The minutes (berita acara) of a closed sidang komite as a spreadsheet (XLSX, Indonesian).

The same content and the same per-recipient naming as :mod:`bot.media.minutes_pdf`, in rows;
every text cell is text, never a formula (a reason starting with ``=`` stays a reason).
"""

from __future__ import annotations

from bot.media.minutes_pdf import (
    ROLE,
    SOURCE,
    MinutesDocument,
    choice_lines,
    order_lines,
)
from bot.media.shortlist_xlsx import _bytes, _put, _widths, _workbook
from db.clock import WIB, waktu_wib

_NOTE = (
    "RAHASIA — berita acara sidang komite talenta. Periksa keaslian berkas dengan: "
    "talenta audit verify-file NAMA-BERKAS"
)


def render_minutes_xlsx(doc: MinutesDocument) -> bytes:
    m = doc.minutes
    wb, ws = _workbook("Berita acara")
    _put(ws, ["BERITA ACARA SIDANG KOMITE TALENTA"], bold=True)
    _put(ws, ["Instansi", m.instansi])
    _put(ws, ["Sidang", m.sidang_ref])
    _put(ws, ["Daftar kandidat", m.shortlist_ref])
    _put(ws, ["Segel dokumen", doc.seal_text])
    _put(ws, ["Jabatan", f"{m.jabatan} — {m.unit}" if m.unit else m.jabatan])
    _put(ws, ["Dibuka", f"{waktu_wib(m.opened_at.astimezone(WIB))} WIB"])
    _put(ws, ["Ditutup", f"{waktu_wib(m.closed_at.astimezone(WIB))} WIB"])
    _put(ws, ["Salinan untuk", doc.recipient])
    _put(ws, ["Kuorum", f"{m.quorum} anggota: {'tercapai' if m.quorum_met else 'tidak tercapai'}"])
    _put(ws, [_NOTE])
    _put(ws, [])
    _put(ws, ["Anggota", "Peran", "Keadaan"], bold=True)
    for member in m.members:
        state = (
            "dikeluarkan sebelum penutupan (tidak dihitung)"
            if member.removed
            else ("memberi rekomendasi" if member.recommended else "tidak memberi rekomendasi")
        )
        _put(ws, [member.nama, ROLE.get(member.role, member.role), state])
    _put(ws, [])
    _put(ws, ["Konflik: anggota", "Kandidat", "Sumber", "Catatan"], bold=True)
    for c in m.conflicts:
        _put(ws, [c.member, c.code, SOURCE.get(c.source, c.source), c.note])
    _put(ws, [])
    header = ["Kandidat", "Layak diusulkan", "Dipertimbangkan", "Tidak diusulkan", "Berkonflik"]
    _put(ws, header, bold=True)
    for cand in m.candidates:
        _put(ws, [cand.shown, *cand.counts])
    _put(ws, [])
    _put(ws, ["Kandidat", "Anggota", "Rekomendasi", "Alasan", "Dihitung"], bold=True)
    for cand in m.candidates:
        for rec in cand.recommendations:
            _put(
                ws, [cand.code, rec.member, rec.label, rec.reason, "ya" if rec.counted else "tidak"]
            )
    _put(ws, [])
    _put(ws, ["Urutan hasil"], bold=True)
    for line in order_lines(m):
        _put(ws, [line])
    _put(ws, [])
    _put(ws, ["Keputusan PPK"], bold=True)
    for line in choice_lines(m):
        _put(ws, [line])
    _widths(ws, [34, 28, 22, 50, 12])
    return _bytes(wb)
