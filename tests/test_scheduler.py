"""Digest due times (time zones, DST), restart catch-up and exactly-once posting, with an injected clock."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.briefing.errors import InvalidSchedule
from bot.digest import Digest
from bot.guilds import GuildConfig
from bot.scheduler import (
    DigestOutcome,
    DigestScheduler,
    Occurrence,
    due_instant,
    latest_occurrence,
    next_occurrence,
    parse_time,
    parse_timezone,
    shard_of,
    timezone_choices,
)
from bot.storage import BriefingRecord, Store
from tests.storage.conftest import postgres_url_or_skip, reset_postgres

UTC = datetime.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
GUILD = 444_444_444_444_444_444


def utc(*args: int) -> datetime.datetime:
    """Build an aware UTC datetime."""
    return datetime.datetime(*args, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now


class Poster:
    """Collects posted digests (the cog's role) and can pretend the channel is gone."""

    def __init__(self, *, deliver: bool = True) -> None:
        self.posted: list[tuple[int, Digest]] = []
        self.deliver = deliver

    async def __call__(self, config: GuildConfig, digest: Digest) -> bool:
        await asyncio.sleep(0)  # let a concurrent scheduler interleave here
        self.posted.append((config.guild_id, digest))
        return self.deliver


def briefing(
    created_at: datetime.datetime, url: str = "https://news.example/a", user_id: int = 1
) -> BriefingRecord:
    """A fictional briefing shared in GUILD."""
    return BriefingRecord(
        guild_id=GUILD,
        channel_id=10,
        user_id=user_id,
        message_id=None,
        jump_url=None,
        url=url,
        title=f"Story at {url}",
        site_name="Example",
        summary=["Something happened in the harbour town."],
        key_points=[],
        quotes=[],
        created_at=created_at,
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite+aiosqlite:///{tmp_path / 'sched.db'}"


@pytest.fixture
def clock() -> FakeClock:
    """The injected clock, shared by the Store (settings changes) and the scheduler."""
    return FakeClock(utc(2026, 5, 4, 8, 0))


@pytest.fixture
async def store(db_url: str, clock: FakeClock) -> AsyncIterator[Store]:
    """A Store on a fresh SQLite file."""
    opened = await Store.open(db_url, clock=clock)
    try:
        yield opened
    finally:
        await opened.close()


async def enable(store: Store, at: datetime.time, zone: str = "UTC", guild_id: int = GUILD) -> None:
    """Turn on a server's daily digest."""
    await store.update_guild_config(
        guild_id, digest_enabled=True, digest_channel_id=99, digest_time=at, digest_timezone=zone
    )


# --- pure due-time logic -----------------------------------------------------------------------------


def test_next_occurrence_is_strictly_after() -> None:
    """The next occurrence is later today before the time, tomorrow at or after it."""
    at = datetime.time(9, 0)
    zone = ZoneInfo("UTC")
    assert next_occurrence(at, zone, utc(2026, 5, 4, 8, 59)) == Occurrence(
        datetime.date(2026, 5, 4), utc(2026, 5, 4, 9)
    )
    assert next_occurrence(at, zone, utc(2026, 5, 4, 9, 0)).due_at == utc(2026, 5, 5, 9)
    assert latest_occurrence(at, zone, utc(2026, 5, 4, 9, 0)).due_at == utc(2026, 5, 4, 9)
    assert latest_occurrence(at, zone, utc(2026, 5, 4, 8, 59)).due_at == utc(2026, 5, 3, 9)


def test_local_time_follows_berlin_dst() -> None:
    """09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC from the spring-forward Sunday on."""
    at = datetime.time(9, 0)
    assert due_instant(datetime.date(2026, 3, 28), at, BERLIN) == utc(2026, 3, 28, 8)
    assert due_instant(datetime.date(2026, 3, 29), at, BERLIN) == utc(2026, 3, 29, 7)
    assert due_instant(datetime.date(2026, 10, 25), at, BERLIN) == utc(2026, 10, 25, 8)
    after_saturday = next_occurrence(at, BERLIN, utc(2026, 3, 28, 8))
    assert after_saturday == Occurrence(datetime.date(2026, 3, 29), utc(2026, 3, 29, 7))


def test_time_in_the_spring_forward_gap_is_due_after_the_gap() -> None:
    """02:30 does not exist in Berlin on 2026-03-29: the digest is due once, at 03:30 local."""
    at = datetime.time(2, 30)
    due = due_instant(datetime.date(2026, 3, 29), at, BERLIN)
    assert due == utc(2026, 3, 29, 1, 30)
    assert due.astimezone(BERLIN).hour == 3
    days = [next_occurrence(at, BERLIN, utc(2026, 3, 28, 2))]
    for _ in range(2):
        days.append(next_occurrence(at, BERLIN, days[-1].due_at))
    assert [d.local_date.day for d in days] == [29, 30, 31]
    assert [d.due_at for d in days] == [
        utc(2026, 3, 29, 1, 30),
        utc(2026, 3, 30, 0, 30),
        utc(2026, 3, 31, 0, 30),
    ]


def test_ambiguous_fall_back_time_is_due_once() -> None:
    """02:30 happens twice in Berlin on 2026-10-25: the digest is due at the first, and not again that day."""
    at = datetime.time(2, 30)
    first = next_occurrence(at, BERLIN, utc(2026, 10, 24, 12))
    assert first == Occurrence(datetime.date(2026, 10, 25), utc(2026, 10, 25, 0, 30))
    following = next_occurrence(at, BERLIN, first.due_at)
    assert following == Occurrence(datetime.date(2026, 10, 26), utc(2026, 10, 26, 1, 30))


def test_new_york_dst_changes() -> None:
    """08:00 in New York moves from 13:00 to 12:00 UTC in March and back in November."""
    at = datetime.time(8, 0)
    assert due_instant(datetime.date(2026, 3, 7), at, NEW_YORK) == utc(2026, 3, 7, 13)
    assert due_instant(datetime.date(2026, 3, 8), at, NEW_YORK) == utc(2026, 3, 8, 12)
    assert due_instant(datetime.date(2026, 10, 31), at, NEW_YORK) == utc(2026, 10, 31, 12)
    assert due_instant(datetime.date(2026, 11, 1), at, NEW_YORK) == utc(2026, 11, 1, 13)
    # Late evening local time is the next UTC day: the local date still names the digest.
    late = next_occurrence(datetime.time(23, 0), NEW_YORK, utc(2026, 6, 1, 12))
    assert late == Occurrence(datetime.date(2026, 6, 1), utc(2026, 6, 2, 3))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:30", (8, 30)),
        ("8.30", (8, 30)),
        ("20h15", (20, 15)),
        ("7pm", (19, 0)),
        ("12 am", (0, 0)),
        ("7:05 AM", (7, 5)),
    ],
)
def test_parse_time_accepts_common_forms(text: str, expected: tuple[int, int]) -> None:
    """Common ways of writing a time of day are understood."""
    assert parse_time(text) == datetime.time(*expected)


