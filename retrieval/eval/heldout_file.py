"""A held-out file: written blind, committed with its sha256 before its first use, and
checked against that hash whenever it is read, so a changed file cannot be reported as the
committed one. Shared by the router's and the regulation answers' evaluations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


class HeldOutChanged(Exception):
    """The held-out file is not the one whose hash was recorded when it was written."""


@dataclass(frozen=True)
class HeldOutSet:
    """One held-out file, written blind and committed before it was first used."""

    number: int
    path: Path
    sha256: str  # recorded when the file was committed

    def verified(self) -> Path:
        """The file's path, once its content is the committed one (else HeldOutChanged)."""
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        if digest != self.sha256:
            raise HeldOutChanged(f"{self.path.name}: sha256 {digest}, expected {self.sha256}")
        return self.path
