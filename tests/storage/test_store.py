"""The Store contract, run on SQLite and PostgreSQL (see conftest.py)."""

from __future__ import annotations

import asyncio
import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.guilds import GuildConfig
from bot.storage import BriefingRecord, Store

UTC = datetime.UTC
T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GUILD = 111_111_111_111_111_111
OTHER_GUILD = 222_222_222_222_222_222


def record(
    *,
    guild_id: int = GUILD,
    user_id: int = 7,
    url: str | None = "https://news.example/harbour",
    created_at: datetime.datetime = T0,
    repeat_of: int | None = None,
    title: str | None = "Harbour bridge reopens",
) -> BriefingRecord:
    """Build a fictional briefing record."""
    return BriefingRecord(
        guild_id=guild_id,
        channel_id=555,
        user_id=user_id,
        message_id=999_000_000_000_000_001,
        jump_url=f"https://discord.com/channels/{guild_id}/555/999000000000000001",
        url=url,
        title=title,
        site_name="Example News",
        summary=["The harbour bridge reopened on Monday.", "Traffic is back to normal."],
        key_points=["Bridge reopened", "Repairs cost 2 million"],
        quotes=[{"text": "It is a good day", "speaker": "Mayor Ada Quill", "start": 10, "end": 26}],
        created_at=created_at,
        repeat_of=repeat_of,
    )


async def test_unknown_server_gets_defaults(store: Store) -> None:
    """An unknown server reads as the default GuildConfig."""
    assert await store.guild_config(GUILD) == GuildConfig(guild_id=GUILD)


async def test_update_guild_config_persists_changes(store: Store) -> None:
    """Changed settings are returned and read back; other servers stay at defaults."""
    updated = await store.update_guild_config(
        GUILD,
        reply_mode="thread",
        default_length="short",
        engine="llm",
        digest_enabled=True,
        digest_channel_id=42,
        digest_time=datetime.time(8, 30),
        digest_timezone="Europe/Berlin",
    )
    assert updated == GuildConfig(
        guild_id=GUILD,
        reply_mode="thread",
        default_length="short",
        engine="llm",
        digest_enabled=True,
        digest_channel_id=42,
        digest_time=datetime.time(8, 30),
        digest_timezone="Europe/Berlin",
    )
    assert await store.guild_config(GUILD) == updated
    assert await store.guild_config(OTHER_GUILD) == GuildConfig(guild_id=OTHER_GUILD)
    again = await store.update_guild_config(GUILD, digest_enabled=False)
    assert again.digest_enabled is False
    assert again.digest_time == datetime.time(8, 30)
    weekly = await store.update_guild_config(
        GUILD, digest_every="week", digest_weekday=4, reaction_threshold=3
    )
    assert (weekly.digest_every, weekly.digest_weekday, weekly.reaction_threshold) == ("week", 4, 3)
    assert await store.guild_config(GUILD) == weekly


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reply_mode": "dm"}, "reply_mode must be one of"),
        ({"default_length": "huge"}, "default_length must be one of"),
        ({"digest_timezone": "Mars/Olympus"}, "not an IANA time zone"),
        ({"digest_time": "08:00"}, "digest_time must be"),
        ({"colour": "blue"}, "unknown server setting"),
        ({"digest_every": "month"}, "digest_every must be one of"),
        ({"digest_weekday": 7}, "digest_weekday must be"),
        ({"digest_weekday": True}, "digest_weekday must be"),
        ({"reaction_threshold": -1}, "reaction_threshold must be"),
        ({"reaction_threshold": 51}, "reaction_threshold must be"),
        ({"reaction_threshold": "3"}, "reaction_threshold must be"),
    ],
)
async def test_update_guild_config_rejects_bad_values(
    store: Store, changes: dict[str, object], message: str
) -> None:
    """Invalid settings raise ValueError and change nothing."""
    with pytest.raises(ValueError, match=message):
        await store.update_guild_config(GUILD, **changes)
    assert await store.guild_config(GUILD) == GuildConfig(guild_id=GUILD)