@pytest.mark.parametrize("text", ["25:00", "08:60", "8", "noonish", "13pm", ""])
def test_parse_time_rejects_nonsense_clearly(text: str) -> None:
    """A bad time raises InvalidSchedule with a message showing the expected form."""
    with pytest.raises(InvalidSchedule, match="HH:MM"):
        parse_time(text)


def test_parse_timezone_canonicalises_and_explains() -> None:
    """Zone names are matched ignoring case; unknown ones get a clear message with suggestions."""
    assert parse_timezone("europe/berlin") == "Europe/Berlin"
    assert parse_timezone(" America/New York ") == "America/New_York"
    assert parse_timezone("utc") == "UTC"
    with pytest.raises(InvalidSchedule, match="not a time zone I know") as caught:
        parse_timezone("Berlin")
    assert "Europe/Berlin" in caught.value.user_message


def test_timezone_choices_for_autocomplete() -> None:
    """Autocomplete offers prefix matches first, then city names, at most 25."""
    assert timezone_choices("europe/ber") == ["Europe/Berlin"]
    assert timezone_choices("berlin")[0] == "Europe/Berlin"
    assert len(timezone_choices("a")) == 25
    assert "UTC" in timezone_choices("")


def test_shard_of_uses_discords_formula() -> None:
    """A server's shard is (guild_id >> 22) % shard_count."""
    assert shard_of(3 << 22 | 12345, 2) == 1
    assert shard_of(4 << 22, 4) == 0
    assert shard_of(GUILD, 1) == 0


