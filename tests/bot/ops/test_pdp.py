"""`talenta pdp export`: one person's data and its processing record, nobody else's.
`talenta pdp record`: the committed record of processing is what the command generates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.config.settings import load_settings
from bot.ops.pdp_record import CATEGORIES, NON_PERSONAL, render_record
from db import migrate
from db.audit import Actor, AuditKind, AuditLog, Subject, verify_chain
from db.audit.events import record_profile_view, record_search
from db.audit.shortlist import CandidateIn, record_shortlist
from db.clock import now_wib
from db.models import AuditEntry, BotUser, Keluarga, metadata
from tests.bot.ops.conftest import KEY, Install, invoke
from tests.factories import add_kinerja, add_ninebox_resmi, make_instansi, make_pegawai, make_unit

REPO = Path(__file__).resolve().parents[3]
PPK = Actor.account(7, "ppk", "BTH")
HR = Actor.account(9, "hr", "BTH")


def _walk(node: Any) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [kv for k, v in node.items() for kv in [(k, v), *_walk(v)]]
    if isinstance(node, list):
        return [kv for v in node for kv in _walk(v)]
    return []


def test_export_contains_the_person_and_nobody_else(
    install: Install, cli_env: pytest.MonkeyPatch
) -> None:
    engine: Engine = install.engine()
    migrate.upgrade(engine)
    with Session(engine, expire_on_commit=False) as s:
        inst = make_instansi(s, kode="BTH", nama="Kabupaten Batanghari")
        unit = make_unit(s, inst)
        sari = make_pegawai(
            s,
            inst,
            unit=unit,
            nama="Sari Wulandari",
            jenis_kelamin="P",
            tanggal_lahir=date(1984, 7, 12),
            jurusan="Manajemen",
        )
        others = [
            make_pegawai(s, inst, unit=unit, nama=n, tanggal_lahir=date(1979 + i, 2, 3 + i))
            for i, n in enumerate(["Joko Prasetyo", "Rina Marlina"])
        ]
        add_kinerja(s, sari, {2024: "Sangat Baik", 2025: "Baik"})
        add_ninebox_resmi(s, sari, 8)
        s.add(Keluarga(pegawai_id=sari.id, nip_keluarga=others[0].nip, hubungan="suami"))
        s.add(
            BotUser(
                role="asn",
                nama="Sari",
                pegawai_id=sari.id,
                telegram_id=777,
                created_at=now_wib(),
                bound_at=now_wib(),
            )
        )
        s.commit()
    audit = AuditLog(engine, KEY.encode())
    everyone = [sari, *others]
    record_search(
        audit,
        actor=PPK,
        request={"teks": "kepala bidang anggaran Joko Prasetyo"},
        shown=[Subject(p.id or 0, i + 1, 0.9 - i / 10) for i, p in enumerate(everyone)],
        model="hashing",
        index_version="v1",
        data_snapshot="d1",
        config_hash="c1",
    )
    record_shortlist(
        audit,
        actor=PPK,
        rendered={"baris": [p.nama for p in everyone]},
        candidates=[CandidateIn(p.id or 0, i + 1, 0.8) for i, p in enumerate(everyone)],
        request={"teks": "kasubbag keuangan"},
        config_hash="c1",
        model="hashing",
        index_version="v1",
        data_snapshot="d1",
        blind=True,
        instansi_id=inst.id,
    )
    record_profile_view(audit, actor=HR, pegawai_id=sari.id or 0, view="profil")
    record_profile_view(audit, actor=HR, pegawai_id=others[1].id or 0, view="profil")

    out = install.root / "ekspor"
    result = invoke(cli_env, install, "pdp", "export", "--nip", sari.nip, "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"pdp-{sari.id}.json").read_text(encoding="utf-8"))
    md = (out / f"pdp-{sari.id}.md").read_text(encoding="utf-8")

    # Their profile, histories, official nine-box and chat account.
    assert data["profil"]["nip"] == sari.nip and data["profil"]["nama"] == "Sari Wulandari"
    assert {k["tahun"] for k in data["riwayat"]["kinerja"]} == {2024, 2025}
    assert data["riwayat"]["ninebox_resmi"] and data["akun_chat"][0]["telegram_id"] == 777
    assert "perkiraan" in data["ninebox_perkiraan"]
    # Their access history: the search, the shortlist and the profile view, by role and agency.
    kinds = sorted(a["jenis"] for a in data["riwayat_akses"])
    assert kinds == ["profile_view", "search", "search"]
    assert {a["instansi"] for a in data["riwayat_akses"]} == {"BTH"}
    assert data["daftar_kandidat"][0]["urutan"] == 1 and not data["daftar_kandidat"][0]["dipilih"]
    search = next(e for e in data["catatan_audit"] if e["jenis"] == "search")
    assert search["urutan"] == 1 and search["orang_lain_dalam_entri"] == 2
    assert "Sari Wulandari" in md and "Riwayat akses" in md and "muncul dalam pencarian" in md

    # Nobody else: not their NIPs, names or ids; not the request text naming someone else.
    text = json.dumps(data, ensure_ascii=False) + md
    for other in others:
        assert other.nip not in text and other.nama not in text
    ids = {v for k, v in _walk(data) if k in ("pegawai_id", "chosen_pegawai_id")}
    assert ids == {sari.id}
    assert "telegram" not in {k for k, _ in _walk(data["riwayat_akses"])}
    # The export itself is in the chain, and the chain verifies.
    with Session(engine) as s:
        last = s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()  # type: ignore[attr-defined]
        assert last is not None and last.kind == AuditKind.DOCUMENT.value
    assert verify_chain(engine, KEY.encode()).ok
    engine.dispose()


def test_export_of_unknown_nip_fails(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    engine = install.engine()
    migrate.upgrade(engine)
    engine.dispose()
    result = invoke(cli_env, install, "pdp", "export", "--nip", "1" * 18, "--out", "x")
    assert result.exit_code == 1 and "NIP tidak ditemukan" in result.output


def test_committed_record_is_what_the_command_generates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TALENTA_CONFIG", str(REPO / "config.yaml"))
    committed = (REPO / "docs" / "pdp" / "catatan-pemrosesan.md").read_text(encoding="utf-8")
    assert committed == render_record(load_settings()), "jalankan `talenta pdp record`"


def test_record_follows_the_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTA_CONFIG", str(REPO / "config.yaml"))
    monkeypatch.setenv("TALENTA_AUDIT__CASE_RETENTION_DAYS", "1000")
    monkeypatch.setenv("TALENTA_BOT__BASE_URL", "https://botapi.bkd.jambiprov.go.id/bot")
    text = render_record(load_settings())
    assert "| uraian pengajuan ASN yang selesai | 1000 hari" in text
    assert "server Bot API milik instansi (`botapi.bkd.jambiprov.go.id`)" in text
    assert "Pasal 20 ayat (2) huruf c" in text and "huruf e" in text


def test_every_table_is_categorised() -> None:
    placed = {t for _, _, tables in CATEGORIES for t in tables}
    assert set(metadata.tables) - placed - NON_PERSONAL == set()
