"""`run_bot` in a real process: it serves from any working directory and exits 0 on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.e2e.fake_discord import GUILD_ID, FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
LAUNCH = (
    "import logging, sys\n"
    "from bot.settings import Settings\n"
    "from bot.app import run_bot\n"
    "logging.basicConfig(level='INFO', stream=sys.stderr)\n"
    "sys.exit(run_bot(Settings(_env_file=None)))\n"
)


def bot_env(fake: FakeDiscord, tmp_path: Path) -> dict[str, str]:
    """Return the environment of a bot process served by ``fake``, with its database in ``tmp_path``."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")},
        "PYTHONPATH": str(ROOT),
        "BRIEFBOT_DISCORD_TOKEN": "fake-token",
        "BRIEFBOT_DISCORD_API_URL": fake.api_url,
        "BRIEFBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
        "BRIEFBOT_DEV_GUILD_IDS": str(GUILD_ID),
        "BRIEFBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    }


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_run_bot_stops_cleanly_on_signal(
    fake: FakeDiscord, tmp_path: Path, sig: signal.Signals
) -> None:
    """The bot logs in, syncs, answers /briefbot help, and exits 0 with a log line after the signal."""
    env = bot_env(fake, tmp_path)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LAUNCH, cwd=workdir, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        async with asyncio.timeout(60):
            await fake.synced.wait()
            await fake.guild_sent.wait()
            interaction = await fake.slash("briefbot", [{"name": "help", "type": 1, "options": []}])
            await fake.wait_answer(interaction, within=30)
        proc.send_signal(sig)
        async with asyncio.timeout(20):
            _, stderr = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = stderr.decode()
    assert proc.returncode == 0, log
    assert "shutting down" in log
    assert "stopped" in log
    assert "Traceback" not in log


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_signal_during_a_reply_lets_it_finish(
    fake: FakeDiscord, tmp_path: Path, sig: signal.Signals
) -> None:
    """A signal while /briefbot help is still replying waits for the reply, then exits 0 without errors."""
    fake.callback_delay = 1.5  # well inside the bot's grace period (REQUEST_GRACE_SECONDS)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LAUNCH,
        cwd=tmp_path,
        env=bot_env(fake, tmp_path),
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(60):
            await fake.synced.wait()
            await fake.guild_sent.wait()
            interaction = await fake.slash("briefbot", [{"name": "help", "type": 1, "options": []}])
            await fake.callback_held.wait()
        proc.send_signal(sig)
        async with asyncio.timeout(30):
            _, stderr = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = stderr.decode()
    assert proc.returncode == 0, log
    assert fake.interaction_responses.get(interaction), log  # the reply went out before the session closed
    assert "stopped" in log
    assert "Traceback" not in log
    assert "never retrieved" not in log
    assert "failed" not in log
