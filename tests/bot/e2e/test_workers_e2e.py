"""Two `talenta serve` webhook workers behind a reverse proxy on one PostgreSQL: the nginx of
`deploy/` (its `/telegram` location, with an upstream of both workers) and the loopback
round-robin proxy the bench falls back to.

Every request is answered exactly once (also those Telegram delivers again to the other
worker, and those whose picture the Bot API refused once), one user's burst spread over both
workers is let through exactly up to the rate limit, and the audit chain both workers appended
to verifies, with each configuration recorded once.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Literal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bench.nginx_proxy import NginxMissing, nginx_binary
from bench.serve_load import make_users
from bench.webhook_load import Plan, bound_user, run
from bench.webhook_workers import AUDIT_KEY
from bot.chat.access import Role
from bot.chat.settings import ConversationSettings
from db.audit import AuditKind, verify_chain
from db.models import AuditEntry
from retrieval.encoders.factory import build_encoder
from retrieval.people.store import IndexStore
from retrieval.settings import EncoderSettings, SearchSettings
from tests.bot.support import build_world

LIMIT = ConversationSettings().messages_per_minute  # the workers run with the default


@pytest.mark.slow
@pytest.mark.parametrize("proxy_kind", ["nginx", "loopback"])
def test_two_webhook_workers_answer_once_limit_exactly_and_keep_one_chain(
    pg_engine: Engine, tmp_path: Path, proxy_kind: Literal["nginx", "loopback"]
) -> None:
    if proxy_kind == "nginx":
        try:
            nginx_binary()
        except NginxMissing:
            if os.environ.get("CI") == "true":
                raise  # .ci/run installs nginx-light
            pytest.skip("nginx tidak terpasang (apt-get install nginx-light); wajib di CI")
    build_world(pg_engine)
    users = make_users(pg_engine, 6, 15)
    code = bound_user(pg_engine, role=Role.hr, kode="BTH", nama="Pengguna beruntun")
    index = tmp_path / "index"
    IndexStore(
        index, build_encoder(EncoderSettings(backend="hashing")), SearchSettings(index_dir=index)
    ).build(pg_engine)
    plan = Plan(
        users=[(u.telegram_id, u.code, u.requests) for u in users],
        burst_user=(800_001, code),
        burst_count=LIMIT + 10,
        interval=0.6,
        timeout=40.0,  # lost = no reply in 40 s; a reply normally takes well under 1 s
        redeliver_share=0.25,
        burst_after=1.0,
        photo_faults=6,  # a picture the Bot API refused once is sent again, answered once
    )
    result = asyncio.run(
        run(
            plan,
            db_url=pg_engine.url.render_as_string(hide_password=False),
            work=tmp_path,
            index_dir=index,
            encoder="hashing",
            proxy_kind=proxy_kind,
        )
    )

    assert result.tracebacks == []
    assert result.bound == len(users) + 1
    assert result.total("sent") == 90
    assert (result.total("lost"), result.total("duplicated")) == (0, 0), result.duplicates()
    assert [c.method for c in result.tg.api.failures] == ["sendPhoto"] * plan.photo_faults
    assert result.total("rate_limited") == 0  # nobody but the burst went past the limit
    # Both workers served, and the redeliveries reached the other worker and were dropped there.
    assert len(result.proxy.forwarded) == 2 and min(result.proxy.forwarded.values()) > 20
    assert result.tg.redelivered > 10
    # The bench's routing sends each redelivery to the other worker (so the duplicates check
    # above exercises the second worker's claim, not the first one's memory).
    assert result.tg.rerouted == result.tg.redelivered
    assert set(result.tg.statuses) == {200}
    # /start counted against the same one-minute window: the burst gets the rest of the limit.
    assert result.burst.answered == plan.burst_count
    assert (result.burst.accepted, result.burst.refused) == (
        LIMIT - 1,
        plan.burst_count - LIMIT + 1,
    )

    report = verify_chain(pg_engine, AUDIT_KEY.encode())
    assert report.ok, report.problem
    with Session(pg_engine) as s:
        kinds = list(s.exec(select(AuditEntry.kind)).all())
    # A lower bound: the two PPK users alone open the talent pool of an agency with people in
    # it 4 times each (the HR users' agency may have nobody in boxes 7-9 to list).
    assert kinds.count(AuditKind.SEARCH.value) >= 8
    # Both workers started together: each watched setting recorded once, not once per worker.
    changes = [
        k for k in kinds if k in (AuditKind.CONFIG_CHANGE.value, AuditKind.WEIGHTS_CHANGE.value)
    ]
    assert len(changes) == 3
