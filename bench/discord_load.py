"""Load on the Discord side: bursts of article links in an auto-brief channel, through the fake Discord.

Run from the project root::

    .venv/bin/python -m bench.discord_load [--data ../shared/evaldata] [--memory-briefings 500]

The real bot (started as ``run_bot`` starts it, in its own process so that its memory and event loop are
measured alone) talks to the fake Discord of the end-to-end tests and fetches pages from a loopback page
server, both running in this process. Pages are the real news pages of ``<data>/html/aeb`` when present
(fictional generated articles otherwise). Reported, each against a baseline measured in the same process:

- reply latency (MESSAGE_CREATE sent -> the bot's reply received) for 20 and 100 links posted at once,
  against the same number of ``Briefer.brief`` calls made directly (no Discord, no storage);
- the bot's event-loop lag while it works (a sampler task in the bot's loop), against the idle loop;
- resident memory after N briefings, against the bot just after start-up: the bot process alone, and the
  bot with its worker processes (``BRIEFBOT_PROCESSES``; RSS sum and the fairer PSS sum).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bot.app import TRIM_QUIET_SECONDS, BotRunner
from bot.briefing.errors import BriefingError
from bot.briefing.sources import Source
from bot.settings import Settings
from tests.e2e.fake_discord import (
    CHANNEL_ID,
    ELSEWHERE_PUBLIC,
    EVERYDAY_PERMISSIONS,
    GUILD_ID,
    FakeDiscord,
    FakeUser,
)
from tests.pageserver import Page, PageServer

ROOT = Path(__file__).resolve().parents[1]

TARGET_P95_MS_AT_20 = 500.0
TARGET_NEIGHBOUR_P95_MS = 1000.0
TARGET_LAG_P99_MS = 100.0
TARGET_RSS_MB = 200.0
SAMPLE_INTERVAL = 0.01
NEIGHBOUR_PAUSE = 0.1


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --- pages ---------------------------------------------------------------------------------------------


def load_pages(data: Path, limit: int) -> tuple[list[bytes], str]:
    """Return real news pages from the evaluation data, or fictional ones when it is absent."""
    folder = data / "html" / "aeb"
    files = sorted(folder.glob("*.html"))[:limit] if folder.is_dir() else []
    if files:
        return [f.read_bytes() for f in files], f"{len(files)} real pages from {folder}"
    return [fictional_page(i).encode() for i in range(limit)], f"{limit} generated fictional pages"


def fictional_page(seed: int) -> str:
    """Build a fictional news page of about 450 words with quotes."""
    rng = random.Random(seed)
    towns = ["Valmora", "Lowmoor", "Tiel", "Orsa", "Brackenford", "Kessel"]
    people = ["Elena Brandt", "Tomas Lindqvist", "Ines Okafor", "Pat Ferrier", "Noor Haddad", "Olek Varga"]
    town, person, other = rng.choice(towns), rng.choice(people), rng.choice(people)
    sentences = [
        f"The council of {town} voted on Tuesday to spend {rng.randint(2, 90)} million on the old bridge.",
        f"Engineers said the work would take {rng.randint(2, 5)} years and close two lanes at a time.",
        f'"We have waited long enough for this," said {person}, who chairs the works committee.',
        f"Shop owners near the river fear the closures will keep visitors away from {town}.",
        f'"Half of my customers cross that bridge every morning," said {other}. "If it shuts, so do I."',
        "The regional government will pay most of the cost, according to a statement published at night.",
        f"Opponents asked for a vote of residents before any contract is signed in {town}.",
        "The first contracts are expected in the spring, after a public consultation.",
    ]
    paragraphs = []
    for _ in range(7):
        rng.shuffle(sentences)
        paragraphs.append(" ".join(sentences[:4]))
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{town} votes on its bridge</title>"
        f'<meta name="author" content="{rng.choice(people)}"></head>'
        f"<body><article><h1>{town} votes to rebuild its old bridge</h1>{body}</article></body></html>"
    )


# --- the fake world (this process) --------------------------------------------------------------------


class World:
    """The fake Discord and the page server, on 127.0.0.1 in this process."""

    def __init__(self, pages: list[bytes], paths: int) -> None:
        self._pages = pages
        self._paths = paths
        self.page_count = len(pages)
        self.fake: FakeDiscord
        self.server: PageServer
        self.posted_at: dict[str, float] = {}

    async def start(self) -> None:
        routes = {
            f"/{kind}/{i}": Page(
                headers={"Content-Type": "text/html"}, body=self._pages[i % len(self._pages)]
            )
            for kind in ("a", "b")  # /a/: the bursts; /b/: the other server's links
            for i in range(self._paths)
        }
        self.server = await PageServer(routes).start()
        self.fake = await FakeDiscord().start()

    async def post(self, content: str, author: FakeUser) -> str:
        """Post a message as ``author`` and remember when its MESSAGE_CREATE went out."""
        message = self.fake.user_message(content, author=author)
        self.posted_at[message["id"]] = time.monotonic()
        await self.fake._dispatch("MESSAGE_CREATE", message)
        return str(message["id"])

    async def replies(self, ids: list[str], within: float) -> dict[str, float]:
        """Wait until every message in ``ids`` got a reply; return message id -> reply latency (s)."""
        wanted = set(ids)
        found: dict[str, float] = {}
        seen = 0
        async with asyncio.timeout(within):
            while len(found) < len(wanted):
                for call in self.fake.calls[seen:]:
                    ref = call.body.get("message_reference") if isinstance(call.body, dict) else None
                    mid = str(ref.get("message_id")) if ref else None
                    if mid in wanted and mid not in found:
                        found[mid] = call.at - self.posted_at[mid]
                seen = len(self.fake.calls)
                await asyncio.sleep(0.005)
        return found

    def briefed(self, ids: list[str]) -> int:
        """Count the replies to ``ids`` that carry a briefing (an embed) rather than an error text."""
        wanted = set(ids)
        return sum(
            1
            for c in self.fake.calls
            if isinstance(c.body, dict)
            and c.body.get("embeds")
            and str((c.body.get("message_reference") or {}).get("message_id")) in wanted
        )

    async def stop(self) -> None:
        await self.fake.close()
        await self.server.close()


# --- measurements ---------------------------------------------------------------------------------------


@dataclass
class LagSampler:
    """Measure how late the bot's event loop wakes up from short sleeps."""

    samples: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(SAMPLE_INTERVAL)
            self.samples.append(max(0.0, loop.time() - start - SAMPLE_INTERVAL))

    def start(self) -> None:
        self.samples = []
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> list[float]:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        return self.samples