async def test_set_autobrief_adds_and_removes_channels(store: Store) -> None:
    """Auto-brief channels are added idempotently and removed one at a time."""
    await store.set_autobrief(GUILD, 10, True)
    await store.set_autobrief(GUILD, 10, True)
    config = await store.set_autobrief(GUILD, 20, True)
    assert config.autobrief_channel_ids == frozenset({10, 20})
    config = await store.set_autobrief(GUILD, 10, False)
    assert config.autobrief_channel_ids == frozenset({20})
    assert (await store.guild_config(GUILD)).autobrief_channel_ids == frozenset({20})
    assert (await store.guild_config(OTHER_GUILD)).autobrief_channel_ids == frozenset()


async def test_record_briefing_round_trips_every_field(store: Store) -> None:
    """A recorded briefing comes back with the same fields and an aware UTC time."""
    berlin = T0.astimezone(ZoneInfo("Europe/Berlin"))
    original = record(created_at=berlin)
    briefing_id = await store.record_briefing(original)
    [stored] = await store.briefings_between(
        GUILD, T0 - datetime.timedelta(hours=1), T0 + datetime.timedelta(hours=1)
    )
    assert stored.id == briefing_id
    assert stored.created_at == T0
    assert stored.created_at.utcoffset() == datetime.timedelta(0)
    for name in ("guild_id", "channel_id", "user_id", "message_id", "jump_url", "url", "title", "site_name"):
        assert getattr(stored, name) == getattr(original, name)
    assert stored.summary == original.summary
    assert stored.key_points == original.key_points
    assert stored.quotes == original.quotes
    assert stored.repeat_of is None


async def test_naive_times_are_refused(store: Store) -> None:
    """Naive datetimes raise instead of being stored in an unknown zone."""
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.record_briefing(record(created_at=datetime.datetime(2026, 3, 1, 12, 0)))


async def test_briefings_between_is_half_open_and_ordered(store: Store) -> None:
    """briefings_between returns start <= created_at < end of one server, oldest first."""
    hour = datetime.timedelta(hours=1)
    ids = await store.record_briefings(
        [record(created_at=T0 + 2 * hour), record(created_at=T0), record(created_at=T0 + hour)]
    )
    await store.record_briefing(record(guild_id=OTHER_GUILD, created_at=T0))
    found = await store.briefings_between(GUILD, T0, T0 + 2 * hour)
    assert [b.id for b in found] == [ids[1], ids[2]]


async def test_message_briefed_knows_each_servers_briefed_messages(store: Store) -> None:
    """A shared message counts as briefed in its server only, once a briefing of it is recorded."""
    message_id = record().message_id
    assert message_id is not None
    assert not await store.message_briefed(GUILD, message_id)
    await store.record_briefing(record())
    assert await store.message_briefed(GUILD, message_id)
    assert not await store.message_briefed(OTHER_GUILD, message_id)
    assert not await store.message_briefed(GUILD, message_id + 1)


async def test_find_recent_briefing_returns_newest_original(store: Store) -> None:
    """The newest original briefing of a URL is found; repeats, old ones and other servers are not."""
    url = "https://news.example/harbour"
    hour = datetime.timedelta(hours=1)
    await store.record_briefing(record(created_at=T0 - 30 * hour))
    first = await store.record_briefing(record(created_at=T0))
    newest = await store.record_briefing(record(created_at=T0 + hour))
    await store.record_briefing(record(created_at=T0 + 2 * hour, repeat_of=newest))
    await store.record_briefing(record(guild_id=OTHER_GUILD, created_at=T0 + 3 * hour))
    found = await store.find_recent_briefing(GUILD, url, T0 - hour)
    assert found is not None
    assert found.id == newest
    assert first != newest
    assert await store.find_recent_briefing(GUILD, url, T0 + 90 * datetime.timedelta(minutes=1)) is None
    assert await store.find_recent_briefing(GUILD, "https://news.example/other", T0 - hour) is None


async def test_forget_user_deletes_only_that_users_rows(store: Store) -> None:
    """forget_user deletes one user's briefings in one server and says how many."""
    await store.record_briefings([record(user_id=7), record(user_id=7), record(user_id=8)])
    await store.record_briefing(record(guild_id=OTHER_GUILD, user_id=7))
    assert await store.forget_user(GUILD, 7) == 2
    assert await store.forget_user(GUILD, 7) == 0
    left = await store.briefings_between(GUILD, T0, T0 + datetime.timedelta(seconds=1))
    assert [b.user_id for b in left] == [8]
    assert len(await store.briefings_between(OTHER_GUILD, T0, T0 + datetime.timedelta(seconds=1))) == 1


