"""Schema migrations: an upgrade from an older revision keeps every row (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import json

import sqlalchemy as sa

from bot.guilds import GuildConfig
from bot.storage import Store
from bot.storage.migrate import current_revision

GUILD = 333_333_333_333_333_333
HEAD = "0005"


async def test_upgrade_from_first_revision_keeps_data(store_url: str) -> None:
    """A database created at revision 0001 and filled there keeps its settings and briefings at head."""
    old = await Store.open(store_url, migrate_to="0001")
    try:
        assert await current_revision(old.engine) == "0001"
        created = datetime.datetime(2026, 2, 1, 9, 30, tzinfo=datetime.UTC)
        async with old.engine.begin() as conn:
            # Written with plain SQL, as the code of revision 0001 would have written it.
            await conn.execute(
                sa.text(
                    "INSERT INTO guild_configs (guild_id, reply_mode, default_length, engine, digest_enabled,"
                    " digest_channel_id, digest_time, digest_timezone, updated_at)"
                    " VALUES (:g, 'thread', 'detailed', 'extractive', :on, 77, '07:15',"
                    " 'America/New_York', :t)"
                ).bindparams(sa.bindparam("t", type_=sa.DateTime(timezone=True))),
                {"g": GUILD, "on": True, "t": created},
            )
            await conn.execute(
                sa.text("INSERT INTO autobrief_channels (guild_id, channel_id) VALUES (:g, 12)"), {"g": GUILD}
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO briefings (guild_id, channel_id, user_id, message_id, jump_url, url, title,"
                    " site_name, summary, key_points, quotes, created_at, repeat_of) VALUES (:g, 12, 5, NULL,"
                    " NULL, 'https://news.example/old', 'Old story', 'Example', :s, :k, :q, :t, NULL)"
                ).bindparams(sa.bindparam("t", type_=sa.DateTime(timezone=True))),
                {
                    "g": GUILD,
                    "s": json.dumps(["An old summary."]),
                    "k": json.dumps(["A point"]),
                    "q": json.dumps([]),
                    "t": created.replace(tzinfo=None) if old.dialect == "sqlite" else created,
                },
            )
    finally:
        await old.close()

    new = await Store.open(store_url)
    try:
        assert await current_revision(new.engine) == HEAD
        assert await new.guild_config(GUILD) == GuildConfig(
            guild_id=GUILD,
            autobrief_channel_ids=frozenset({12}),
            reply_mode="thread",
            default_length="detailed",
            digest_enabled=True,
            digest_channel_id=77,
            digest_time=datetime.time(7, 15),
            digest_timezone="America/New_York",
        )
        [briefing] = await new.briefings_between(GUILD, created, created + datetime.timedelta(minutes=1))
        assert briefing.title == "Old story"
        assert briefing.summary == ["An old summary."]
        assert briefing.created_at == created
        # The new tables work on the upgraded database, and the old server now awaits scheduling.
        assert await new.consume_llm_budget(GUILD, created.date(), 1)
        [due] = await new.due_digests(created)
        assert due.config.guild_id == GUILD
        assert due.due_at is None
    finally:
        await new.close()


async def test_opening_twice_is_a_no_op(store_url: str) -> None:
    """Opening an up-to-date database runs no migration and keeps the head revision."""
    for _ in range(2):
        store = await Store.open(store_url)
        try:
            assert await current_revision(store.engine) == HEAD
        finally:
            await store.close()


async def test_upgrade_from_0003_keeps_digest_history_and_schedule(store_url: str) -> None:
    """A database at 0003 with a posted digest and a schedule keeps both, and gains manual digests."""
    old = await Store.open(store_url, migrate_to="0003")
    claimed = datetime.datetime(2026, 11, 27, 8, 0, tzinfo=datetime.UTC)
    due = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=datetime.UTC)
    try:
        assert await current_revision(old.engine) == "0003"
        stamp = sa.DateTime(timezone=True)
        naive = old.dialect == "sqlite"
        async with old.engine.begin() as conn:
            await conn.execute(
                sa.text(
                    "INSERT INTO guild_configs (guild_id, reply_mode, default_length, engine, digest_enabled,"
                    " digest_channel_id, digest_time, digest_timezone, digest_next_due, digest_next_date,"
                    " digest_version, updated_at) VALUES (:g, 'inline', 'standard', 'extractive', :on, 77,"
                    " '08:00', 'UTC', :due, :day, 3, :t)"
                ).bindparams(sa.bindparam("due", type_=stamp), sa.bindparam("t", type_=stamp)),
                {
                    "g": GUILD,
                    "on": True,
                    "due": due.replace(tzinfo=None) if naive else due,
                    "day": due.date(),
                    "t": claimed.replace(tzinfo=None) if naive else claimed,
                },
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO digest_posts (guild_id, local_date, claimed_at, posted_at, status,"
                    " item_count) VALUES (:g, :day, :t, :t, 'posted', 4)"
                ).bindparams(sa.bindparam("t", type_=stamp)),
                {"g": GUILD, "day": claimed.date(), "t": claimed.replace(tzinfo=None) if naive else claimed},
            )
    finally:
        await old.close()

    new = await Store.open(store_url)
    try:
        assert await current_revision(new.engine) == HEAD
        assert await new.last_digest_at(GUILD) == claimed
        assert await new.digest_status(GUILD, claimed.date()) == "posted"
        [pending] = await new.due_digests(due)
        assert (pending.due_at, pending.local_date, pending.version) == (due, due.date(), 3)
        manual = claimed + datetime.timedelta(hours=3)
        await new.record_manual_digest(GUILD, manual)
        assert await new.last_digest_at(GUILD) == manual
    finally:
        await new.close()


async def test_upgrade_from_0004_gives_daily_digests_and_no_reaction_threshold(store_url: str) -> None:
    """Servers set up before 0005 keep a daily digest (and its schedule) and have no 📰 threshold."""
    old = await Store.open(store_url, migrate_to="0004")
    due = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=datetime.UTC)
    try:
        stamp = sa.DateTime(timezone=True)
        naive = old.dialect == "sqlite"
        async with old.engine.begin() as conn:
            await conn.execute(
                sa.text(
                    "INSERT INTO guild_configs (guild_id, reply_mode, default_length, engine, digest_enabled,"
                    " digest_channel_id, digest_time, digest_timezone, digest_next_due, digest_next_date,"
                    " digest_version, updated_at) VALUES (:g, 'inline', 'standard', 'extractive', :on, 77,"
                    " '08:00', 'UTC', :due, :day, 2, :due)"
                ).bindparams(sa.bindparam("due", type_=stamp)),
                {
                    "g": GUILD,
                    "on": True,
                    "due": due.replace(tzinfo=None) if naive else due,
                    "day": due.date(),
                },
            )
    finally:
        await old.close()

    new = await Store.open(store_url)
    try:
        config = await new.guild_config(GUILD)
        assert (config.digest_every, config.digest_weekday, config.reaction_threshold) == ("day", None, 0)
        [pending] = await new.due_digests(due)
        assert (pending.due_at, pending.version) == (due, 2)
        weekly = await new.update_guild_config(
            GUILD, digest_every="week", digest_weekday=6, reaction_threshold=3
        )
        assert (weekly.digest_every, weekly.digest_weekday, weekly.reaction_threshold) == ("week", 6, 3)
        [rescheduled] = await new.due_digests(due)
        assert rescheduled.due_at is None  # a new weekday: the scheduler computes the next due time again
    finally:
        await new.close()
