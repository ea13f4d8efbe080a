"""Housekeeping: the retention period and fetch-cache clean-up, against a real SQLite store."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.housekeeping import Housekeeping, Swept
from bot.storage import Store
from tests.storage.test_store import record

T0 = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """An empty SQLite store."""
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'housekeeping.db'}")
    yield opened
    await opened.close()


async def test_sweep_deletes_old_briefings_and_expired_pages_only(store: Store) -> None:
    """A pass deletes briefings older than the retention period and expired cache entries, nothing else."""
    await store.record_briefings([record(created_at=T0 - 8 * DAY), record(created_at=T0 - 6 * DAY)])
    await store.cache_put("page:old", "<html>old</html>", T0 - datetime.timedelta(minutes=1))
    await store.cache_put("page:new", "<html>new</html>", T0 + datetime.timedelta(minutes=1))
    housekeeping = Housekeeping(store, retention_days=7, clock=lambda: T0)
    assert await housekeeping.sweep() == Swept(briefings=1, cache_entries=1)
    left = await store.briefings_between(record().guild_id, T0 - 30 * DAY, T0)
    assert [b.created_at for b in left] == [T0 - 6 * DAY]
    assert await store.cache_get("page:new", now=T0) == "<html>new</html>"
    assert await housekeeping.sweep() == Swept(briefings=0, cache_entries=0)


async def test_run_forever_sweeps_at_once_and_stops_when_asked(store: Store) -> None:
    """The loop sweeps on start; once the stop event is set it ends after the pass in progress."""
    await store.record_briefing(record(created_at=T0 - 40 * DAY))
    stopping = asyncio.Event()

    def clock() -> datetime.datetime:
        stopping.set()  # asked to stop while the first pass runs
        return T0

    housekeeping = Housekeeping(store, retention_days=30, clock=clock, every=datetime.timedelta(hours=1))
    async with asyncio.timeout(10):
        await housekeeping.run_forever(stopping)
    assert await store.briefings_between(record().guild_id, T0 - 100 * DAY, T0) == []


async def test_a_failed_pass_is_logged_and_the_next_one_runs(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """An error in one pass (here a naive clock the store refuses) is logged; the next pass still sweeps."""
    await store.record_briefing(record(created_at=T0 - 40 * DAY))
    stopping = asyncio.Event()
    times = iter([T0.replace(tzinfo=None), T0])

    def clock() -> datetime.datetime:
        now = next(times)
        if now.tzinfo is not None:
            stopping.set()
        return now

    housekeeping = Housekeeping(store, retention_days=30, clock=clock, every=datetime.timedelta(0))
    async with asyncio.timeout(10):
        await housekeeping.run_forever(stopping)
    assert "housekeeping pass failed" in caplog.text
    assert await store.briefings_between(record().guild_id, T0 - 100 * DAY, T0) == []
