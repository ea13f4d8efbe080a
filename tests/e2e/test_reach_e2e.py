"""Reach, end to end: user installs and stateless briefing, forum channels, the 📰 threshold, help past a
paywall and a digest that tells the day's story (the real bot, a fake Discord and a page server)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import discord
import sqlalchemy as sa

from bot.storage.schema import briefings, guild_configs
from tests.e2e.conftest import Running, article_html
from tests.e2e.fake_discord import (
    ADMIN,
    ELSEWHERE,
    ELSEWHERE_PUBLIC,
    EXTERNAL_CHANNEL_ID,
    EXTERNAL_GUILD_ID,
    FORUM,
    FORUM_ID,
    GROUP_DM_ID,
    GUILD_ID,
    IN_GROUP_DM,
    MEMBER,
    OTHER_BOT,
    FakeDiscord,
    FakeUser,
    message_body,
)
from tests.e2e.test_bot import (
    EPHEMERAL,
    assert_no_mentions,
    brief_recorded,
    is_reply_to,
    opt,
    stored,
    sub,
)
from tests.e2e.test_digest_e2e import FESTIVAL_TEXT
from tests.pageserver import PageServer, page

PAGES = Path(__file__).resolve().parents[1] / "briefing" / "pages"

# The harbour story as a second (fictional) outlet tells it: its own headline and words, the same people,
# and the harbour master's words quoted verbatim.
GAZETTE_TEXT = """Valmora harbour shuts for sea wall rebuild

Ferries will stop using Valmora's old harbour from March while engineers rebuild its sea wall, a job the \
port authority expects to take two years.
"We cannot keep asking crews to work behind a wall that moves when the sea is high," harbour master Elena \
Brandt told the Gazette.
Mayor Ines Okafor defended the closure. "Waiting another winter would be gambling with people's lives," \
Okafor said at the council meeting.
Boats to Orsa and Tiel will dock at the northern terminal instead, and a free shuttle bus will run to the \
old town.
Shop owners on the quay worry about losing the visitors who walk off the ferries.
"""


def outlet_html(text: str, *, title: str, site: str) -> str:
    """A news page from a named outlet."""
    return article_html(text, title=title).replace("Valmora Courier", html.escape(site))


def rows(running: Running, table: sa.Table) -> Any:
    """Count the rows of a table in the bot's database."""

    async def count() -> int:
        async with running.bot.services.store.engine.connect() as conn:
            return int(await conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0)

    return count()


def channel_post(channel_id: int) -> Any:
    """Predicate: the bot posted a message in a channel."""
    return lambda c: c.method == "POST" and c.path == f"/channels/{channel_id}/messages"


def deferred_privately(fake: FakeDiscord, interaction: int) -> bool:
    """Whether the interaction's "thinking…" answer was ephemeral."""
    callback = fake.answers_to(interaction)[0]
    return bool((callback.body.get("data") or {}).get("flags", 0) & EPHEMERAL)


# --- brief anywhere ----------------------------------------------------------------------------------


async def test_sync_declares_where_each_command_works(running: Running) -> None:
    """/brief, "Brief message" and /briefbot install anywhere; /autobrief and /digest only in servers."""
    synced = {c["name"]: c for c in running.fake.commands[str(GUILD_ID)]}
    for name in ("brief", "Brief message", "briefbot"):
        assert sorted(synced[name]["integration_types"]) == [0, 1], name  # server and user installs
        assert sorted(synced[name]["contexts"]) == [0, 1, 2], name  # servers, the bot's DM, other DMs
    for name in ("autobrief", "digest"):
        assert synced[name]["integration_types"] == [0], name
        assert synced[name]["contexts"] == [0], name
    digest_setup = next(o for o in synced["digest"]["options"] if o["name"] == "setup")
    options = {o["name"]: o for o in digest_setup["options"]}
    assert {0, FORUM} <= set(options["channel"]["channel_types"])
    assert [c["value"] for c in options["every"]["choices"]] == ["day", "week"]
    assert [c["name"] for c in options["weekday"]["choices"]][:2] == ["Monday", "Tuesday"]
    autobrief_on = next(o for o in synced["autobrief"]["options"] if o["name"] == "on")
    assert {0, FORUM} <= set(autobrief_on["options"][0]["channel_types"])


