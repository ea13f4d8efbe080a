"""The real bot against a fake Discord and a page server, both on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from discord.ext import commands

from tests.e2e.conftest import Running, make_settings, start_bot
from tests.e2e.fake_discord import (
    ADMIN,
    APP_ID,
    CHANNEL_ID,
    CREATE_PUBLIC_THREADS,
    EMBED_LINKS,
    GUILD_ID,
    MEMBER,
    MEMBER_ID,
    OTHER_BOT,
    OTHER_CHANNEL_ID,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    Call,
    FakeDiscord,
    FakeUser,
    bot_overwrite,
    message_body,
)
from tests.fake_openai import FakeOpenAI, answer
from tests.pageserver import PageServer

EPHEMERAL = 1 << 6


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    """A slash command option (3 string, 5 boolean)."""
    return {"name": name, "type": kind, "value": value}


def sub(name: str, *options: dict[str, Any]) -> dict[str, Any]:
    """A subcommand option."""
    return {"name": name, "type": 1, "options": list(options)}


def assert_no_mentions(fake: FakeDiscord) -> None:
    """Every message the bot sent carries allowed_mentions with nothing to parse."""
    sent = fake.bot_messages()
    assert sent
    for call in sent:
        body = message_body(call)
        assert body.get("allowed_mentions", {}).get("parse") == [], (call.path, body)
        assert not body["allowed_mentions"].get("replied_user"), call.path


def is_reply_to(message: dict[str, Any]) -> Any:
    """Predicate: a channel message replying to ``message``."""

    def check(call: Call) -> bool:
        ref = (call.body or {}).get("message_reference") if isinstance(call.body, dict) else None
        return call.method == "POST" and bool(ref) and str(ref.get("message_id")) == message["id"]

    return check


async def stored(running: Running, count: int | None = None) -> list[Any]:
    """Every briefing the bot recorded in the fake guild; with ``count``, wait until there are that many."""
    store = running.bot.services.store
    async with asyncio.timeout(10):
        while True:
            now = dt.datetime.now(dt.UTC)
            found = await store.briefings_between(
                GUILD_ID, now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
            )
            if count is None or len(found) == count:
                return found
            await asyncio.sleep(0.01)  # the bot records right after the reply is sent


async def brief_recorded(running: Running, url: str, *, user: FakeUser = MEMBER) -> Call:
    """Send /brief with a link in the fake guild; return the answer once the bot has recorded the share.

    The bot records a share only after its answer is sent, so a test that goes on at the answer races the
    record: a second share of the same link could miss "already briefed here", and records could land out
    of order. Waiting for the record removes that race.
    """
    before = len(await stored(running))
    answer = await running.fake.wait_answer(await running.fake.slash("brief", [opt("url", url)], user=user))
    await stored(running, before + 1)
    return answer


async def test_login_and_command_sync(running: Running) -> None:
    """The bot logs in, identifies with the message-content intent and syncs every command and option."""
    fake = running.fake
    assert fake.identifies
    assert fake.has_content_intent
    assert "/brief" in fake.identifies[-1]["presence"]["game"]["name"]  # the member list says how to start
    synced = {c["name"]: c for c in fake.commands[str(GUILD_ID)]}
    assert {"brief", "Brief message", "autobrief", "briefbot"} <= set(synced)  # other cogs add more
    brief_options = {o["name"] for o in synced["brief"]["options"]}
    assert brief_options == {"url", "text", "file", "length", "private", "fresh"}
    length = next(o for o in synced["brief"]["options"] if o["name"] == "length")
    assert [c["value"] for c in length["choices"]] == ["short", "standard", "detailed"]
    assert synced["Brief message"]["type"] == 3
    autobrief = {o["name"]: o for o in synced["autobrief"]["options"]}
    assert set(autobrief) == {"on", "off"}
    assert [o["name"] for o in autobrief["on"]["options"]] == ["channel"]
    assert int(synced["autobrief"]["default_member_permissions"]) == 1 << 5
    admin = {o["name"]: o for o in synced["briefbot"]["options"]}
    assert set(admin) == {"settings", "forget", "purge", "help", "about"}
    assert {o["name"] for o in admin["settings"]["options"]} == {"reply", "length", "engine", "reaction"}


async def test_brief_url(running: Running, pages: PageServer) -> None:
    """/brief url defers, then answers with an embed linked to the article, and records it."""
    fake = running.fake
    url = pages.url("/news/harbour")
    interaction = await fake.slash("brief", [opt("url", url)])
    answer = await fake.wait_answer(interaction)
    callback = fake.answers_to(interaction)[0]
    assert callback.body["type"] == 5  # deferred: "thinking…"
    (embed,) = answer.body["embeds"]
    assert embed["url"] == url
    assert "harbour" in embed["title"].lower()
    assert "Valmora Courier" in embed["description"]
    assert embed["fields"][0]["name"] == "Key points"
    assert "min read" in embed["footer"]["text"]
    assert not answer.body.get("flags", 0) & EPHEMERAL
    records = await stored(running, 1)
    assert records[0].url == url
    assert records[0].user_id != 0
    assert records[0].jump_url
    assert records[0].jump_url.endswith(str(records[0].message_id))
    assert_no_mentions(fake)


async def test_brief_text_private(running: Running, harbour_text: str) -> None:
    """/brief text with private answers only to the user and is not recorded."""
    fake = running.fake
    interaction = await fake.slash("brief", [opt("text", harbour_text), opt("private", True, 5)])
    answer = await fake.wait_answer(interaction)
    assert fake.answers_to(interaction)[0].body["data"]["flags"] & EPHEMERAL
    (embed,) = answer.body["embeds"]
    assert embed["title"].startswith("Port of Valmora")
    assert await stored(running) == []


async def test_brief_file(running: Running, harbour_text: str) -> None:
    """/brief file reads an uploaded .txt attachment and briefs it."""
    fake = running.fake
    option, resolved = fake.attachment_option("harbour.txt", harbour_text.encode())
    interaction = await fake.slash("brief", [option], resolved=resolved)
    answer = await fake.wait_answer(interaction)
    (embed,) = answer.body["embeds"]
    assert embed["title"].startswith("Port of Valmora")
    assert any("Brandt" in f["value"] for f in embed["fields"] if f["name"] == "Quotes")


async def test_brief_without_input_is_refused(running: Running) -> None:
    """/brief with no option gets a short private message saying what to give."""
    fake = running.fake
    interaction = await fake.slash("brief", [])
    answer = await fake.wait_answer(interaction)
    assert answer.body["flags"] & EPHEMERAL
    assert "url" in answer.body["content"]


async def test_refused_url(running: Running, pages: PageServer) -> None:
    """A link outside the allow-list (::1 here) is refused with the fetcher's message, privately."""
    fake = running.fake
    interaction = await fake.slash("brief", [opt("url", f"http://[::1]:{pages.port}/news/harbour")])
    answer = await fake.wait_answer(interaction)
    assert answer.body["flags"] & EPHEMERAL
    assert answer.body["content"]
    assert not answer.body.get("embeds")
    assert any(c.method == "DELETE" for c in fake.answers_to(interaction))  # the public "thinking" went
    assert pages.hits["/news/harbour"] == 0