# --- the scheduler against a real database -----------------------------------------------------------


async def test_digest_is_scheduled_then_posted_once_a_day(store: Store, clock: FakeClock) -> None:
    """A new digest is scheduled, posted when due, not posted again that day, and posted the next day."""
    clock.now = utc(2026, 5, 4, 8, 0)
    await enable(store, datetime.time(9, 0))
    await store.record_briefing(briefing(utc(2026, 5, 4, 7, 0)))
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.SCHEDULED
    assert await scheduler.run_due(poster) == []
    clock.now = utc(2026, 5, 4, 9, 0, 30)
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date, run.items) == (DigestOutcome.POSTED, datetime.date(2026, 5, 4), 1)
    assert await scheduler.run_due(poster) == []
    clock.now = utc(2026, 5, 4, 23, 0)
    assert await scheduler.run_due(poster) == []
    await store.record_briefing(briefing(utc(2026, 5, 4, 20, 0), url="https://news.example/b"))
    clock.now = utc(2026, 5, 5, 9, 1)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.POSTED
    assert len(poster.posted) == 2
    # The second digest starts where the first one ended: only the evening story.
    second = poster.posted[1][1]
    assert [item.url for item in second.items] == ["https://news.example/b"]
    assert await store.digest_status(GUILD, datetime.date(2026, 5, 5)) == "posted"


async def test_setting_the_time_just_before_it_is_due_posts_today(store: Store, clock: FakeClock) -> None:
    """A digest set up at 08:59:30 for 09:00 is posted at the next pass after 09:00, not tomorrow."""
    await store.record_briefing(briefing(utc(2026, 5, 4, 7, 0)))
    await enable(store, datetime.time(9, 0))  # updated_at is the real now; the clock below is later
    clock.now = datetime.datetime.now(UTC) + datetime.timedelta(days=1)
    # Whatever the real time, the change happened before the clock: the latest occurrence is due.
    scheduler = DigestScheduler(store, clock=clock, catch_up=datetime.timedelta(days=2))
    [run] = await scheduler.run_due(Poster())
    assert run.outcome in {DigestOutcome.POSTED, DigestOutcome.EMPTY}


@pytest.mark.parametrize(
    ("late", "expected"),
    [
        (datetime.timedelta(hours=5, minutes=59), DigestOutcome.POSTED),
        (datetime.timedelta(hours=6), DigestOutcome.SKIPPED),
    ],
)
async def test_restart_catches_up_a_missed_digest_only_if_less_than_6h_late(
    db_url: str, late: datetime.timedelta, expected: DigestOutcome
) -> None:
    """After a restart a missed digest is posted when < 6 h late and skipped at >= 6 h; tomorrow's is kept."""
    clock = FakeClock(utc(2026, 5, 3, 12, 0))
    store = await Store.open(db_url, clock=clock)
    await enable(store, datetime.time(9, 0), "Europe/Berlin")  # 07:00 UTC in May
    await store.record_briefing(briefing(utc(2026, 5, 4, 6, 0)))
    [run] = await DigestScheduler(store, clock=clock).run_due(Poster())
    assert run.outcome is DigestOutcome.SCHEDULED
    await store.close()  # the bot goes down before 07:00 UTC and comes back `late`

    store = await Store.open(db_url, clock=clock)
    try:
        clock.now = utc(2026, 5, 4, 7, 0) + late
        poster = Poster()
        scheduler = DigestScheduler(store, clock=clock)
        [run] = await scheduler.run_due(poster)
        assert run.outcome is expected
        assert run.local_date == datetime.date(2026, 5, 4)
        assert len(poster.posted) == (1 if expected is DigestOutcome.POSTED else 0)
        assert await scheduler.run_due(poster) == []
        clock.now = utc(2026, 5, 5, 7, 0)
        await store.record_briefing(briefing(utc(2026, 5, 4, 23, 0), url="https://news.example/c"))
        [run] = await scheduler.run_due(poster)
        assert (run.outcome, run.local_date) == (DigestOutcome.POSTED, datetime.date(2026, 5, 5))
    finally:
        await store.close()


