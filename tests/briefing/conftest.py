"""Fixtures shared by the LLM engine tests: a fake OpenAI-compatible server and an engine aimed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.briefing.llm import LLMEngine
from tests.briefing.test_llm import llm_settings
from tests.fake_openai import FakeOpenAI


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    """A running fake OpenAI-compatible server."""
    async with FakeOpenAI() as server:
        yield server


@pytest.fixture
async def engine(fake: FakeOpenAI) -> AsyncIterator[LLMEngine]:
    """An LLMEngine talking to the fake server."""
    llm = LLMEngine(llm_settings(fake.url))
    yield llm
    await llm.close()
