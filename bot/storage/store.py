"""Store: every query briefbot makes, over SQLite (aiosqlite, WAL) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy import event
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, RowMapping, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.briefing.models import Engine, Length
from bot.guilds import MAX_REACTION_THRESHOLD, DigestEvery, GuildConfig, ReplyMode
from bot.storage import migrate
from bot.storage.schema import (
    autobrief_channels,
    briefings,
    digest_posts,
    fetch_cache,
    guild_configs,
    llm_usage,
)

log = logging.getLogger(__name__)

_SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option marking a connection that only reads (see _prepare_sqlite).
_READ_ONLY = "briefbot_read_only"
#: fetch_cache.key is VARCHAR(512), which PostgreSQL enforces: longer keys (links) are stored as a hash.
_CACHE_KEY_LIMIT = 512


@dataclass(frozen=True)
class BriefingRecord:
    """What the bot writes after each briefing in a server."""

    guild_id: int
    channel_id: int
    user_id: int
    message_id: int | None
    jump_url: str | None
    url: str | None  # canonical URL, None for pasted text
    title: str | None
    site_name: str | None
    summary: list[str]
    key_points: list[str]
    quotes: list[dict[str, Any]]  # Quote.to_dict()
    created_at: datetime.datetime  # aware
    repeat_of: int | None = None  # id of the earlier briefing when answered "already briefed here"


@dataclass(frozen=True)
class StoredBriefing(BriefingRecord):
    """A briefing as stored: the record and its id."""

    id: int = field(kw_only=True)


@dataclass(frozen=True)
class DueDigest:
    """A server whose digest is due, or whose schedule must be (re)computed (``due_at`` is None)."""

    config: GuildConfig
    due_at: datetime.datetime | None
    local_date: datetime.date | None
    config_changed_at: datetime.datetime  # the next due time is computed from here when due_at is None
    version: int  # pass back to schedule_digest / claim_digest


@dataclass(frozen=True)
class DigestClaim:
    """The right to post one server's digest for one local day, and where its window starts."""

    guild_id: int
    local_date: datetime.date
    claimed_at: datetime.datetime
    previous_at: datetime.datetime | None  # when the previous digest was taken, if any


_CONFIG_FIELDS = {f.name for f in dataclasses.fields(GuildConfig)} - {"guild_id"}
_DIGEST_FIELDS = {
    "digest_enabled",
    "digest_channel_id",
    "digest_time",
    "digest_timezone",
    "digest_every",
    "digest_weekday",
}
_BRIEFING_COLUMNS = [c for c in briefings.c if c.name != "id"]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _aware(value: datetime.datetime, name: str) -> datetime.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def _cache_key(key: str) -> str:
    """Return ``key`` as stored: itself when it fits the column, else a digest of it."""
    if len(key) <= _CACHE_KEY_LIMIT:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _validate_config_change(name: str, value: Any) -> Any:
    """Check one GuildConfig change and return its stored form."""
    if name not in _CONFIG_FIELDS:
        raise ValueError(f"unknown server setting {name!r}")
    choices: dict[str, type[ReplyMode | Length | Engine | DigestEvery]] = {
        "reply_mode": ReplyMode,
        "default_length": Length,
        "engine": Engine,
        "digest_every": DigestEvery,
    }
    if name in choices:
        allowed = [member.value for member in choices[name]]
        if value not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
        return str(value)
    if name == "digest_enabled":
        if not isinstance(value, bool):
            raise ValueError("digest_enabled must be True or False")
        return value
    if name == "digest_channel_id":
        if value is not None and not isinstance(value, int):
            raise ValueError("digest_channel_id must be a channel id or None")
        return value
    if name == "digest_time":
        if value is None:
            return None
        if not isinstance(value, datetime.time) or value.tzinfo is not None:
            raise ValueError("digest_time must be a naive datetime.time (local time of day)")
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if name == "digest_timezone":
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone") from None
        return str(value)
    if name == "digest_weekday":
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6
        ):
            raise ValueError("digest_weekday must be 0 (Monday) to 6 (Sunday) or None")
        return value
    if name == "reaction_threshold":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_REACTION_THRESHOLD:
            raise ValueError(f"reaction_threshold must be 0 (off) to {MAX_REACTION_THRESHOLD}")
        return value
    if name == "autobrief_channel_ids":
        return frozenset(int(v) for v in value)
    raise AssertionError(name)  # pragma: no cover - _CONFIG_FIELDS and the branches above agree


