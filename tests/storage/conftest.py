"""One storage suite, two backends: every test taking ``store_url`` runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``BRIEFBOT_TEST_POSTGRES_URL`` (``.ci/postgres.sh`` starts one). Without it the
PostgreSQL half is skipped on a developer machine and FAILS under CI (env ``CI`` set).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import Store

POSTGRES_ENV = "BRIEFBOT_TEST_POSTGRES_URL"


async def reset_postgres(url: str) -> None:
    """Give a test an empty PostgreSQL database (drop everything in the public schema)."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(sa.text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


def postgres_url_or_skip() -> str:
    """Return the test PostgreSQL URL; skip without one, fail without one under CI."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set under CI: run .ci/postgres.sh first")
        pytest.skip(f"{POSTGRES_ENV} is not set (run .ci/postgres.sh to test PostgreSQL)")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL: a fresh SQLite file, or the test PostgreSQL emptied."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'briefbot.db'}"
    url = postgres_url_or_skip()
    await reset_postgres(url)
    return url


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    """A Store opened (and migrated) on an empty database."""
    opened = await Store.open(store_url)
    try:
        yield opened
    finally:
        await opened.close()
