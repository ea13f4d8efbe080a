"""Storage and digest benchmark: `python -m bench.storage [--data ../shared/evaldata]`.

Measures, on synthetic fictional data (the evaluation data holds no server histories, so ``--data`` is
accepted for the common interface and not read):

1. the digest of one server with 1,000 briefings in the day: build (group + rank) and render (embeds),
   against an all-pairs grouping baseline;
2. the due-digest query over 10,000 servers, against loading every server's settings and filtering in
   Python;
3. briefing write throughput, one transaction per briefing as the bot writes them, on SQLite and (when
   ``BRIEFBOT_TEST_POSTGRES_URL`` or ``--postgres`` is set) PostgreSQL, SQLite being the baseline.

PostgreSQL: the benchmark EMPTIES the public schema of the database it is given; point it at a test database.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import random
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from bot.digest import TITLE_OVERLAP, Digest, build_digest, overlap, signature
from bot.embeds import check_limits, digest_embeds
from bot.scheduler import next_occurrence
from bot.storage import BriefingRecord, Store, StoredBriefing
from bot.storage.schema import guild_configs

UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
# A few hundred pseudo-words, so that unrelated synthetic headlines share about as little as real ones do.
_SYLLABLES = ["har", "bo", "ven", "ul", "mar", "qui", "tes", "lo", "dra", "fen", "sor", "pa", "wic", "rel"]
_WORDS = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES[3:9] for c in ("", "n", "s", "ton")})
_SITES = ["Harbour Gazette", "Wren Daily", "Valmora Courier", "Lowmoor Post", "The Quay"]


def _title(rng: random.Random) -> str:
    return " ".join(rng.sample(_WORDS, 7)).capitalize()


def synthetic_day(count: int, *, guild_id: int = 1, seed: int = 7) -> list[StoredBriefing]:
    """Return ``count`` briefings of one day: ~1/3 stories shared more than once, some from two outlets."""
    rng = random.Random(seed)
    stories = [(_title(rng), f"https://news{n % 5}.example/story/{n}") for n in range(max(1, count * 2 // 3))]
    result: list[StoredBriefing] = []
    for n in range(count):
        title, url = rng.choice(stories) if n >= len(stories) else stories[n]
        if rng.random() < 0.1:  # the same story from another outlet, with a slightly different headline
            url = url.replace("news", "other") + "-b"
            title += " " + rng.choice(_WORDS)
        summary = f"{title} {' '.join(rng.sample(_WORDS, 4))}, officials in Port Wren said on Monday."
        result.append(
            StoredBriefing(
                id=n + 1,
                guild_id=guild_id,
                channel_id=100 + n % 4,
                user_id=1000 + rng.randrange(60),
                message_id=10_000 + n,
                jump_url=f"https://discord.com/channels/{guild_id}/{100 + n % 4}/{10_000 + n}",
                url=url,
                title=title,
                site_name=rng.choice(_SITES),
                summary=[summary, "A second sentence with details."],
                key_points=["One point", "Another point"],
                quotes=[
                    {"text": f"We will fix the {rng.choice(_WORDS)} this year", "speaker": "Mayor Ada Quill"}
                ],
                created_at=NOW - datetime.timedelta(seconds=rng.randrange(86_400)),
                repeat_of=None,
            )
        )
    return result


def naive_groups(briefings: Sequence[StoredBriefing]) -> int:
    """Baseline grouping: compare every pair of briefings' titles (no URL shortcut, no index)."""
    parent = list(range(len(briefings)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    sigs = [signature(b.title) for b in briefings]
    for i in range(len(briefings)):
        for j in range(i + 1, len(briefings)):
            if briefings[i].url == briefings[j].url or overlap(sigs[i], sigs[j]) >= TITLE_OVERLAP:
                parent[find(j)] = find(i)
    return len({find(i) for i in range(len(briefings))})


def _best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


async def _abest_of(repeats: int, work: Callable[[], Awaitable[object]]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await work()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_digest(count: int) -> list[tuple[str, str, str, str]]:
    """Time building and rendering one server's digest of ``count`` briefings."""
    day = synthetic_day(count)
    start = NOW - datetime.timedelta(hours=24)
    digest: Digest = build_digest(day, guild_id=1, start=start, end=NOW)
    build = _best_of(5, lambda: build_digest(day, guild_id=1, start=start, end=NOW))
    render = _best_of(5, lambda: digest_embeds(digest, timezone="Europe/Berlin"))
    naive = _best_of(1, lambda: naive_groups(day))
    messages = digest_embeds(digest, timezone="Europe/Berlin")
    problems = sum(len(check_limits(m)) for m in messages)
    return [
        (
            f"digest build, {count} briefings -> {len(digest.items)} stories",
            f"{build * 1000:.1f} ms",
            f"{naive * 1000:.1f} ms (all-pairs grouping)",
            f"{build / naive:.3f}",
        ),
        (
            f"digest render -> {len(messages)} message(s), {problems} limit problems",
            f"{render * 1000:.1f} ms",
            f"{build * 1000:.1f} ms (build)",
            f"{render / build:.3f}",
        ),
    ]


async def _fill_servers(store: Store, servers: int) -> None:
    """Insert ``servers`` servers with a daily digest, about 5% of them due at NOW."""
    rng = random.Random(11)
    zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
    rows = []
    for n in range(servers):
        zone = zones[n % len(zones)]
        at = datetime.time(rng.randrange(24), rng.choice([0, 15, 30, 45]))
        due = (
            NOW - datetime.timedelta(minutes=1) if n % 20 == 0 else NOW + datetime.timedelta(hours=1 + n % 23)
        )
        occurrence = next_occurrence(at, ZoneInfo(zone), due - datetime.timedelta(days=1))
        rows.append(
            {
                "guild_id": (n + 1) << 22 | n,
                "digest_enabled": True,
                "digest_channel_id": 5,
                "digest_time": at.isoformat(timespec="minutes"),
                "digest_timezone": zone,
                "digest_next_due": due,
                "digest_next_date": occurrence.local_date,
                "updated_at": NOW - datetime.timedelta(days=3),
            }
        )
    async with store.engine.begin() as conn:
        for chunk in range(0, len(rows), 1000):
            await conn.execute(sa.insert(guild_configs), rows[chunk : chunk + 1000])


async def bench_due_query(store: Store, servers: int) -> tuple[str, str, str, str]:
    """Time the due-digest query against a load-everything baseline."""
    await _fill_servers(store, servers)
    due = await store.due_digests(NOW)

    async def baseline() -> int:
        async with store.engine.connect() as conn:
            rows = (await conn.execute(sa.select(guild_configs))).mappings().all()
        return sum(1 for r in rows if r["digest_enabled"] and r["digest_next_due"] <= NOW)

    query = await _abest_of(5, lambda: store.due_digests(NOW))
    full = await _abest_of(3, baseline)
    return (
        f"due-digest query, {servers} servers ({len(due)} due), {store.dialect}",
        f"{query * 1000:.1f} ms",
        f"{full * 1000:.1f} ms (load all + filter)",
        f"{query / full:.3f}",
    )


def _record(n: int) -> BriefingRecord:
    return BriefingRecord(
        guild_id=1 + n % 50,
        channel_id=100,
        user_id=1000 + n % 97,
        message_id=10_000 + n,
        jump_url=f"https://discord.com/channels/1/100/{10_000 + n}",
        url=f"https://news.example/story/{n}",
        title=f"Story number {n} about the harbour",
        site_name="Harbour Gazette",
        summary=["The harbour bridge reopened on Monday.", "Traffic is back to normal."],
        key_points=["Bridge reopened", "Repairs took two years"],
        quotes=[{"text": "It is a good day", "speaker": "Mayor Ada Quill", "start": 1, "end": 17}],
        created_at=NOW - datetime.timedelta(seconds=n),
    )


async def write_rate(store: Store, writes: int, concurrency: int = 1) -> float:
    """Return briefings written per second, one transaction each, ``concurrency`` writers at once."""
    records = [_record(n) for n in range(writes)]

    async def writer(part: Sequence[BriefingRecord]) -> None:
        for record in part:
            await store.record_briefing(record)

    started = time.perf_counter()
    await asyncio.gather(*(writer(records[i::concurrency]) for i in range(concurrency)))
    return writes / (time.perf_counter() - started)


async def _reset_postgres(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(sa.text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def bench_backends(servers: int, writes: int, postgres: str | None) -> list[tuple[str, str, str, str]]:
    """Run the due-query and write-throughput measures on SQLite and, if given, PostgreSQL."""
    rows: list[tuple[str, str, str, str]] = []
    rates: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        urls = {"sqlite": f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"}
        if postgres:
            await _reset_postgres(postgres)
            urls["postgresql"] = postgres
        for name, url in urls.items():
            store = await Store.open(url)
            try:
                rows.append(await bench_due_query(store, servers))
                rates[name] = [
                    await write_rate(store, writes),
                    await write_rate(store, writes, concurrency=8),
                ]
            finally:
                await store.close()
        if postgres:
            await _reset_postgres(postgres)
    base = rates["sqlite"]
    for name, (serial, parallel) in rates.items():
        rows.append(
            (
                f"briefing writes, 1 writer, {name}",
                f"{serial:,.0f}/s",
                f"{base[0]:,.0f}/s (SQLite)",
                f"{serial / base[0]:.2f}",
            )
        )
        rows.append(
            (
                f"briefing writes, 8 concurrent writers, {name}",
                f"{parallel:,.0f}/s",
                f"{base[1]:,.0f}/s (SQLite)",
                f"{parallel / base[1]:.2f}",
            )
        )
    if not postgres:
        rows.append(("PostgreSQL", "skipped", "set BRIEFBOT_TEST_POSTGRES_URL", "-"))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the storage benchmark as a Markdown table."""
    parser = argparse.ArgumentParser(prog="bench.storage", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", default="../shared/evaldata", help="accepted for the common interface; unused"
    )
    parser.add_argument("--briefings", type=int, default=1000, help="briefings in the digest day")
    parser.add_argument("--servers", type=int, default=10_000, help="servers for the due-digest query")
    parser.add_argument("--writes", type=int, default=500, help="briefings written per throughput run")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BRIEFBOT_TEST_POSTGRES_URL"),
        help="a TEST PostgreSQL URL (its public schema is emptied); default $BRIEFBOT_TEST_POSTGRES_URL",
    )
    args = parser.parse_args(argv)
    rows = bench_digest(args.briefings)
    rows += asyncio.run(bench_backends(args.servers, args.writes, args.postgres))
    print("| measure | briefbot | baseline | ratio |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\n(times are the best of several runs; for times, ratio < 1 means briefbot is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