def _config_from_row(row: RowMapping | None, guild_id: int, channels: Iterable[int]) -> GuildConfig:
    if row is None:
        return GuildConfig(guild_id=guild_id, autobrief_channel_ids=frozenset(channels))
    digest_time = row["digest_time"]
    return GuildConfig(
        guild_id=guild_id,
        autobrief_channel_ids=frozenset(channels),
        reply_mode=ReplyMode(row["reply_mode"]),
        default_length=Length(row["default_length"]),
        engine=Engine(row["engine"]),
        digest_enabled=bool(row["digest_enabled"]),
        digest_channel_id=row["digest_channel_id"],
        digest_time=datetime.time.fromisoformat(digest_time) if digest_time else None,
        digest_timezone=row["digest_timezone"],
        digest_every=DigestEvery(row["digest_every"]),
        digest_weekday=row["digest_weekday"],
        reaction_threshold=row["reaction_threshold"],
    )


def _briefing_from_row(row: RowMapping) -> StoredBriefing:
    return StoredBriefing(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        user_id=row["user_id"],
        message_id=row["message_id"],
        jump_url=row["jump_url"],
        url=row["url"],
        title=row["title"],
        site_name=row["site_name"],
        summary=list(row["summary"]),
        key_points=list(row["key_points"]),
        quotes=list(row["quotes"]),
        created_at=row["created_at"],
        repeat_of=row["repeat_of"],
    )


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _prepare_sqlite(engine: AsyncEngine) -> None:
    """WAL mode and proper transactions: SQLAlchemy emits BEGIN IMMEDIATE, not the sqlite3 module."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses at most the last commit
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a read-then-write transaction never fails with
        # SQLITE_BUSY halfway through; concurrent writers wait up to busy_timeout instead. A read-only
        # transaction (Store._reading) begins deferred: under WAL it neither waits for a writer nor makes one
        # wait (SQLite's busy handler sleeps in steps of up to 100 ms: lookups on a briefing's path stalled).
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class StorageUnavailable(Exception):
    """The database cannot be opened or migrated; the message says which and why, in one line."""


def describe_storage_error(url: str, exc: BaseException) -> str:
    """Say in one line which database could not be used and why (the password hidden)."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        shown = "BRIEFBOT_DATABASE_URL"
    reason = exc.orig if isinstance(exc, sa.exc.DBAPIError) and exc.orig is not None else exc
    detail = " ".join(str(reason).split()) or type(reason).__name__
    return f"cannot use the database {shown} (BRIEFBOT_DATABASE_URL): {detail[:200]}"


