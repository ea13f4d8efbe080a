"""Briefer and build_briefing: one path from any source to a Briefing."""

from __future__ import annotations

import pytest

from bot.briefing.errors import BinaryInput, EmptyInput, InputTooLarge, NotArticle
from bot.briefing.models import Length
from bot.briefing.pipeline import Briefer, article_from_text, brief_source, check_text, decode_text
from bot.briefing.sources import Source
from bot.settings import Settings


def test_briefing_of_fictional_article(harbour_text: str, settings: Settings) -> None:
    """A pasted article gives its headline as title, summary sentences from the text, quotes and people."""
    b = brief_source(Source("text", harbour_text), max_chars=settings.max_input_chars, length=Length.STANDARD)
    assert b.title == "Port of Valmora to close its old harbour for two years of repairs"
    assert len(b.summary) == Length.STANDARD.summary_sentences
    assert 3 <= len(b.key_points) <= 6
    assert not set(b.summary) & set(b.key_points)
    for sentence in (*b.summary, *b.key_points):
        assert sentence in b.article_text
    assert any(q.speaker == "Elena Brandt" for q in b.quotes)
    assert "Elena Brandt" in b.people
    assert b.word_count > 200
    assert b.reading_minutes == 2
    assert b.language == "en"


@pytest.mark.parametrize(("length", "points"), [(Length.SHORT, 3), (Length.DETAILED, 6)])
def test_length_presets(harbour_text: str, settings: Settings, length: Length, points: int) -> None:
    """Each preset sets the summary size and caps the key points."""
    b = brief_source(Source("text", harbour_text), max_chars=settings.max_input_chars, length=length)
    assert len(b.summary) == length.summary_sentences
    assert len(b.key_points) <= points


def test_checks_refuse_non_articles() -> None:
    """Empty, binary, huge and too-short input raise errors with friendly messages."""
    with pytest.raises(EmptyInput):
        check_text(" \n\t ", max_chars=10_000)
    with pytest.raises(BinaryInput):
        check_text("\x00\x01\x02\x03" * 50, max_chars=10_000)
    with pytest.raises(InputTooLarge, match="too long"):
        check_text("a" * 10_001, max_chars=10_000)
    with pytest.raises(NotArticle, match="too short"):
        check_text("Breaking news tonight.", max_chars=10_000)


def test_word_check_reads_past_a_wordy_opening() -> None:
    """Text whose opening lines hold few words (a long link) is still an article when its body has enough."""
    link = "https://harbour.example/" + "x" * 900
    body = " ".join(["The ferry left the quay at dawn."] * 6)
    assert check_text(f"{link}\n\n{body}", max_chars=10_000).endswith("quay at dawn.")
    with pytest.raises(NotArticle, match=r"too short to brief \(10 words\)"):
        check_text(f"{link}\n\nThe ferry left the quay at dawn.", max_chars=10_000)


def test_decode_text_handles_encodings() -> None:
    """Text files decode from UTF-8 (with or without BOM), UTF-16 and legacy single-byte encodings."""
    assert decode_text("„Zitat“".encode()) == "„Zitat“"
    assert decode_text("\ufeffhello".encode()) == "hello"
    assert decode_text("«Bonjour»".encode("utf-16")) == "«Bonjour»"
    assert decode_text("café".encode("cp1252")) == "café"
    with pytest.raises(BinaryInput):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_untitled_paste_keeps_all_text() -> None:
    """Text whose first line is a sentence has no invented title."""
    text = " ".join(["The committee met on Monday and agreed to publish the report next week."] * 5)
    article = article_from_text(text, max_chars=10_000)
    assert article.title is None
    assert article.text.startswith("The committee met")


async def test_async_brief_runs_off_loop_and_notes_missing_llm(harbour_text: str, settings: Settings) -> None:
    """The async entry point gives the same briefing; asking for the LLM without one configured says so."""
    briefer = Briefer(settings)
    try:
        b = await briefer.brief(Source("text", harbour_text), engine="llm")
    finally:
        await briefer.aclose()
    assert b.engine == "extractive"
    assert any("LLM" in w for w in b.warnings)


def test_wire_credit_in_headline_becomes_the_source() -> None:
    """A pasted headline credited to an outlet ("Reuters: ...") gives the title without it and the site."""
    body = " ".join(["Officials in the capital confirmed the new budget plan on Friday evening."] * 4)
    article = article_from_text(f"Reuters: City approves new budget plan\n{body}", max_chars=10_000)
    assert article.title == "City approves new budget plan"
    assert article.site_name == "Reuters"
    labelled = article_from_text(f"Breaking: City approves new budget plan\n{body}", max_chars=10_000)
    assert labelled.site_name is None


def test_display_quote_drops_the_lead_in_comma() -> None:
    """A quotation cut before its attribution is shown without the trailing comma; the text stays verbatim."""
    from bot.briefing.models import display_quote

    assert display_quote("Everything is in play right now,") == "Everything is in play right now"
    assert display_quote("We will see: ") == "We will see"
    assert display_quote("It works.") == "It works."
