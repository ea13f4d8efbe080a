"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"

# No timing assertions: Hypothesis's 200 ms deadline per example and its "too slow" health check fail a test
# whose examples were merely slow on a busy machine. Under CI (.ci/run sets CI) every run also tries the
# same examples, so CI never fails by chance; elsewhere Hypothesis explores new examples (and remembers
# failures in .hypothesis/).
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("briefbot", **_UNTIMED)
hypothesis_settings.register_profile("briefbot-ci", derandomize=True, database=None, **_UNTIMED)
hypothesis_settings.load_profile("briefbot-ci" if os.environ.get("CI") else "briefbot")


@pytest.fixture
def settings() -> Settings:
    """Settings as a fresh install has them, ignoring any .env file."""
    return Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def harbour_text() -> str:
    """A fictional news article with a headline, quotes and named people."""
    return (FIXTURES / "harbour-article.txt").read_text(encoding="utf-8")
