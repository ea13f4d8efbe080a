"""The daily digest end to end: the real bot, a fake Discord and a page server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e.conftest import Running, article_html, make_settings, start_bot
from tests.e2e.fake_discord import (
    ADMIN,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER,
    OTHER_CHANNEL_ID,
    Call,
    FakeDiscord,
    message_body,
)
from tests.e2e.test_bot import EPHEMERAL, assert_no_mentions, brief_recorded, opt, stored, sub
from tests.pageserver import PageServer, page

# A fictional article unlike the harbour one, so that the digest keeps it a separate story.
FESTIVAL_TEXT = """Kestrel Bay library festival draws record crowds

The Kestrel Bay public library held its annual reading festival on Saturday, and organisers counted more \
than four thousand visitors over the day, the largest crowd in the festival's eleven-year history.

Children queued from early morning for the storytelling tent, where local authors read from new picture \
books. "We ran out of chairs by nine o'clock," said Ines Marlow, the library's events coordinator.

The festival also hosted a second-hand book market, with proceeds going to the mobile library van that \
serves the outlying farms. Volunteers said the market raised about twice last year's total.

Councillor Teodor Vance praised the volunteers. "This is what a library is for: a place where the whole \
town meets," he said. The council has promised to keep the library open on Sundays through the winter.

Next year's festival is planned for the first weekend of June, and organisers hope to add a poetry stage.
"""


def channel_post(channel_id: int) -> Any:
    """Predicate: the bot posted a message in a channel (not an interaction answer)."""

    def check(call: Call) -> bool:
        return call.method == "POST" and call.path == f"/channels/{channel_id}/messages"

    return check


async def setup_digest(fake: FakeDiscord, *, time: str = "08:30", zone: str = "Europe/Berlin") -> Call:
    """An admin turns the digest on in #general; return the answer."""
    options = [opt("channel", str(OTHER_CHANNEL_ID), 7), opt("time", time), opt("timezone", zone)]
    interaction = await fake.slash(
        "digest", [sub("setup", *options)], user=ADMIN, resolved=fake.channel_resolved(OTHER_CHANNEL_ID)
    )
    return await fake.wait_answer(interaction)


async def test_digest_now_groups_shares_with_counts_and_jump_links(
    running: Running, pages: PageServer
) -> None:
    """Shared links become one item per story with share counts, article links and jump links, in #general."""
    fake = running.fake
    pages.add(
        "/news/festival", page(article_html(FESTIVAL_TEXT, title="Library festival draws record crowds"))
    )
    harbour, marina = pages.url("/news/harbour"), pages.url("/news/festival")
    answer = await setup_digest(fake)
    assert "every day at 08:30 (Europe/Berlin)" in answer.body["data"]["content"]
    await brief_recorded(running, harbour)
    await brief_recorded(running, harbour, user=ADMIN)  # already briefed
    await brief_recorded(running, marina)
    first, repeat, other = await stored(running, 3)
    assert repeat.repeat_of == first.id

    before = len(fake.calls)
    done = await fake.wait_answer(await fake.slash("digest", [sub("now")], user=ADMIN))
    post = await fake.wait_for_call(channel_post(OTHER_CHANNEL_ID), after=before)
    assert f"<#{OTHER_CHANNEL_ID}>" in done.body["content"]
    text = "\n".join(e.get("description") or "" for e in post.body["embeds"])
    assert f"]({harbour})**" in text
    assert f"]({marina})**" in text
    assert text.index(harbour) < text.index(marina)  # two shares rank above one
    assert f"shared by <@{MEMBER.id}> in <#{CHANNEL_ID}> · [message]({first.jump_url})" in text
    assert f"shared 2 times by <@{MEMBER.id}>, <@{ADMIN.id}>" in text
    assert "already briefed here" in text
    assert f"[message]({other.jump_url})" in text
    assert post.body["embeds"][0]["title"].startswith("📰 Daily digest")
    # It counts as the last digest (the next one starts after it) but claims no day.
    store = running.bot.services.store
    last = await store.last_digest_at(GUILD_ID)
    assert last is not None
    assert last >= other.created_at
    assert await store.digest_status(GUILD_ID, last.astimezone(ZoneInfo("Europe/Berlin")).date()) is None
    again = await fake.wait_answer(await fake.slash("digest", [sub("now")], user=ADMIN))
    assert "Nothing was shared since the last digest" in again.body["content"]
    assert_no_mentions(fake)


