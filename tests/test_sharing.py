"""Sharing: briefing what was shared in a server, against a real SQLite store, Briefer and page server.

Budget, repeats, the per-server slot and the stored row are checked through the service itself; the fake
OpenAI server and the page server are the only stand-ins, both on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.briefing.errors import BriefingError, EmptyInput, NotArticle, RateLimited, TooSlow
from bot.briefing.fetch import Fetcher
from bot.briefing.llm import LLMEngine
from bot.briefing.models import Engine, Length
from bot.briefing.pipeline import Briefer
from bot.briefing.sources import Source
from bot.guilds import GuildConfig
from bot.services import BriefingLimiter, GuildConfigs
from bot.settings import Settings
from bot.sharing import Place, Shared, Sharing, reactions_needed, server_scope
from bot.storage import Store
from tests.e2e.conftest import article_html
from tests.fake_openai import FakeOpenAI, Reply, answer
from tests.pageserver import PageServer, page

GUILD = 4242
CHANNEL = 77
SHARER = 9001
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def make_settings(tmp_path: Path, **changes: Any) -> Settings:
    """Settings for a store in tmp_path, fetching from 127.0.0.1 only."""
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'sharing.db'}",
        "fetch_allowed_hosts": ["127.0.0.1"],
        "fetch_timeout": 2.0,
        "fetch_connect_timeout": 2.0,
    }
    values.update(changes)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class World:
    """A Sharing service over a real store and Briefer, with the clock and limiter in reach."""

    def __init__(self, settings: Settings, store: Store, briefer: Briefer, limiter: BriefingLimiter) -> None:
        self.settings = settings
        self.store = store
        self.briefer = briefer
        self.limiter = limiter
        self.clock = Clock()
        self.configs = GuildConfigs(store)
        self.sharing = Sharing(
            settings=settings,
            briefer=briefer,
            store=store,
            limiter=limiter,
            configs=self.configs,
            clock=self.clock,
        )


async def open_world(settings: Settings, *, llm: LLMEngine | None = None, queue_size: int = 4) -> World:
    """Open the store and build the Briefer as Services.create does; one briefing at a time per server."""
    store = await Store.open(settings.database_url)
    briefer = Briefer(settings, fetcher=Fetcher(settings), llm=llm)
    limiter = BriefingLimiter(cooldown=10, max_concurrent=1, queue_size=queue_size)
    return World(settings, store, briefer, limiter)


async def close_world(world: World) -> None:
    """Close the Briefer and the store."""
    await world.briefer.aclose()
    await world.store.close()


@pytest.fixture
async def pages(harbour_text: str) -> AsyncIterator[PageServer]:
    """A page server with one fictional news article."""
    html = article_html(harbour_text, title="Valmora to close its old harbour")
    async with PageServer({"/news/harbour": page(html)}) as server:
        yield server


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """A Sharing service with the extractive engine only."""
    built = await open_world(make_settings(tmp_path))
    yield built
    await close_world(built)


def in_channel(message_id: int | None = None) -> Place:
    """The place of a share in the test server's channel."""
    jump = f"https://discord.com/channels/{GUILD}/{CHANNEL}/{message_id}" if message_id else None
    return Place(GUILD, CHANNEL, SHARER, message_id=message_id, jump_url=jump)


async def test_text_is_briefed_and_recorded_for_the_digest(world: World, harbour_text: str) -> None:
    """Pasted text gets a briefing in the server's length, and its row holds what the digest needs."""
    config = await world.sharing.config(GUILD)
    shared = await world.sharing.brief(
        Source("text", harbour_text), guild_id=GUILD, config=config, length=world.sharing.length(None, config)
    )
    assert shared.briefing is not None
    assert shared.repeat is None
    assert shared.length is Length.STANDARD
    assert len(shared.briefing.summary) == Length.STANDARD.summary_sentences
    row_id = await world.sharing.record(shared, in_channel(555))
    [stored] = await world.store.briefings_between(GUILD, T0, T0 + dt.timedelta(seconds=1))
    assert stored.id == row_id
    assert (stored.channel_id, stored.user_id, stored.message_id) == (CHANNEL, SHARER, 555)
    assert stored.url is None  # pasted text has no link
    assert stored.title == shared.briefing.title
    assert stored.summary == list(shared.briefing.summary)
    assert stored.quotes == [q.to_dict() for q in shared.briefing.quotes]
    assert stored.created_at == T0
    assert stored.repeat_of is None