async def test_page_that_times_out(running: Running, pages: PageServer) -> None:
    """A page slower than the fetch timeout gets a friendly timeout message."""
    fake = running.fake
    interaction = await fake.slash("brief", [opt("url", pages.url("/news/slow"))])
    answer = await fake.wait_answer(interaction)
    assert answer.body["flags"] & EPHEMERAL
    assert "too long" in answer.body["content"] or "time" in answer.body["content"].lower()


async def test_already_briefed_here(running: Running, pages: PageServer) -> None:
    """A link briefed recently is answered with a jump link, recorded as a repeat; fresh forces a new one."""
    fake = running.fake
    url = pages.url("/news/harbour")
    await fake.wait_answer(await fake.slash("brief", [opt("url", url)]))
    await stored(running, 1)  # recorded right after the reply is sent
    second = await fake.wait_answer(await fake.slash("brief", [opt("url", url + "?utm_source=chat")]))
    first, repeat = await stored(running, 2)
    assert second.body["content"] == f"Already briefed here: {first.jump_url}"
    assert repeat.repeat_of == first.id
    assert pages.hits["/news/harbour"] == 1
    third = await fake.wait_answer(await fake.slash("brief", [opt("url", url), opt("fresh", True, 5)]))
    assert not third.body.get("content")
    *_, again = await stored(running, 3)
    assert again.repeat_of is None