async def test_down_for_days_skips_old_days_in_one_pass(store: Store, clock: FakeClock) -> None:
    """Coming back days later skips straight to the next due time instead of replaying each missed day."""
    clock.now = utc(2026, 5, 1, 8, 0)
    await enable(store, datetime.time(9, 0))
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    await scheduler.run_due(poster)
    clock.now = utc(2026, 5, 4, 10, 0)  # three days later, one hour after today's time
    await store.record_briefing(briefing(utc(2026, 5, 4, 9, 30)))
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date) == (DigestOutcome.POSTED, datetime.date(2026, 5, 4))
    assert await scheduler.run_due(poster) == []


async def test_berlin_digest_follows_spring_forward(store: Store, clock: FakeClock) -> None:
    """A 09:00 Berlin digest posts at 08:00 UTC on Saturday and 07:00 UTC on the spring-forward Sunday."""
    clock.now = utc(2026, 3, 28, 0, 0)
    await enable(store, datetime.time(9, 0), "Europe/Berlin")
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    await scheduler.run_due(poster)
    posted_at = []
    for hour in range(48):
        clock.now = utc(2026, 3, 28, 0) + datetime.timedelta(hours=hour, minutes=1)
        await store.record_briefing(
            briefing(clock.now - datetime.timedelta(seconds=30), url=f"https://n.example/{hour}")
        )
        for run in await scheduler.run_due(poster):
            if run.outcome is DigestOutcome.POSTED:
                posted_at.append(clock.now)
    assert posted_at == [utc(2026, 3, 28, 8, 1), utc(2026, 3, 29, 7, 1)]


async def test_empty_day_posts_nothing(store: Store, clock: FakeClock) -> None:
    """When nothing was shared, the digest is marked empty and nothing is posted."""
    clock.now = utc(2026, 5, 4, 8, 0)
    await enable(store, datetime.time(9, 0))
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    await scheduler.run_due(poster)
    clock.now = utc(2026, 5, 4, 9, 0)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.EMPTY
    assert poster.posted == []
    assert await store.digest_status(GUILD, datetime.date(2026, 5, 4)) == "empty"


async def test_moving_the_time_later_the_same_day_does_not_post_twice(store: Store, clock: FakeClock) -> None:
    """After today's digest was posted, moving the time to later today does not post a second one."""
    await enable(store, datetime.time(9, 0))
    await store.record_briefing(briefing(utc(2026, 5, 4, 7, 0)))
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    await scheduler.run_due(poster)
    clock.now = utc(2026, 5, 4, 9, 0)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.POSTED
    clock.now = utc(2026, 5, 4, 10, 0)
    await store.update_guild_config(GUILD, digest_time=datetime.time(18, 0))
    await store.record_briefing(briefing(utc(2026, 5, 4, 20, 0), url="https://news.example/b"))
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date) == (DigestOutcome.SCHEDULED, datetime.date(2026, 5, 4))
    clock.now = utc(2026, 5, 4, 18, 0)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.ALREADY_CLAIMED
    assert len(poster.posted) == 1
    clock.now = utc(2026, 5, 5, 18, 0)
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date) == (DigestOutcome.POSTED, datetime.date(2026, 5, 5))
    assert [item.url for item in poster.posted[1][1].items] == ["https://news.example/b"]


async def test_failed_delivery_is_not_retried(store: Store, clock: FakeClock) -> None:
    """A digest the cog could not deliver is marked failed and not posted again the same day."""
    clock.now = utc(2026, 5, 4, 8, 0)
    await enable(store, datetime.time(9, 0))
    await store.record_briefing(briefing(utc(2026, 5, 4, 7, 0)))
    poster = Poster(deliver=False)
    scheduler = DigestScheduler(store, clock=clock)
    await scheduler.run_due(poster)
    clock.now = utc(2026, 5, 4, 9, 0)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.FAILED
    clock.now = utc(2026, 5, 4, 9, 1)
    assert await scheduler.run_due(poster) == []
    assert await store.digest_status(GUILD, datetime.date(2026, 5, 4)) == "failed"


