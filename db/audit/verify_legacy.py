"""Rows written before the chain covered them (their entry has no ``rows_hash``).

Their entries were signed without a manifest, so these rows are checked against what the
entry itself recorded:

- ``audit_subject``: the entry's ``subjects_hash`` (a change, addition or deletion shows at
  the entry, without naming the row);
- a shortlist and its candidates: the ``search`` entry's payload (reference, hashes, model,
  index, snapshot, and who was shown at which rank) — only while that payload is kept;
- a choice: the ``shortlist_choice``/``override`` entry's payload while kept; and always, that
  each such entry has exactly one choice pointing to it;
- a reveal: always its entry's kind, actor and time and that the entry has exactly one reveal;
  the list and the person while the payload is kept.

What these rows cannot prove after their entry's payload is purged: that a list's metadata or
its candidates are the ones shown, or that a choice's reason is the one given.
"""

from __future__ import annotations

from typing import Any

from db.audit.canonical import round_score, same, utc_text
from db.audit.chain import Subject, subjects_hash
from db.audit.findings import Problem
from db.audit.kinds import AuditKind
from db.audit.verify_rows import BatchRows

CHOICE_KINDS = frozenset({AuditKind.SHORTLIST_CHOICE.value, AuditKind.OVERRIDE.value})
LIST_FIELDS = (
    "rendered_hash",
    "config_hash",
    "model",
    "index_version",
    "data_snapshot",
    "blind",
    "instansi_id",
    "jabatan_id",
    "pool",
)
ADDED = "baris tidak sesuai dengan entri yang ditunjuknya (ditambahkan atau dipindahkan)"
CHANGED = "isi baris tidak cocok dengan payload entri ini (diubah)"


def legacy_problems(e: Any, b: BatchRows) -> list[Problem]:
    payload = e.payload if isinstance(e.payload, dict) else None
    return [
        *_subjects(e, b),
        *_lists(e, b, payload),
        *_choices(e, b, payload),
        *_reveals(e, b, payload),
    ]


def _subjects(e: Any, b: BatchRows) -> list[Problem]:
    rows = b.subjects.get(e.id, [])
    if e.subjects_purged_at is not None:
        return [
            Problem(
                e.seq,
                "baris ditambahkan setelah indeks entri ini dimusnahkan",
                "audit_subject",
                r.id,
            )
            for r in rows
        ]
    subs = [Subject(r.pegawai_id, r.rank, r.score) for r in rows]
    if same(subjects_hash(subs), e.subjects_hash):
        return []
    return [
        Problem(
            e.seq,
            "daftar pegawai terkait tidak cocok dengan subjects_hash (baris diubah, ditambah "
            "atau dihapus)",
            table="audit_subject",
        )
    ]


def _lists(e: Any, b: BatchRows, payload: dict[str, Any] | None) -> list[Problem]:
    lists, cands = b.lists.get(e.seq, []), b.candidates.get(e.seq, [])
    ref = payload.get("shortlist_ref") if payload else None
    if e.kind != AuditKind.SEARCH.value or (payload is not None and ref is None):
        return [Problem(e.seq, ADDED, "shortlist", r.id) for r in lists] + [
            Problem(e.seq, ADDED, "shortlist_candidate", r.id) for r in cands
        ]
    if payload is None:
        return []  # purged: nothing left to compare with
    out: list[Problem] = []
    mine = {r.id for r in lists if r.ref == ref}
    for r in lists:
        if r.id not in mine:
            out.append(Problem(e.seq, ADDED, "shortlist", r.id))
        elif any(payload.get(k) != getattr(r, k) for k in LIST_FIELDS):
            out.append(Problem(e.seq, CHANGED, "shortlist", r.id))
    if not mine:
        out.append(
            Problem(e.seq, f"daftar {ref} yang dicatat entri ini hilang (dihapus)", "shortlist")
        )
    shown: dict[int, dict[str, Any]] = {
        s["rank"]: s
        for s in payload.get("shown", [])
        if isinstance(s, dict) and isinstance(s.get("rank"), int)
    }
    seen: set[int] = set()
    for c in cands:
        s = shown.get(c.rank)
        if s is None or c.rank in seen or c.shortlist_id not in mine:
            out.append(Problem(e.seq, ADDED, "shortlist_candidate", c.id))
            continue
        seen.add(c.rank)
        facts = (
            s.get("pegawai_id"),
            round_score(s.get("score")),
            s.get("eligible"),
            s.get("in_succession_group"),
        )
        if facts != (
            c.pegawai_id,
            round_score(c.score),
            bool(c.eligible),
            c.in_succession_group,
        ):
            out.append(Problem(e.seq, CHANGED, "shortlist_candidate", c.id))
    if not b.list_purged(e.seq):
        out += [
            Problem(
                e.seq,
                f"kandidat peringkat {rank} yang dicatat entri ini hilang (dihapus)",
                "shortlist_candidate",
            )
            for rank in sorted(set(shown) - seen)
        ]
    return out


def _choices(e: Any, b: BatchRows, payload: dict[str, Any] | None) -> list[Problem]:
    rows = [r for r in b.choices.get(e.seq, []) if r.chosen_pegawai_id is not None]
    forged = "pilihan kandidat tidak sesuai dengan entri yang ditunjuknya (pilihan dipalsukan)"
    if e.kind not in CHOICE_KINDS:
        return [Problem(e.seq, forged, "shortlist", r.id) for r in rows]
    if not rows:
        ref = f" pada daftar {payload.get('shortlist_ref')}" if payload else ""
        return [
            Problem(
                e.seq,
                f"pilihan kandidat{ref} yang dicatat entri ini hilang (pilihan dihapus)",
                "shortlist",
            )
        ]
    out = [Problem(e.seq, forged, "shortlist", r.id) for r in rows[1:]]
    r = rows[0]
    recorded = r.chosen_by == e.actor_id
    if payload is not None:
        recorded = recorded and (
            r.ref,
            r.chosen_pegawai_id,
            r.choice_reason,
            r.choice_legal_ground,
            r.choice_approval_ref,
        ) == (
            payload.get("shortlist_ref"),
            payload.get("pegawai_id"),
            payload.get("reason"),
            payload.get("legal_ground"),
            payload.get("approval_ref"),
        )
    if not recorded:
        out.append(
            Problem(
                e.seq,
                "isi pilihan tidak cocok dengan entri ini (pilihan diubah)",
                "shortlist",
                r.id,
            )
        )
    return out


def _reveals(e: Any, b: BatchRows, payload: dict[str, Any] | None) -> list[Problem]:
    rows = b.reveals.get(e.seq, [])
    if e.kind != AuditKind.REVEAL.value:
        return [Problem(e.seq, ADDED, "shortlist_reveal", r.id) for r in rows]
    if not rows:
        return [
            Problem(
                e.seq, "baris reveal yang dicatat entri ini hilang (dihapus)", "shortlist_reveal"
            )
        ]
    out = [Problem(e.seq, ADDED, "shortlist_reveal", r.id) for r in rows[1:]]
    r = rows[0]
    ok = r.actor_id == e.actor_id and utc_text(r.at) == utc_text(e.ts)
    if payload is not None:
        whole = bool(payload.get("whole_list"))
        ok = ok and r.list_ref == payload.get("shortlist_ref") and (r.pegawai_id is None) == whole
        ok = ok and (whole or r.pegawai_id in payload.get("pegawai_ids", []))
    if not ok:
        out.append(Problem(e.seq, CHANGED, "shortlist_reveal", r.id))
    return out