async def test_brief_message_command(running: Running, pages: PageServer) -> None:
    """The "Brief message" command briefs the target message's link and records its author as the sharer."""
    fake = running.fake
    shared = fake.user_message(f"worth a read {pages.url('/news/marina')} !")
    interaction = await fake.message_command("Brief message", shared, user=ADMIN)
    answer = await fake.wait_answer(interaction)
    (embed,) = answer.body["embeds"]
    assert embed["url"] == pages.url("/news/marina")
    (record,) = await stored(running, 1)
    assert record.message_id == int(shared["id"])
    assert record.user_id == MEMBER_ID
    assert_no_mentions(fake)


async def test_autobrief_on_and_off(running: Running, pages: PageServer) -> None:
    """After /autobrief on, a posted link gets a reply without a ping; after off, nothing."""
    fake = running.fake
    answer = await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    assert "on in" in answer.body["data"]["content"]
    message = await fake.post_message(f"Look: {pages.url('/news/harbour')} and https://media.tenor.com/x.gif")
    reply = await fake.wait_for_call(is_reply_to(message))
    assert reply.body["embeds"][0]["url"] == pages.url("/news/harbour")
    assert reply.body["allowed_mentions"]["replied_user"] is False
    assert len([c for c in fake.calls if is_reply_to(message)(c)]) == 1  # the GIF was ignored

    await fake.wait_answer(await fake.slash("autobrief", [sub("off")], user=ADMIN))
    ignored = await fake.post_message(f"Again: {pages.url('/news/marina')}")
    await fake.wait_answer(
        await fake.slash(
            "autobrief",
            [sub("on", opt("channel", str(OTHER_CHANNEL_ID), 7))],
            user=ADMIN,
            resolved=fake.channel_resolved(OTHER_CHANNEL_ID),
        )
    )
    elsewhere = await fake.post_message(f"Here: {pages.url('/news/marina')}", channel_id=OTHER_CHANNEL_ID)
    await fake.wait_for_call(is_reply_to(elsewhere))
    assert not any(is_reply_to(ignored)(c) for c in fake.calls)
    assert_no_mentions(fake)


async def test_autobrief_ignores_bots_and_short_text(
    running: Running, pages: PageServer, harbour_text: str
) -> None:
    """Other bots' messages and short chatter are ignored; a long pasted text is briefed."""
    fake = running.fake
    await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    from_bot = await fake.post_message(f"news {pages.url('/news/harbour')}", author=OTHER_BOT)
    chatter = await fake.post_message("that harbour story was something, wasn't it " * 3)
    pasted = await fake.post_message(harbour_text + "\n@everyone <@930000000000000001>")
    reply = await fake.wait_for_call(is_reply_to(pasted))
    assert reply.body["embeds"][0]["title"].startswith("Port of Valmora")
    assert not any(is_reply_to(from_bot)(c) or is_reply_to(chatter)(c) for c in fake.calls)
    assert pages.hits["/news/harbour"] == 0
    assert_no_mentions(fake)


