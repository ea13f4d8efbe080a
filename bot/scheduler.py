"""When each server's digest (daily, or weekly on a chosen day) is due, and running the due ones exactly
once (no Discord here).

Due times live in the database (``Store.due_digests``), so they survive restarts. A digest missed while the
bot was down is posted on start if it is less than :data:`CATCH_UP_LIMIT` late, otherwise skipped. Claiming
(server, local day) in the database before posting makes each digest exactly-once, also with several
processes sharing one PostgreSQL. The clock is injected, so tests can drive days, DST changes and restarts.
"""

from __future__ import annotations

import datetime
import enum
import functools
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.briefing.errors import InvalidSchedule
from bot.digest import Digest, build_digest
from bot.guilds import DigestEvery, GuildConfig
from bot.storage import DueDigest, Store

log = logging.getLogger(__name__)

UTC = datetime.UTC
#: A digest more than this late (e.g. the bot was down) is skipped rather than posted.
CATCH_UP_LIMIT = datetime.timedelta(hours=6)
#: A digest covers what was shared since the previous digest, and at most this far back (a daily one).
DIGEST_WINDOW = datetime.timedelta(hours=24)
#: A weekly digest looks back this many windows.
WEEK_DAYS = 7
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: How often the digest loop looks for due digests.
POLL_SECONDS = 30.0

Clock = Callable[[], datetime.datetime]


def utc_now() -> datetime.datetime:
    """Return the current time, aware, in UTC."""
    return datetime.datetime.now(UTC)


# --- parsing what users type -------------------------------------------------------------------------

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time:
    """Parse a time of day such as ``08:30``, ``8.30``, ``20h15``, ``7pm`` or ``7:30 am``."""
    match = _TIME.match(text)
    bad = InvalidSchedule(
        f"I can't read {text.strip()[:40]!r} as a time of day. Use 24-hour HH:MM, e.g. 08:30 or 18:00."
    )
    if match is None:
        raise bad
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise bad
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        raise bad  # a bare "8" is too ambiguous (08:00? 20:00?)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise bad
    return datetime.time(hour, minute)


@functools.cache
def _zones() -> dict[str, str]:
    """Map the lower-case form of every IANA zone name to its canonical spelling."""
    names = set(available_timezones()) | {"UTC"}
    return {name.lower(): name for name in names if not name.startswith(("posix/", "right/"))}