async def test_user_install_elsewhere_briefs_statelessly(running: Running, pages: PageServer) -> None:
    """In a server without briefbot: a private answer, no "already briefed here", nothing stored."""
    fake = running.fake
    url = pages.url("/news/harbour")
    first = await fake.slash("brief", [opt("url", url)], where=ELSEWHERE)
    answer = await fake.wait_answer(first)
    assert deferred_privately(fake, first)  # briefbot may not post there: only the user sees it
    assert answer.body["flags"] & EPHEMERAL
    assert answer.body["embeds"][0]["url"] == url
    again = await fake.wait_answer(await fake.slash("brief", [opt("url", url)], where=ELSEWHERE_PUBLIC))
    assert not again.body.get("flags", 0) & EPHEMERAL  # the user may use external apps publicly there
    assert "Already briefed" not in (again.body.get("content") or "")
    assert again.body["embeds"][0]["url"] == url
    message = fake.user_message(
        f"see {pages.url('/news/marina')}", channel_id=EXTERNAL_CHANNEL_ID, guild_id=EXTERNAL_GUILD_ID
    )
    menu = await fake.message_command("Brief message", message, where=ELSEWHERE)
    menu_answer = await fake.wait_answer(menu)
    assert deferred_privately(fake, menu)
    assert menu_answer.body["flags"] & EPHEMERAL
    assert menu_answer.body["embeds"][0]["url"] == pages.url("/news/marina")
    assert not any(c.path.startswith(f"/channels/{EXTERNAL_CHANNEL_ID}/") for c in fake.calls)
    assert await rows(running, briefings) == 0
    assert await rows(running, guild_configs) == 0

    refused = await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reaction", 2, 4))], user=ADMIN, where=ELSEWHERE)
    )
    assert "only in a server where briefbot is installed" in message_body(refused)["content"]
    forget = await fake.wait_answer(await fake.slash("briefbot", [sub("forget")], where=ELSEWHERE))
    assert "only in a server where briefbot is installed" in message_body(forget)["content"]
    assert await rows(running, guild_configs) == 0
    store = running.bot.services.store
    assert (await store.guild_config(EXTERNAL_GUILD_ID)).reaction_threshold == 0

    help_answer = await fake.wait_answer(await fake.slash("briefbot", [sub("help")], where=ELSEWHERE))
    embed = message_body(help_answer)["embeds"][0]
    assert embed["description"].startswith("Here briefbot is not installed in the server")
    anywhere = next(f["value"] for f in embed["fields"] if f["name"] == "Anywhere")
    assert "User Install" in anywhere
    assert "statelessly" in anywhere
    assert_no_mentions(fake)


async def test_group_dm_brief_and_brief_message(running: Running, pages: PageServer) -> None:
    """In a group DM, /brief and "Brief message" answer there (publicly) and keep nothing."""
    fake = running.fake
    url = pages.url("/news/marina")
    brief = await fake.slash("brief", [opt("url", url)], where=IN_GROUP_DM)
    answer = await fake.wait_answer(brief)
    assert not deferred_privately(fake, brief)
    assert answer.body["embeds"][0]["url"] == url

    message = fake.user_message(
        f"have you seen {pages.url('/news/harbour')}", channel_id=GROUP_DM_ID, guild_id=None
    )
    menu = await fake.message_command("Brief message", message, where=IN_GROUP_DM)
    briefed = await fake.wait_answer(menu)
    assert briefed.body["embeds"][0]["url"] == pages.url("/news/harbour")
    assert not any(c.path.startswith(f"/channels/{GROUP_DM_ID}/") for c in fake.calls)  # only via the answer
    assert await rows(running, briefings) == 0
    help_answer = await fake.wait_answer(await fake.slash("briefbot", [sub("help")], where=IN_GROUP_DM))
    assert "not installed" in message_body(help_answer)["embeds"][0]["description"]
    assert_no_mentions(fake)