class Store:
    """Server settings, briefing history, digest schedule, LLM budget and fetch cache."""

    def __init__(self, engine: AsyncEngine, *, clock: Callable[[], datetime.datetime] = _now) -> None:
        self._engine = engine
        self._now = clock
        self._dialect = engine.dialect.name

    @classmethod
    async def open(
        cls, url: str, *, migrate_to: str = "head", clock: Callable[[], datetime.datetime] = _now
    ) -> Store:
        """Connect to ``url``, creating the SQLite file if needed, and run the schema migrations.

        ``clock`` (aware UTC) stamps settings changes; tests inject one to drive the digest schedule.
        """
        try:
            path = _sqlite_path(url)
            kwargs: dict[str, Any] = {}
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            elif make_url(url).get_backend_name() == "postgresql":
                kwargs = {"pool_size": 5, "max_overflow": 10, "pool_pre_ping": True}
            engine = create_async_engine(url, **kwargs)
        except (OSError, sa.exc.SQLAlchemyError) as exc:
            raise StorageUnavailable(describe_storage_error(url, exc)) from exc
        if engine.dialect.name == "sqlite":
            _prepare_sqlite(engine)
        try:
            await migrate.upgrade(engine, migrate_to)
        except (OSError, sa.exc.SQLAlchemyError, AlembicError) as exc:
            await engine.dispose()
            raise StorageUnavailable(describe_storage_error(url, exc)) from exc
        except BaseException:
            await engine.dispose()
            raise
        log.info("storage ready (%s)", engine.dialect.name)
        return cls(engine, clock=clock)

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncConnection]:
        """A connection for queries that only read (in SQLite, a transaction no writer blocks)."""
        async with self._engine.connect() as conn:
            yield await conn.execution_options(**{_READ_ONLY: True})

    @property
    def engine(self) -> AsyncEngine:
        """The underlying engine (benchmarks and migration tests use it)."""
        return self._engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._dialect

    async def close(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()

    # --- server settings -----------------------------------------------------------------------------

    async def _read_config(self, conn: AsyncConnection, guild_id: int) -> GuildConfig:
        row = (
            (await conn.execute(sa.select(guild_configs).where(guild_configs.c.guild_id == guild_id)))
            .mappings()
            .first()
        )
        channels = await conn.scalars(
            sa.select(autobrief_channels.c.channel_id).where(autobrief_channels.c.guild_id == guild_id)
        )
        return _config_from_row(row, guild_id, channels)

    def _insert(self, table: sa.Table) -> Any:
        """Return the dialect's INSERT, which offers ON CONFLICT."""
        if self._dialect == "postgresql":
            return pg_dialect.insert(table)
        return sqlite_dialect.insert(table)

    async def _ensure_config_row(self, conn: AsyncConnection, guild_id: int, now: datetime.datetime) -> None:
        await conn.execute(
            self._insert(guild_configs)
            .values(guild_id=guild_id, updated_at=now)
            .on_conflict_do_nothing(index_elements=["guild_id"])
        )

    async def guild_config(self, guild_id: int) -> GuildConfig:
        """Return a server's settings (the defaults when the server is unknown)."""
        async with self._reading() as conn:
            return await self._read_config(conn, guild_id)

    async def update_guild_config(self, guild_id: int, **changes: Any) -> GuildConfig:
        """Change some of a server's settings (GuildConfig field names) and return the result."""
        values = {name: _validate_config_change(name, value) for name, value in changes.items()}
        channels = values.pop("autobrief_channel_ids", None)
        now = self._now()
        async with self._engine.begin() as conn:
            await self._ensure_config_row(conn, guild_id, now)
            if _DIGEST_FIELDS & values.keys():
                # The scheduler recomputes the next due time from the change time.
                values.update(
                    digest_next_due=None,
                    digest_next_date=None,
                    digest_version=guild_configs.c.digest_version + 1,
                )
            values["updated_at"] = now
            await conn.execute(
                sa.update(guild_configs).where(guild_configs.c.guild_id == guild_id).values(**values)
            )
            if channels is not None:
                await conn.execute(
                    sa.delete(autobrief_channels).where(autobrief_channels.c.guild_id == guild_id)
                )
                if channels:
                    await conn.execute(
                        sa.insert(autobrief_channels),
                        [{"guild_id": guild_id, "channel_id": c} for c in sorted(channels)],
                    )
            return await self._read_config(conn, guild_id)

    async def set_autobrief(self, guild_id: int, channel_id: int, enabled: bool) -> GuildConfig:
        """Turn automatic briefing of links posted in one channel on or off."""
        async with self._engine.begin() as conn:
            await self._ensure_config_row(conn, guild_id, self._now())
            if enabled:
                await conn.execute(
                    self._insert(autobrief_channels)
                    .values(guild_id=guild_id, channel_id=channel_id)
                    .on_conflict_do_nothing(index_elements=["guild_id", "channel_id"])
                )
            else:
                await conn.execute(
                    sa.delete(autobrief_channels).where(
                        autobrief_channels.c.guild_id == guild_id,
                        autobrief_channels.c.channel_id == channel_id,
                    )
                )
            return await self._read_config(conn, guild_id)

    # --- briefing history ----------------------------------------------------------------------------

    async def record_briefing(self, record: BriefingRecord) -> int:
        """Store one briefing made in a server and return its id."""
        ids = await self.record_briefings([record])
        return ids[0]

    async def record_briefings(self, records: Sequence[BriefingRecord]) -> list[int]:
        """Store several briefings in one transaction and return their ids, in order."""
        rows = []
        for record in records:
            _aware(record.created_at, "created_at")
            rows.append({c.name: getattr(record, c.name) for c in _BRIEFING_COLUMNS})
        ids: list[int] = []
        async with self._engine.begin() as conn:
            for row in rows:
                result = await conn.execute(sa.insert(briefings).values(**row).returning(briefings.c.id))
                ids.append(result.scalar_one())
        return ids

    async def message_briefed(self, guild_id: int, message_id: int) -> bool:
        """Tell whether a briefing of this shared message was recorded in the server."""
        query = sa.select(briefings.c.id).where(
            briefings.c.guild_id == guild_id, briefings.c.message_id == message_id
        )
        async with self._reading() as conn:
            return (await conn.execute(query.limit(1))).first() is not None

    async def find_recent_briefing(
        self, guild_id: int, url: str, since: datetime.datetime
    ) -> StoredBriefing | None:
        """Return the newest original briefing (not a repeat) of ``url`` in a server since ``since``."""
        query = (
            sa.select(briefings)
            .where(
                briefings.c.guild_id == guild_id,
                briefings.c.url == url,
                briefings.c.created_at >= _aware(since, "since"),
                briefings.c.repeat_of.is_(None),
            )
            .order_by(briefings.c.created_at.desc(), briefings.c.id.desc())
            .limit(1)
        )
        async with self._reading() as conn:
            row = (await conn.execute(query)).mappings().first()
        return None if row is None else _briefing_from_row(row)

    async def briefings_between(
        self, guild_id: int, start: datetime.datetime, end: datetime.datetime
    ) -> list[StoredBriefing]:
        """Return a server's briefings with ``start <= created_at < end``, oldest first."""
        query = (
            sa.select(briefings)
            .where(
                briefings.c.guild_id == guild_id,
                briefings.c.created_at >= _aware(start, "start"),
                briefings.c.created_at < _aware(end, "end"),
            )
            .order_by(briefings.c.created_at, briefings.c.id)
        )
        async with self._reading() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_briefing_from_row(row) for row in rows]

    async def forget_user(self, guild_id: int, user_id: int) -> int:
        """Delete every briefing a user asked for in a server; return how many were deleted."""
        async with self._engine.begin() as conn:
            result = await conn.execute(
                sa.delete(briefings).where(briefings.c.guild_id == guild_id, briefings.c.user_id == user_id)
            )
        return result.rowcount

    async def purge_guild(self, guild_id: int) -> int:
        """Delete a server's settings and its whole history; return how many rows were deleted."""
        deleted = 0
        async with self._engine.begin() as conn:
            for table in (briefings, autobrief_channels, digest_posts, llm_usage, guild_configs):
                result = await conn.execute(sa.delete(table).where(table.c.guild_id == guild_id))
                deleted += result.rowcount
        return deleted

    async def purge_older_than(self, cutoff: datetime.datetime) -> int:
        """Delete briefings made before ``cutoff`` (the retention period); return how many."""
        cutoff = _aware(cutoff, "cutoff")
        async with self._engine.begin() as conn:
            result = await conn.execute(sa.delete(briefings).where(briefings.c.created_at < cutoff))
            # Claims only have to outlive the day they guard; keep a few days for the window start.
            old_day = (cutoff - datetime.timedelta(days=7)).date()
            await conn.execute(sa.delete(digest_posts).where(digest_posts.c.local_date < old_day))
            await conn.execute(sa.delete(llm_usage).where(llm_usage.c.day < old_day))
        return result.rowcount

    # --- LLM budget ----------------------------------------------------------------------------------

    async def consume_llm_budget(self, guild_id: int, day: datetime.date, limit: int) -> bool:
        """Count one LLM use for a server on ``day`` atomically; False (nothing counted) when spent."""
        if limit <= 0:
            return False
        statement = self._insert(llm_usage).values(guild_id=guild_id, day=day, count=1)
        statement = statement.on_conflict_do_update(
            index_elements=["guild_id", "day"],
            set_={"count": llm_usage.c.count + 1},
            where=llm_usage.c.count < limit,
        ).returning(llm_usage.c.count)
        async with self._engine.begin() as conn:
            counted = (await conn.execute(statement)).first()
        return counted is not None

    async def llm_used(self, guild_id: int, day: datetime.date) -> int:
        """Return how many LLM briefings a server used on ``day``."""
        async with self._reading() as conn:
            used = await conn.scalar(
                sa.select(llm_usage.c.count).where(llm_usage.c.guild_id == guild_id, llm_usage.c.day == day)
            )
        return int(used or 0)

    # --- fetch cache ---------------------------------------------------------------------------------

    async def cache_get(self, key: str, *, now: datetime.datetime | None = None) -> str | None:
        """Return the cached value for ``key`` unless missing or expired."""
        now = _aware(now, "now") if now is not None else self._now()
        async with self._reading() as conn:
            value = await conn.scalar(
                sa.select(fetch_cache.c.value).where(
                    fetch_cache.c.key == _cache_key(key), fetch_cache.c.expires_at > now
                )
            )
        return None if value is None else str(value)

    async def cache_put(self, key: str, value: str, expires_at: datetime.datetime) -> None:
        """Store ``value`` under ``key`` until ``expires_at`` (replacing any earlier value)."""
        statement = self._insert(fetch_cache).values(
            key=_cache_key(key), value=value, expires_at=_aware(expires_at, "expires_at")
        )
        statement = statement.on_conflict_do_update(
            index_elements=["key"],
            set_={"value": statement.excluded.value, "expires_at": statement.excluded.expires_at},
        )
        async with self._engine.begin() as conn:
            await conn.execute(statement)

    async def cache_purge_expired(self, now: datetime.datetime | None = None) -> int:
        """Delete expired cache entries; return how many."""
        now = _aware(now, "now") if now is not None else self._now()
        async with self._engine.begin() as conn:
            result = await conn.execute(sa.delete(fetch_cache).where(fetch_cache.c.expires_at <= now))
        return result.rowcount

    # --- digest scheduling ---------------------------------------------------------------------------

    async def due_digests(
        self,
        now: datetime.datetime,
        *,
        shard_count: int | None = None,
        shard_ids: Sequence[int] = (),
        limit: int | None = None,
    ) -> list[DueDigest]:
        """Return the servers (of these shards) whose digest is due by ``now`` or has no schedule yet."""
        now = _aware(now, "now")
        g = guild_configs.c
        query = sa.select(guild_configs).where(
            g.digest_enabled.is_(True),
            g.digest_time.is_not(None),
            sa.or_(g.digest_next_due.is_(None), g.digest_next_due <= now),
        )
        if shard_count is not None and shard_count > 1 and shard_ids:
            # Discord's shard formula: (guild_id >> 22) % shard_count.
            # Integer literals: PostgreSQL has no "bigint >> bigint" operator, only "bigint >> integer".
            shard = g.guild_id.op(">>")(sa.literal_column("22")) % sa.literal_column(str(int(shard_count)))
            query = query.where(shard.in_([int(s) for s in shard_ids]))
        query = query.order_by(g.digest_next_due, g.guild_id)
        if limit is not None:
            query = query.limit(limit)
        async with self._reading() as conn:
            rows = (await conn.execute(query)).mappings().all()
            channels: dict[int, set[int]] = {}
            if rows:
                ids = [row["guild_id"] for row in rows]
                for guild_id, channel_id in await conn.execute(
                    sa.select(autobrief_channels.c.guild_id, autobrief_channels.c.channel_id).where(
                        autobrief_channels.c.guild_id.in_(ids)
                    )
                ):
                    channels.setdefault(guild_id, set()).add(channel_id)
        return [
            DueDigest(
                config=_config_from_row(row, row["guild_id"], channels.get(row["guild_id"], ())),
                due_at=row["digest_next_due"],
                local_date=row["digest_next_date"],
                config_changed_at=row["updated_at"],
                version=row["digest_version"],
            )
            for row in rows
        ]

    async def schedule_digest(
        self,
        guild_id: int,
        due_at: datetime.datetime,
        local_date: datetime.date,
        *,
        version: int,
    ) -> bool:
        """Set a server's next digest time unless its digest settings changed since ``version``."""
        async with self._engine.begin() as conn:
            result = await conn.execute(self._schedule_update(guild_id, due_at, local_date, version))
        return result.rowcount == 1

    def _schedule_update(
        self,
        guild_id: int,
        due_at: datetime.datetime,
        local_date: datetime.date,
        version: int,
    ) -> sa.Update:
        return (
            sa.update(guild_configs)
            .where(guild_configs.c.guild_id == guild_id, guild_configs.c.digest_version == version)
            .values(digest_next_due=_aware(due_at, "due_at"), digest_next_date=local_date)
        )

    async def claim_digest(
        self,
        guild_id: int,
        local_date: datetime.date,
        now: datetime.datetime,
        *,
        next_due: datetime.datetime,
        next_date: datetime.date,
        version: int,
    ) -> DigestClaim | None:
        """Claim the digest of (server, local day) and move the schedule on, in one transaction.

        Returns None when another process (or an earlier run) already claimed that day: the unique key
        (guild_id, local_date) makes the claim exactly-once across processes sharing the database.
        """
        now = _aware(now, "now")
        claim = (
            self._insert(digest_posts)
            .values(guild_id=guild_id, local_date=local_date, claimed_at=now, status="claimed")
            .on_conflict_do_nothing(index_elements=["guild_id", "local_date"])
            .returning(digest_posts.c.guild_id)
        )
        async with self._engine.begin() as conn:
            won = (await conn.execute(claim)).first() is not None
            await conn.execute(self._schedule_update(guild_id, next_due, next_date, version))
            if not won:
                return None
            previous = await self._last_digest_at(conn, guild_id, other_than=local_date)
        return DigestClaim(guild_id=guild_id, local_date=local_date, claimed_at=now, previous_at=previous)

    async def finish_digest(
        self,
        guild_id: int,
        local_date: datetime.date,
        *,
        status: Literal["posted", "empty", "failed", "skipped"],
        item_count: int = 0,
        posted_at: datetime.datetime | None = None,
    ) -> None:
        """Record how a claimed digest ended."""
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(digest_posts)
                .where(digest_posts.c.guild_id == guild_id, digest_posts.c.local_date == local_date)
                .values(status=status, item_count=item_count, posted_at=posted_at)
            )

    async def digest_status(self, guild_id: int, local_date: datetime.date) -> str | None:
        """Return the state of one day's digest (claimed, posted, empty, failed, skipped) or None."""
        async with self._reading() as conn:
            status = await conn.scalar(
                sa.select(digest_posts.c.status).where(
                    digest_posts.c.guild_id == guild_id, digest_posts.c.local_date == local_date
                )
            )
        return None if status is None else str(status)

    async def last_digest_at(self, guild_id: int) -> datetime.datetime | None:
        """Return when the newest digest of a server was taken: a posted (or empty) scheduled one, or one
        posted by hand (:meth:`record_manual_digest`), whichever is later."""
        async with self._reading() as conn:
            return await self._last_digest_at(conn, guild_id)

    async def _last_digest_at(
        self, conn: AsyncConnection, guild_id: int, *, other_than: datetime.date | None = None
    ) -> datetime.datetime | None:
        conditions = [digest_posts.c.guild_id == guild_id, digest_posts.c.status.in_(["posted", "empty"])]
        if other_than is not None:
            conditions.append(digest_posts.c.local_date != other_than)
        scheduled = await conn.scalar(sa.select(sa.func.max(digest_posts.c.claimed_at)).where(*conditions))
        manual = await conn.scalar(
            sa.select(guild_configs.c.digest_manual_at).where(guild_configs.c.guild_id == guild_id)
        )
        times = [t for t in (scheduled, manual) if isinstance(t, datetime.datetime)]
        return max(times, default=None)

    async def record_manual_digest(self, guild_id: int, at: datetime.datetime) -> None:
        """Record that a digest covering what was shared until ``at`` was posted by hand (/digest now).

        It claims no day: the scheduled digest still posts at its time, but its window starts at ``at``.
        An older time than the one stored is ignored.
        """
        at = _aware(at, "at")
        column = guild_configs.c.digest_manual_at
        async with self._engine.begin() as conn:
            await self._ensure_config_row(conn, guild_id, self._now())
            await conn.execute(
                sa.update(guild_configs)
                .where(guild_configs.c.guild_id == guild_id, sa.or_(column.is_(None), column < at))
                .values(digest_manual_at=at)
            )
