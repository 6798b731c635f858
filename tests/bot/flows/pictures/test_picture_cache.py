"""Caches behind the pictures: keyed on content, so changed data is never served stale."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.flows import pictures
from bot.media.cache import LruCache, PictureCaches, content_key
from db.models import Asesmen, Pegawai
from tests.bot.flows.pictures.helpers import add_estimated_star
from tests.bot.support import build_world


def test_lru_evicts_the_least_recently_used_by_count_and_by_size() -> None:
    cache: LruCache[bytes] = LruCache(3, max_bytes=10)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # "a" is now the most recent
    cache.put("c", b"1234")  # 12 bytes > 10: the least recent ("b") goes
    assert cache.get("b") is None and cache.get("a") == b"1234" and cache.get("c") == b"1234"
    small: LruCache[int] = LruCache(2)
    for i in range(5):
        small.put(i, i)
    assert len(small) == 2 and small.get(4) == 4 and small.get(0) is None
    made: list[int] = []
    assert small.get_or_make("k", lambda: made.append(1) or 7) == 7
    assert small.get_or_make("k", lambda: made.append(1) or 8) == 7 and made == [1]


def test_same_picture_inputs_render_once() -> None:
    caches = PictureCaches()
    g = pictures.grid([], people=False, highlight=5)
    title = f"uji cache {content_key(id(g))}"
    first = pictures.ninebox_png(g.cells, title=title, caption="a", caches=caches)
    again = pictures.ninebox_png(g.cells, title=title, caption="a", caches=caches)
    other = pictures.ninebox_png(g.cells, title=title, caption="b", caches=caches)
    assert again is first  # the very same bytes object: served from the cache
    assert other != first and other.startswith(b"\x89PNG")


CACHES = PictureCaches()


def _estimate(engine: Engine, pid: int) -> int:
    with Session(engine) as s:
        placed, _ = pictures.placements(s, [pid], caches=CACHES)
    [p] = placed
    assert not p.official
    return p.kotak


def _set(engine: Engine, pid: int, *, potensi: float, content_hash: str) -> None:
    with Session(engine) as s:
        peg = s.get(Pegawai, pid)
        assert peg is not None
        peg.content_hash = content_hash
        for a in s.exec(select(Asesmen).where(Asesmen.pegawai_id == pid)):
            a.skor_potensi = potensi
            s.add(a)
        s.add(peg)
        s.commit()


def test_estimates_are_reused_while_the_import_hash_is_unchanged(engine: Engine) -> None:
    world = build_world(engine)
    with Session(engine) as s:
        pid = add_estimated_star(s, "BTH", "Hana Estimasi").id or 0
        s.commit()
    hash_1 = f"h1-{content_key(engine.url, pid)}"
    _set(engine, pid, potensi=88.0, content_hash=hash_1)
    assert _estimate(engine, pid) == 9
    hits = CACHES.estimates.hits
    assert _estimate(engine, pid) == 9 and CACHES.estimates.hits == hits + 1
    # An import that changes the person's data changes their hash: computed afresh.
    _set(engine, pid, potensi=20.0, content_hash=f"h2-{content_key(engine.url, pid)}")
    low = _estimate(engine, pid)
    assert low != 9
    # Rows without an import hash (made by hand) are never cached: a change shows at once.
    _set(engine, pid, potensi=88.0, content_hash="")
    hits = CACHES.estimates.hits
    assert _estimate(engine, pid) == 9 and CACHES.estimates.hits == hits
    assert world.ids["budi"]  # the rest of the world keeps its official boxes