async def test_purge_guild_removes_settings_and_history(store: Store) -> None:
    """purge_guild deletes a server's settings and history and leaves other servers alone."""
    await store.update_guild_config(GUILD, reply_mode="thread")
    await store.set_autobrief(GUILD, 10, True)
    await store.record_briefings([record(), record()])
    await store.consume_llm_budget(GUILD, T0.date(), 5)
    await store.record_briefing(record(guild_id=OTHER_GUILD))
    deleted = await store.purge_guild(GUILD)
    assert deleted == 5  # two briefings, one channel, one budget row, one settings row
    assert await store.guild_config(GUILD) == GuildConfig(guild_id=GUILD)
    assert await store.briefings_between(GUILD, T0, T0 + datetime.timedelta(seconds=1)) == []
    assert len(await store.briefings_between(OTHER_GUILD, T0, T0 + datetime.timedelta(seconds=1))) == 1


async def test_purge_older_than_applies_retention(store: Store) -> None:
    """purge_older_than deletes briefings made before the cutoff only."""
    day = datetime.timedelta(days=1)
    await store.record_briefings([record(created_at=T0 - 40 * day), record(created_at=T0 - 31 * day)])
    kept = await store.record_briefing(record(created_at=T0 - 29 * day))
    assert await store.purge_older_than(T0 - 30 * day) == 2
    left = await store.briefings_between(GUILD, T0 - 100 * day, T0)
    assert [b.id for b in left] == [kept]


async def test_llm_budget_counts_up_to_the_limit(store: Store) -> None:
    """consume_llm_budget allows `limit` uses per server and day, then refuses."""
    day = T0.date()
    assert [await store.consume_llm_budget(GUILD, day, 2) for _ in range(3)] == [True, True, False]
    assert await store.llm_used(GUILD, day) == 2
    assert await store.consume_llm_budget(GUILD, day + datetime.timedelta(days=1), 2)
    assert await store.consume_llm_budget(OTHER_GUILD, day, 2)
    assert not await store.consume_llm_budget(GUILD, day, 0)


async def test_llm_budget_is_atomic_under_concurrency(store: Store) -> None:
    """Concurrent uses never exceed the limit."""
    results = await asyncio.gather(*(store.consume_llm_budget(GUILD, T0.date(), 5) for _ in range(12)))
    assert results.count(True) == 5
    assert await store.llm_used(GUILD, T0.date()) == 5


async def test_lookups_are_answered_while_a_write_is_in_progress(store: Store) -> None:
    """A read during another connection's unfinished write gets the last committed value; nothing waits."""
    minute = datetime.timedelta(minutes=1)
    await store.cache_put("page:https://news.example/a", "<html>one</html>", T0 + minute)
    async with store.engine.begin() as writer:  # holds the write lock until the block ends
        await writer.execute(sa.text("DELETE FROM fetch_cache"))
        seen = await store.cache_get("page:https://news.example/a", now=T0)
        assert await store.find_recent_briefing(1, "https://news.example/a", T0) is None
    assert seen == "<html>one</html>"
    assert await store.cache_get("page:https://news.example/a", now=T0) is None


async def test_fetch_cache_expires_and_overwrites(store: Store) -> None:
    """Cached values are returned until they expire; a put replaces the value."""
    minute = datetime.timedelta(minutes=1)
    await store.cache_put("page:https://news.example/a", "<html>one</html>", T0 + minute)
    assert await store.cache_get("page:https://news.example/a", now=T0) == "<html>one</html>"
    assert await store.cache_get("page:https://news.example/a", now=T0 + minute) is None
    await store.cache_put("page:https://news.example/a", "<html>two</html>", T0 + 5 * minute)
    assert await store.cache_get("page:https://news.example/a", now=T0 + minute) == "<html>two</html>"
    await store.cache_put("page:https://news.example/b", "old", T0 - minute)
    assert await store.cache_purge_expired(T0) == 1
    assert await store.cache_get("page:https://news.example/missing", now=T0) is None


