"""Runaway pages and stalled sites are answered in one line; other servers are served meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.e2e.conftest import Running, make_settings, start_bot
from tests.e2e.fake_discord import ELSEWHERE_PUBLIC, FakeDiscord
from tests.pageserver import PageServer, page

EPHEMERAL = 1 << 6
# About 1 MB of one-word paragraphs: seconds of extraction, far past a two-second budget, in less memory
# than the test's cap (so it is the CPU budget that stops it, while the waiting link gets a helper).
HOSTILE = "<html><body><article>" + "<p>a b.</p>" * 90_000 + "</article></body></html>"


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    """A slash-command option."""
    return {"name": name, "type": kind, "value": value}


@pytest.fixture
async def budgeted(
    fake: FakeDiscord, pages: PageServer, tmp_path: Path, restore_discord_urls: None
) -> AsyncIterator[Running]:
    """The bot with its default one worker process, a two-second CPU budget and 400 MB per briefing."""
    pages.add("/hostile", page(HOSTILE))
    settings = make_settings(
        fake,
        tmp_path,
        processes=1,
        briefing_cpu_seconds=2,
        briefing_memory_mb=400,
        fetch_timeout=10.0,
        fetch_max_bytes=5_000_000,
    )
    bot = await start_bot(fake, settings)
    yield bot
    await bot.stop()


async def test_runaway_page_is_told_too_complex_while_another_server_is_served(
    budgeted: Running, pages: PageServer
) -> None:
    """A runaway page gets a one-line "too complex" answer; a link in another server is briefed before it."""
    fake = budgeted.fake
    briefer = budgeted.bot.services.briefer
    hostile = await fake.slash("brief", [opt("url", pages.url("/hostile"))])
    async with asyncio.timeout(30):  # the runaway page holds the one worker before the other link comes
        while True:
            if briefer.worker_stats[0] >= 1:
                break
            await asyncio.sleep(0.01)
    normal = await fake.slash("brief", [opt("url", pages.url("/news/harbour"))], where=ELSEWHERE_PUBLIC)
    normal_answer = await fake.wait_answer(normal, within=30)
    assert normal_answer.body["embeds"], "the other server's link got no briefing"
    hostile_answer = await fake.wait_answer(hostile, within=30)
    assert normal_answer.at < hostile_answer.at  # served while the runaway page was being worked on
    assert briefer.worker_stats[1] >= 1  # by a helper worker started beside the runaway one
    text = hostile_answer.body["content"]
    assert "too complex to brief" in text
    assert "\n" not in text
    assert hostile_answer.body.get("flags", 0) & EPHEMERAL  # only the asker sees it
    # The worker that ran away was replaced: the next link is briefed as usual.
    again = await fake.slash("brief", [opt("url", pages.url("/news/marina"))])
    assert (await fake.wait_answer(again, within=30)).body["embeds"]


async def test_a_link_not_briefed_within_the_answer_time_is_answered_in_one_line(
    fake: FakeDiscord, pages: PageServer, tmp_path: Path, restore_discord_urls: None
) -> None:
    """A site that stalls past BRIEFBOT_ANSWER_SECONDS gets the user one private line, not a silent wait."""
    released = asyncio.Event()

    async def stalling(request: web.Request) -> web.StreamResponse:
        await released.wait()  # keeps the fetch going until the test ends
        return web.Response(text="late", content_type="text/html")

    pages.add("/stalls", stalling)
    settings = make_settings(fake, tmp_path, answer_seconds=1, fetch_timeout=60.0)
    bot = await start_bot(fake, settings)
    try:
        asked = await fake.slash("brief", [opt("url", pages.url("/stalls"))])
        answer = await fake.wait_answer(asked, within=30)
    finally:
        released.set()
        await bot.stop()
    text = answer.body["content"]
    assert "could not be briefed within 1 s" in text
    assert "\n" not in text
    assert answer.body.get("flags", 0) & EPHEMERAL
