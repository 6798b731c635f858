"""Wiring: settings into the engine, the audit log, the services behind the core's ports (with
the application's caches) and the assistant."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config.secrets import Secrets
from bot.config.settings import Settings
from bot.errors import ConfigError
from db.audit.chain import AuditLog
from db.audit.keys import MIN_KEY_BYTES, load_or_create_dev_key
from db.clock import today_wib
from db.engine import Engine, make_engine

if TYPE_CHECKING:
    from bot.ports.services import Services
    from bot.router.assistant import Assistant


def build_engine(settings: Settings, secrets: Secrets) -> Engine:
    password = secrets.db_password.get_secret_value() if secrets.db_password else None
    return make_engine(settings.database, password=password)


def audit_anchor_path(settings: Settings) -> Path:
    return settings.audit.anchor_file or Path(settings.app.data_dir) / "audit" / "anchor.jsonl"


def audit_dev_key_path(settings: Settings) -> Path:
    """Where the development fallback key lives (never used when TALENTA_AUDIT_HMAC_KEY is set)."""
    return settings.audit.dev_key_file or Path(settings.app.data_dir) / "audit" / "hmac.key"


def audit_key(settings: Settings, secrets: Secrets) -> bytes:
    """The audit HMAC key: TALENTA_AUDIT_HMAC_KEY, or (development only) a generated key file."""
    if secrets.audit_hmac_key is not None and secrets.audit_hmac_key.get_secret_value():
        key = secrets.audit_hmac_key.get_secret_value().encode("utf-8")
        if len(key) < MIN_KEY_BYTES:
            raise ConfigError(
                f"TALENTA_AUDIT_HMAC_KEY terlalu pendek: minimal {MIN_KEY_BYTES} karakter "
                "(buat dengan: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        return key
    path = audit_dev_key_path(settings)
    key, created = load_or_create_dev_key(path)
    logging.getLogger("talenta.audit").warning(
        "PERINGATAN: TALENTA_AUDIT_HMAC_KEY tidak diset; catatan audit ditandatangani dengan "
        "kunci pengembangan di data_dir. Kunci di samping basis data tidak melindungi dari "
        "administrator basis data: jangan dipakai di produksi.",
        extra={"key_file": str(path), "key_created": created},
    )
    return key


def build_audit_log(settings: Settings, secrets: Secrets, engine: Engine) -> AuditLog:
    return AuditLog(
        engine, audit_key(settings, secrets), lock_timeout_s=settings.audit.lock_timeout_s
    )


def ranking_config_hash(settings: Settings) -> str:
    """The hash of everything that orders a candidate list: search weights and merit rules."""
    from db.audit import config_hash

    return config_hash(
        {
            # Where the shards live orders nothing (and differs between installations).
            "search": settings.search.model_dump(mode="json", exclude={"index_dir"}),
            "merit": settings.merit.model_dump(mode="json"),
        }
    )


def build_services(
    settings: Settings,
    engine: Engine,
    audit: AuditLog | None = None,
    *,
    today: Callable[[], date] | None = None,
    warm_up: bool = False,
) -> Services:
    """The real services behind the core's Protocols (loads the encoder and the indexes).

    ``today``: the reference date of rankings and rules (``talenta ask --tanggal``); default
    the date in WIB. ``warm_up``: a long-running assistant (Telegram, interactive console)
    loads merit facts in the background (``search.warm_up``); a one-shot command does not.
    """
    from bot.media.cache import PictureCaches
    from bot.ports.adapters import OpportunityAdapter, RegulationAdapter, SearchAdapter
    from bot.ports.records import DbRecords
    from bot.ports.services import Services
    from knowledge.corpus import load_corpus
    from knowledge.rules.thresholds import thresholds
    from retrieval.encoders.factory import build_encoder
    from retrieval.people.service import SearchService
    from retrieval.regulations.answerer import Paths, RegulationAnswerer

    # The bot runs `bot.workers` threads; each encoding gets `bot.torch_threads` so that
    # together they do not oversubscribe the 2 cores.
    encoder = build_encoder(
        settings.encoder.model_copy(update={"torch_threads": settings.bot.torch_threads})
    )
    regulations = RegulationAnswerer.build(
        load_corpus(),
        encoder,
        settings.regulations,
        thresholds(),
        Paths.under(settings.app.data_dir),
    )
    search = SearchService(
        engine, encoder, settings.search, today=today or today_wib, merit=settings.merit
    )
    search.start()
    if warm_up:
        search.start_warm_up()
    records = DbRecords(engine, today=today or today_wib)
    accountability = None
    if audit is not None:
        from bot.ports.services import Accountability

        def index_version(scope: Sequence[int]) -> str:
            try:
                shards = search.shards_for(scope)
            except Exception:  # the list was already served; the version is best effort
                return ""
            return ",".join(f"{i}:{sh.meta.index_version}" for i, sh in sorted(shards.items()))

        accountability = Accountability(
            audit=audit,
            settings=settings.audit,
            config_hash=ranking_config_hash(settings),
            model=encoder.name,
            index_version=index_version,
        )
    candidates = SearchAdapter(engine, search)
    return Services(
        profiles=records,
        talentpool=records,
        regulations=RegulationAdapter(regulations),
        search=candidates,
        merit_facts=candidates,
        opportunities=OpportunityAdapter(engine, search),
        accountability=accountability,
        caches=PictureCaches(),
        committee=settings.committee,
    )


def build_assistant(
    settings: Settings,
    engine: Engine,
    services: Services | None = None,
    secrets: Secrets | None = None,
    warm_up: bool = False,
    **kwargs: Any,
) -> Assistant:
    from bot.router.assistant import Assistant

    if services is None:
        audit = build_audit_log(settings, secrets, engine) if secrets is not None else None
        if audit is not None:
            from bot.config.audit_hooks import record_config_changes

            record_config_changes(audit, settings)
        services = build_services(settings, engine, audit, warm_up=warm_up)
    from bot.router.groups import CommitteeGroups

    kwargs.setdefault("groups", CommitteeGroups())  # registered committee groups may do more
    return Assistant(engine, services, settings=settings.bot, **kwargs)