async def test_two_processes_claim_a_digest_exactly_once(store_url: str) -> None:
    """Two Stores (as two bot processes) racing for the same server and day: exactly one claim wins."""
    first, second = await Store.open(store_url), await Store.open(store_url)
    try:
        await first.update_guild_config(
            GUILD, digest_enabled=True, digest_channel_id=42, digest_time=datetime.time(9, 0)
        )
        [due] = await first.due_digests(T0)
        day = datetime.date(2026, 3, 1)
        claims = await asyncio.gather(
            *(
                store.claim_digest(
                    GUILD,
                    day,
                    T0,
                    next_due=T0 + datetime.timedelta(days=1),
                    next_date=day + datetime.timedelta(days=1),
                    version=due.version,
                )
                for store in (first, second, first, second)
            )
        )
        assert sum(claim is not None for claim in claims) == 1
        assert await second.digest_status(GUILD, day) == "claimed"
        assert await first.due_digests(T0) == []
    finally:
        await first.close()
        await second.close()


async def test_due_digests_follow_schedule_and_shards(store: Store) -> None:
    """Only enabled servers with a time, due by now, on this process's shards are returned."""
    shard0 = 0 << 22 | 5  # (id >> 22) % 2 == 0
    shard1 = 1 << 22 | 5
    for guild_id in (shard0, shard1):
        await store.update_guild_config(
            guild_id, digest_enabled=True, digest_channel_id=1, digest_time=datetime.time(9, 0)
        )
    await store.update_guild_config(OTHER_GUILD, digest_enabled=False, digest_time=datetime.time(9, 0))
    unscheduled = await store.due_digests(T0)
    assert {d.config.guild_id for d in unscheduled} == {shard0, shard1}
    assert all(d.due_at is None for d in unscheduled)
    for due in unscheduled:
        assert await store.schedule_digest(
            due.config.guild_id,
            T0 + datetime.timedelta(hours=1),
            T0.date(),
            version=due.version,
        )
    assert await store.due_digests(T0) == []
    later = T0 + datetime.timedelta(hours=1)
    assert {d.config.guild_id for d in await store.due_digests(later)} == {shard0, shard1}
    mine = await store.due_digests(later, shard_count=2, shard_ids=[1])
    assert [d.config.guild_id for d in mine] == [shard1]
    assert mine[0].due_at == later
    assert mine[0].local_date == T0.date()


async def test_schedule_is_not_overwritten_after_a_settings_change(store: Store) -> None:
    """A schedule computed from old settings is dropped when the settings changed meanwhile."""
    await store.update_guild_config(
        GUILD, digest_enabled=True, digest_channel_id=1, digest_time=datetime.time(9, 0)
    )
    [due] = await store.due_digests(T0)
    await store.update_guild_config(GUILD, digest_time=datetime.time(18, 0))
    assert not await store.schedule_digest(GUILD, T0, T0.date(), version=due.version)
    [again] = await store.due_digests(T0)
    assert again.due_at is None


async def test_digest_window_starts_at_previous_digest(store: Store) -> None:
    """A claim reports when the previous posted digest was taken."""
    await store.update_guild_config(
        GUILD, digest_enabled=True, digest_channel_id=1, digest_time=datetime.time(9, 0)
    )
    [due] = await store.due_digests(T0)
    day = T0.date()
    claim = await store.claim_digest(GUILD, day, T0, next_due=T0, next_date=day, version=due.version)
    assert claim is not None
    assert claim.previous_at is None
    await store.finish_digest(GUILD, day, status="posted", item_count=3, posted_at=T0)
    assert await store.last_digest_at(GUILD) == T0
    tomorrow = T0 + datetime.timedelta(days=1)
    claim = await store.claim_digest(
        GUILD,
        tomorrow.date(),
        tomorrow,
        next_due=tomorrow,
        next_date=tomorrow.date(),
        version=due.version,
    )
    assert claim is not None
    assert claim.previous_at == T0


