"""`briefbot run` opens and migrates the store before it logs in: an unusable database ends it in one line."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]


def bad_databases(tmp: Path) -> dict[str, str]:
    """Database URLs that cannot work, each for its own reason."""
    (tmp / "notes.txt").write_text("not a database\n" * 100, encoding="utf-8")
    (tmp / "plainfile").write_text("x", encoding="utf-8")
    (tmp / "folder").mkdir()
    return {
        "under /proc": "sqlite+aiosqlite:////proc/briefbot-test.db",
        "file as a folder": f"sqlite+aiosqlite:///{tmp / 'plainfile' / 'bot.db'}",
        "a folder": f"sqlite+aiosqlite:///{tmp / 'folder'}",
        "a text file": f"sqlite+aiosqlite:///{tmp / 'notes.txt'}",
        "closed postgres port": "postgresql+asyncpg://briefbot:secret-pw@127.0.0.1:1/briefbot",
    }


async def run_failing(
    tmp_path: Path, *, api_url: str, gateway_url: str, database_url: str
) -> tuple[str, list[str]]:
    """Run `briefbot run` until it exits 1; return its log and the log's ERROR lines."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")},
        "PYTHONPATH": str(ROOT),
        "BRIEFBOT_DISCORD_TOKEN": "fake-token",
        "BRIEFBOT_DISCORD_API_URL": api_url,
        "BRIEFBOT_DISCORD_GATEWAY_URL": gateway_url,
        "BRIEFBOT_DATABASE_URL": database_url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    async with asyncio.timeout(60):
        _, stderr = await proc.communicate()
    log = stderr.decode()
    assert proc.returncode == 1, log
    assert "Traceback" not in log
    return log, [line for line in log.splitlines() if "ERROR" in line]


@pytest.mark.parametrize(
    "case", ["under /proc", "file as a folder", "a folder", "a text file", "closed postgres port"]
)
async def test_unusable_database_ends_run_in_one_line(fake: FakeDiscord, tmp_path: Path, case: str) -> None:
    """`briefbot run` with an unusable database exits 1 with one error line, never contacting Discord."""
    url = bad_databases(tmp_path)[case]
    log, errors = await run_failing(
        tmp_path, api_url=fake.api_url, gateway_url=fake.gateway_url, database_url=url
    )
    assert len(errors) == 1, log
    assert "cannot use the database" in errors[0]
    assert "secret-pw" not in log
    assert fake.calls == []  # the store failed before the login


async def test_unreachable_discord_ends_run_in_one_line(tmp_path: Path) -> None:
    """`briefbot run` aimed at a Discord nobody answers on exits 1 with one error line, no traceback."""
    with socket.socket() as sock:  # a loopback port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log, errors = await run_failing(
        tmp_path,
        api_url=f"http://127.0.0.1:{port}/api/v10",
        gateway_url=f"ws://127.0.0.1:{port}/",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    )
    assert len(errors) == 1, log
    assert "cannot reach Discord" in errors[0]
    assert "alembic" not in log  # the library's start-up narration stays out of the admin's log
