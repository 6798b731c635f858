"""Run-time code imports only run-time dependencies: a package listed only under the ``dev``
extra (``python-dateutil``, ``pytest`` …) is absent from an installation made without it."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.retrieval.imports import imports_of, sources

REPO = Path(__file__).resolve().parent.parent
RUN_TIME = ("bot", "retrieval", "knowledge", "db")


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in requirements}


def _dev_only() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return _names(project["optional-dependencies"]["dev"]) - _names(project["dependencies"])


def test_dateutil_is_a_dev_only_dependency() -> None:
    assert "python-dateutil" in _dev_only()


def test_run_time_code_imports_no_dev_only_package() -> None:
    dev_only = _dev_only()
    owners = packages_distributions()  # top-level module -> the distributions that ship it
    bad = []
    for path in sources(*RUN_TIME):
        for i in imports_of(path):
            if i.type_only:
                continue
            top = i.module.split(".")[0]
            if {d.lower() for d in owners.get(top, [])} & dev_only:
                bad.append(f"{path.relative_to(REPO)}:{i.line} imports {i.module}")
    assert not bad, "\n".join(bad)


def test_the_check_sees_a_dev_only_import(tmp_path: Path) -> None:
    src = tmp_path / "contoh.py"
    src.write_text("def f():\n    from dateutil.relativedelta import relativedelta\n")
    owners = packages_distributions()
    found = {i.module.split(".")[0] for i in imports_of(src)}
    assert found == {"dateutil"}
    assert {d.lower() for d in owners["dateutil"]} & _dev_only()