async def test_each_process_handles_only_its_shards(store: Store, clock: FakeClock) -> None:
    """With two shards, a scheduler for shard 0 leaves a shard-1 server alone."""
    shard1_guild = 1 << 22 | 77
    clock.now = utc(2026, 5, 4, 8, 0)
    await enable(store, datetime.time(9, 0), guild_id=shard1_guild)
    only_shard0 = DigestScheduler(store, clock=clock, shard_count=2, shard_ids=[0])
    assert await only_shard0.run_due(Poster()) == []
    only_shard1 = DigestScheduler(store, clock=clock, shard_count=2, shard_ids=[1])
    assert [run.guild_id for run in await only_shard1.run_due(Poster())] == [shard1_guild]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database two processes share: a SQLite file, or the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    url = postgres_url_or_skip()
    await reset_postgres(url)
    return url


async def test_two_processes_post_each_digest_exactly_once(shared_url: str) -> None:
    """Two schedulers on two connections to one database race for the same digests: each posts once."""
    clock = FakeClock(utc(2026, 5, 4, 8, 0))
    first, second = await Store.open(shared_url, clock=clock), await Store.open(shared_url, clock=clock)
    try:
        guilds = [GUILD + i for i in range(5)]
        for guild_id in guilds:
            await enable(first, datetime.time(9, 0), guild_id=guild_id)
            await first.record_briefing(
                BriefingRecord(**{**briefing(utc(2026, 5, 4, 7, 0)).__dict__, "guild_id": guild_id})
            )
        poster_a, poster_b = Poster(), Poster()
        a = DigestScheduler(first, clock=clock)
        b = DigestScheduler(second, clock=clock)
        await a.run_due(poster_a)
        clock.now = utc(2026, 5, 4, 9, 0, 10)
        runs_a, runs_b = await asyncio.gather(a.run_due(poster_a), b.run_due(poster_b))
        posted = sorted(g for g, _ in poster_a.posted + poster_b.posted)
        assert posted == guilds
        outcomes = [run.outcome for run in runs_a + runs_b]
        assert outcomes.count(DigestOutcome.POSTED) == len(guilds)
        assert set(outcomes) <= {DigestOutcome.POSTED, DigestOutcome.ALREADY_CLAIMED}
        assert await a.run_due(poster_a) == []
        assert await b.run_due(poster_b) == []
    finally:
        await first.close()
        await second.close()


async def test_a_digest_posted_now_starts_the_next_window_but_keeps_the_day(
    store: Store, clock: FakeClock
) -> None:
    """After /digest now, the scheduled digest still posts at its time, with only what came after."""
    clock.now = utc(2026, 5, 4, 8, 0)
    await enable(store, datetime.time(9, 0))
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.SCHEDULED
    await store.record_briefing(briefing(utc(2026, 5, 4, 7, 0), url="https://news.example/early"))
    clock.now = utc(2026, 5, 4, 8, 30)
    manual = await scheduler.preview(GUILD)
    assert [item.url for item in manual.items] == ["https://news.example/early"]
    await scheduler.record_manual(manual)
    await store.record_briefing(briefing(utc(2026, 5, 4, 8, 45), url="https://news.example/later"))
    clock.now = utc(2026, 5, 4, 9, 0, 30)
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date, run.items) == (DigestOutcome.POSTED, datetime.date(2026, 5, 4), 1)
    [(_, scheduled)] = poster.posted
    assert [item.url for item in scheduled.items] == ["https://news.example/later"]
    assert scheduled.start == utc(2026, 5, 4, 8, 30)
    assert await scheduler.run_due(poster) == []  # still exactly once


async def test_a_preview_does_not_count_as_a_digest(store: Store, clock: FakeClock) -> None:
    """Previewing the digest leaves the next scheduled digest's window where it was."""
    clock.now = utc(2026, 5, 4, 8, 0)
    await enable(store, datetime.time(9, 0))
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    await scheduler.run_due(poster)
    await store.record_briefing(briefing(utc(2026, 5, 4, 7, 0)))
    clock.now = utc(2026, 5, 4, 8, 30)
    assert len((await scheduler.preview(GUILD)).items) == 1
    clock.now = utc(2026, 5, 4, 9, 0, 30)
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.items) == (DigestOutcome.POSTED, 1)


