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
from knowledge.rules.settings import CommitteeSettings, MeritSettings
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings, SearchSettings

DEFAULT_CONFIG = Path("config.yaml")
SYSTEM_CONFIG = Path("/etc/talenta/config.yaml")
CONFIG_ENV = "TALENTA_CONFIG"


def config_path() -> Path | None:
    """The configuration file: ``TALENTA_CONFIG``, else ``config.yaml`` in the current folder,
    else ``/etc/talenta/config.yaml``; None when there is none (built-in defaults)."""
    if CONFIG_ENV in os.environ:
        return Path(os.environ[CONFIG_ENV])
    for candidate in (DEFAULT_CONFIG, SYSTEM_CONFIG):
        if candidate.is_file():
            return candidate
    return None


class AppSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Path("var")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # auto: JSON under systemd (JOURNAL_STREAM) or without a terminal, plain text at one.
    log_format: Literal["auto", "json", "text"] = "auto"
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
    committee: CommitteeSettings = CommitteeSettings()
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
        path = config_path()
        if path is None:
            return (init_settings, env_settings)
        yaml_source = YamlConfigSettingsSource(settings_cls, yaml_file=path)
        # Precedence: explicit arguments, then environment, then config.yaml.
        return (init_settings, env_settings, yaml_source)


def dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _anchor(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else base / path


def anchor_paths(settings: Settings, base: Path) -> Settings:
    """Relative file and folder settings (data, index, logs, keys, models, the SQLite file)
    resolved against ``base``, the folder of the configuration file: a command run from any
    folder uses the installation's files, never a new ``var/`` in the current one."""
    app, audit, encoder = settings.app, settings.audit, settings.encoder
    return settings.model_copy(
        update={
            "app": app.model_copy(
                update={
                    "data_dir": _anchor(app.data_dir, base),
                    "log_file": app.log_file and _anchor(app.log_file, base),
                }
            ),
            "database": settings.database.anchored(base),
            "audit": audit.model_copy(
                update={
                    "anchor_file": audit.anchor_file and _anchor(audit.anchor_file, base),
                    "dev_key_file": audit.dev_key_file and _anchor(audit.dev_key_file, base),
                }
            ),
            "encoder": encoder.model_copy(
                update={
                    "model_path": encoder.model_path and _anchor(encoder.model_path, base),
                    "onnx_dir": _anchor(encoder.onnx_dir, base),
                }
            ),
            "search": settings.search.model_copy(
                update={"index_dir": _anchor(settings.search.index_dir, base)}
            ),
        }
    )


def load_settings(**overrides: Any) -> Settings:
    """Build settings once. A bad value raises :class:`ConfigError` naming the key.

    With a configuration file, relative paths (in the file or in ``TALENTA_*`` variables) are
    relative to that file's folder; without one, to the current folder.
    """
    path = config_path()
    if path is not None and not path.exists():
        raise ConfigError(f"Berkas konfigurasi {path} ({CONFIG_ENV}) tidak ditemukan.")
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = dotted(err["loc"])
            lines.append(f"- {key}: {err['msg']} (nilai: {err.get('input')!r})")
        raise ConfigError(
            f"Konfigurasi tidak sah ({path}); perbaiki kunci berikut:\n" + "\n".join(lines)
        ) from None
    return settings if path is None else anchor_paths(settings, path.resolve().parent)