async def test_where_briefbot_is_installed_nothing_changes(running: Running, pages: PageServer) -> None:
    """In its own server, a user's /brief is public, remembered, and answered "already briefed here"."""
    fake = running.fake
    url = pages.url("/news/harbour")
    first = await fake.slash("brief", [opt("url", url)])
    await fake.wait_answer(first)
    await stored(running, 1)  # recorded right after the answer: only then is the link "already briefed"
    assert not deferred_privately(fake, first)
    again = await fake.wait_answer(await fake.slash("brief", [opt("url", url)]))
    assert again.body["content"].startswith("Already briefed here")
    assert len(await stored(running, 2)) == 2


# --- forum channels ----------------------------------------------------------------------------------


async def test_autobrief_in_a_forum_answers_inside_new_posts(
    running: Running, pages: PageServer, harbour_text: str
) -> None:
    """/autobrief on a forum: a new post's article link gets a reply in the post; replies in posts don't."""
    fake = running.fake
    on = await fake.wait_answer(
        await fake.slash(
            "autobrief",
            [sub("on", opt("channel", str(FORUM_ID), 7))],
            user=ADMIN,
            resolved=fake.channel_resolved(FORUM_ID),
        )
    )
    assert f"on in the forum <#{FORUM_ID}>" in on.body["data"]["content"]
    # Thread mode: a post is a thread already, so the answer is still a reply inside it.
    await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reply", "thread"))], user=ADMIN)
    )
    post = await fake.forum_post("Harbour news", f"Worth a read: {pages.url('/news/harbour')}")
    reply = await fake.wait_for_call(is_reply_to(post))
    assert reply.path == f"/channels/{post['id']}/messages"  # inside the post (its thread)
    assert reply.body["embeds"][0]["url"] == pages.url("/news/harbour")
    [record] = await stored(running, 1)
    assert (record.channel_id, record.message_id) == (int(post["id"]), int(post["id"]))

    # A reply inside a post is conversation: handled to the end (awaited), it gets no answer.
    pages.add("/news/chatter", page(article_html(harbour_text, title="Chatter")))
    chatter = fake.user_message(f"and {pages.url('/news/chatter')}", channel_id=int(post["id"]))
    thread = running.bot.get_channel(int(post["id"]))
    assert isinstance(thread, discord.Thread)
    assert isinstance(thread.parent, discord.ForumChannel)
    cog = running.bot.get_cog("Brief")
    assert cog is not None
    await cog.on_message(discord.Message(state=running.bot._connection, channel=thread, data=chatter))
    assert not any(is_reply_to(chatter)(c) for c in fake.calls)
    assert pages.hits["/news/chatter"] == 0
    second = await fake.forum_post("Marina news", f"Also: {pages.url('/news/marina')}")
    await fake.wait_for_call(is_reply_to(second))
    assert not any(c.path.endswith("/threads") for c in fake.calls)  # no thread inside a thread
    assert_no_mentions(fake)


async def test_weekly_digest_opens_a_post_in_a_forum(running: Running, pages: PageServer) -> None:
    """/digest setup into a forum, weekly on Friday; each digest is a new post titled with its day."""
    fake = running.fake
    options = [
        opt("channel", str(FORUM_ID), 7),
        opt("time", "18:00"),
        opt("timezone", "Europe/Berlin"),
        opt("every", "week"),
        opt("weekday", 4, 4),
    ]
    setup = await fake.wait_answer(
        await fake.slash(
            "digest", [sub("setup", *options)], user=ADMIN, resolved=fake.channel_resolved(FORUM_ID)
        )
    )
    text = setup.body["data"]["content"]
    assert f"Weekly digest on: every Friday at 18:00 (Europe/Berlin) in the forum <#{FORUM_ID}>" in text
    config = await running.bot.services.store.guild_config(GUILD_ID)
    assert (config.digest_every, config.digest_weekday, config.digest_channel_id) == ("week", 4, FORUM_ID)

    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    [record] = await stored(running, 1)
    before = len(fake.calls)
    done = await fake.wait_answer(await fake.slash("digest", [sub("now")], user=ADMIN))
    post = await fake.wait_for_call(
        lambda c: c.method == "POST" and c.path == f"/channels/{FORUM_ID}/threads", after=before
    )
    today = record.created_at.astimezone(ZoneInfo("Europe/Berlin")).date()
    assert post.body["name"] == f"📰 Weekly digest · {today.day} {today:%b %Y}"
    assert len(post.body["name"]) <= 100
    first = post.body["message"]["embeds"][0]
    assert first["title"] == post.body["name"]
    assert pages.url("/news/harbour") in first["description"]
    assert post.body["message"]["allowed_mentions"]["parse"] == []
    assert f"<#{FORUM_ID}>" in done.body["content"]