async def test_digest_preview_is_ephemeral_and_bad_input_is_explained(
    running: Running, pages: PageServer
) -> None:
    """/digest preview is only for the caller; a bad time or zone gets a clear message and changes nothing."""
    fake = running.fake
    empty = await fake.wait_answer(await fake.slash("digest", [sub("preview")]))
    assert "Nothing was shared" in empty.body["content"]
    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    await stored(running, 1)
    preview = await fake.wait_answer(await fake.slash("digest", [sub("preview")]))
    assert preview.body["flags"] & EPHEMERAL
    assert pages.url("/news/harbour") in preview.body["embeds"][0]["description"]
    assert await running.bot.services.store.last_digest_at(GUILD_ID) is None  # a preview does not count

    bad_time = await setup_digest(fake, time="25:99")
    assert "HH:MM" in message_body(bad_time)["content"]
    bad_zone = await setup_digest(fake, zone="Mars/Olympus_Mons")
    assert "not a time zone I know" in message_body(bad_zone)["content"]
    member = await fake.wait_answer(await fake.slash("digest", [sub("off")], user=MEMBER))
    assert "permission" in message_body(member)["content"]
    assert (await running.bot.services.store.guild_config(GUILD_ID)).digest_enabled is False


async def test_history_and_settings_survive_a_restart(
    fake: FakeDiscord, pages: PageServer, tmp_path: Path, restore_discord_urls: None
) -> None:
    """Stop the bot and start it again on the same SQLite file: the digest settings and history remain."""
    settings = make_settings(fake, tmp_path)
    # Half a day away, whatever the time: the restarted bot's first digest pass never finds it due.
    zone = ZoneInfo("America/New_York")
    at = (dt.datetime.now(zone) + dt.timedelta(hours=12)).time().replace(second=0, microsecond=0)
    first = await start_bot(fake, settings)
    try:
        await setup_digest(first.fake, time=f"{at:%H:%M}", zone="America/New_York")
        await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/marina"))]))
        await stored(first, 1)
    finally:
        await first.stop()

    second = await start_bot(fake, settings)
    try:
        config = await second.bot.services.store.guild_config(GUILD_ID)
        assert (config.digest_enabled, config.digest_channel_id) == (True, OTHER_CHANNEL_ID)
        assert (config.digest_time, config.digest_timezone) == (at, "America/New_York")
        [kept] = await stored(second, 1)
        assert kept.url == pages.url("/news/marina")
        preview = await fake.wait_answer(await fake.slash("digest", [sub("preview")]))
        assert pages.url("/news/marina") in preview.body["embeds"][0]["description"]
    finally:
        await second.stop()


class FakeClock:
    """A clock the test moves by hand (the digest loop reads it on every pass)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


async def test_the_loop_posts_a_due_digest_once(running: Running, pages: PageServer) -> None:
    """The digest cog's background loop posts a due digest in the digest channel, and only once."""
    from bot.scheduler import DigestScheduler
    from cogs.digest import DigestCog

    fake, bot = running.fake, running.bot
    clock = FakeClock(dt.datetime.now(dt.UTC))
    await bot.remove_cog("Digest")
    scheduler = DigestScheduler(bot.services.store, clock=clock)
    cog = DigestCog(bot, bot.services, scheduler, poll_seconds=0.01)
    await bot.add_cog(cog)  # cog_load starts the loop with the injected clock
    due = clock.now + dt.timedelta(minutes=2)
    await setup_digest(fake, time=f"{due:%H:%M}", zone="UTC")
    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    await stored(running, 1)

    before = len(fake.calls)
    clock.now += dt.timedelta(minutes=3)
    post = await fake.wait_for_call(channel_post(OTHER_CHANNEL_ID), after=before)
    assert pages.url("/news/harbour") in post.body["embeds"][0]["description"]
    store = bot.services.store
    day = due.date()
    async with asyncio.timeout(10):
        while True:  # finish_digest runs right after the post
            if await store.digest_status(GUILD_ID, day) == "posted":
                break
            await asyncio.sleep(0.01)
    assert await cog.tick() == []  # nothing is due any more
    assert len([c for c in fake.calls[before:] if channel_post(OTHER_CHANNEL_ID)(c)]) == 1
    await bot.remove_cog("Digest")  # cog_unload stops the loop


async def test_setup_names_tomorrow_when_todays_digest_was_already_taken(running: Running) -> None:
    """Moving the digest later on a day whose digest was already taken says the next one is tomorrow's."""
    from bot.scheduler import next_occurrence

    store = running.bot.services.store
    now = dt.datetime.now(dt.UTC)
    at = (now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    upcoming = next_occurrence(at, ZoneInfo("UTC"), now)
    later = upcoming.due_at + dt.timedelta(days=1)
    claim = await store.claim_digest(
        GUILD_ID, upcoming.local_date, now, next_due=later, next_date=later.date(), version=0
    )
    assert claim is not None  # as if the digest of that day had been posted at its earlier time
    await store.finish_digest(GUILD_ID, upcoming.local_date, status="posted", posted_at=now)
    answer = await setup_digest(running.fake, time=f"{at:%H:%M}", zone="UTC")
    assert f"Next: <t:{int(later.timestamp())}:F>" in answer.body["data"]["content"]
