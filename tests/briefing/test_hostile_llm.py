"""Hostile model output: the LLM engine cleans it in linear time and falls back instead of raising."""

from __future__ import annotations

import json

import pytest

from bot.briefing.llm import LLMEngine, clean_text
from bot.briefing.models import Length
from tests.briefing.test_llm import MENTIONS, assert_fallback, make_briefing
from tests.fake_openai import FakeOpenAI, Reply, answer, completion, text_reply

# 1 MB each: a quadratic pattern would take hours on these, a linear one milliseconds.
BIG = 1_000_000
HOSTILE_ITEMS = {
    "open brackets": "[" * BIG,
    "nested links": "[" * (BIG // 8) + "a" + "](x)" * (BIG // 8),
    "spaced at signs": "@ " * (BIG // 2),
    "one long word": "a" * BIG,
    "angle slashes": "</" * (BIG // 2),
    "emoji openers": "<:a" * (BIG // 3),
    "unclosed think": "<think>" * (BIG // 7),
}


# The fake server and engine fixtures are shared with test_llm through tests/briefing/conftest.py.


@pytest.mark.parametrize("shape", sorted(HOSTILE_ITEMS))
def test_clean_text_handles_megabyte_shapes_even_without_a_cap(shape: str) -> None:
    """clean_text strips links and mentions from 1 MB hostile shapes with no length cap (linear patterns)."""
    cleaned = clean_text(HOSTILE_ITEMS[shape], limit=10 * BIG)
    assert not MENTIONS.search(cleaned)


def test_clean_text_peels_deep_nesting_and_keeps_the_words() -> None:
    """Links nested deeper than the pass limit lose their brackets and keep their text."""
    nested = "Read " + "[" * 40 + "the report" + "](x)" * 40 + " today."
    cleaned = clean_text(nested, limit=600)
    assert cleaned.startswith("Read the report")
    assert "[" not in cleaned
    assert "]" not in cleaned


@pytest.mark.parametrize("shape", sorted(HOSTILE_ITEMS))
async def test_hostile_summary_is_cleaned_or_falls_back(
    fake: FakeOpenAI, engine: LLMEngine, shape: str
) -> None:
    """A summary made of a hostile shape never reaches the briefing as a link, a mention or a traceback."""
    item = HOSTILE_ITEMS[shape][:200_000]
    fake.queue(answer([item], [item, "The wall is unsafe."]), answer([item], [item]))
    result = await engine.rewrite(make_briefing(), length=Length.STANDARD)
    for line in (*result.summary, *result.key_points):
        assert not MENTIONS.search(line)


async def test_deeply_nested_content_falls_back(fake: FakeOpenAI, engine: LLMEngine) -> None:
    """Message content of 5,000 nested brackets is invalid output (twice): the extractive briefing returns."""
    briefing = make_briefing()
    fake.queue(text_reply("[" * 5000), text_reply("[" * 5000 + "]" * 5000))
    assert_fallback(await engine.rewrite(briefing, length=Length.STANDARD), briefing, "invalid output")


async def test_deeply_nested_response_body_falls_back(fake: FakeOpenAI, engine: LLMEngine) -> None:
    """A response body of 200,000 nested brackets is not JSON the engine can use: it falls back."""
    briefing = make_briefing()
    fake.queue(Reply(raw=b"[" * 200_000 + b"]" * 200_000, headers={"Content-Type": "application/json"}))
    assert_fallback(await engine.rewrite(briefing, length=Length.STANDARD), briefing, "other than JSON")


async def test_content_parts_that_are_not_text_are_ignored(fake: FakeOpenAI, engine: LLMEngine) -> None:
    """Content parts whose text is a number or a list are skipped, not joined (no TypeError)."""
    good = json.dumps({"summary": ["Valmora shuts its harbour."], "key_points": ["The wall is unsafe."]})
    body = completion(None)
    body["choices"][0]["message"]["content"] = [{"text": 7}, {"text": ["x"]}, {"text": good}, "loose"]
    fake.queue(Reply(body))
    result = await engine.rewrite(make_briefing(), length=Length.STANDARD)
    assert result.summary == ("Valmora shuts its harbour.",)


async def test_answer_of_odd_types_falls_back(fake: FakeOpenAI, engine: LLMEngine) -> None:
    """Summary and key points of numbers, nulls and objects are invalid output, never a traceback."""
    briefing = make_briefing()
    odd = json.dumps({"summary": [1, None, {"a": []}], "key_points": [[["x"]]], "quote_ids": {"q": 1}})
    fake.queue(text_reply(odd), text_reply(odd))
    assert_fallback(await engine.rewrite(briefing, length=Length.STANDARD), briefing, "invalid output")


async def test_many_empty_key_points_are_not_all_cleaned(fake: FakeOpenAI, engine: LLMEngine) -> None:
    """100,000 blank key points after two good ones give a briefing with the two good ones."""
    points = ["The wall is unsafe.", "Ferries move north.", *([" "] * 100_000)]
    fake.queue(answer(["Valmora shuts its harbour."], points))
    result = await engine.rewrite(make_briefing(), length=Length.STANDARD)
    assert result.key_points == ("The wall is unsafe.", "Ferries move north.")


async def test_summary_of_only_brackets_is_invalid(fake: FakeOpenAI, engine: LLMEngine) -> None:
    """A summary of 40,000 '[' cleans to no words: invalid twice, so the extractive briefing returns."""
    briefing = make_briefing()
    fake.queue(answer(["[" * 40_000], ["[" * 40_000]), answer(["[" * 40_000], ["[" * 40_000]))
    assert_fallback(await engine.rewrite(briefing, length=Length.STANDARD), briefing, "invalid output")
