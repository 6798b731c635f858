"""Audit entries written by the composition root: imports, role grants, configuration changes.

Editing data, weights or grants just before a search is the easiest route to KKN, so each
leaves a trace in the chain. The bot records its own reads in
``bot/flows/shortlists/lifecycle.py`` and ``bot/flows/access_history.py``.
"""

from __future__ import annotations

import getpass
import logging
from typing import Any

from bot.config.settings import Settings
from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    EntryRef,
    append_change,
    config_hash,
    record_change,
)
from db.audit import record_import as _record_import
from db.importer import ImportReport
from db.queries.changes import last_recorded_change

log = logging.getLogger("talenta.audit_hooks")


def os_actor(role: str = "operator") -> Actor:
    return Actor.cli(getpass.getuser(), role=role)


def record_import(audit: AuditLog, report: ImportReport, actor: Actor | None = None) -> EntryRef:
    """An import that succeeded: who ran it, the files' sha256 and what changed."""
    counts: dict[str, int] = {
        "pegawai_created": len(report.pegawai_created),
        "pegawai_updated": len(report.pegawai_updated),
        "pegawai_ended": len(report.pegawai_ended),
        "pegawai_moved": len(report.pegawai_moved),
        "rows_read": report.total_rows,
        "warnings": report.warning_count,
        # Ending many employees or emptying a table that the operator confirmed (--yakin).
        "cautions_confirmed": len(report.cautions),
    }
    for name, c in sorted(report.counts.items()):
        for field in ("created", "updated", "deleted", "ended", "moved"):
            value = getattr(c, field, None)
            if isinstance(value, int):
                counts[f"{name}.{field}"] = value
    return _record_import(
        audit,
        actor=actor or os_actor(),
        files=dict(report.file_hashes),
        counts=counts,
        instansi=",".join(report.instansi) or None,
    )


def watched_config(settings: Settings) -> dict[tuple[AuditKind, str], dict[str, Any]]:
    """The settings whose change must leave a trace, by (entry kind, name)."""
    s, m = settings.search, settings.merit
    return {
        (AuditKind.WEIGHTS_CHANGE, "ranking_weights"): {
            "weights": s.weights.model_dump(mode="json"),
            "fusion_dense_weight": s.fusion_dense_weight,
            "fusion_lexical_weight": s.fusion_lexical_weight,
        },
        (AuditKind.CONFIG_CHANGE, "jpm_scheme"): {
            "jpm_skema": m.jpm_skema,
            "jpm_skema_instansi": dict(m.jpm_skema_instansi),
            "jpm_dibatasi": m.jpm_dibatasi,
        },
        (AuditKind.CONFIG_CHANGE, "ninebox"): {
            "ninebox_tahun_kinerja": m.ninebox_tahun_kinerja,
            "ninebox_potensi": m.ninebox_potensi,
        },
    }


def record_config_changes(
    audit: AuditLog, settings: Settings, actor: Actor | None = None
) -> list[EntryRef]:
    """At start-up: one entry per watched setting whose hash differs from the last recorded.

    The last recorded values are read under the chain's append lock, in the transaction that
    appends the new ones: two workers starting together record each change once, not twice.
    """
    who = actor or Actor(type="system", id=f"startup:{getpass.getuser()}")
    entries: list[EntryRef] = []
    recorded: list[tuple[AuditKind, str, bool]] = []
    with audit.transaction() as tx:
        for (kind, what), value in watched_config(settings).items():
            digest = config_hash(value)
            last = last_recorded_change(session=tx.session, kind=kind, what=what)
            if last is not None and last.get("hash") == digest:
                continue
            entries.append(
                append_change(
                    tx,
                    actor=who,
                    kind=kind,
                    what=what,
                    before=last,
                    after={"hash": digest, "value": value},
                    reason="first record" if last is None else "changed since the last start",
                )
            )
            recorded.append((kind, what, last is None))
    for kind, what, first in recorded:  # logged once the entries are committed
        log.warning(
            "configuration change recorded",
            extra={"what": what, "kind": kind.value, "first": first},
        )
    return entries


def record_role_grant(
    audit: AuditLog, *, user_id: int, action: str, before: Any, after: Any, reason: str | None
) -> EntryRef:
    """``talenta users invite|revoke``: ids, role and agencies only (no names)."""
    return record_change(
        audit,
        actor=os_actor(),
        kind=AuditKind.ROLE_GRANT,
        what=f"bot_user:{user_id}:{action}",
        before=before,
        after=after,
        reason=reason,
    )