# --- the 📰 reaction threshold ----------------------------------------------------------------------


async def test_a_message_is_briefed_once_enough_people_react(running: Running, pages: PageServer) -> None:
    """With a threshold of 2, one person (and a bot) reacting does nothing; a second person briefs, once."""
    fake = running.fake
    saved = await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reaction", 2, 4))], user=ADMIN)
    )
    assert "Brief on reactions: after **2** people react 📰" in saved.body["data"]["content"]
    member_refused = await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reaction", 1, 4))], user=MEMBER)
    )
    assert "Manage Server" in message_body(member_refused)["content"]

    cog = running.bot.get_cog("Brief")
    assert cog is not None

    async def handled(message: dict[str, Any], user: FakeUser) -> None:
        """The bot handles ``user``'s 📰 on the message, to the end (awaited: nothing left running)."""
        event = {"user_id": str(user.id), "channel_id": message["channel_id"], "message_id": message["id"]}
        event.update(guild_id=str(GUILD_ID), burst=False, type=0)
        await cog.on_raw_reaction_add(
            discord.RawReactionActionEvent(event, discord.PartialEmoji(name="📰"), "REACTION_ADD")
        )

    message = await fake.post_message(f"Interesting: {pages.url('/news/harbour')}")
    await fake.react(message, "📰", user=MEMBER, dispatch=False)
    await handled(message, MEMBER)  # one person: not yet
    await fake.react(message, "📰", user=OTHER_BOT, dispatch=False)
    await fake.react(message, "👍", user=ADMIN, dispatch=False)
    await handled(message, MEMBER)  # two 📰, but one of them a bot's: still one person
    assert not any(is_reply_to(message)(c) for c in fake.calls)
    assert pages.hits["/news/harbour"] == 0
    await fake.react(message, "📰", user=ADMIN)  # the second person, through the gateway
    reply = await fake.wait_for_call(is_reply_to(message))
    assert reply.body["embeds"][0]["url"] == pages.url("/news/harbour")
    [record] = await stored(running, 1)
    assert record.user_id == MEMBER.id  # the message's author shared it

    third = FakeUser(930_000_000_000_000_003, "third_reader")
    await fake.react(message, "📰", user=third, dispatch=False)
    await handled(message, third)
    assert len([c for c in fake.calls if is_reply_to(message)(c)]) == 1  # briefed once

    # A message auto-brief already answered is not briefed again by reactions, also after a restart
    # (which forgets what 📰 briefed in memory).
    await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    auto = await fake.post_message(f"Also: {pages.url('/news/marina')}")
    await fake.wait_for_call(is_reply_to(auto))
    await stored(running, 2)
    for user in (MEMBER, ADMIN, third):
        await fake.react(auto, "📰", user=user, dispatch=False)  # while the bot was offline
    await handled(auto, third)
    assert len([c for c in fake.calls if is_reply_to(auto)(c)]) == 1


# --- help past a paywall -----------------------------------------------------------------------------


async def test_a_paywalled_link_gets_the_archive_and_the_other_ways_in(
    running: Running, pages: PageServer
) -> None:
    """/brief of a paywalled page answers privately with its Wayback Machine address; auto-brief of a
    consent wall says the same in the channel. briefbot fetches neither archive page."""
    fake = running.fake
    pages.add("/news/locked", page((PAGES / "paywall.html").read_bytes()))
    pages.add("/news/cookies", page((PAGES / "cookie_wall.html").read_bytes()))
    locked = pages.url("/news/locked")
    answer = await fake.wait_answer(await fake.slash("brief", [opt("url", locked + "?utm_source=x")]))
    assert answer.body["flags"] & EPHEMERAL
    content = answer.body["content"]
    assert "paywall" in content
    assert f"<https://web.archive.org/web/{locked}>" in content
    assert "paste the article's text" in content
    assert "attach it as a .txt, .md or .html file" in content

    await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    shared = await fake.post_message(f"Read this: {pages.url('/news/cookies')}")
    reply = await fake.wait_for_call(is_reply_to(shared))
    assert "cookie" in reply.body["content"]
    assert f"<https://web.archive.org/web/{pages.url('/news/cookies')}>" in reply.body["content"]
    assert set(pages.hits) <= {"/news/locked", "/news/cookies"}
    assert await stored(running) == []
    assert_no_mentions(fake)


