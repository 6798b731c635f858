"""The shape of retrieval/ as the architecture draws it, checked on the source."""

from __future__ import annotations

import re
from collections import Counter

from tests.retrieval.imports import REPO, imports_of, module_name, sources

# Where offline evaluation may be imported from (the CLI's `talenta eval ...` commands import
# it inside the command function, so it is never loaded by a running assistant).
EVAL_USERS = ("retrieval/eval/", "bench/", "tests/")


def _rel(path: object) -> str:
    return str(path).removeprefix(str(REPO) + "/")


def test_evaluation_is_never_imported_at_run_time() -> None:
    bad = []
    for path in sources("bot", "retrieval", "knowledge", "db"):
        rel = _rel(path)
        if rel.startswith(EVAL_USERS):
            continue
        for i in imports_of(path):
            if not i.module.startswith("retrieval.eval"):
                continue
            if rel.startswith("bot/cli/") and i.in_function:
                continue
            if i.type_only:
                continue
            bad.append(f"{rel}:{i.line} imports {i.module}")
    assert bad == []


def test_the_cli_eval_commands_import_evaluation_lazily() -> None:
    lazy = [
        i
        for i in imports_of(REPO / "bot" / "cli" / "index_cmd.py")
        if i.module.startswith("retrieval.eval")
    ]
    assert lazy and all(i.in_function for i in lazy)


def test_at_most_two_retrieval_modules_import_faiss() -> None:
    users = {
        _rel(path)
        for path in sources("retrieval")
        for i in imports_of(path)
        if i.module == "faiss" or i.module.startswith("faiss.")
    }
    assert users == {"retrieval/index/vectors.py"}


def test_no_two_retrieval_modules_share_a_name() -> None:
    """A module name means one thing across retrieval/ and knowledge/ (a room's own
    settings.py and errors.py, and package __init__.py aside)."""
    names = Counter(
        p.name
        for p in sources("retrieval", "knowledge")
        if p.name not in ("__init__.py", "settings.py", "errors.py", "__main__.py")
    )
    assert [n for n, count in names.items() if count > 1] == []


def test_no_two_retrieval_classes_share_a_name() -> None:
    found: dict[str, list[str]] = {}
    for path in sources("retrieval"):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"^class (\w+)", text, flags=re.M):
            found.setdefault(name, []).append(module_name(path))
    assert {n: m for n, m in found.items() if len(m) > 1} == {}


def test_docstrings_and_comments_do_not_cite_issue_numbers() -> None:
    pattern = re.compile(r"\bissue\s*#?\s*\d+", re.IGNORECASE)
    hits = [
        f"{_rel(p)}:{n}"
        for p in sources("retrieval")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


def test_every_type_ignore_in_retrieval_says_why() -> None:
    """A ``type: ignore`` carries a comment with its reason on the same or the line above."""
    missing = []
    for path in sources("retrieval"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if "type: ignore" not in line:
                continue
            after = line.split("type: ignore", 1)[1]
            reason_here = "#" in after.split("]", 1)[-1]
            reason_above = n > 0 and lines[n - 1].strip().startswith("#")
            if not (reason_here or reason_above):
                missing.append(f"{_rel(path)}:{n + 1}")
    assert missing == []


def test_the_import_reader_tells_type_only_imports_from_run_time_ones(tmp_path: object) -> None:
    from pathlib import Path

    src = Path(str(tmp_path)) / "m.py"
    src.write_text(
        "from typing import TYPE_CHECKING\n"
        "import retrieval.eval\n"
        "if TYPE_CHECKING:\n"
        "    import retrieval.eval.regulation_fit\n",
        encoding="utf-8",
    )
    found = {(i.module, i.type_only) for i in imports_of(src) if i.module.startswith("retrieval")}
    assert found == {("retrieval.eval", False), ("retrieval.eval.regulation_fit", True)}