@dataclass
class Row:
    scenario: str
    n: int
    p50: float
    p95: float
    p99: float
    baseline_p50: float | None
    lag_p99: float
    lag_baseline_p99: float
    note: str = ""


# Started with -c rather than -m: the bot process then holds no benchmark module as __main__, as under
# `briefbot run`.
SERVE_BOT = "import sys; from bench.discord_load import main; sys.exit(main(['--serve-bot']))"


class BotProcess:
    """The bot in a child process (``--serve-bot``), driven over JSON lines on stdin/stdout."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @classmethod
    async def start(cls, env: dict[str, str]) -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            SERVE_BOT,
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        bot = cls(proc)
        ready = await bot._read(120)
        if ready.get("event") != "ready":
            raise RuntimeError(f"the bot did not start: {ready}")
        return bot

    async def _read(self, within: float) -> dict[str, Any]:
        assert self.proc.stdout is not None
        async with asyncio.timeout(within):
            line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the bot process ended (exit {await self.proc.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    async def ask(self, cmd: str, within: float = 300, **params: Any) -> dict[str, Any]:
        """Send a command and return the bot's answer."""
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps({"cmd": cmd, **params}) + "\n").encode())
        await self.proc.stdin.drain()
        return await self._read(within)

    async def stop(self) -> int:
        if self.proc.returncode is None:
            try:
                await self.ask("stop", within=30)
            except (RuntimeError, TimeoutError, ConnectionError):
                self.proc.kill()
        return await self.proc.wait()


