"""The console chat (`make run` without a token) shows the conversation and nothing else: no
log lines, no warnings, no library bars between replies; they go to the log file instead.

Run as a separate process on a pseudo-terminal, as an operator would see it, and with a pipe,
as a script would; the installation is a real SQLite database with a small import.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bot.ops.conftest import Install, cli_env, install, invoke
from tests.db.importer.fixtures import make_dataset

__all__ = ["cli_env", "install"]  # the installation fixtures, shared with tests/bot/ops

CHAT = [sys.executable, "-c", "from bot.cli import main; main()", "chat", "--peran", "ppk"]
QUESTIONS = "/kandidat analis sdm aparatur\n#1\n"


@pytest.fixture
def filled(install: Install, cli_env: pytest.MonkeyPatch, tmp_path: Path) -> Install:
    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0
    imported = invoke(cli_env, install, "data", "import", str(make_dataset(6).write_csv(tmp_path)))
    assert imported.exit_code == 0, imported.output
    return install


def _env(inst: Install) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TALENTA_", "HF_", "TRANSFORMERS_")) and k != "JOURNAL_STREAM"
    }
    # No audit key: the development key's loud warning is exactly what must not reach the chat.
    env["TALENTA_CONFIG"] = str(inst.config)
    env["TALENTA_APP__LOG_LEVEL"] = "INFO"
    return env


def _log_records(inst: Install) -> list[dict[str, object]]:
    log = inst.data_dir / "log" / "konsol.log"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _assert_only_conversation(screen: str) -> None:
    assert "Untuk jabatan Analis SDM Aparatur" in screen, screen  # the search's reply
    assert "Tidak ada tombol #1" in screen, screen  # "#1" with no button on the last reply
    for noise in ("Loading weights", '{"ts"', " INFO ", " WARNING ", "Traceback", "kunci"):
        assert noise not in screen, (noise, screen)


def test_chat_on_a_terminal_shows_only_the_conversation(filled: Install, tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [*CHAT, "--instansi", "PROV"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=_env(filled),
        cwd=tmp_path,
        close_fds=True,
    )
    os.close(secondary)
    os.write(primary, QUESTIONS.encode() + b"\x04")  # Ctrl-D ends the chat
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            data = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    assert proc.wait(timeout=30) == 0
    screen = b"".join(chunks).decode("utf-8", errors="replace")
    assert "Chat sebagai" in screen
    assert str(filled.data_dir / "log" / "konsol.log") in "".join(screen.split())  # (wrapped)
    _assert_only_conversation(screen)
    records = _log_records(filled)
    assert any(r["level"] == "warning" and r["logger"] == "talenta.audit" for r in records)


def test_piped_chat_prints_only_the_conversation(filled: Install, tmp_path: Path) -> None:
    run = subprocess.run(
        [*CHAT, "--instansi", "PROV"],
        input=QUESTIONS,
        capture_output=True,
        text=True,
        env=_env(filled),
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.startswith("> /kandidat analis sdm aparatur\n")
    _assert_only_conversation(run.stdout)
    assert any(r["level"] == "warning" for r in _log_records(filled))
