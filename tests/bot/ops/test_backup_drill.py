"""The restore drill as a test: populate, audit, back up, lose the machine, restore, verify.

Everything goes through the CLI an operator would type. The target is a new empty machine:
a fresh data dir and an empty database (SQLite, and PostgreSQL when available — a lost disk is
also the moment an agency moves to PostgreSQL).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from db.audit import Actor, AuditLog, Subject
from db.audit.events import record_profile_view, record_search
from db.models import AuditEntry, Pegawai
from tests.bot.ops.conftest import KEY, Install, invoke, make_install

PPK = Actor.account(3, "ppk", "BTH")


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as s:
        peg = s.exec(select(func.count()).select_from(Pegawai)).one()
        ent = s.exec(select(func.count()).select_from(AuditEntry)).one()
    return int(peg), int(ent)


@pytest.mark.slow
@pytest.mark.parametrize("target", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_backup_wipe_restore_verify(
    install: Install,
    cli_env: pytest.MonkeyPatch,
    tmp_path: Path,
    target: str,
    request: pytest.FixtureRequest,
) -> None:
    sample = tmp_path / "sample"
    ok = lambda *a: invoke(cli_env, install, *a)  # noqa: E731
    for args in (
        ("db", "upgrade"),
        ("data", "generate", "--pegawai", "60", "--seed", "5", "--out", str(sample)),
        ("data", "import", str(sample)),
        ("index", "build"),
    ):
        res = ok(*args)
        assert res.exit_code == 0, (args, res.output)
    engine = install.engine()
    with Session(engine) as s:
        ids = [int(i) for i in s.exec(select(Pegawai.id).limit(5)).all() if i is not None]
    audit = AuditLog(engine, KEY.encode())
    record_search(
        audit,
        actor=PPK,
        request={"teks": "analis keuangan"},
        shown=[Subject(p, r + 1, 0.5) for r, p in enumerate(ids)],
        model="hashing",
        index_version="v1",
        data_snapshot="d",
        config_hash="c",
    )
    record_profile_view(audit, actor=PPK, pegawai_id=ids[0], view="profil")
    assert ok("audit", "anchor").exit_code == 0
    before = _counts(engine)
    engine.dispose()
    backup_dir = tmp_path / "cadangan"
    res = ok("backup", str(backup_dir))
    assert res.exit_code == 0, res.output
    assert (backup_dir / "manifest.json").exists()

    # The disk is lost: nothing of the old installation remains.
    shutil.rmtree(install.root)
    new = make_install(tmp_path / "mesin-baru")
    if target == "postgres":
        pg: Engine = request.getfixturevalue("pg_engine")
        url = pg.url.render_as_string(hide_password=False)
        new.config.write_text(new.config.read_text().replace(new.db_url, url), encoding="utf-8")
        new.db_url = url
    fresh = invoke(cli_env, new, "audit", "verify")
    assert fresh.exit_code != 0 or "0 entri" in fresh.output  # nothing there yet

    res = invoke(cli_env, new, "restore", str(backup_dir))
    assert res.exit_code == 0, res.output
    assert (new.data_dir / "audit" / "anchor.jsonl").exists()  # the anchor came back
    res = invoke(cli_env, new, "audit", "verify")
    assert res.exit_code == 0, res.output
    assert "utuh" in res.output and "Cocok dengan 1 jangkar" in res.output
    res = invoke(cli_env, new, "index", "check")
    assert res.exit_code != 0  # index shards are derived data: rebuilt, not restored
    assert invoke(cli_env, new, "index", "build").exit_code == 0
    res = invoke(cli_env, new, "index", "check")
    assert res.exit_code == 0, res.output
    res = invoke(cli_env, new, "health", "--skip-bot-api")
    assert res.exit_code == 0, res.output

    engine = new.engine()
    assert _counts(engine) == before
    engine.dispose()
    # The restored chain keeps growing: an operator command appends, and it still verifies.
    nip = _first_nip(new)
    res = invoke(cli_env, new, "pdp", "export", "--nip", nip, "--out", str(tmp_path / "e"))
    assert res.exit_code == 0, res.output
    res = invoke(cli_env, new, "audit", "verify")
    assert res.exit_code == 0, res.output


def _first_nip(inst: Install) -> str:
    engine = inst.engine()
    with Session(engine) as s:
        nip = s.exec(select(Pegawai.nip).order_by(Pegawai.id)).first()  # type: ignore[arg-type]
    engine.dispose()
    assert nip is not None
    return nip
