"""The console door and the `talenta users` commands, on a real SQLite database."""

from __future__ import annotations

import io
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.chat.access import Role
from bot.cli import app
from bot.doors.console import ConsoleChat, fixed_identity, persona
from bot.router.assistant import Assistant
from db.models import BotUser, Undangan
from tests.bot.support import build_world, make_services


def test_scripted_console_presses_buttons_and_keeps_roles(sqlite_engine: Engine) -> None:
    world = build_world(sqlite_engine)
    ident = persona(sqlite_engine, Role.ppk, ["BTH"], None)
    out = io.StringIO()
    chat = ConsoleChat(
        Assistant(sqlite_engine, make_services(sqlite_engine), identify=fixed_identity(ident)), out
    )
    chat.run(["/kandidat kepala bidang anggaran\n", "#1\n", "profil Rina Kerinci\n"], echo=True)
    text = out.getvalue()
    assert "> /kandidat" in text and "[#1] Detail 1" in text
    assert "Budi <b>& Santoso" in text  # unescaped for the terminal, shown as plain text
    assert "Rina" not in text.split("> profil Rina Kerinci")[1]
    asn = persona(sqlite_engine, Role.asn, [], world.nips["sari"])
    assert asn.pegawai_id == world.ids["sari"] and asn.instansi_ids == {world.ids["BTH"]}


def test_a_button_number_the_last_reply_lacks_is_named_not_routed(sqlite_engine: Engine) -> None:
    build_world(sqlite_engine)
    ident = persona(sqlite_engine, Role.ppk, ["BTH"], None)
    chat = ConsoleChat(
        Assistant(sqlite_engine, make_services(sqlite_engine), identify=fixed_identity(ident)),
        io.StringIO(),
    )
    [none_yet] = chat.send("#2")
    assert none_yet.html == "Tidak ada tombol #2. Tombol pada balasan terakhir: tidak ada."
    listed = chat.send("/kandidat kepala bidang anggaran")
    n = len(chat.buttons)
    [missing] = chat.send(f"#{n + 5}")
    assert f"Tombol pada balasan terakhir: #1–#{n}" in missing.html
    assert len(chat.buttons) == n  # still the list's buttons: a valid number works next
    [detail] = chat.send("#1")
    assert detail.kind == "candidate_detail" and listed[0].kind == "candidates"


@pytest.fixture
def cli_env(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("TALENTA_DATABASE__URL", str(sqlite_engine.url))
    monkeypatch.setenv("TALENTA_APP__LOG_FORMAT", "text")
    monkeypatch.setenv("TALENTA_AUDIT_HMAC_KEY", "k" * 32)  # invite/revoke are audited
    build_world(sqlite_engine)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield sqlite_engine
    for added in root.handlers:
        if added not in handlers:
            added.close()  # e.g. the chat's log file
    root.handlers[:] = handlers  # the CLI pointed logging at the runner's (now closed) streams
    root.setLevel(level)
    logging.captureWarnings(False)  # the chat routes warnings into its log


def test_users_invite_bulk_list_and_revoke(cli_env: Engine, tmp_path: Path) -> None:
    runner = CliRunner()
    one = runner.invoke(
        app,
        [
            "users",
            "invite",
            "--role",
            "ppk",
            "--nama",
            "Bupati Tebo X",
            "--instansi",
            "BTH",
            "--akhir-jabatan",
            "2030-01-01",
        ],
    )
    assert one.exit_code == 0, one.output
    assert "/start " in one.output
    src = tmp_path / "undangan.csv"
    src.write_text(
        "role,nama,instansi,nip,akhir_jabatan\nhr,Staf A,BTH,,\nkomite,Komite B,KRC,,\n",
        encoding="utf-8",
    )
    dest = tmp_path / "tautan.csv"
    dest.write_text("sisa lama\n", encoding="utf-8")
    dest.chmod(0o644)  # an earlier, world-readable file: overwriting must not keep its mode
    bulk = runner.invoke(app, ["users", "invite", "--csv", str(src), "--keluaran", str(dest)])
    assert bulk.exit_code == 0, bulk.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600  # live codes: owner only
    assert "0600" in bulk.output
    rows = dest.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and rows[0].startswith("user_id,role")
    code = rows[1].split(",")[3].split()[-1]
    assert len(code) >= 32  # >= 128 bits, url-safe
    with Session(cli_env) as s:
        stored = [u.code_hash for u in s.exec(select(Undangan))]
        assert code not in stored and all(len(h) == 64 for h in stored)  # only hashes stored
        uid = s.exec(select(BotUser).where(BotUser.nama == "Staf A")).one().id
    bad = tmp_path / "salah.csv"
    bad.write_text("role,nama,instansi,nip,akhir_jabatan\nasn,Tanpa NIP,BTH,,\n", encoding="utf-8")
    failed = runner.invoke(app, ["users", "invite", "--csv", str(bad)])
    assert failed.exit_code != 0 and "baris 2" in " ".join(failed.output.split())
    assert runner.invoke(app, ["users", "revoke", str(uid)]).exit_code == 0
    listing = runner.invoke(app, ["users", "list"], env={"COLUMNS": "200"})
    assert "revoked" in listing.output and "Staf A" in listing.output


def test_chat_takes_several_agencies_like_ask(
    cli_env: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import typer.main

    monkeypatch.setenv("TALENTA_ENCODER__BACKEND", "hashing")
    monkeypatch.setenv("TALENTA_APP__DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TALENTA_SEARCH__INDEX_DIR", str(tmp_path / "var" / "index"))
    group = typer.main.get_command(app)
    for name in ("ask", "chat"):
        command = group.commands[name]  # type: ignore[attr-defined]
        option = next(p for p in command.params if p.name == "instansi")
        assert option.multiple and option.opts == ["--instansi"], name

    runner = CliRunner()
    question = "profil Rina Kerinci\n"
    one = runner.invoke(app, ["chat", "--peran", "ppk", "--instansi", "BTH"], input=question)
    two = runner.invoke(
        app, ["chat", "--peran", "ppk", "--instansi", "BTH", "--instansi", "krc"], input=question
    )
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    after_one = one.stdout.split("> profil Rina Kerinci")[1]
    after_two = two.stdout.split("> profil Rina Kerinci")[1]
    assert "Rina Kerinci" not in after_one  # Kerinci's employee is outside a BTH-only PPK
    assert "Rina Kerinci" in after_two and "Kepala Bidang Anggaran" in after_two
    wrong = runner.invoke(
        app, ["chat", "--peran", "ppk", "--instansi", "BTH", "--instansi", "XYZ"], input=question
    )
    assert wrong.exit_code == 2 and "Instansi XYZ tidak dikenal" in wrong.output