async def test_a_link_shared_again_is_a_repeat_without_a_fetch(world: World, pages: PageServer) -> None:
    """The same link (tracking parameters aside) within the window answers with the earlier briefing."""
    link = pages.url("/news/harbour")
    first = await world.sharing.brief(Source("url", link), guild_id=GUILD, config=None, length=Length.SHORT)
    assert first.canonical is not None
    assert first.briefing is not None
    first_id = await world.sharing.record(first, in_channel(1))
    world.clock.now += dt.timedelta(hours=3)
    again = await world.sharing.brief(
        Source("url", link + "?utm_source=chat"), guild_id=GUILD, config=None, length=Length.SHORT
    )
    assert again.briefing is None
    assert again.repeat is not None
    assert again.repeat.id == first_id
    assert again.title == first.briefing.title
    assert pages.hits["/news/harbour"] == 1
    repeat_id = await world.sharing.record(again, in_channel(2))
    rows = await world.store.briefings_between(GUILD, T0, world.clock.now + dt.timedelta(seconds=1))
    assert [(r.id, r.repeat_of, r.message_id) for r in rows] == [
        (first_id, None, 1),
        (repeat_id, first_id, 2),
    ]
    assert rows[1].summary == rows[0].summary  # a repeat counts in the digest with the same content


async def test_fresh_another_server_or_an_old_share_brief_again(world: World, pages: PageServer) -> None:
    """fresh=True, another server and a share older than the window all get a new briefing."""
    link = pages.url("/news/harbour")
    first = await world.sharing.brief(Source("url", link), guild_id=GUILD, config=None, length=Length.SHORT)
    await world.sharing.record(first, in_channel(1))
    fresh = await world.sharing.brief(
        Source("url", link), guild_id=GUILD, config=None, length=Length.SHORT, fresh=True
    )
    elsewhere = await world.sharing.brief(
        Source("url", link), guild_id=GUILD + 1, config=None, length=Length.SHORT
    )
    world.clock.now += dt.timedelta(hours=world.settings.rebrief_window_hours, seconds=1)
    later = await world.sharing.brief(Source("url", link), guild_id=GUILD, config=None, length=Length.SHORT)
    assert all(s.briefing is not None and s.repeat is None for s in (fresh, elsewhere, later))


async def test_direct_messages_are_neither_limited_per_server_nor_recorded(
    world: World, harbour_text: str
) -> None:
    """Without a server there is no config, no repeat lookup and no stored row."""
    assert await world.sharing.config(None) is None
    assert world.sharing.length(None, None) is world.settings.default_length
    shared = await world.sharing.brief(
        Source("text", harbour_text), guild_id=None, config=None, length=Length.DETAILED
    )
    assert await world.sharing.record(shared, Place(None, CHANNEL, SHARER)) is None
    assert (
        await world.store.briefings_between(GUILD, T0 - dt.timedelta(days=1), T0 + dt.timedelta(days=1)) == []
    )


async def test_length_prefers_the_choice_then_the_server(world: World) -> None:
    """An explicit length wins over the server's default, which wins over the bot's."""
    config = await world.configs.update(GUILD, default_length="detailed")
    assert world.sharing.length("short", config) is Length.SHORT
    assert world.sharing.length(None, config) is Length.DETAILED
    with pytest.raises(ValueError, match="huge"):
        world.sharing.length("huge", config)


async def test_a_full_server_refuses_and_other_servers_go_on(tmp_path: Path, harbour_text: str) -> None:
    """With the server's only slot taken and no queue, a briefing is refused; another server is served."""
    world = await open_world(make_settings(tmp_path), queue_size=0)
    source = Source("text", harbour_text)
    try:
        async with world.limiter.slot(GUILD):
            with pytest.raises(RateLimited, match="too many briefings"):
                await world.sharing.brief(source, guild_id=GUILD, config=None, length=Length.SHORT)
            other = await world.sharing.brief(source, guild_id=GUILD + 1, config=None, length=Length.SHORT)
    finally:
        await close_world(world)
    assert other.briefing is not None
    assert world.limiter.running(GUILD) == 0