async def test_data_survives_reopening(store_url: str) -> None:
    """Settings and history are still there after closing and opening the database again."""
    store = await Store.open(store_url)
    await store.update_guild_config(GUILD, reply_mode="thread")
    briefing_id = await store.record_briefing(record())
    await store.close()
    store = await Store.open(store_url)
    try:
        assert (await store.guild_config(GUILD)).reply_mode == "thread"
        found = await store.find_recent_briefing(GUILD, "https://news.example/harbour", T0)
        assert found is not None
        assert found.id == briefing_id
    finally:
        await store.close()


async def test_sqlite_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    """Opening a SQLite URL creates missing folders and the file, in WAL journal mode."""
    path = tmp_path / "nested" / "dir" / "bot.db"
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    try:
        assert path.exists()
        async with store.engine.connect() as conn:
            assert (await conn.scalar(sa.text("PRAGMA journal_mode"))) == "wal"
    finally:
        await store.close()


async def test_fetch_cache_takes_links_longer_than_the_key_column(store: Store) -> None:
    """A page cached under a very long link (the fetcher allows 8192 characters) is stored and found."""
    long_key = "https://news.example/story?" + "&".join(f"p{n}=value{n}" for n in range(700))
    other_key = long_key + "&last=1"
    assert len(long_key) > 8000
    await store.cache_put(long_key, "<html>long</html>", T0 + datetime.timedelta(minutes=1))
    await store.cache_put(other_key, "<html>other</html>", T0 + datetime.timedelta(minutes=1))
    assert await store.cache_get(long_key, now=T0) == "<html>long</html>"
    assert await store.cache_get(other_key, now=T0) == "<html>other</html>"
    assert await store.cache_purge_expired(T0 + datetime.timedelta(minutes=2)) == 2


async def test_briefing_of_a_very_long_link_is_recorded_and_found(store: Store) -> None:
    """A briefing whose canonical link is thousands of characters long is stored and found again."""
    url = "https://news.example/story?" + "&".join(f"p{n}=value{n}" for n in range(700))
    briefing_id = await store.record_briefing(record(url=url))
    found = await store.find_recent_briefing(GUILD, url, T0 - datetime.timedelta(hours=1))
    assert found is not None
    assert (found.id, found.url) == (briefing_id, url)
    assert await store.find_recent_briefing(GUILD, url + "&x=1", T0 - datetime.timedelta(hours=1)) is None


async def test_a_manual_digest_moves_the_window_without_claiming_the_day(store: Store) -> None:
    """A digest posted by hand is the last digest for the next window, but claims no day."""
    await store.update_guild_config(
        GUILD, digest_enabled=True, digest_channel_id=1, digest_time=datetime.time(9, 0)
    )
    [due] = await store.due_digests(T0)
    day = T0.date()
    claim = await store.claim_digest(GUILD, day, T0, next_due=T0, next_date=day, version=due.version)
    assert claim is not None
    await store.finish_digest(GUILD, day, status="posted", item_count=1, posted_at=T0)
    manual = T0 + datetime.timedelta(hours=5)
    await store.record_manual_digest(GUILD, manual)
    await store.record_manual_digest(GUILD, manual - datetime.timedelta(hours=1))  # an older one loses
    assert await store.last_digest_at(GUILD) == manual
    tomorrow = T0 + datetime.timedelta(days=1)
    assert await store.digest_status(GUILD, tomorrow.date()) is None
    claim = await store.claim_digest(
        GUILD, tomorrow.date(), tomorrow, next_due=tomorrow, next_date=tomorrow.date(), version=due.version
    )
    assert claim is not None
    assert claim.previous_at == manual
    # A later scheduled digest is newer than the manual one again.
    await store.finish_digest(GUILD, tomorrow.date(), status="posted", item_count=1, posted_at=tomorrow)
    assert await store.last_digest_at(GUILD) == tomorrow


async def test_a_manual_digest_of_a_new_server_is_remembered(store: Store) -> None:
    """Recording a manual digest for a server without settings creates its row with defaults."""
    await store.record_manual_digest(GUILD, T0)
    assert await store.last_digest_at(GUILD) == T0
    assert await store.guild_config(GUILD) == GuildConfig(guild_id=GUILD)
