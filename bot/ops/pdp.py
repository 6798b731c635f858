"""The data subject's export (UU 27/2022 Pasal 32): JSON plus a readable Markdown document.

``db.pdp_export.collect`` gathers what the database holds; this adds Talenta's own nine-box
estimate (computed by the merit rules, always labelled an estimate) and writes the files.
Writing the export is itself recorded in the audit chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.audit import Actor, AuditKind, AuditLog, EntryRef
from db.clock import now_wib
from db.engine import Session
from db.pdp_export import collect
from knowledge.rules.loader import load_employee_facts
from knowledge.rules.ninebox import ninebox
from knowledge.rules.settings import MeritSettings

SECTION_TITLES = {
    "pendidikan": "Riwayat pendidikan",
    "jabatan": "Riwayat jabatan",
    "diklat": "Diklat",
    "sertifikasi": "Sertifikasi",
    "kinerja": "Kinerja",
    "hukuman_disiplin": "Hukuman disiplin",
    "ninebox_resmi": "Nine-box resmi",
    "rencana_suksesi": "Kelompok rencana suksesi",
    "asesmen": "Asesmen",
    "keluarga": "Hubungan keluarga dengan pegawai lain",
}
KIND_TEXT = {
    "search": "muncul dalam pencarian",
    "profile_view": "profil dibuka",
    "reveal": "identitas ditampilkan",
    "document": "tercantum dalam dokumen yang diterbitkan",
}


@dataclass(frozen=True)
class ExportResult:
    json_path: Path
    markdown_path: Path
    entry: EntryRef
    access_events: int


def estimate(session: Session, pegawai_id: int, merit: MeritSettings) -> dict[str, Any]:
    facts = load_employee_facts(session, [pegawai_id]).get(pegawai_id)
    if facts is None:
        return {"kotak": None, "penjelasan": "Data belum cukup untuk perkiraan."}
    res = ninebox(facts, settings=merit)
    return {
        "kotak": res.kotak,
        "label": res.label,
        "perkiraan": True,
        "penjelasan": res.penjelasan,
        "dasar": list(res.citations),
    }


def assemble(session: Session, nip: str, merit: MeritSettings) -> dict[str, Any]:
    data = collect(session, nip)
    data["ninebox_perkiraan"] = estimate(session, data["pegawai_id"], merit)
    data["dibuat"] = now_wib().isoformat(timespec="seconds")
    return data


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("|", "/").replace("\n", " ")


def _table(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return ["Tidak ada.", ""]
    cols = list(dict.fromkeys(k for r in rows for k in r))  # every key, first-seen order
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(_cell(r.get(c)) for c in cols) + " |" for r in rows]
    return [*lines, ""]


def render_markdown(data: dict[str, Any]) -> str:
    p = data["profil"]
    lines = [
        "# Data pribadi Anda di Talenta",
        "",
        f"Dibuat {data['dibuat']} atas permintaan Anda (UU 27/2022 Pasal 32). Dokumen ini "
        "memuat semua yang disimpan Talenta tentang Anda dan catatan pemrosesannya; data orang "
        "lain tidak ditampilkan.",
        "",
        "## Profil",
        "",
    ]
    lines += [f"- **{k}**: {_cell(v)}" for k, v in p.items()]
    est = data["ninebox_perkiraan"]
    lines += [
        "",
        "## Nine-box",
        "",
        "Kotak resmi (bila ada) tercantum di bagian *Nine-box resmi*. Perkiraan Talenta "
        "hanya bahan pertimbangan, bukan keputusan: " + _cell(est.get("penjelasan")),
        "",
    ]
    for key, title in SECTION_TITLES.items():
        lines += [f"## {title}", "", *_table(data["riwayat"].get(key, []))]
    lines += ["## Akun chat", "", *_table(data["akun_chat"])]
    lines += ["## Pengajuan Anda ke HR", "", *_table(data["pengajuan"])]
    lines += [
        "## Riwayat akses",
        "",
        "Kapan, oleh peran apa dan instansi mana profil Anda muncul dalam pencarian atau dibuka "
        "(tanpa nama pembukanya).",
        "",
    ]
    access = [
        {
            "waktu": a["waktu"],
            "kejadian": KIND_TEXT.get(a["jenis"], a["jenis"]),
            "peran": a["peran"],
            "instansi": a["instansi"],
            "urutan": a["urutan"],
        }
        for a in data["riwayat_akses"]
    ]
    lines += _table(access)
    lines += ["## Daftar kandidat yang memuat Anda", "", *_table(data["daftar_kandidat"])]
    lines += [
        "## Catatan audit tentang Anda",
        "",
        "Bila satu catatan juga memuat orang lain, hanya bagian tentang Anda yang ditampilkan.",
        "",
        *_table(data["catatan_audit"]),
    ]
    return "\n".join(lines).rstrip() + "\n"


def export_person(
    session: Session,
    audit: AuditLog,
    *,
    nip: str,
    out_dir: Path,
    actor: Actor,
    merit: MeritSettings,
) -> ExportResult:
    """Write ``<out_dir>/pdp-<pegawai_id>.json`` and ``.md``; record the export in the chain."""
    data = assemble(session, nip, merit)
    pid = int(data["pegawai_id"])
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"pdp-{pid}.json"
    md_path = out_dir / f"pdp-{pid}.md"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    md_path.write_text(render_markdown(data), encoding="utf-8")
    entry = audit.record(
        AuditKind.DOCUMENT,
        actor,
        {"jenis": "ekspor_data_subjek", "pegawai_id": pid, "berkas": [json_path.name]},
        [pid],
    )
    return ExportResult(json_path, md_path, entry, len(data["riwayat_akses"]))
