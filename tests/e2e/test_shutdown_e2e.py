"""Shutdown while commands are being answered: new ones are refused, late ones are cut off quietly."""

from __future__ import annotations

import asyncio
import logging

import pytest

import bot.app
from tests.e2e.conftest import Running

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