async def test_an_empty_manual_digest_does_not_count(store: Store, clock: FakeClock) -> None:
    """A /digest now with nothing to post does not move the next window."""
    scheduler = DigestScheduler(store, clock=clock)
    empty = await scheduler.preview(GUILD)
    assert empty.is_empty
    await scheduler.record_manual(empty)
    assert await store.last_digest_at(GUILD) is None


# --- weekly digests ------------------------------------------------------------------------------------


def test_weekly_occurrences_fall_on_the_weekday() -> None:
    """A Friday 18:00 digest is due on Fridays only: after a Friday's time, the next is a week on."""
    at = datetime.time(18, 0)
    zone = ZoneInfo("UTC")
    monday = utc(2026, 5, 4, 8, 0)
    friday = next_occurrence(at, zone, monday, weekday=4)
    assert friday == Occurrence(datetime.date(2026, 5, 8), utc(2026, 5, 8, 18))
    assert next_occurrence(at, zone, friday.due_at, weekday=4).due_at == utc(2026, 5, 15, 18)
    assert latest_occurrence(at, zone, monday, weekday=4).due_at == utc(2026, 5, 1, 18)
    assert latest_occurrence(at, zone, friday.due_at, weekday=4) == friday


def test_weekly_digest_keeps_its_local_time_across_dst() -> None:
    """A Sunday 09:00 Berlin digest is 08:00 UTC before the spring-forward Sunday and 07:00 UTC on it."""
    at = datetime.time(9, 0)
    before = next_occurrence(at, BERLIN, utc(2026, 3, 20, 12), weekday=6)
    assert before == Occurrence(datetime.date(2026, 3, 22), utc(2026, 3, 22, 8))
    on = next_occurrence(at, BERLIN, before.due_at, weekday=6)
    assert on == Occurrence(datetime.date(2026, 3, 29), utc(2026, 3, 29, 7))
    autumn = next_occurrence(at, BERLIN, utc(2026, 10, 20), weekday=6)
    assert autumn == Occurrence(datetime.date(2026, 10, 25), utc(2026, 10, 25, 8))


async def test_weekly_digest_posts_once_a_week_with_the_whole_week(store: Store, clock: FakeClock) -> None:
    """A weekly digest posts only on its weekday and covers everything since the previous one."""
    clock.now = utc(2026, 5, 4, 8, 0)  # a Monday
    await store.update_guild_config(
        GUILD,
        digest_enabled=True,
        digest_channel_id=99,
        digest_time=datetime.time(18, 0),
        digest_timezone="UTC",
        digest_every="week",
        digest_weekday=4,
    )
    poster = Poster()
    scheduler = DigestScheduler(store, clock=clock)
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date) == (DigestOutcome.SCHEDULED, datetime.date(2026, 5, 8))
    for day in range(4, 8):  # a story each day, Monday to Thursday
        await store.record_briefing(briefing(utc(2026, 5, day, 12), url=f"https://news.example/{day}"))
        clock.now = utc(2026, 5, day, 18, 30)
        assert await scheduler.run_due(poster) == []  # not a Friday
    clock.now = utc(2026, 5, 8, 18, 0, 30)
    [run] = await scheduler.run_due(poster)
    assert run.outcome is DigestOutcome.POSTED
    [(_, digest)] = poster.posted
    assert digest.total_shares == 4  # Monday to Thursday (one story: their summaries are the same)
    clock.now = utc(2026, 5, 9, 18, 30)
    assert await scheduler.run_due(poster) == []
    await store.record_briefing(briefing(utc(2026, 5, 12, 9), url="https://news.example/next"))
    clock.now = utc(2026, 5, 15, 18, 1)
    [run] = await scheduler.run_due(poster)
    assert (run.outcome, run.local_date, run.items) == (DigestOutcome.POSTED, datetime.date(2026, 5, 15), 1)


async def test_a_weekly_preview_looks_back_a_week(store: Store, clock: FakeClock) -> None:
    """The preview of a weekly digest covers the past week; a daily one only the past day."""
    clock.now = utc(2026, 5, 8, 12, 0)
    await store.record_briefing(briefing(utc(2026, 5, 5, 12)))
    scheduler = DigestScheduler(store, clock=clock)
    assert (await scheduler.preview(GUILD)).is_empty
    await store.update_guild_config(GUILD, digest_every="week", digest_weekday=4)
    assert len((await scheduler.preview(GUILD)).items) == 1
