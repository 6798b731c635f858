"""Pooling the held-out needs for blind relevance judging, and recording the judges' answers.

As in TREC pooling, the union of the first people several retrievers return for each need is
shown to a judge, shuffled, without names, ids, ranks or which retriever found them, and the
judge marks who a PPK asking that need would want on the list. The answers become the
judgments file :mod:`retrieval.eval.needs_judgments` reads.

Commands (maintainers, ``bench/needs_judging.py``; the held-out needs are read to build the
pool, never to tune)::

    python -m bench.needs_judging pool --out DIR [--encoder bundled ...]
    python -m bench.needs_judging record --pool DIR --judged FILE ...

``pool`` writes ``DIR/packet-<n>.md`` (for the judges) and ``DIR/handles.json`` (kept from
them); ``record`` turns the judges' answers into ``data/needs-heldout-judgments.yaml``.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine
from sqlmodel import Session

from retrieval.eval.needs_judgments import JUDGMENTS, position_of
from retrieval.eval.needs_quality import HELDOUT, planted_search
from retrieval.eval.search_quality import make_encoder
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import render_profile
from retrieval.settings import EncoderSettings, SearchSettings

PACKETS = 4  # one per judge; need i goes to packet i % 4


def _record_text(engine: Engine, pegawai_id: int) -> str:
    """The person's record as the profile document writes it, without the performance line:
    the judge decides on the work, not on merit."""
    with Session(engine) as s:
        (record,) = load_profiles(s, [pegawai_id])
    lines = render_profile(record).splitlines()
    return "\n".join(line for line in lines if not line.startswith("Kinerja:"))


def _handle_order(need_index: int, key: str) -> str:
    return hashlib.sha256(f"{need_index}:{key}".encode()).hexdigest()


def write_pool(
    encoders: list[str],
    out: Path,
    *,
    encoder_settings: EncoderSettings,
    search_settings: SearchSettings,
    workdir: Path,
    depth: int,
    pegawai: int,
    seed: int,
) -> int:
    """Pool the first ``depth`` people of every encoder (with and without the vocabulary's
    reading) for every held-out need and write the judges' packets; the number of people to
    judge."""
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    pools: list[set[str]] = [set() for _ in data["needs"]]
    texts: dict[str, str] = {}
    positions: dict[str, str] = {}
    for name in encoders:
        encoder = make_encoder(name, encoder_settings)
        with planted_search(
            data,
            encoder,
            search_settings,
            workdir=workdir,
            pegawai=pegawai,
            seed=seed,
            label=f"-pool-{name}",
        ) as ps:
            for i, need in enumerate(data["needs"]):
                for expand in (True, False):
                    ids, _reading = ps.hits(need, expand=expand)
                    for pid in ids[:depth]:
                        key = ps.key(pid)
                        pools[i].add(key)
                        if key not in texts:
                            texts[key] = _record_text(ps.engine, pid)
                            if key.startswith("g"):
                                positions[key] = position_of(ps.engine, pid)
            for key in _planted_keys(data):
                if key not in texts:  # planted people are judged too, blind like the rest
                    texts[key] = _record_text(ps.engine, ps.keys[key])
        print(f"{name}: kolam {sum(map(len, pools))} orang-kebutuhan", flush=True)
    for i, need in enumerate(data["needs"]):
        pools[i] |= set(need["expect"])
    out.mkdir(parents=True, exist_ok=True)
    handles: dict[str, dict[str, str]] = {}
    packets: list[list[str]] = [[] for _ in range(PACKETS)]
    for i, need in enumerate(data["needs"]):
        order = sorted(pools[i], key=partial(_handle_order, i))
        handles[str(i)] = {f"K{n + 1}": key for n, key in enumerate(order)}
        lines = [
            f"## Kebutuhan {i}",
            "",
            f"Instansi: {need['instansi']}",
            "",
            f"> {need['need']}",
            "",
        ]
        for n, key in enumerate(order):
            body = texts[key].replace("\n", "\n   ")
            lines.append(f"- **K{n + 1}**\n   {body}")
        packets[i % PACKETS].append("\n".join(lines))
    for n, parts in enumerate(packets):
        (out / f"packet-{n + 1}.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    meta = {"pegawai": pegawai, "seed": seed, "encoders": encoders, "depth": depth}
    (out / "handles.json").write_text(
        json.dumps({"meta": meta, "handles": handles, "people": positions}, indent=1),
        encoding="utf-8",
    )
    return sum(map(len, pools))


def _planted_keys(data: dict[str, Any]) -> list[str]:
    return [p["key"] for p in data["planted"]]


def record(pool: Path, judged: list[Path], out: Path = JUDGMENTS) -> None:
    """Turn the judges' answers (YAML: ``{<need index>: {relevant: [K3, ...], partial: [K7,
    ...]}}``) into the judgments file, keyed by planted key or generated id, with each generated
    person's position. Only ``relevant`` counts as a right answer; ``partial`` (part of the
    work, or work next to it) is kept for the record."""
    meta = json.loads((pool / "handles.json").read_text(encoding="utf-8"))
    answers: dict[int, dict[str, list[str]]] = {}
    for path in judged:
        for need, marked in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            answers[int(need)] = {
                "relevant": list((marked or {}).get("relevant") or []),
                "partial": list((marked or {}).get("partial") or []),
            }
    handles = meta["handles"]
    missing = sorted(set(map(int, handles)) - set(answers))
    if missing:
        raise SystemExit(f"Kebutuhan tanpa penilaian: {missing}")
    needs = []
    for i in sorted(map(int, handles)):
        h = handles[str(i)]
        marked = answers[i]["relevant"] + answers[i]["partial"]
        unknown = [m for m in marked if m not in h]
        if unknown:
            raise SystemExit(f"Kebutuhan {i}: handle tidak ada di kolam: {unknown}")
        needs.append(
            {
                "judged": sorted(h.values()),
                "relevant": sorted(h[m] for m in answers[i]["relevant"]),
                "partial": sorted(h[m] for m in answers[i]["partial"]),
            }
        )
    people = {k: v for k, v in sorted(meta["people"].items())}
    m = meta["meta"]
    header = (
        "# Blind relevance judgments of the held-out needs (retrieval/eval/needs_pooling.py):\n"
        f"# pooled from encoders {', '.join(m['encoders'])}, first {m['depth']} with and without\n"
        "# the vocabulary; judged without names, ranks or retrievers. Never used to tune.\n"
    )
    body = {"pegawai": m["pegawai"], "seed": m["seed"], "people": people, "needs": needs}
    out.write_text(
        header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
