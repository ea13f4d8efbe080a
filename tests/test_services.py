"""BriefingLimiter: per-user cooldown, per-server concurrency cap with a short queue, refusal past it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.briefing.errors import RateLimited
from bot.briefing.fetch import FetchedPage, Fetcher, canonical_url
from bot.services import BriefingLimiter, Services, StoreFetchCache
from bot.settings import Settings
from bot.storage import Store
from tests.pageserver import PageServer, page


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_cooldown_refuses_a_quick_second_request() -> None:
    """A second request inside the cooldown is refused with the seconds left; after it, accepted."""
    clock = FakeClock()
    limiter = BriefingLimiter(cooldown=10, max_concurrent=1, queue_size=0, clock=clock)
    limiter.check_cooldown(1)
    clock.now += 4
    with pytest.raises(RateLimited, match="in 6 s"):
        limiter.check_cooldown(1)
    limiter.check_cooldown(2)  # other users are not affected
    clock.now += 6
    limiter.check_cooldown(1)


def test_zero_cooldown_never_refuses() -> None:
    """With cooldown 0 a user may ask again at once."""
    limiter = BriefingLimiter(cooldown=0, max_concurrent=1, queue_size=0, clock=FakeClock())
    limiter.check_cooldown(1)
    limiter.check_cooldown(1)


def test_invalid_limits_rejected() -> None:
    """A concurrency cap below one is a configuration error."""
    with pytest.raises(ValueError, match="max_concurrent"):
        BriefingLimiter(cooldown=0, max_concurrent=0, queue_size=0)


async def test_slots_cap_queue_and_refuse() -> None:
    """Two run, two wait, the fifth is refused; waiting ones run as slots free up."""
    limiter = BriefingLimiter(cooldown=0, max_concurrent=2, queue_size=2)
    release = asyncio.Event()
    started: list[int] = []

    async def job(n: int) -> None:
        async with limiter.slot(7):
            started.append(n)
            await release.wait()

    tasks = [asyncio.create_task(job(n)) for n in range(4)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert started == [0, 1]
    assert limiter.running(7) == 2
    assert limiter.waiting(7) == 2
    with pytest.raises(RateLimited, match="too many briefings"):
        async with limiter.slot(7):
            pass
    async with asyncio.timeout(5):  # other servers are independent
        async with limiter.slot(8):
            pass
    release.set()
    await asyncio.gather(*tasks)
    assert sorted(started) == [0, 1, 2, 3]
    assert limiter.running(7) == 0
    assert limiter.waiting(7) == 0


async def test_slot_released_on_error() -> None:
    """A briefing that fails gives its slot back."""
    limiter = BriefingLimiter(cooldown=0, max_concurrent=1, queue_size=0)
    with pytest.raises(RuntimeError):
        async with limiter.slot(1):
            raise RuntimeError("boom")
    async with asyncio.timeout(5):
        async with limiter.slot(1):
            assert limiter.running(1) == 1


async def test_cancelled_waiter_leaves_the_queue() -> None:
    """A waiting request that is cancelled frees its place in the queue."""
    limiter = BriefingLimiter(cooldown=0, max_concurrent=1, queue_size=1)
    hold = asyncio.Event()

    async def holder() -> None:
        async with limiter.slot(3):
            await hold.wait()

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    waiter = asyncio.create_task(holder())
    await asyncio.sleep(0)
    assert limiter.waiting(3) == 1
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert limiter.waiting(3) == 0
    hold.set()
    await first
    assert limiter.running(3) == 0


async def test_store_fetch_cache_round_trip(tmp_path: Path) -> None:
    """Fetched pages are kept in the Store and come back equal; a zero TTL keeps nothing."""
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'cache.db'}")
    try:
        page = FetchedPage("https://news.example/a", 200, "text/html", "<p>Ferry “back” — soon</p>")
        cache = StoreFetchCache(store, ttl_seconds=60)
        assert await cache.get("https://news.example/a") is None
        await cache.put("https://news.example/a", page)
        assert await cache.get("https://news.example/a") == page
        off = StoreFetchCache(store, ttl_seconds=0)
        await off.put("https://news.example/b", page)
        assert await off.get("https://news.example/b") is None
        assert await cache.get("https://news.example/b") is None
    finally:
        await store.close()


async def test_fetched_pages_reach_the_store_cache_by_the_time_the_fetcher_closes(tmp_path: Path) -> None:
    """A fetched page is cached in the store in the background; closing the fetcher lets the write land."""
    html = (
        "<html><body><p>The ferry is back in Valmora this spring, the harbour office said.</p></body></html>"
    )
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'cache.db'}")
    settings = Settings(_env_file=None, fetch_allowed_hosts=["127.0.0.1"])  # type: ignore[call-arg]
    try:
        async with PageServer({"/news/ferry": page(html)}) as server:
            fetcher = Fetcher(settings, cache=StoreFetchCache(store, ttl_seconds=60))
            fetched = await fetcher.fetch(server.url("/news/ferry"))
            await fetcher.close()
        cached = await StoreFetchCache(store, ttl_seconds=60).get(canonical_url(server.url("/news/ferry")))
        assert cached == fetched
    finally:
        await store.close()


async def test_services_track_requests_in_progress(settings: Settings, tmp_path: Path) -> None:
    """drain waits for requests in progress; a memory trim is due once they are done and quiet."""
    services = await Services.create(
        settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{tmp_path / 's.db'}"})
    )
    try:
        assert not services.take_trim_due(0)
        release = asyncio.Event()

        async def request() -> None:
            async with services.working():
                await release.wait()

        task = asyncio.create_task(request())
        await asyncio.sleep(0)
        assert services.active == 1
        assert not await services.drain(0.01)
        release.set()
        assert await services.drain(5)
        await task
        assert services.take_trim_due(0)
        assert not services.take_trim_due(0)
    finally:
        await services.aclose()


async def test_a_burst_waits_its_turn_in_arrival_order() -> None:
    """Twenty briefings of one server with one slot all run, one at a time, in the order they came."""
    limiter = BriefingLimiter(cooldown=0, max_concurrent=1, queue_size=100)
    order: list[int] = []

    async def job(n: int) -> None:
        async with limiter.slot(5):
            order.append(n)
            await asyncio.sleep(0)

    await asyncio.gather(*(job(n) for n in range(20)))
    assert order == list(range(20))
    assert limiter.waiting(5) == 0


async def test_a_wait_past_the_limit_is_told_plainly() -> None:
    """A briefing that cannot get a slot within max_wait is refused with a message saying so."""
    limiter = BriefingLimiter(cooldown=0, max_concurrent=1, queue_size=10, max_wait=0.05)
    hold = asyncio.Event()

    async def holder() -> None:
        async with limiter.slot(9):
            await hold.wait()

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    with pytest.raises(RateLimited, match=r"could not start within 0\.05 s"):
        async with limiter.slot(9):
            pass
    assert limiter.waiting(9) == 0
    async with asyncio.timeout(5):  # another server is not held up
        async with limiter.slot(10):
            pass
    hold.set()
    await first
