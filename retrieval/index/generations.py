"""Numbered generations of an index's files, switched by one atomic rename.

Files of index ``<key>`` in a folder::

    <key>.meta.json          which generation is current (``index_version``) and how it was built
    <key>.g<N>.<suffix>      the files of generation N

A new generation is written beside the old one (each file atomically), and only then does
``meta.json`` move to it with ``os.replace`` — a reader sees one whole generation or the other.
The previous generation is kept until the next write, so a reader that just read the old
metadata can still open its files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from retrieval.index.atomic import write_atomic, write_text_atomic


class Generations:
    def __init__(self, directory: Path, key: str):
        self.directory = directory
        self.key = key

    @property
    def meta_path(self) -> Path:
        return self.directory / f"{self.key}.meta.json"

    def path(self, generation: int, suffix: str) -> Path:
        return self.directory / f"{self.key}.g{generation}.{suffix}"

    def exists(self) -> bool:
        return self.meta_path.exists()

    def read_meta(self) -> dict[str, Any]:
        """The metadata; ``FileNotFoundError`` when none, ``ValueError`` when unreadable."""
        data = json.loads(self.meta_path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("metadata is not an object")
        return data

    def write(
        self,
        files: Mapping[str, Callable[[Path], None]],
        meta: Callable[[int], Mapping[str, Any]],
    ) -> int:
        """Write generation N+1: each ``files[suffix](tmp)`` fills one file, then the metadata
        ``meta(N+1)`` becomes current; generations before N are deleted. Returns N+1."""
        self.directory.mkdir(parents=True, exist_ok=True)
        previous = int(self.read_meta()["index_version"]) if self.exists() else 0
        generation = previous + 1
        for suffix, fill in files.items():
            write_atomic(self.path(generation, suffix), fill)
        write_text_atomic(self.meta_path, json.dumps(dict(meta(generation)), indent=2))
        self._drop_before(generation - 1)
        return generation

    def _drop_before(self, keep_from: int) -> None:
        for path in self.directory.glob(f"{self.key}.g*.*"):
            stem = path.name[len(self.key) + 2 :].split(".", 1)[0]
            if stem.isdigit() and int(stem) < keep_from:
                path.unlink(missing_ok=True)

    def remove(self) -> None:
        """Delete the metadata and every generation."""
        self.meta_path.unlink(missing_ok=True)
        self._drop_before(2**62)
