"""Safe by default: commands never create or migrate a database on their own, and every error
is one Indonesian line with a hint (the traceback goes to the log under an error id)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import setup_cmd
from db import migrate
from tests.bot.ops.conftest import Install, invoke


def test_outside_the_install_data_summary_says_so_and_creates_nothing(tmp_path: Path) -> None:
    elsewhere = tmp_path / "di-luar"
    elsewhere.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TALENTA_") and k != "PYTEST_ADDOPTS"
    }
    run = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", "data", "summary"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 4, output
    assert "Traceback" not in output
    assert "Basis data tidak ditemukan" in output and "talenta setup" in output
    assert 0 < len(output.strip().splitlines()) <= 6
    assert list(elsewhere.iterdir()) == []  # no var/, no talenta.db


def test_commands_from_another_folder_use_the_files_beside_the_config(
    tmp_path: Path, cli_env: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    cfg = site / "config.yaml"
    cfg.write_text(
        "app:\n  data_dir: var\n  log_format: text\n  log_level: WARNING\n"
        "database:\n  url: sqlite:///var/talenta.db\n"
        "encoder:\n  backend: hashing\n"
        "search:\n  index_dir: var/index\n",
        encoding="utf-8",
    )
    (site / "var").mkdir()
    inst = Install(site, cfg, f"sqlite:///{site / 'var' / 'talenta.db'}")
    elsewhere = tmp_path / "rumah-operator"
    elsewhere.mkdir()
    cli_env.chdir(elsewhere)
    upgraded = invoke(cli_env, inst, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert (site / "var" / "talenta.db").is_file()
    status = invoke(cli_env, inst, "db", "status")
    assert status.exit_code == 0
    assert str(site / "var" / "talenta.db") in "".join(status.output.split())  # rich wraps it
    summary = invoke(cli_env, inst, "data", "summary")
    assert summary.exit_code == 0, summary.output
    assert list(elsewhere.iterdir()) == []  # nothing made in the folder the operator stood in


def test_old_schema_stops_until_db_upgrade(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    engine = install.engine()
    migrate.upgrade(engine, "0001")
    engine.dispose()
    for args in (("users", "list"), ("data", "summary"), ("audit", "verify")):
        stopped = invoke(cli_env, install, *args)
        assert stopped.exit_code == 4, (args, stopped.output)
        assert "jalankan `talenta db upgrade`" in stopped.output
        assert "revisi 0001" in stopped.output and "Traceback" not in stopped.output
    engine = install.engine()
    assert migrate.current_revision(engine) == "0001"  # nothing migrated behind our back
    engine.dispose()

    status = invoke(cli_env, install, "db", "status")
    assert status.exit_code == 4 and "Revisi skema basis data: 0001" in status.output
    upgraded = invoke(cli_env, install, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert f"0001 → {migrate.head_revision()}" in upgraded.output
    status = invoke(cli_env, install, "db", "status")
    assert status.exit_code == 0 and "Skema terkini" in status.output
    assert invoke(cli_env, install, "users", "list").exit_code == 0


def test_new_database_is_created_only_by_setup_or_db_upgrade(
    install: Install, cli_env: pytest.MonkeyPatch
) -> None:
    db_file = install.data_dir / "talenta.db"
    invited = invoke(
        cli_env, install, "users", "invite", "--peran", "admin", "--nama", "Operator BKD"
    )
    assert invited.exit_code == 4 and "talenta setup" in invited.output
    assert not db_file.exists()
    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0
    assert db_file.exists()
    listed = invoke(cli_env, install, "users", "list")
    assert listed.exit_code == 0, listed.output
    # Past the readiness check, the invitation itself is judged (an admin needs an agency).
    invited = invoke(
        cli_env, install, "users", "invite", "--peran", "admin", "--nama", "Operator BKD"
    )
    assert invited.exit_code == 2 and "Sebutkan instansi" in invited.output


def test_unexpected_error_is_one_line_with_an_id_and_the_traceback_in_the_log(
    install: Install, cli_env: pytest.MonkeyPatch
) -> None:
    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0

    def broken(_rt: object) -> None:
        raise RuntimeError("rusak di tengah jalan")

    cli_env.setattr(setup_cmd, "print_summary", broken)
    result = invoke(cli_env, install, "data", "summary")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "RuntimeError" not in result.output
    line = next(x for x in result.output.splitlines() if "kode galat" in x)
    error_id = line.split("kode galat ")[1].split(")")[0]
    assert "Saran:" in result.output
    log = (install.data_dir / "log" / "galat.log").read_text(encoding="utf-8")
    assert error_id in log and "Traceback" in log and "rusak di tengah jalan" in log


def test_help_groups_and_version(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    from bot.cli import app
    from bot.cli.tool import PANELS

    cli_env.setenv("COLUMNS", "120")
    shown = invoke(cli_env, install, "--help")
    assert shown.exit_code == 0
    for panel in dict.fromkeys(PANELS.values()):
        assert f"─ {panel} ─" in shown.output
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert names == set(PANELS)  # every command sits in a group, and no group is empty
    # Commands appear under their panel: `backup` after the "Operasi" title, before the next.
    text = shown.output
    assert text.index("─ Operasi ─") < text.index(" backup ") < text.index("─ Pengembangan")
    version = invoke(cli_env, install, "--version")
    assert version.exit_code == 0 and version.output.startswith("talenta ")


def test_old_option_names_still_work_but_are_not_shown(
    install: Install, cli_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli_env.setenv("COLUMNS", "120")
    shown = invoke(cli_env, install, "data", "generate", "--help")
    assert "--keluaran" in shown.output and "--out" not in shown.output
    made = invoke(
        cli_env, install, "data", "generate", "--pegawai", "12", "--out", str(tmp_path / "g")
    )
    assert made.exit_code == 0, made.output
    assert (tmp_path / "g" / "pegawai.csv").exists()


def test_database_lost_mid_command_is_one_line_not_a_traceback(
    install: Install, cli_env: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0

    def gone(_rt: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    cli_env.setattr(setup_cmd, "print_summary", gone)
    result = invoke(cli_env, install, "data", "summary")
    assert result.exit_code == 4
    assert "Basis data tidak dapat dihubungi" in result.output and "Saran:" in result.output
    assert "Traceback" not in result.output


def test_roles_and_formats_are_choices_and_old_role_names_are_hidden(
    install: Install, cli_env: pytest.MonkeyPatch
) -> None:
    assert invoke(cli_env, install, "db", "upgrade").exit_code == 0
    cli_env.setenv("COLUMNS", "160")
    for args in (("chat", "--peran", "raja"), ("users", "invite", "--peran", "raja")):
        refused = invoke(cli_env, install, *args)
        assert refused.exit_code == 2, (args, refused.output)
        assert "ppk" in refused.output and "inspector" in refused.output  # the choices, named
    wrong_format = invoke(cli_env, install, "audit", "export", "--format", "doc")
    assert wrong_format.exit_code == 2 and "csv" in wrong_format.output
    shown = invoke(cli_env, install, "users", "invite", "--help")
    assert "--peran" in shown.output
    assert "--role" not in shown.output and "--as " not in shown.output
    for old in ("--role", "--as"):
        listed = invoke(cli_env, install, "ask", "pp 11 2017 psl 239", old, "guest")
        assert listed.exit_code == 0, (old, listed.output)
