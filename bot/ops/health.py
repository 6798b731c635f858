"""`talenta health`: is this installation fit to serve? Each check says what to run if not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from db import migrate
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
