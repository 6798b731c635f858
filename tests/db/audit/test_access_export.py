"""The ASN's access history, and the inspector's export."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    CandidateIn,
    LegalException,
    Subject,
    access_history,
    choose_candidate,
    record_reveal,
    record_shortlist,
)
from db.audit.export import export_rows, write_csv, write_json
from db.clock import today_wib
from tests.db.audit.conftest import HR, PPK, People

PPK_KJB = Actor.account(8, "ppk", "KJB")


def _search(audit: AuditLog, people: People, idx: list[int], actor: Actor = PPK) -> str:
    view = record_shortlist(
        audit,
        actor=actor,
        rendered={"baris": [{"no": n + 1} for n in range(len(idx))]},
        candidates=[
            CandidateIn(people.ids[i], n + 1, 0.9 - n / 10, eligible=i != 5)
            for n, i in enumerate(idx)
        ],
        request={"q": "analis keuangan"},
        config_hash="b" * 64,
        model="m",
        index_version="v",
        data_snapshot="s",
        blind=True,
        instansi_id=people.instansi_id,
    )
    return view.ref


def test_access_history_lists_exactly_the_searches_that_returned_the_person(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    me, other = people.ids[0], people.ids[1]
    _search(audit, people, [0, 2, 3])
    _search(audit, people, [1, 2])
    _search(audit, people, [3, 0], actor=PPK_KJB)
    audit.record(AuditKind.PROFILE_VIEW, HR, {"pegawai_id": me}, [me])
    audit.record(AuditKind.IMPORT, Actor.cli("op"), {"files": 3}, [me, other])  # not an access
    with Session(engine) as s:
        mine = access_history(s, me)
        theirs = access_history(s, other)
    assert [(e.seq, e.kind, e.role, e.instansi, e.rank) for e in mine] == [
        (4, AuditKind.PROFILE_VIEW, "hr", "PROV", None),
        (3, AuditKind.SEARCH, "ppk", "KJB", 2),
        (1, AuditKind.SEARCH, "ppk", "PROV", 1),
    ]
    assert [(e.seq, e.kind) for e in theirs] == [(2, AuditKind.SEARCH)]
    # Role and agency, never who: the event carries no account id or name.
    assert not {"actor", "actor_id", "nama"} & set(vars(mine[0]))
    assert mine[0].ts_wib.utcoffset() == timedelta(hours=7)


def test_export_contains_reveal_override_import_and_weight_change(
    engine: Engine, audit: AuditLog, people: People, tmp_path: Path
) -> None:
    ref = _search(audit, people, [0, 1, 2, 3, 4, 5])
    record_reveal(audit, actor=PPK, ref=ref, pegawai_id=people.ids[3])
    reason = "Memimpin audit kinerja BLUD dua periode; kebutuhan mendesak unit."
    choose_candidate(
        audit,
        actor=PPK,
        ref=ref,
        pegawai_id=people.ids[5],
        reason=reason,
        exception=LegalException(approval_ref="R-17/2026"),
    )
    audit.record(
        AuditKind.IMPORT,
        Actor.cli("operator"),
        {"files": {"pegawai.csv": "e3b0c442" * 8}, "created": 12, "updated": 3, "ended": 1},
        [Subject(p) for p in people.ids[:3]],
    )
    audit.record(
        AuditKind.WEIGHTS_CHANGE,
        HR,
        {"before": {"kinerja": 0.4, "jpm": 0.6}, "after": {"kinerja": 0.5, "jpm": 0.5}},
    )
    today = today_wib()
    rows = list(export_rows(engine, start=today - timedelta(days=1), end=today))
    kinds = [r.kind for r in rows]
    assert kinds == ["search", "reveal", "override", "import", "weights_change"]
    override = rows[2]
    assert override.payload is not None and override.payload["reason"] == reason
    assert override.payload["legal_ground"] == "pp-11-2017:pasal-107:ayat-2"
    assert rows[1].subjects == [{"pegawai_id": people.ids[3], "rank": None, "score": None}]
    assert rows[0].ts_wib.endswith("+07:00")

    n = write_json(iter(rows), tmp_path / "audit.json", {"dari": str(today)})
    doc = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert n == 5 and [e["kind"] for e in doc["entries"]] == kinds
    assert doc["entries"][3]["payload"]["created"] == 12
    assert doc["entries"][4]["payload"]["after"] == {"kinerja": 0.5, "jpm": 0.5}

    write_csv(iter(rows), tmp_path / "audit.csv")
    with (tmp_path / "audit.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["kind"] for r in table] == kinds
    assert json.loads(table[2]["payload"])["reason"] == reason
    assert oct((tmp_path / "audit.csv").stat().st_mode & 0o777) == "0o600"

    long_ago = today - timedelta(days=10)
    assert list(export_rows(engine, start=long_ago, end=long_ago + timedelta(days=5))) == []