async def test_non_admin_refused_autobrief(running: Running) -> None:
    """A member without Manage Server cannot turn auto-brief on."""
    fake = running.fake
    answer = await fake.wait_answer(await fake.slash("autobrief", [sub("on")]))
    assert answer.body["data"]["flags"] & EPHEMERAL
    assert "**Manage Server**" in answer.body["data"]["content"]  # the name Discord's settings show
    config = await running.bot.services.store.guild_config(GUILD_ID)
    assert config.autobrief_channel_ids == frozenset()


async def test_autobrief_on_warns_about_missing_permissions(running: Running) -> None:
    """/autobrief on still turns on where the bot may not post, but names the permissions it lacks."""
    fake = running.fake
    await fake.set_overwrites(OTHER_CHANNEL_ID, [bot_overwrite(deny=SEND_MESSAGES | EMBED_LINKS)])
    answer = await fake.wait_answer(
        await fake.slash(
            "autobrief",
            [sub("on", opt("channel", str(OTHER_CHANNEL_ID), 7))],
            user=ADMIN,
            resolved=fake.channel_resolved(OTHER_CHANNEL_ID),
        )
    )
    content = answer.body["data"]["content"]
    assert "on in" in content
    assert "Send Messages, Embed Links" in content
    assert "View Channel" not in content
    assert "Read Message History" not in content
    assert "Threads" not in content  # inline mode needs no thread permissions
    config = await running.bot.services.configs.get(GUILD_ID)
    assert config.autobrief_channel_ids == frozenset({OTHER_CHANNEL_ID})

    fine = await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    assert "⚠" not in fine.body["data"]["content"]  # this channel lets the bot read and post


async def test_autobrief_on_in_thread_mode_checks_thread_permissions(running: Running) -> None:
    """In thread mode /autobrief on also names Create Public Threads and Send Messages in Threads."""
    fake = running.fake
    await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reply", "thread"))], user=ADMIN)
    )
    lacking = await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    content = lacking.body["data"]["content"]
    assert "Create Public Threads, Send Messages in Threads" in content
    assert "View Channel" not in content

    allowed = CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS
    await fake.set_overwrites(CHANNEL_ID, [bot_overwrite(allow=allowed)])
    granted = await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    assert "⚠" not in granted.body["data"]["content"]


async def test_thread_reply_mode(running: Running, pages: PageServer) -> None:
    """With reply mode "thread", auto-brief opens a thread on the shared message and briefs there."""
    fake = running.fake
    answer = await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reply", "thread"))], user=ADMIN)
    )
    assert "thread" in answer.body["data"]["content"]
    await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    message = await fake.post_message(pages.url("/news/harbour"))
    thread_path = f"/channels/{CHANNEL_ID}/messages/{message['id']}/threads"
    await fake.wait_for_call(lambda c: c.path == thread_path)
    posted = await fake.wait_for_call(lambda c: c.path == f"/channels/{message['id']}/messages")
    assert posted.body["embeds"][0]["url"] == pages.url("/news/harbour")


async def test_brief_message_in_thread_mode(running: Running, pages: PageServer) -> None:
    """In thread mode "Brief message" briefs in a thread on the target message and points to it."""
    fake = running.fake
    await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reply", "thread"))], user=ADMIN)
    )
    shared = fake.user_message(f"{pages.url('/news/harbour')} {pages.url('/news/marina')}")
    interaction = await fake.message_command("Brief message", shared)
    pointer = await fake.wait_answer(interaction)
    assert pointer.body["content"] == f"Briefed in <#{shared['id']}>."
    threads = [c for c in fake.calls if c.path.endswith(f"/messages/{shared['id']}/threads")]
    assert len(threads) == 1  # one thread for both links
    posted = [c for c in fake.calls if c.path == f"/channels/{shared['id']}/messages"]
    assert sorted(c.body["embeds"][0]["url"] for c in posted) == [
        pages.url("/news/harbour"),
        pages.url("/news/marina"),
    ]
    records = await stored(running, 2)
    assert {r.message_id for r in records} == {int(shared["id"])}