def parse_timezone(text: str) -> str:
    """Return the canonical IANA zone name for ``text``, ignoring case (``europe/berlin``)."""
    name = _zones().get(text.strip().replace(" ", "_").lower())
    if name is None:
        hint = ", ".join(timezone_choices(text, limit=3)) or "Europe/Berlin, America/New_York"
        raise InvalidSchedule(
            f"{text.strip()[:60]!r} is not a time zone I know. Use an IANA name such as {hint}."
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSchedule(f"The time zone {name!r} is not available on this machine.") from None
    return name


def timezone_choices(current: str, *, limit: int = 25) -> list[str]:
    """Return up to ``limit`` IANA zone names matching what the user typed so far (for autocomplete)."""
    typed = current.strip().replace(" ", "_").lower()
    names = sorted(_zones().values())
    if not typed:
        popular = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles"]
        return popular[:limit]
    prefix = [n for n in names if n.lower().startswith(typed)]
    city = [n for n in names if n not in prefix and n.lower().split("/")[-1].startswith(typed)]
    inside = [n for n in names if n not in prefix and n not in city and typed in n.lower()]
    return (prefix + city + inside)[:limit]


# --- due times ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One day's digest: the server's local date and the UTC instant it is due."""

    local_date: datetime.date
    due_at: datetime.datetime


def due_instant(local_date: datetime.date, at: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    """Return the UTC instant of ``at`` on ``local_date`` in ``zone``.

    DST: a time in the spring-forward gap (02:30 in Berlin on the last Sunday of March) is due after the gap
    (03:30 local); an ambiguous time on the fall-back night is due at its first occurrence.
    """
    return datetime.datetime.combine(local_date, at, tzinfo=zone).astimezone(UTC)


def next_occurrence(
    at: datetime.time, zone: ZoneInfo, after: datetime.datetime, *, weekday: int | None = None
) -> Occurrence:
    """Return the first occurrence strictly after ``after`` (on ``weekday`` only, 0 = Monday, when given).

    Each local day's instant is computed in ``zone`` on that day, so a weekly digest keeps its local time
    across DST changes (its UTC instant moves by the hour).
    """
    day = after.astimezone(zone).date() - datetime.timedelta(days=1)
    while True:
        if weekday is None or day.weekday() == weekday:
            due = due_instant(day, at, zone)
            if due > after:
                return Occurrence(day, due)
        day += datetime.timedelta(days=1)


def latest_occurrence(
    at: datetime.time, zone: ZoneInfo, now: datetime.datetime, *, weekday: int | None = None
) -> Occurrence:
    """Return the last occurrence at or before ``now`` (on ``weekday`` only, 0 = Monday, when given)."""
    day = now.astimezone(zone).date() + datetime.timedelta(days=1)
    while True:
        if weekday is None or day.weekday() == weekday:
            due = due_instant(day, at, zone)
            if due <= now:
                return Occurrence(day, due)
        day -= datetime.timedelta(days=1)


def weekday_of(config: GuildConfig) -> int | None:
    """Return the weekday a server's digest posts on (0 = Monday), or None for a daily digest."""
    if config.digest_every is not DigestEvery.WEEK:
        return None
    return config.digest_weekday if config.digest_weekday is not None else 0


def shard_of(guild_id: int, shard_count: int) -> int:
    """Return the shard that holds a server (Discord's formula)."""
    return (guild_id >> 22) % shard_count


class DigestOutcome(enum.StrEnum):
    """What the scheduler did for one server on one pass."""

    SCHEDULED = "scheduled"  # not due yet: the due time was stored
    POSTED = "posted"
    EMPTY = "empty"  # due, but nothing was shared: nothing posted
    SKIPPED = "skipped"  # missed by CATCH_UP_LIMIT or more (the bot was down)
    ALREADY_CLAIMED = "already_claimed"  # another process (or an earlier pass) has this day
    FAILED = "failed"  # claimed, but posting failed; not retried, so never posted twice


@dataclass(frozen=True)
class DigestRun:
    """The result of handling one server."""

    guild_id: int
    outcome: DigestOutcome
    local_date: datetime.date | None = None
    items: int = 0


#: Posts a digest for a server; returns False when it could not be delivered (e.g. the channel is gone).
PostDigest = Callable[[GuildConfig, Digest], Awaitable[bool]]


class DigestScheduler:
    """Find due digests, claim each (server, day) once, build the digest and hand it to ``post``.

    Built once by the app (``BriefBot.setup_hook``); the digest cog's loop calls :meth:`run_due` with the
    function that delivers a digest on Discord.
    """

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = utc_now,
        shard_count: int | None = None,
        shard_ids: Sequence[int] = (),
        catch_up: datetime.timedelta = CATCH_UP_LIMIT,
        window: datetime.timedelta = DIGEST_WINDOW,
    ) -> None:
        self._store = store
        self._clock = clock
        self._shard_count = shard_count
        self._shard_ids = tuple(shard_ids)
        self._catch_up = catch_up
        self._window = window

    @property
    def clock(self) -> Clock:
        """The clock due times are computed with (tests inject one)."""
        return self._clock

    async def run_due(self, post: PostDigest) -> list[DigestRun]:
        """Handle every server of our shards whose digest is due (or not yet scheduled) now."""
        now = self._clock()
        due = await self._store.due_digests(now, shard_count=self._shard_count, shard_ids=self._shard_ids)
        runs = []
        for item in due:
            try:
                runs.append(await self._handle(item, now, post))
            except Exception:  # one server's failure must not stop the others' digests
                log.exception("digest for server %s failed", item.config.guild_id)
                runs.append(DigestRun(item.config.guild_id, DigestOutcome.FAILED))
        return runs

    async def _handle(self, due: DueDigest, now: datetime.datetime, post: PostDigest) -> DigestRun:
        config = due.config
        guild_id = config.guild_id
        if config.digest_time is None:  # due_digests only returns servers with a time
            raise AssertionError("due digest without a time")
        zone = ZoneInfo(config.digest_timezone)
        weekday = weekday_of(config)
        if due.due_at is None or due.local_date is None:
            pending = next_occurrence(config.digest_time, zone, due.config_changed_at, weekday=weekday)
        else:
            pending = Occurrence(due.local_date, due.due_at)
        if pending.due_at > now:
            await self._store.schedule_digest(
                guild_id, pending.due_at, pending.local_date, version=due.version
            )
            return DigestRun(guild_id, DigestOutcome.SCHEDULED, pending.local_date)
        # Due or overdue: only the most recent missed day may still be posted.
        latest = latest_occurrence(config.digest_time, zone, now, weekday=weekday)
        following = next_occurrence(config.digest_time, zone, latest.due_at, weekday=weekday)
        if now - latest.due_at >= self._catch_up:
            log.info(
                "skipping the digest of server %s for %s: %s late",
                guild_id,
                latest.local_date,
                now - latest.due_at,
            )
            await self._store.schedule_digest(
                guild_id, following.due_at, following.local_date, version=due.version
            )
            return DigestRun(guild_id, DigestOutcome.SKIPPED, latest.local_date)
        claim = await self._store.claim_digest(
            guild_id,
            latest.local_date,
            now,
            next_due=following.due_at,
            next_date=following.local_date,
            version=due.version,
        )
        if claim is None:
            return DigestRun(guild_id, DigestOutcome.ALREADY_CLAIMED, latest.local_date)
        start = now - self.window(config)
        if claim.previous_at is not None and claim.previous_at > start:
            start = claim.previous_at
        digest = await self.build(guild_id, start, now)
        if not digest.items:
            await self._store.finish_digest(guild_id, latest.local_date, status="empty")
            return DigestRun(guild_id, DigestOutcome.EMPTY, latest.local_date)
        try:
            delivered = await post(config, digest)
        except Exception:
            await self._store.finish_digest(guild_id, latest.local_date, status="failed")
            raise
        status = DigestOutcome.POSTED if delivered else DigestOutcome.FAILED
        await self._store.finish_digest(
            guild_id,
            latest.local_date,
            status="posted" if delivered else "failed",
            item_count=len(digest.items),
            posted_at=self._clock() if delivered else None,
        )
        return DigestRun(guild_id, status, latest.local_date, len(digest.items))

    def window(self, config: GuildConfig) -> datetime.timedelta:
        """Return how far back a server's digest looks at most: a day, or a week for a weekly digest."""
        return self._window * (WEEK_DAYS if config.digest_every is DigestEvery.WEEK else 1)

    async def build(self, guild_id: int, start: datetime.datetime, end: datetime.datetime) -> Digest:
        """Build the digest of what a server shared in ``[start, end)``."""
        briefings = await self._store.briefings_between(guild_id, start, end)
        return build_digest(briefings, guild_id=guild_id, start=start, end=end)

    async def record_manual(self, digest: Digest) -> None:
        """Count a digest posted by hand (``/digest now``) as the last digest, without claiming the day.

        The next digest (scheduled or by hand) covers only what was shared after ``digest.end``; the
        scheduled one still posts at its time. An empty digest was not posted, so it does not count.
        """
        if digest.is_empty:
            return
        await self._store.record_manual_digest(digest.guild_id, digest.end)

    async def preview(self, guild_id: int) -> Digest:
        """Build what the digest would say now: since the last digest, at most one window back."""
        now = self._clock()
        start = now - self.window(await self._store.guild_config(guild_id))
        last = await self._store.last_digest_at(guild_id)
        if last is not None and last > start:
            start = last
        return await self.build(guild_id, start, now)
