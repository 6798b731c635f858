"""Typed recorders for the entries other rooms write, so every caller shapes payloads alike.

Each returns the :class:`EntryRef` of the appended entry. They block (SQL under a lock): call
them from async code through ``asyncio.to_thread``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from db.audit.canonical import json_hash
from db.audit.chain import AuditLog, AuditTx, EntryRef, Subject, SubjectLike
from db.audit.kinds import Actor, AuditKind

CHANGE_KINDS = frozenset({AuditKind.WEIGHTS_CHANGE, AuditKind.CONFIG_CHANGE, AuditKind.ROLE_GRANT})


def config_hash(config: Mapping[str, Any]) -> str:
    """The configuration hash stored with searches: sha256 of its canonical JSON.

    Pass what shapes a ranking (weights, JPM scheme, nine-box table, thresholds), e.g.
    ``settings.model_dump(mode="json")`` of the relevant sections.
    """
    return json_hash(dict(config))


def record_search(
    audit: AuditLog,
    *,
    actor: Actor,
    request: Mapping[str, Any],
    shown: Sequence[Subject],
    model: str,
    index_version: str,
    data_snapshot: str,
    config_hash: str,
    extra: Mapping[str, Any] | None = None,
) -> EntryRef:
    """A search whose answer is not a PPK shortlist (those go through ``record_shortlist``)."""
    payload: dict[str, Any] = {
        "request": dict(request),
        "shown": [{"pegawai_id": s.pegawai_id, "rank": s.rank, "score": s.score} for s in shown],
        "model": model,
        "index_version": index_version,
        "data_snapshot": data_snapshot,
        "config_hash": config_hash,
    }
    if extra:
        payload["extra"] = dict(extra)
    return audit.record(AuditKind.SEARCH, actor, payload, shown)


def record_profile_view(
    audit: AuditLog,
    *,
    actor: Actor,
    pegawai_id: int,
    view: str,
    extra: Mapping[str, Any] | None = None,
) -> EntryRef:
    """A profile opened; ``view`` names what was shown (``profil``, ``detail``, ``dokumen`` …)."""
    payload: dict[str, Any] = {"pegawai_id": pegawai_id, "view": view}
    if extra:
        payload["extra"] = dict(extra)
    return audit.record(AuditKind.PROFILE_VIEW, actor, payload, [pegawai_id])


def record_import(
    audit: AuditLog,
    *,
    actor: Actor,
    files: Mapping[str, str],
    counts: Mapping[str, int],
    instansi: str | None = None,
    affected: Iterable[SubjectLike] = (),
) -> EntryRef:
    """An import: ``files`` maps file name to sha256, ``counts`` e.g. created/updated/ended/moved.

    ``affected`` (optional) are the employees whose records changed; they are not access events.
    """
    return audit.record(
        AuditKind.IMPORT,
        actor,
        {"files": dict(files), "counts": dict(counts), "instansi": instansi},
        affected,
    )


def record_change(
    audit: AuditLog,
    *,
    actor: Actor,
    kind: AuditKind,
    what: str,
    before: Any,
    after: Any,
    reason: str | None = None,
) -> EntryRef:
    """A change of ranking weights, JPM scheme, nine-box table, configuration or role grants."""
    with audit.transaction() as tx:
        return append_change(
            tx, actor=actor, kind=kind, what=what, before=before, after=after, reason=reason
        )


def append_change(
    tx: AuditTx,
    *,
    actor: Actor,
    kind: AuditKind,
    what: str,
    before: Any,
    after: Any,
    reason: str | None = None,
) -> EntryRef:
    """:func:`record_change` inside a transaction that already holds the chain lock, so the
    caller can read the last recorded value and append the new one without a writer between."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"{kind} is not a change kind")
    return tx.append(
        kind, actor, {"what": what, "before": before, "after": after, "reason": reason}
    )


def record_refusal(
    audit: AuditLog, *, actor: Actor, action: str, reason: str, target: Mapping[str, Any]
) -> EntryRef:
    """A request the authorisation function refused (no subjects: nothing was shown)."""
    return audit.record(
        AuditKind.REFUSAL, actor, {"action": action, "reason": reason, "target": dict(target)}
    )
