"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings() -> Settings:
    """Settings as a fresh install has them, ignoring any .env file."""
    return Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def harbour_text() -> str:
    """A fictional news article with a headline, quotes and named people."""
    return (FIXTURES / "harbour-article.txt").read_text(encoding="utf-8")