async def test_cooldown_refuses_a_quick_second_share(world: World) -> None:
    """A user who just shared is told to wait; another user is not."""
    world.sharing.check_cooldown(SHARER)
    with pytest.raises(RateLimited, match="Easy there"):
        world.sharing.check_cooldown(SHARER)
    world.sharing.check_cooldown(SHARER + 1)


async def test_brief_each_returns_failures_in_place(world: World, harbour_text: str) -> None:
    """Several sources of one message are briefed together; a bad one is returned, not raised."""
    results = await world.sharing.brief_each(
        [Source("text", "   "), Source("text", harbour_text), Source("text", "Too short to be news.")],
        guild_id=GUILD,
        config=GuildConfig(GUILD, default_length=Length.SHORT),
    )
    empty, good, short = results
    assert isinstance(empty, EmptyInput)
    assert isinstance(good, Shared)
    assert good.length is Length.SHORT
    assert isinstance(short, NotArticle)
    assert all(isinstance(r, (Shared, BriefingError)) for r in results)


async def test_an_unreachable_link_raises_a_user_safe_error(world: World, pages: PageServer) -> None:
    """A link that answers 404 raises a BriefingError with a message for the user, and stores nothing."""
    with pytest.raises(BriefingError) as caught:
        await world.sharing.brief(
            Source("url", pages.url("/news/missing")), guild_id=GUILD, config=None, length=Length.SHORT
        )
    assert caught.value.user_message
    assert (
        await world.store.find_recent_briefing(GUILD, pages.url("/news/missing"), T0 - dt.timedelta(1))
        is None
    )


async def test_record_refuses_an_empty_shared(world: World) -> None:
    """A Shared with neither a briefing nor a repeat is a programming error, not a silent row."""
    with pytest.raises(ValueError, match="briefing or a repeat"):
        await world.sharing.record(Shared(Source("text", "x"), None, Length.SHORT), in_channel(3))


async def test_llm_budget_is_spent_once_per_day_then_extractive(tmp_path: Path, harbour_text: str) -> None:
    """With engine llm and a budget of one, the first briefing asks the model, the second says it's spent."""
    async with FakeOpenAI() as model:
        model.queue(*[answer(["Valmora closes its harbour."], ["Repairs take two years."])] * 3)
        settings = make_settings(
            tmp_path, llm_base_url=model.url, llm_model="fake-model", llm_daily_budget=1, llm_timeout=5.0
        )
        llm = LLMEngine(settings)
        world = await open_world(settings, llm=llm)
        try:
            config = await world.configs.update(GUILD, engine=Engine.LLM)
            source = Source("text", harbour_text)
            first = await world.sharing.brief(source, guild_id=GUILD, config=config, length=Length.SHORT)
            second = await world.sharing.brief(source, guild_id=GUILD, config=config, length=Length.SHORT)
            world.clock.now += dt.timedelta(days=1)
            next_day = await world.sharing.brief(source, guild_id=GUILD, config=config, length=Length.SHORT)
        finally:
            await close_world(world)
            await llm.close()
    assert first.briefing is not None
    assert second.briefing is not None
    assert next_day.briefing is not None
    assert not any("budget" in w for w in first.briefing.warnings)
    assert second.briefing.engine == Engine.EXTRACTIVE
    assert any("LLM budget" in w for w in second.briefing.warnings)
    assert not any("budget" in w for w in next_day.briefing.warnings)
    assert len(model.requests) == 2  # the first day's first briefing and the next day's


async def test_llm_chosen_but_not_configured_stays_extractive_without_spending(
    world: World, harbour_text: str
) -> None:
    """A server on engine llm, on a bot without a model, gets the extractive briefing and keeps its budget."""
    config = await world.configs.update(GUILD, engine="llm")
    shared = await world.sharing.brief(
        Source("text", harbour_text), guild_id=GUILD, config=config, length=Length.SHORT
    )
    assert shared.briefing is not None
    assert shared.briefing.engine == Engine.EXTRACTIVE
    assert any("not configured" in w for w in shared.briefing.warnings)
    assert await world.store.llm_used(GUILD, T0.date()) == 0