# --- a digest that tells the day's story ------------------------------------------------------------


async def test_digest_groups_outlets_with_tldrs_and_the_most_quoted(
    running: Running, pages: PageServer
) -> None:
    """Two outlets' reports of one story are one item linking both; items have a TL;DR; the people quoted
    most are named with a quote."""
    fake = running.fake
    pages.add(
        "/gazette/valmora-wall",
        page(
            outlet_html(GAZETTE_TEXT, title="Valmora harbour shuts for sea wall rebuild", site="Orsa Gazette")
        ),
    )
    pages.add(
        "/news/festival", page(article_html(FESTIVAL_TEXT, title="Library festival draws record crowds"))
    )
    courier, gazette = pages.url("/news/harbour"), pages.url("/gazette/valmora-wall")
    await brief_recorded(running, courier)  # each recorded before the next: the outlets' order is theirs
    await brief_recorded(running, gazette, user=ADMIN)
    await brief_recorded(running, pages.url("/news/festival"))

    preview = await fake.wait_answer(await fake.slash("digest", [sub("preview")], user=ADMIN))
    embeds = preview.body["embeds"]
    text = "\n".join(e.get("description") or "" for e in embeds)
    assert text.startswith("2 stories, 3 shares")
    assert f"[Valmora Courier]({courier}), [Orsa Gazette]({gazette})" in text
    assert text.count("TL;DR: ") == 2
    assert "shared 2 times by" in text
    [quoted] = [f for e in embeds for f in e.get("fields", []) if f["name"] == "Most quoted"]
    assert "Brandt" in quoted["value"] or "Okafor" in quoted["value"]
    assert "quotes)" in quoted["value"]
    assert_no_mentions(fake)


async def test_the_digest_loop_opens_a_forum_post_titled_with_its_day(
    running: Running, pages: PageServer
) -> None:
    """When a daily digest set up in a forum falls due, the loop opens one post named for the day."""
    from bot.scheduler import DigestScheduler
    from cogs.digest import DigestCog
    from tests.e2e.test_digest_e2e import FakeClock

    fake, bot = running.fake, running.bot
    clock = FakeClock(dt.datetime.now(dt.UTC))
    await bot.remove_cog("Digest")
    cog = DigestCog(bot, bot.services, DigestScheduler(bot.services.store, clock=clock), poll_seconds=0.01)
    await bot.add_cog(cog)  # cog_load starts the loop with the injected clock
    due = clock.now + dt.timedelta(minutes=2)
    options = [opt("channel", str(FORUM_ID), 7), opt("time", f"{due:%H:%M}"), opt("timezone", "UTC")]
    await fake.wait_answer(
        await fake.slash(
            "digest", [sub("setup", *options)], user=ADMIN, resolved=fake.channel_resolved(FORUM_ID)
        )
    )
    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    [record] = await stored(running, 1)

    before = len(fake.calls)
    clock.now += dt.timedelta(minutes=3)
    post = await fake.wait_for_call(
        lambda c: c.method == "POST" and c.path == f"/channels/{FORUM_ID}/threads", after=before
    )
    shared_on = record.created_at.astimezone(dt.UTC).date()
    assert post.body["name"] == f"📰 Daily digest · {shared_on.day} {shared_on:%b %Y}"
    assert pages.url("/news/harbour") in post.body["message"]["embeds"][0]["description"]
    assert not any(channel_post(FORUM_ID)(c) for c in fake.calls)  # a forum takes posts, not messages
    await bot.remove_cog("Digest")  # cog_unload stops the loop