async def test_thread_mode_without_permission_replies_inline(running: Running, pages: PageServer) -> None:
    """When a thread cannot be opened, "Brief message" replies to the message once and says where."""
    fake = running.fake
    fake.refuse_threads = True
    await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reply", "thread"))], user=ADMIN)
    )
    shared = fake.user_message(pages.url("/news/harbour"))
    pointer = await fake.wait_answer(await fake.message_command("Brief message", shared))
    assert pointer.body["content"].startswith("Briefed in a reply to https://discord.com/channels/")
    replies = [c for c in fake.calls if is_reply_to(shared)(c)]
    assert len(replies) == 1
    assert replies[0].body["embeds"][0]["url"] == pages.url("/news/harbour")


async def test_brief_message_without_thread_or_send_permission_answers_the_interaction(
    running: Running, pages: PageServer
) -> None:
    """In thread mode, a bot that may neither open a thread nor post in the channel answers "Brief message"
    in the interaction itself instead of failing."""
    fake = running.fake
    fake.refuse_threads = True
    fake.refuse_posts.add(CHANNEL_ID)
    await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("reply", "thread"))], user=ADMIN)
    )
    shared = fake.user_message(pages.url("/news/harbour"))
    answer = await fake.wait_answer(await fake.message_command("Brief message", shared))
    assert answer.body["embeds"][0]["url"] == pages.url("/news/harbour")
    await stored(running, 1)
    texts = [str(message_body(c).get("content") or "") for c in fake.bot_messages()]
    assert not any("went wrong" in t or "Briefed in" in t for t in texts), texts


async def test_llm_engine_refused_when_unavailable(running: Running) -> None:
    """/briefbot settings engine:llm is refused clearly when no LLM is configured."""
    fake = running.fake
    answer = await fake.wait_answer(
        await fake.slash("briefbot", [sub("settings", opt("engine", "llm"))], user=ADMIN)
    )
    assert "isn't available" in answer.body["data"]["content"]
    assert (await running.bot.services.store.guild_config(GUILD_ID)).engine == "extractive"


async def test_help_and_forget(running: Running, pages: PageServer) -> None:
    """/briefbot help explains privacy; /briefbot forget deletes what the user shared."""
    fake = running.fake
    help_answer = await fake.wait_answer(await fake.slash("briefbot", [sub("help")]))
    assert help_answer.body["data"]["embeds"][0]["fields"][0]["name"] == "Privacy"
    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    await stored(running, 1)
    forget = await fake.wait_answer(await fake.slash("briefbot", [sub("forget")]))
    assert "deleted 1" in forget.body["data"]["content"]
    assert await stored(running) == []


async def test_purge_needs_confirmation(running: Running, pages: PageServer) -> None:
    """/briefbot purge asks first; Cancel keeps the data, "Delete everything" removes settings and history."""
    fake = running.fake
    refused = await fake.wait_answer(await fake.slash("briefbot", [sub("purge")]))
    assert "Manage Server" in refused.body["data"]["content"]
    await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    await stored(running, 1)

    asked = await fake.slash("briefbot", [sub("purge")], user=ADMIN)
    await fake.wait_answer(asked)
    prompt = fake.interaction_messages[asked]
    cancel = await fake.click(prompt, "Cancel", user=ADMIN)
    cancelled = await fake.wait_answer(cancel)
    assert cancelled.body["type"] == 7
    assert "nothing was deleted" in cancelled.body["data"]["content"]
    await stored(running, 1)

    asked = await fake.slash("briefbot", [sub("purge")], user=ADMIN)
    await fake.wait_answer(asked)
    prompt = fake.interaction_messages[asked]
    stranger = await fake.wait_answer(await fake.click(prompt, "Delete everything"))
    assert "Only the admin" in stranger.body["data"]["content"]
    done = await fake.wait_answer(await fake.click(prompt, "Delete everything", user=ADMIN))
    assert "deleted" in done.body["data"]["content"]
    await stored(running, 0)
    assert (await running.bot.services.configs.get(GUILD_ID)).autobrief_channel_ids == frozenset()


