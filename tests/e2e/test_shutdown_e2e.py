"""Shutdown while commands are being answered: new ones are refused, late ones are cut off quietly."""

from __future__ import annotations

import asyncio
import logging

import pytest

import bot.app
from tests.e2e.conftest import Running
from tests.e2e.fake_discord import ADMIN

HELP = [{"name": "help", "type": 1, "options": []}]


async def test_command_arriving_during_shutdown_is_refused(running: Running) -> None:
    """A command that arrives while shutdown waits for another gets a private "restarting" answer."""
    fake = running.fake
    fake.callback_delay = 0.5  # keeps the first reply, and so the shutdown, in progress
    first = await fake.slash("briefbot", HELP)
    await fake.callback_held.wait()
    stopping = asyncio.create_task(running.stop())
    await running.bot.wait_until_stopping()
    second = await fake.slash("briefbot", HELP)
    async with asyncio.timeout(20):
        await stopping
    refused = fake.interaction_responses[second]
    assert [message_body_of(r) for r in refused] == [bot.app.RESTARTING]
    assert fake.interaction_responses[first][0]["data"]["content"] != bot.app.RESTARTING


def message_body_of(response: dict[str, object]) -> object:
    """The text of an interaction callback body."""
    data = response.get("data")
    return data.get("content") if isinstance(data, dict) else None


async def test_command_outlasting_the_grace_period_is_cut_quietly(
    running: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A reply still held when the grace period ends is logged as cut off: no traceback, no task error."""
    monkeypatch.setattr(bot.app, "REQUEST_GRACE_SECONDS", 0.1)
    fake = running.fake
    fake.callback_delay = 2.0  # longer than the grace period
    await fake.slash("briefbot", HELP)
    await fake.callback_held.wait()
    commands = set(running.bot._interactions)
    assert commands
    with caplog.at_level(logging.WARNING):
        await running.stop()
        async with asyncio.timeout(20):
            await asyncio.wait(commands)
    assert all(task.exception() is None for task in commands)
    assert "cut off by the shutdown" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_shutdown_waits_for_a_purge_confirmed_just_before(running: Running) -> None:
    """A "Delete everything" click being answered as shutdown begins gets its answer before the bot stops."""
    fake = running.fake
    asked = await fake.slash("briefbot", [{"name": "purge", "type": 1, "options": []}], user=ADMIN)
    await fake.wait_answer(asked)
    fake.callback_delay = 0.5  # Discord is slow to take the click's answer: the bot is mid-request
    click = await fake.click(fake.interaction_messages[asked], "Delete everything", user=ADMIN)
    await fake.callback_held.wait()
    async with asyncio.timeout(20):
        await running.stop()
    (answer,) = fake.interaction_responses[click]
    assert "Done: deleted" in str(message_body_of(answer))
