"""The installation's settings: ``config.yaml`` and ``TALENTA_*`` variables, read once.

Each room defines its own settings model (``bot/doors/settings.py``, ``db/settings.py``,
``knowledge/rules/settings.py``, ``retrieval/settings.py`` …); this file only composes them, so
the rooms receive typed objects and never read files themselves.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from bot.doors.settings import BotSettings
from bot.errors import ConfigError
from db.audit.settings import AuditSettings
from db.import_settings import ImportSettings
from db.retention_settings import RetentionSettings
from db.settings import DatabaseSettings
from knowledge.rules.settings import MeritSettings
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings, SearchSettings

DEFAULT_CONFIG = Path("config.yaml")
CONFIG_ENV = "TALENTA_CONFIG"


class AppSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Path("var")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    # Optional log file with size-based rotation (under systemd, journald already rotates).
    log_file: Path | None = None
    log_max_mb: int = Field(default=20, ge=1, le=10_000)
    log_backups: int = Field(default=5, ge=0, le=100)


class SampleDataSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pegawai: int = Field(default=5000, ge=1, le=2_000_000)
    seed: int = 7


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TALENTA_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    app: AppSettings = AppSettings()
    database: DatabaseSettings = DatabaseSettings()
    sample_data: SampleDataSettings = SampleDataSettings()
    audit: AuditSettings = AuditSettings()
    encoder: EncoderSettings = EncoderSettings()
    search: SearchSettings = SearchSettings()
    merit: MeritSettings = MeritSettings()
    bot: BotSettings = BotSettings()
    regulations: RegulationSearchSettings = RegulationSearchSettings()
    retention: RetentionSettings = RetentionSettings()
    importer: ImportSettings = ImportSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG))
        yaml_source = YamlConfigSettingsSource(settings_cls, yaml_file=path)
        # Precedence: explicit arguments, then environment, then config.yaml.
        return (init_settings, env_settings, yaml_source)


def dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def load_settings(**overrides: Any) -> Settings:
    """Build settings once. A bad value raises :class:`ConfigError` naming the key."""
    path = Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG))
    if CONFIG_ENV in os.environ and not path.exists():
        raise ConfigError(f"Berkas konfigurasi {path} ({CONFIG_ENV}) tidak ditemukan.")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = dotted(err["loc"])
            lines.append(f"- {key}: {err['msg']} (nilai: {err.get('input')!r})")
        raise ConfigError(
            f"Konfigurasi tidak sah ({path}); perbaiki kunci berikut:\n" + "\n".join(lines)
        ) from None