async def test_purge_confirmation_expires(
    running: Running, pages: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unanswered purge question is edited on timeout: buttons disabled, "expired", nothing deleted."""
    monkeypatch.setattr(running.bot.get_cog("Admin"), "purge_timeout", 0.2)
    fake = running.fake
    await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
    await stored(running, 1)
    asked = await fake.slash("briefbot", [sub("purge")], user=ADMIN)
    question = await fake.wait_answer(asked)
    offered = [b for row in question.body["data"]["components"] for b in row["components"]]
    assert offered
    assert not any(b.get("disabled") for b in offered)
    original = f"/webhooks/{APP_ID}/token-{asked}/messages/@original"
    edit = await fake.wait_for_call(lambda c: c.method == "PATCH" and c.path == original)
    assert "expired" in edit.body["content"].lower()
    buttons = [b for row in edit.body["components"] for b in row["components"]]
    assert {b["label"] for b in buttons} == {"Delete everything", "Cancel"}
    assert all(b["disabled"] for b in buttons)
    await stored(running, 1)


async def test_reaction_trigger(
    fake: FakeDiscord, pages: PageServer, tmp_path: Path, restore_discord_urls: None
) -> None:
    """With the reaction trigger on, 📰 on a message briefs it as a reply."""
    running = await start_bot(fake, make_settings(fake, tmp_path, reaction_trigger=True))
    try:
        message = await fake.post_message(f"see {pages.url('/news/harbour')}")
        await fake.react(message, "👍")
        await fake.react(message, "📰", user=ADMIN)
        reply = await fake.wait_for_call(is_reply_to(message))
        assert reply.body["embeds"][0]["url"] == pages.url("/news/harbour")
        (record,) = await stored(running, 1)
        assert record.user_id == MEMBER_ID  # the message's author shared it, not the one who reacted
    finally:
        await running.stop()


async def test_privileged_intent_refused_falls_back(
    pages: PageServer, tmp_path: Path, restore_discord_urls: None, harbour_text: str
) -> None:
    """On close 4014 the bot reconnects without message content; /brief works, /autobrief explains."""
    fake = await FakeDiscord(refuse_privileged=True).start()
    try:
        running = await start_bot(fake, make_settings(fake, tmp_path))
        try:
            assert fake.closes_sent == [4014]
            assert len(fake.identifies) == 2
            assert not fake.has_content_intent
            assert not running.bot.has_message_content
            answer = await fake.wait_answer(await fake.slash("brief", [opt("text", harbour_text)]))
            assert answer.body["embeds"][0]["title"].startswith("Port of Valmora")
            shared = fake.user_message(pages.url("/news/harbour"))
            menu = await fake.wait_answer(await fake.message_command("Brief message", shared))
            assert menu.body["embeds"][0]["url"] == pages.url("/news/harbour")
            explained = await fake.wait_answer(await fake.slash("autobrief", [sub("on")], user=ADMIN))
            assert "Message Content" in explained.body["data"]["content"]
        finally:
            await running.stop()
    finally:
        await fake.close()


async def test_clean_shutdown(running: Running) -> None:
    """stop() ends run() and closes the gateway, the HTTP session and the store."""
    bot = running.bot
    await running.stop()
    assert running.task.done()
    assert running.task.exception() is None
    assert bot.is_closed()
    assert bot._services is None


def test_webhook_answers_use_the_application(running: Running) -> None:
    """Follow-ups go to the application's webhook (sanity check of the fake's routing)."""
    assert str(APP_ID) in running.fake.api_url or running.fake.port > 0


async def test_sharded_bot(
    fake: FakeDiscord, pages: PageServer, tmp_path: Path, restore_discord_urls: None
) -> None:
    """With a shard count set, the bot runs on AutoShardedBot, identifies as its shard and still briefs."""
    running = await start_bot(fake, make_settings(fake, tmp_path, shard_count=1, shard_ids=[0]))
    try:
        assert fake.identifies[-1]["shard"] == [0, 1]
        assert isinstance(running.bot, commands.AutoShardedBot)
        answer = await fake.wait_answer(await fake.slash("brief", [opt("url", pages.url("/news/harbour"))]))
        assert answer.body["embeds"][0]["url"] == pages.url("/news/harbour")
    finally:
        await running.stop()


async def test_llm_engine_and_daily_budget(
    fake: FakeDiscord, tmp_path: Path, restore_discord_urls: None, harbour_text: str
) -> None:
    """With an LLM configured and chosen, /brief uses it until the server's daily budget is spent."""
    async with FakeOpenAI() as llm:
        llm.queue(answer(["The harbour closes for two years of repairs."], ["Ferries move north."]))
        settings = make_settings(
            fake, tmp_path, llm_base_url=llm.url, llm_model="fake-model", llm_daily_budget=1, llm_timeout=5.0
        )
        running = await start_bot(fake, settings)
        try:
            saved = await fake.wait_answer(
                await fake.slash("briefbot", [sub("settings", opt("engine", "llm"))], user=ADMIN)
            )
            assert "Engine: **llm**" in saved.body["data"]["content"]
            first = await fake.wait_answer(await fake.slash("brief", [opt("text", harbour_text)]))
            assert "llm" in first.body["embeds"][0]["footer"]["text"]
            assert "two years of repairs" in first.body["embeds"][0]["description"]
            second = await fake.wait_answer(await fake.slash("brief", [opt("text", harbour_text)]))
            footer = second.body["embeds"][0]["footer"]["text"]
            assert "extractive" in footer
            assert "budget" in footer
            assert len(llm.requests) == 1
        finally:
            await running.stop()


