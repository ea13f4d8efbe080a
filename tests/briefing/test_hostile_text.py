"""Hostile text shapes: sentence splitting is linear in the input, whatever its marks."""

from __future__ import annotations

import pytest

from bot.briefing.text import split_sentences

SIZE = 300_000  # a quadratic splitter takes minutes on these; a linear one a fraction of a second
SHAPES = {
    "initials": "A. ",
    "dots without space": ".....x",
    "marks and closers": "?!”)x ",
    "openers after a stop": "a. ((((",
    "blank lines": "\n \n",
    "one long word": "a",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_split_sentences_keeps_offsets_on_hostile_shapes(shape: str) -> None:
    """Every sentence of a 300 KB hostile shape is the exact slice of the text at its offsets."""
    unit = SHAPES[shape]
    text = unit * (SIZE // len(unit))
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_initials_stay_inside_one_sentence() -> None:
    """A run of initials ("A. A. A.") never ends a sentence, however long it is."""
    text = "Officials named " + "A. " * 50_000 + "Smith as the winner. The vote was close."
    sentences = split_sentences(text)
    assert [s.text[-10:] for s in sentences] == ["he winner.", "was close."]


PAYWALL_PHRASES = [
    "Subscribe now to continue reading.",
    "SUBSCRIBE TODAY TO UNLOCK",
    "Already a member?",
    "To keep reading, please sign in",
    "This story is only available to subscribers",
    "The piece is exclusive for paying readers",
    "For members only",
    "subscriber-exclusive",
    "You've reached your 5 free articles",
    "You have used all of your free stories",
    "Log in or register to keep reading",
    "Create a free account to read",
    "Unlock the full story",
    "Start your free trial to continue",
    "ſubscribe now to continue reading",
]


@pytest.mark.parametrize("phrase", PAYWALL_PHRASES)
def test_paywall_word_filter_never_hides_a_phrase(phrase: str) -> None:
    """The cheap word check before the paywall pattern lets every phrase the pattern knows through."""
    from bot.briefing.extract import _PAYWALL, _paywall_in

    text = f"The council met on Tuesday. {phrase} The vote was close."
    assert _PAYWALL.search(text) is not None
    assert _paywall_in(text)
