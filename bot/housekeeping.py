"""Housekeeping: apply the retention period and drop expired cached pages, once an hour (no Discord here).

The app runs :meth:`Housekeeping.run_forever` as a background task from start-up to shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.storage import Store

log = logging.getLogger(__name__)

#: Retention and cache clean-up run this often.
HOUSEKEEPING_EVERY = datetime.timedelta(hours=1)


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True)
class Swept:
    """What one housekeeping pass deleted."""

    briefings: int
    cache_entries: int


class Housekeeping:
    """Delete briefings older than the retention period and expired fetch-cache entries."""

    def __init__(
        self,
        store: Store,
        *,
        retention_days: int,
        clock: Callable[[], datetime.datetime] = _utc_now,
        every: datetime.timedelta = HOUSEKEEPING_EVERY,
    ) -> None:
        self._store = store
        self._retention = datetime.timedelta(days=retention_days)
        self._clock = clock
        self._every = every

    async def sweep(self) -> Swept:
        """Run one pass now and return what it deleted."""
        now = self._clock()
        purged = await self._store.purge_older_than(now - self._retention)
        expired = await self._store.cache_purge_expired(now)
        if purged or expired:
            log.info("retention: deleted %d old briefings and %d expired cache entries", purged, expired)
        return Swept(purged, expired)

    async def run_forever(self, stopping: asyncio.Event) -> None:
        """Sweep now and then every hour until ``stopping`` is set; a failed pass is logged and retried."""
        while not stopping.is_set():
            try:
                await self.sweep()
            except Exception:  # the loop must outlive a database hiccup; the next pass tries again
                log.exception("housekeeping pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=self._every.total_seconds())