async def test_user_cooldown(
    fake: FakeDiscord, tmp_path: Path, restore_discord_urls: None, harbour_text: str
) -> None:
    """A user asking again within the cooldown gets a short private "wait" message."""
    running = await start_bot(fake, make_settings(fake, tmp_path, user_cooldown_seconds=600))
    try:
        await fake.wait_answer(await fake.slash("brief", [opt("text", harbour_text)]))
        again = await fake.wait_answer(await fake.slash("brief", [opt("text", harbour_text)]))
        assert again.body["flags"] & EPHEMERAL
        assert "another briefing in" in again.body["content"]
        other = await fake.wait_answer(await fake.slash("brief", [opt("text", harbour_text)], user=ADMIN))
        assert other.body["embeds"]
    finally:
        await running.stop()


async def test_global_command_sync(fake: FakeDiscord, tmp_path: Path, restore_discord_urls: None) -> None:
    """Without development servers the commands are synced globally."""
    running = await start_bot(fake, make_settings(fake, tmp_path, dev_guild_ids=[]))
    try:
        assert set(fake.commands) == {"global"}
        assert {"brief", "Brief message", "autobrief", "briefbot"} <= {
            c["name"] for c in fake.commands["global"]
        }
    finally:
        await running.stop()


async def test_unexpected_error_is_logged_and_reported(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected failure (here a channel option Discord did not resolve) is logged and the user told."""
    fake = running.fake
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        answer = await fake.wait_answer(
            await fake.slash("autobrief", [sub("on", opt("channel", str(OTHER_CHANNEL_ID), 7))], user=ADMIN)
        )
    assert answer.body["data"]["flags"] & EPHEMERAL
    assert "Something went wrong" in answer.body["data"]["content"]
    assert any(r.exc_info for r in caplog.records if "/autobrief on failed" in r.getMessage())