async def test_config_cache_follows_every_change_and_a_purge(world: World) -> None:
    """Changes made through GuildConfigs are seen at once, and a purge leaves no stale settings behind."""
    assert (await world.configs.get(GUILD)).reply_mode == "inline"
    await world.configs.update(GUILD, reply_mode="thread")
    assert (await world.configs.get(GUILD)).reply_mode == "thread"
    await world.configs.set_autobrief(GUILD, CHANNEL, True)
    assert (await world.configs.get(GUILD)).autobrief_channel_ids == frozenset({CHANNEL})
    assert await world.configs.purge(GUILD) > 0
    assert await world.configs.get(GUILD) == GuildConfig(GUILD)


async def test_concurrent_shares_of_one_server_wait_their_turn(tmp_path: Path, harbour_text: str) -> None:
    """With one slot and a queue of two, three shares of one server all finish, one at a time."""
    world = await open_world(make_settings(tmp_path), queue_size=2)
    try:
        results = await asyncio.gather(
            *(
                world.sharing.brief(Source("text", harbour_text), guild_id=GUILD, config=None, length=length)
                for length in Length
            )
        )
    finally:
        await close_world(world)
    assert [r.length for r in results] == list(Length)
    assert all(r.briefing is not None for r in results)


def test_server_scope_is_stateless_outside_servers_that_installed_briefbot() -> None:
    """Settings and history apply only where briefbot is installed; DMs and other servers are stateless."""
    assert server_scope(GUILD, installed_here=True) == GUILD
    assert server_scope(GUILD, installed_here=False) is None  # a User Install used in another server
    assert server_scope(None, installed_here=False) is None  # a DM or group DM
    assert server_scope(None, installed_here=True) is None


def test_reactions_needed_prefers_the_servers_threshold() -> None:
    """The server's 📰 threshold wins; without one the bot-wide trigger briefs on the first 📰, else never."""
    assert reactions_needed(GuildConfig(GUILD, reaction_threshold=3), reaction_trigger=False) == 3
    assert reactions_needed(GuildConfig(GUILD, reaction_threshold=3), reaction_trigger=True) == 3
    assert reactions_needed(GuildConfig(GUILD), reaction_trigger=True) == 1
    assert reactions_needed(GuildConfig(GUILD), reaction_trigger=False) == 0


async def test_a_link_not_briefed_within_the_answer_time_gets_one_line(
    tmp_path: Path, harbour_text: str
) -> None:
    """A site that keeps the fetch going past BRIEFBOT_ANSWER_SECONDS ends in TooSlow, said plainly."""
    released = asyncio.Event()

    async def stalling(request: web.Request) -> web.StreamResponse:
        await released.wait()  # never answers while the briefing waits
        return web.Response(text=article_html(harbour_text, title="Too late"), content_type="text/html")

    async with PageServer({"/news/stalls": stalling}) as server:
        world = await open_world(make_settings(tmp_path, answer_seconds=1, fetch_timeout=60))
        try:
            with pytest.raises(TooSlow) as info:
                await world.sharing.brief(
                    Source("url", server.url("/news/stalls")),
                    guild_id=GUILD,
                    config=None,
                    length=Length.SHORT,
                )
        finally:
            released.set()
            await close_world(world)
    assert info.value.kind == "too_slow"
    assert "within 1 s" in info.value.user_message
    assert world.limiter.running(GUILD) == 0  # the server's slot was given back


async def test_the_llm_gets_only_the_time_left_then_the_extractive_briefing_is_sent(
    tmp_path: Path, harbour_text: str
) -> None:
    """A model slower than the time left before the answer is due gives way to the extractive briefing."""
    async with FakeOpenAI() as model:
        slow = answer(["Valmora closes its harbour."], ["Repairs take two years."])
        model.queue(Reply(slow.body, delay=30.0))
        settings = make_settings(
            tmp_path, llm_base_url=model.url, llm_model="fake-model", llm_timeout=60.0, answer_seconds=3
        )
        llm = LLMEngine(settings)
        world = await open_world(settings, llm=llm)
        try:
            config = await world.configs.update(GUILD, engine=Engine.LLM)
            shared = await world.sharing.brief(
                Source("text", harbour_text), guild_id=GUILD, config=config, length=Length.SHORT
            )
        finally:
            await close_world(world)
            await llm.close()
    assert shared.briefing is not None
    assert shared.briefing.engine == Engine.EXTRACTIVE
    # Timed out, or (on a machine too loaded to brief within the first seconds) not asked at all.
    assert any(w.startswith(("LLM timed out", "No time was left")) for w in shared.briefing.warnings)
