"""`talenta health`: is this installation fit to serve? Each check says what to run if not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from db import migrate
from db.audit.canonical import same
from db.audit.keys import MIN_KEY_BYTES
from db.engine import Engine, ping


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


Check = Callable[[], CheckResult]


def check_database(engine: Engine) -> CheckResult:
    try:
        ping(engine)
    except Exception as exc:  # any driver error means "not reachable"
        return CheckResult("basis data", False, f"tidak dapat dihubungi: {type(exc).__name__}")
    return CheckResult("basis data", True, f"terhubung ({engine.dialect.name})")


def check_migrations(engine: Engine) -> CheckResult:
    try:
        current, head = migrate.current_revision(engine), migrate.head_revision()
    except Exception as exc:
        return CheckResult("migrasi", False, f"tidak dapat dibaca: {type(exc).__name__}")
    if current != head:
        return CheckResult(
            "migrasi",
            False,
            f"basis data di revisi {current}, kode di {head}: jalankan `talenta db upgrade`",
        )
    return CheckResult("migrasi", True, f"terkini ({head})")


KEY_FIX = (
    "isi TALENTA_AUDIT_HMAC_KEY di /etc/talenta/talenta.env (buat dengan: python -c "
    "'import secrets; print(secrets.token_hex(32))'), simpan salinannya di luar server ini, "
    "lalu mulai ulang layanan"
)


def check_audit_key(key: str | None, dev_key_file: Path) -> CheckResult:
    """The audit HMAC key must come from the environment, be long enough and not be the
    development key kept next to the database (which protects against nobody who can read it).

    ``talenta run``/``chat`` may still fall back to the development key, loudly; an
    installation that serves must not.
    """
    name = "kunci audit"
    if not key:
        return CheckResult(
            name,
            False,
            "TALENTA_AUDIT_HMAC_KEY tidak diset: catatan audit akan ditandatangani dengan kunci "
            f"pengembangan di {dev_key_file}, yang dapat dibaca siapa pun yang memegang "
            f"berkas data; {KEY_FIX}",
        )
    if len(key.encode("utf-8")) < MIN_KEY_BYTES:
        return CheckResult(
            name,
            False,
            f"TALENTA_AUDIT_HMAC_KEY terlalu pendek (minimal {MIN_KEY_BYTES} karakter): {KEY_FIX}",
        )
    try:
        dev_key = dev_key_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        dev_key = ""
    if dev_key and same(dev_key, key):
        return CheckResult(
            name,
            False,
            f"TALENTA_AUDIT_HMAC_KEY sama dengan kunci pengembangan di {dev_key_file}: kunci di "
            f"samping basis data tidak melindungi catatan audit; buat kunci baru — {KEY_FIX}",
        )
    return CheckResult(name, True, "TALENTA_AUDIT_HMAC_KEY diset dari lingkungan")


def check_bot_api(base_url: str, token: str, *, timeout: float = 5.0) -> CheckResult:
    try:
        resp = httpx.get(f"{base_url.rstrip('/')}{token}/getMe", timeout=timeout)
        ok = resp.status_code == 200 and resp.json().get("ok") is True
    except (httpx.HTTPError, ValueError) as exc:
        return CheckResult("Bot API", False, f"tidak dapat dihubungi: {type(exc).__name__}")
    if not ok:
        return CheckResult("Bot API", False, f"menolak token (HTTP {resp.status_code})")
    return CheckResult("Bot API", True, "token diterima (getMe)")


def run_checks(checks: list[Check]) -> list[CheckResult]:
    results = []
    for check in checks:
        try:
            results.append(check())
        except Exception as exc:  # a crashing check is an unhealthy check, not a crash
            results.append(CheckResult(getattr(check, "__name__", "cek"), False, repr(exc)))
    return results