class Bench:
    """Drive the bot through the world and collect what the report needs."""

    def __init__(self, world: World, bot: BotProcess) -> None:
        self.world = world
        self.bot = bot
        self.next_path = 0
        self.next_other = 0
        self.next_user = 0

    def paths(self, n: int) -> list[str]:
        """Fresh links (never fetched before) to the pages 0..n-1: every scenario sees the same pages."""
        pages = self.world.page_count
        start = -(-self.next_path // pages) * pages
        self.next_path = start + n
        return [self.world.server.url(f"/a/{i}") for i in range(start, start + n)]

    def users(self, n: int) -> list[FakeUser]:
        start = self.next_user
        self.next_user += n
        return [
            FakeUser(940_000_000_000_000_000 + i, f"reader{i}", EVERYDAY_PERMISSIONS)
            for i in range(start, start + n)
        ]

    async def idle_lag(self, seconds: float) -> list[float]:
        await self.bot.ask("lag_start")
        await asyncio.sleep(seconds)
        lag: list[float] = (await self.bot.ask("lag_stop"))["lag"]
        return lag

    async def direct(self, n: int) -> list[float]:
        """Brief n fresh links at once with the bot's own Briefer (no Discord); return the seconds of each."""
        seconds: list[float] = (await self.bot.ask("direct", urls=self.paths(n)))["seconds"]
        return seconds

    async def burst(
        self, n: int, *, neighbour: bool = False
    ) -> tuple[list[float], list[float], int, list[float]]:
        """Post n link messages at once in one server; with ``neighbour``, meanwhile /brief one fresh link
        after another in another server. Return (latencies, loop lag samples, replies with a briefing, the
        other server's latencies)."""
        await self.bot.ask("lag_start")
        posts = [
            self.world.post(f"New story: {url}", user)
            for url, user in zip(self.paths(n), self.users(n), strict=True)
        ]
        ids = list(await asyncio.gather(*posts))
        done = asyncio.Event()
        other = asyncio.ensure_future(self.other_server(done)) if neighbour else None
        try:
            found = await self.world.replies(ids, within=60 + n)
        finally:
            done.set()
        elsewhere = await other if other is not None else []
        lag: list[float] = (await self.bot.ask("lag_stop"))["lag"]
        return list(found.values()), lag, self.world.briefed(ids), elsewhere

    async def other_server(self, done: asyncio.Event) -> list[float]:
        """/brief a fresh link in another server, one after another, until ``done``; return each latency."""
        latencies: list[float] = []
        while not done.is_set() or not latencies:
            url = self.world.server.url(f"/b/{self.next_other}")
            self.next_other += 1
            (user,) = self.users(1)
            start = time.monotonic()
            interaction = await self.world.fake.slash(
                "brief", [{"name": "url", "type": 3, "value": url}], user=user, where=ELSEWHERE_PUBLIC
            )
            await self.world.fake.wait_answer(interaction, within=60)
            latencies.append(time.monotonic() - start)
            await asyncio.sleep(NEIGHBOUR_PAUSE)
        return latencies


def ms(seconds: float) -> float:
    return seconds * 1000


async def run(args: argparse.Namespace) -> list[str]:
    pages, origin = load_pages(Path(args.data), args.pages)
    world = World(pages, 20 * len(pages) + 2 * args.memory_briefings)
    await world.start()
    tmp = tempfile.TemporaryDirectory(prefix="briefbot-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "BRIEFBOT_DISCORD_TOKEN": "bench-token",
            "BRIEFBOT_DISCORD_API_URL": world.fake.api_url,
            "BRIEFBOT_DISCORD_GATEWAY_URL": world.fake.gateway_url,
            "BRIEFBOT_DEV_GUILD_IDS": str(GUILD_ID),
            "BRIEFBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp.name}/bench.db",
            "BRIEFBOT_FETCH_ALLOWED_HOSTS": "127.0.0.1",
        }  # everything else at its default: the figures are for the settings a new install has
    )
    if args.processes is not None:
        env["BRIEFBOT_PROCESSES"] = str(args.processes)
    bot = await BotProcess.start(env)
    try:
        await bot.ask("autobrief", guild=GUILD_ID, channel=CHANNEL_ID)
        bench = Bench(world, bot)
        await bench.direct(5)  # warm-up: first trafilatura call, SQLite pages, caches
        await bench.burst(5)
        mem_start = await bot.ask("rss")
        idle = await bench.idle_lag(1.0)
        rows: list[Row] = []
        neighbour: list[float] = []
        for n in (20, 100):
            direct = await bench.direct(n)
            latencies, lag, briefed, elsewhere = await bench.burst(n, neighbour=n == 100)
            neighbour += elsewhere
            rows.append(
                Row(
                    f"{n} links at once",
                    n,
                    ms(percentile(latencies, 50)),
                    ms(percentile(latencies, 95)),
                    ms(percentile(latencies, 99)),
                    ms(percentile(direct, 50)),
                    ms(percentile(lag, 99)),
                    ms(percentile(idle, 99)),
                    f"{briefed}/{n} briefed",
                )
            )
        done = 2 * 5 + 2 * 20 + 2 * 100
        lag_all: list[float] = []
        while done < args.memory_briefings:
            n = min(50, args.memory_briefings - done)
            _, lag, _, _ = await bench.burst(n)
            lag_all.extend(lag)
            done += n
        await asyncio.sleep(2 * TRIM_QUIET_SECONDS)  # the idle bot hands freed memory back to the OS
        mem_end = await bot.ask("rss")
        if os.environ.get("PYTHONTRACEMALLOC"):
            print("\n".join((await bot.ask("top"))["top"]), file=sys.stderr)
        info = await bot.ask("info")
        workers = info["workers"]
        processes = info["processes"]
        threads = info["threads"]
    finally:
        await bot.stop()
        await world.stop()
        tmp.cleanup()

    lines = [
        f"Pages: {origin}. Bot process: default settings ({processes} worker processes, {workers} worker "
        f"threads, {info['guild_max_concurrent']} briefings at once per server), {threads} threads; "
        f"{info['helpers_started']} helper worker(s) started beside slow briefings during the run;",
        f"fake Discord and page server in the benchmark's process. {psutil.cpu_count()} logical cores.",
        "",
        "| scenario | p50 ms | p95 ms | p99 ms | p50 vs direct Briefer | loop lag p99 ms (idle) "
        "| target | met |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = row.p50 / row.baseline_p50 if row.baseline_p50 else float("nan")
        if row.n == 20:
            target = f"all briefed, p95 < {TARGET_P95_MS_AT_20:.0f} ms, lag p99 < {TARGET_LAG_P99_MS:.0f} ms"
            met = (
                row.p95 < TARGET_P95_MS_AT_20
                and row.lag_p99 < TARGET_LAG_P99_MS
                and row.note.startswith(f"{row.n}/")
            )
        else:
            target = f"lag p99 < {TARGET_LAG_P99_MS:.0f} ms"
            met = row.lag_p99 < TARGET_LAG_P99_MS
        lines.append(
            f"| {row.scenario} ({row.note}) | {row.p50:.0f} | {row.p95:.0f} | {row.p99:.0f} | "
            f"{ratio:.2f}x (direct {row.baseline_p50:.0f} ms) | "
            f"{row.lag_p99:.1f} ({row.lag_baseline_p99:.1f}) | "
            f"{target} | {'yes' if met else 'NO'} |"
        )
    n95 = ms(percentile(neighbour, 95))
    lines.append(
        f"| 1 link at a time in another server while one posts 100 ({len(neighbour)} links) | "
        f"{ms(percentile(neighbour, 50)):.0f} | {n95:.0f} | {ms(percentile(neighbour, 99)):.0f} | - | - | "
        f"p95 < {TARGET_NEIGHBOUR_P95_MS:.0f} ms | {'yes' if n95 < TARGET_NEIGHBOUR_P95_MS else 'NO'} |"
    )
    lag_p99 = ms(percentile(lag_all, 99))
    total = max(done, args.memory_briefings)
    for key, label in (
        ("rss_mb", "RSS of the bot process"),
        ("total_rss_mb", "RSS sum, bot + worker processes"),
        ("total_pss_mb", "PSS sum, bot + worker processes"),
    ):
        end, start = mem_end[key], mem_start[key]
        lines.append(
            f"| {label} after {total} briefings: {end:.0f} MB | - | - | - | "
            f"{end / start:.2f}x after start-up ({start:.0f} MB) | {lag_p99:.1f} | "
            f"< {TARGET_RSS_MB:.0f} MB | {'yes' if end < TARGET_RSS_MB else 'NO'} |"
        )
    return lines


# --- the bot side (child process) -----------------------------------------------------------------------


def memory(process: psutil.Process) -> dict[str, float]:
    """Resident memory (MB) of the bot alone, and of the bot with its worker processes (RSS and PSS sums).

    RSS counts the pages processes share (the interpreter, its libraries) once per process; PSS splits them
    fairly, so the PSS sum is the memory the bot really costs the machine.
    """
    procs = [process, *process.children(recursive=True)]
    rss = pss = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            info = proc.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    return {
        "rss_mb": process.memory_info().rss / 2**20,
        "total_rss_mb": rss / 2**20,
        "total_pss_mb": pss / 2**20,
    }


async def serve_bot() -> None:
    """Run the bot from BRIEFBOT_* variables and answer the benchmark's commands (JSON lines)."""
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    runner = BotRunner(settings, guild_ready_timeout=0.05)
    task = asyncio.create_task(runner.run())
    bot = await runner.wait_ready()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    sampler = LagSampler()
    process = psutil.Process()

    def emit(data: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    async def timed(url: str) -> float:
        start = time.monotonic()
        with contextlib.suppress(BriefingError):  # a page that cannot be briefed still took its time
            await bot.services.briefer.brief(Source("url", url))
        return time.monotonic() - start

    emit({"event": "ready"})
    while line := await reader.readline():
        cmd = json.loads(line)
        name = cmd["cmd"]
        if name == "stop":
            break
        if name == "autobrief":
            await bot.services.configs.set_autobrief(cmd["guild"], cmd["channel"], True)
            emit({})
        elif name == "lag_start":
            sampler.start()
            emit({})
        elif name == "lag_stop":
            emit({"lag": await sampler.stop()})
        elif name == "direct":
            emit({"seconds": list(await asyncio.gather(*(timed(u) for u in cmd["urls"])))})
        elif name == "rss":
            gc.collect()
            emit(memory(process))
        elif name == "top":  # debugging aid: run with PYTHONTRACEMALLOC=1
            import tracemalloc

            stats = (
                tracemalloc.take_snapshot().statistics("filename")[:12] if tracemalloc.is_tracing() else []
            )
            emit({"top": [str(s) for s in stats]})
        elif name == "info":
            emit(
                {
                    "workers": settings.workers,
                    "processes": settings.processes,
                    "guild_max_concurrent": settings.guild_max_concurrent,
                    "threads": process.num_threads(),
                    "children": len(process.children(recursive=True)),
                    "helpers_started": bot.services.briefer.worker_stats[1],
                }
            )
        else:
            emit({"error": f"unknown command {name}"})
    await runner.stop()
    await task
    emit({"event": "stopped"})


def main(argv: list[str] | None = None) -> int:
    """Run the load benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="bench.discord_load", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", default="../shared/evaldata", help="evaluation data (html/aeb pages)")
    parser.add_argument("--pages", type=int, default=60, help="distinct pages to serve")
    parser.add_argument("--memory-briefings", type=int, default=500, help="briefings before measuring RSS")
    parser.add_argument(
        "--processes", type=int, default=None, help="BRIEFBOT_PROCESSES for the bot (default: its default)"
    )
    parser.add_argument("--serve-bot", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_bot:
        asyncio.run(serve_bot())
        return 0
    lines = asyncio.run(run(args))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
