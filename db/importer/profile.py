"""Import profiles: editable YAML files that map another system's export to Talenta's layout.

A profile says, per layout table, which file (or sheet) names hold it, which column names of
that export mean which Talenta column, how some values translate (``M`` → ``L``), and whether
its dates are day-first. Every mapping carries where it comes from (``source``) and how sure
that is (``status``: verified, secondary, unverified), because an export layout nobody here
has seen must not look certain. Shipped profiles live in ``db/importer/profiles/``; an agency
copies one, edits it and passes the copy's path to ``--profil``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from db.layout import FILES_BY_NAME

PROFILES_DIR = Path(__file__).parent / "profiles"
INSTANSI_OPTION = "{instansi}"  # a default filled from the single --instansi code
Status = Literal["verified", "secondary", "unverified"]


class ProfileError(Exception):
    """A profile that cannot be loaded; the message names the file and the key."""


def normalise(name: str) -> str:
    """Header and file names compared without case, and with spaces, ``_``, ``.`` and ``-``
    alike: ``NIP_BARU``, ``Nip Baru`` and ``nip baru`` are one name."""
    return re.sub(r"[\s_.\-]+", " ", name.strip().lower()).strip()


class ColumnMap(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: list[str] = Field(default_factory=list)  # column names in the export
    default: str | None = None  # used when none of ``names`` is in the file
    source: str = Field(min_length=1)
    status: Status


class ValueMap(BaseModel):
    model_config = ConfigDict(extra="forbid")

    map: dict[str, str]  # export value -> Talenta value
    source: str = Field(min_length=1)
    status: Status


class TableMap(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: list[str] = Field(default_factory=list)  # file stems / sheet names
    columns: dict[str, ColumnMap] = Field(default_factory=dict)
    values: dict[str, ValueMap] = Field(default_factory=dict)


class ImportProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    day_first: bool = False
    other_columns: Literal["ignore", "error"] = "error"
    tables: dict[str, TableMap]

    @field_validator("tables")
    @classmethod
    def _known(cls, tables: dict[str, TableMap]) -> dict[str, TableMap]:
        for table, tm in tables.items():
            spec = FILES_BY_NAME.get(table)
            if spec is None:
                raise ValueError(f"tabel '{table}' tidak ada di format impor Talenta")
            for column in (*tm.columns, *tm.values):
                if column not in spec.column_names:
                    raise ValueError(f"kolom '{column}' tidak ada di tabel {table}")
            for column, cm in tm.columns.items():
                if not cm.names and cm.default is None:
                    raise ValueError(f"{table}.{column}: isi 'names' atau 'default'")
        return tables

    def table_for(self, file_name: str) -> str | None:
        """The layout table a file stem or sheet name holds under this profile."""
        wanted = normalise(file_name)
        for table, tm in self.tables.items():
            if wanted in {normalise(f) for f in tm.files}:
                return table
        return None


def available() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def load_profile(name_or_path: str) -> ImportProfile:
    """A shipped profile by name (``siasn``) or an edited copy by its path."""
    path = Path(name_or_path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = PROFILES_DIR / f"{name_or_path}.yaml"
        if not path.is_file():
            raise ProfileError(
                f"Profil impor '{name_or_path}' tidak dikenal. Tersedia: "
                + ", ".join(available())
                + "; atau berikan jalur berkas .yaml salinan profil."
            )
    if not path.is_file():
        raise ProfileError(f"Berkas profil {path} tidak ditemukan.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"Berkas profil {path} tidak dapat dibaca: {exc}") from None
    try:
        return ImportProfile.model_validate(data)
    except ValidationError as exc:
        lines = [f"- {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        raise ProfileError(f"Profil {path} tidak sah:\n" + "\n".join(lines)) from None


@dataclass(frozen=True)
class ReadOptions:
    """How to read the input: day-first dates, and the profile of another system's export."""

    day_first: bool = False
    profile: ImportProfile | None = None

    def table(self, name: str) -> TableMap | None:
        return self.profile.tables.get(name) if self.profile else None
