"""End-to-end fixtures: a fake Discord and a page server on 127.0.0.1, and the bot started as run_bot does."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
from aiohttp import web

from bot.app import BotRunner, BriefBot
from bot.settings import Settings
from tests.e2e.fake_discord import GUILD_ID, FakeDiscord
from tests.pageserver import PageServer, page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Small, so that on_ready fires at once after GUILD_CREATE and a dead page fails fast.
BOT_OPTIONS: dict[str, Any] = {"guild_ready_timeout": 0.05}


def article_html(text: str, *, title: str, author: str = "Pat Ferrier", date: str = "2025-03-04") -> str:
    """Wrap a fictional article's text in a plain news page."""
    headline, _, body = text.partition("\n\n")
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body.splitlines() if p.strip())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Valmora Courier</title>
<meta property="og:site_name" content="Valmora Courier">
<meta name="author" content="{author}"><meta property="article:published_time" content="{date}">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{html.escape(headline)}</h1>{paragraphs}</article>
<footer>© Valmora Courier. All rights reserved.</footer></body></html>"""


@pytest.fixture
async def pages(harbour_text: str) -> AsyncIterator[PageServer]:
    """A page server with a news article, a second article and a page that never answers in time."""
    second = harbour_text.replace("Valmora", "Lowmoor").replace("harbour", "marina")
    done = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        async with asyncio.timeout(30):
            await done.wait()  # until the test ends: far past the bot's fetch timeout
        return web.Response(text="too late")

    routes = {
        "/news/harbour": page(article_html(harbour_text, title="Valmora to close its old harbour")),
        "/news/marina": page(article_html(second, title="Lowmoor to close its old marina")),
        "/news/slow": slow,
    }
    async with PageServer(routes) as server:
        yield server
        done.set()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord on 127.0.0.1."""
    server = await FakeDiscord().start()
    yield server
    await server.close()


@pytest.fixture
def restore_discord_urls() -> Any:
    """Put discord.py's REST and gateway URLs back after a test pointed them at a fake."""
    base = discord.http.Route.BASE
    gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def make_settings(fake: FakeDiscord, tmp_path: Path, **changes: Any) -> Settings:
    """Settings for a bot talking to the fake Discord and fetching from 127.0.0.1 only."""
    values: dict[str, Any] = {
        "discord_token": "fake-token",
        "discord_api_url": fake.api_url,
        "discord_gateway_url": fake.gateway_url,
        "dev_guild_ids": [GUILD_ID],
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'briefbot.db'}",
        "fetch_allowed_hosts": ["127.0.0.1"],
        "fetch_timeout": 1.0,
        "fetch_connect_timeout": 1.0,
        "user_cooldown_seconds": 0,
        "processes": 0,  # threads: worker processes are tested in tests/briefing/test_pipeline_pool.py
    }
    values.update(changes)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Running:
    """A bot running against the fake, with handles to stop it."""

    runner: BotRunner
    task: asyncio.Task[None]
    fake: FakeDiscord

    @property
    def bot(self) -> BriefBot:
        assert self.runner.bot is not None
        return self.runner.bot

    async def stop(self) -> None:
        await self.runner.stop()
        async with asyncio.timeout(10):
            await self.task


async def start_bot(fake: FakeDiscord, settings: Settings) -> Running:
    """Start the bot as run_bot does (BotRunner) and wait until it is ready."""
    runner = BotRunner(settings, **BOT_OPTIONS)
    task = asyncio.create_task(runner.run())
    try:
        async with asyncio.timeout(15):
            ready = asyncio.ensure_future(runner.wait_ready())
            done, _ = await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                ready.cancel()
                task.result()  # raises what stopped the bot
                raise AssertionError("the bot stopped before it was ready")
    except BaseException:
        await runner.stop()
        raise
    return Running(runner, task, fake)


@pytest.fixture
async def running(
    fake: FakeDiscord, pages: PageServer, tmp_path: Path, restore_discord_urls: None
) -> AsyncIterator[Running]:
    """The bot, ready, in the fake guild (message-content intent granted)."""
    bot = await start_bot(fake, make_settings(fake, tmp_path))
    yield bot
    await bot.stop()
