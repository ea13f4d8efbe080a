"""Quote extraction and speaker attribution on hand-written fictional snippets."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.briefing.models import Quote
from bot.briefing.quotes import extract_quotes, pick_quotes

FICTIONAL_ARTICLE = """Harbour Times: Valoria wants its neighbours to buy more ferries

The Harbour Times, citing two officials, reported that Valorian Prime Minister Anton Delacroix's \
cabinet plans to ask neighbouring states to buy more Valorian ferries as talks on the canal near their end.
The paper said earlier ferry purchases had been agreed during Marten's time in office.
Officials, including Delacroix's special envoy for shipping, Lena Ostrova, will discuss the sales with \
partners this week at the Northport Maritime Forum. They say it is one of several ideas to keep the \
shipyards busy.
However, Ostrova declined to confirm the plan to the Harbour Times, saying, "Valoria always likes selling \
ships built in Valoria because it keeps our yards working".
"There are a lot of options on the table. Everything is open right now," Ostrova said.
She added that ferries ordered under former Prime Minister Hugo Marten are still being delivered.
In March, Forum Secretary General Piet Van Laar urged members to keep ordering ships. He said partners would \
share the costs.
"""


def _texts(quotes: list[Quote]) -> list[str]:
    return [q.text for q in quotes]


def _speakers(quotes: list[Quote]) -> list[str | None]:
    return [q.speaker for q in quotes]


def _assert_verbatim(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        parts = q.parts or ((q.start, q.end),)
        assert q.text.replace(" … ", " ") == " ".join(text[s:e] for s, e in parts)
        assert q.start == parts[0][0]
        assert q.end == parts[-1][1]
        if not q.parts:
            assert text[q.start : q.end] == q.text


def test_seed_like_article_gives_the_two_envoy_quotes() -> None:
    """A seed-like article yields exactly the envoy's two quotes, both resolved to her full name."""
    quotes = extract_quotes(FICTIONAL_ARTICLE)
    assert _texts(quotes) == [
        "Valoria always likes selling ships built in Valoria because it keeps our yards working",
        "There are a lot of options on the table. Everything is open right now",
    ]
    assert _speakers(quotes) == ["Lena Ostrova", "Lena Ostrova"]
    _assert_verbatim(FICTIONAL_ARTICLE, quotes)


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "“We will open the bridge next spring,” Mara Quell said.",
            "We will open the bridge next spring",
            "Mara Quell",
        ),
        (
            "Mara Quell said, “We will open the bridge next spring.”",
            "We will open the bridge next spring.",
            "Mara Quell",
        ),
        (
            "“We will open the bridge next spring,” said Mara Quell.",
            "We will open the bridge next spring",
            "Mara Quell",
        ),
        (
            "Mara Quell said: “We will open the bridge next spring.”",
            "We will open the bridge next spring.",
            "Mara Quell",
        ),
        (
            "According to Mara Quell, “the bridge will open next spring.”",
            "the bridge will open next spring.",
            "Mara Quell",
        ),
        (
            "“The bridge will open next spring,” Mara Quell told reporters on Monday.",
            "The bridge will open next spring",
            "Mara Quell",
        ),
        (
            "“The bridge will open next spring,” Mara Quell, 57, a harbour engineer, said.",
            "The bridge will open next spring",
            "Mara Quell",
        ),
        (
            "“The bridge will open next spring,” Mayor Mara Quell (Ind.) said Tuesday.",
            "The bridge will open next spring",
            "Mara Quell",
        ),
    ],
)
def test_attribution_patterns(text: str, quote: str, speaker: str) -> None:
    """Each common English attribution pattern gives the quote and its named speaker."""
    quotes = extract_quotes(text)
    assert _texts(quotes) == [quote]
    assert _speakers(quotes) == [speaker]


@pytest.mark.parametrize(
    "verb",
    ["told", "added", "claimed", "insisted", "warned", "wrote", "noted", "argued", "asked", "explained"],
)
def test_reporting_verbs(verb: str) -> None:
    """The usual English reporting verbs all attribute a quote."""
    text = f"“Nobody here expected the tide to turn so fast,” Ivo Brandt {verb}."
    assert _speakers(extract_quotes(text)) == ["Ivo Brandt"]


def test_split_quote_is_one_quote_with_two_parts() -> None:
    """A quote split by its attribution is one Quote whose parts are both verbatim."""
    text = "“We tried everything,” Ivo Brandt said, “but the tide was faster than our pumps.”"
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.speaker == "Ivo Brandt"
    assert len(q.parts) == 2
    assert [text[s:e] for s, e in q.parts] == [
        "We tried everything",
        "but the tide was faster than our pumps.",
    ]
    assert q.text == "We tried everything … but the tide was faster than our pumps."
    assert (q.start, q.end) == (q.parts[0][0], q.parts[1][1])


def test_split_quote_across_sentences() -> None:
    """ "A," X said. "B." joins into one quote as well."""
    text = '"The pumps failed at midnight," Ivo Brandt said. "By dawn the square was under water."'
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].speaker == "Ivo Brandt"
    _assert_verbatim(text, quotes)


def test_multi_paragraph_quote() -> None:
    """A quote whose opening mark repeats at each paragraph and closes only at the end is one quote."""
    text = (
        "Ivo Brandt described the night in detail.\n\n"
        "“The pumps failed at midnight and nobody answered the phones at the depot.\n\n"
        "“By dawn the square was under water and the ferries could not leave,” he said.\n"
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert len(q.parts) == 2
    assert q.speaker == "Ivo Brandt"
    assert q.text.startswith("The pumps failed")
    assert q.text.endswith("could not leave")
    _assert_verbatim(text, quotes)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "Ivo Brandt sagte: „Wir haben die Pumpen die ganze Nacht betrieben.“",
            "Wir haben die Pumpen die ganze Nacht betrieben.",
        ),
        (
            "Ivo Brandt powiedział: „Pompy pracowały przez całą noc bez przerwy”.",
            "Pompy pracowały przez całą noc bez przerwy",
        ),
        (
            "« Nous avons fait tourner les pompes toute la nuit », a déclaré Ivo Brandt.",
            "Nous avons fait tourner les pompes toute la nuit",
        ),
        (
            "»Wir haben die Pumpen die ganze Nacht betrieben«, sagte Ivo Brandt.",
            "Wir haben die Pumpen die ganze Nacht betrieben",
        ),
        ("‘We ran the pumps all night long,’ Ivo Brandt said.", "We ran the pumps all night long"),
        ('"We ran the pumps all night long," Ivo Brandt said.', "We ran the pumps all night long"),
    ],
)
def test_quotation_mark_styles(text: str, quote: str) -> None:
    """Curly, straight, low-high, guillemets (inner spaces too), reversed guillemets and single marks pair."""
    quotes = extract_quotes(text)
    assert _texts(quotes) == [quote]
    assert quotes[0].speaker == "Ivo Brandt"


def test_apostrophes_are_not_marks() -> None:
    """Apostrophes in don’t, Brandt’s and ’90s do not open or close single quotes."""
    text = (
        "Brandt’s crew, veterans of the ’90s floods, don’t rest. "
        "‘We don’t stop until the square is dry again,’ Ivo Brandt said."
    )
    quotes = extract_quotes(text)
    assert _texts(quotes) == ["We don’t stop until the square is dry again"]
    assert quotes[0].speaker == "Ivo Brandt"


def test_nested_single_quote_belongs_to_outer() -> None:
    """A ‘…’ inside “…” stays part of the outer quote and is not a quote of its own."""
    text = "“They kept shouting ‘open the gates now’ at the guards all night,” Ivo Brandt said."
    quotes = extract_quotes(text)
    assert _texts(quotes) == ["They kept shouting ‘open the gates now’ at the guards all night"]


def test_straight_marks_pair_in_order_within_a_paragraph() -> None:
    """Straight marks pair in order, so two quotes in one paragraph stay apart."""
    text = (
        '"The dock is closed for the whole week," Ivo Brandt said. '
        'Later he added "The ferries will wait outside."'
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 2
    assert all(q.speaker == "Ivo Brandt" for q in quotes)
    _assert_verbatim(text, quotes)


def test_pronoun_resolves_to_last_fitting_person_by_gender() -> None:
    """A pronoun speaker becomes the last named person of the matching gender, never the pronoun."""
    text = (
        "Ms. Lena Ostrova met Ivo Brandt at the harbour on Monday.\n\n"
        "“The ferries will sail again before the winter storms,” she said."
    )
    quotes = extract_quotes(text)
    assert _speakers(quotes) == ["Lena Ostrova"]


def test_pronoun_resolves_to_male_person() -> None:
    """ "he" skips a woman named more recently and finds the man."""
    text = (
        "Mr. Ivo Brandt spoke after Ms. Lena Ostrova left the stage.\n\n"
        "“The ferries will sail again before the winter storms,” he said."
    )
    assert _speakers(extract_quotes(text)) == ["Ivo Brandt"]


def test_unresolvable_pronoun_gives_no_speaker() -> None:
    """With nobody named before it, "he" gives None, not "he"."""
    text = "“The ferries will sail again before the winter storms,” he said."
    assert _speakers(extract_quotes(text)) == [None]


def test_surname_and_title_resolve_to_full_name() -> None:
    """ "Brandt" and "Mr. Brandt" resolve to the full name given earlier; titles stay out of names."""
    text = (
        "Harbour Commissioner Ivo Brandt opened the session.\n\n"
        "“We need a second pump station before the spring tides,” Brandt said.\n\n"
        "“The money is already in the budget for next year,” Mr. Brandt added."
    )
    assert _speakers(extract_quotes(text)) == ["Ivo Brandt", "Ivo Brandt"]


def test_title_kept_out_of_name() -> None:
    """ "Forum Secretary General Piet Van Laar" attributes to "Piet Van Laar"."""
    text = "“Members must keep ordering ships this year,” said Forum Secretary General Piet Van Laar."
    assert _speakers(extract_quotes(text)) == ["Piet Van Laar"]


def test_organisation_as_speaker() -> None:
    """An organisation can be the speaker, article included."""
    text = "“No decision on the canal tolls has been made yet,” the Admiralty said in a statement."
    assert _speakers(extract_quotes(text)) == ["the Admiralty"]


def test_speaker_from_earlier_in_the_sentence() -> None:
    """ "X declined ..., saying, "…"" attributes to the sentence's subject."""
    text = (
        "Lena Ostrova arrived late. However, Ostrova declined to confirm the plan, "
        "saying, “Everything is still open at this point.”"
    )
    assert _speakers(extract_quotes(text)) == ["Lena Ostrova"]


def test_next_sentence_reporting_something_else_is_not_the_cue() -> None:
    """'…." He also said …' after a quote is a new sentence, so the cue before the quote wins."""
    text = (
        "Mr. Otto Reiss listened. Ms. Lena Ostrova spoke to the crowd, saying, "
        '"We will rebuild the whole pier by the summer." He also said the ferries would return soon.'
    )
    assert _speakers(extract_quotes(text)) == ["Lena Ostrova"]


def test_speaker_announced_by_colon_in_previous_paragraph() -> None:
    """A paragraph ending "X put it this way:" gives the speaker of the quote that follows."""
    text = "Lena Ostrova put it this way:\n\n“The harbour is the heart of this town and it needs work.”"
    assert _speakers(extract_quotes(text)) == ["Lena Ostrova"]


def test_quote_without_cue_continues_previous_speaker() -> None:
    """A paragraph-long quote right after an attributed one keeps the same speaker."""
    text = (
        "“The pumps failed at midnight,” Ivo Brandt said.\n\n"
        "“By dawn the square was under water and the ferries could not leave.”"
    )
    assert _speakers(extract_quotes(text)) == ["Ivo Brandt", "Ivo Brandt"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("„Wir haben die Pumpen die ganze Nacht betrieben“, sagte Ivo Brandt.", "Ivo Brandt"),
        ("« Nous avons fait tourner les pompes toute la nuit », dit Ivo Brandt.", "Ivo Brandt"),
        ("Ivo Brandt explique : « Nous avons fait tourner les pompes toute la nuit. »", "Ivo Brandt"),
        ("«Hemos mantenido las bombas funcionando toda la noche», dijo Ivo Brandt.", "Ivo Brandt"),
        ("«Ми працювали з насосами всю ніч без перерви», – сказав Іван Бранко.", "Іван Бранко"),
        ("«Мы работали с насосами всю ночь без перерыва», – заявил Иван Бранко.", "Иван Бранко"),
        ("Ivo Brandt a déclaré : « Nous avons fait tourner les pompes toute la nuit. »", "Ivo Brandt"),
    ],
)
def test_other_languages(text: str, speaker: str) -> None:
    """German, French, Spanish, Ukrainian and Russian reporting verbs attribute quotes."""
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].speaker == speaker


def test_french_pronoun_inversion() -> None:
    """« … », dit-il resolves "il" to the last man named."""
    text = (
        "M. Ivo Brandt est arrivé au port.\n\n« Nous avons fait tourner les pompes toute la nuit », dit-il."
    )
    assert _speakers(extract_quotes(text)) == ["Ivo Brandt"]


@pytest.mark.parametrize(
    "text",
    [
        "The critics called the plan a “floating disaster” and moved on.",  # scare quote
        "Ivo “The Anchor” Brandt runs the harbour crew with an iron hand.",  # nickname
        "She starred in “The Long Night Of The Harbour” last winter with two friends.",  # title of a work
        "The sign simply read “closed” for the rest of the week, residents said.",  # short span
    ],
)
def test_non_quotes_are_left_out(text: str) -> None:
    """Scare quotes, nicknames, titles of works and short spans are not quotations."""
    assert extract_quotes(text) == []


def test_short_quote_kept_when_clearly_attributed() -> None:
    """A short span stays when it is clearly attributed speech."""
    quotes = extract_quotes("“Absolutely not,” Ivo Brandt said.")
    assert _texts(quotes) == ["Absolutely not"]


def test_headline_quote_is_left_out() -> None:
    """A quote in a leading headline line is not one of the article's quotes."""
    text = (
        "Brandt: “We will keep the pumps running all winter”\n\n"
        "“We will keep the pumps running all winter long,” Ivo Brandt told the council."
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].start > text.index("\n")


def test_empty_and_markless_text() -> None:
    """Text without quotation marks has no quotes."""
    assert extract_quotes("") == []
    assert extract_quotes("Nobody said anything at the harbour today.") == []


_MARKS = "“”„«»‘’‚\"'「」『』"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list(_MARKS)),
            st.sampled_from([" ", "\n", "\n\n", ", ", ". ", " said ", " Ivo Brandt ", " he ", "We ran "]),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
        ),
        max_size=60,
    ).map("".join)
)
def test_quotes_are_verbatim_at_their_offsets(text: str) -> None:
    """Every quote (each part of a split one) is verbatim at its offsets, whatever the input."""
    quotes = extract_quotes(text)
    _assert_verbatim(text, quotes)
    for q in quotes:
        assert q.speaker is None or q.speaker.lower() not in {"he", "she", "they", "it"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))))
def test_random_unicode_does_not_crash(text: str) -> None:
    """Random Unicode, control characters included, never crashes the extractor."""
    _assert_verbatim(text, extract_quotes(text))


@pytest.mark.parametrize("unit", ["“", '"', "“”", "‘’«»„“", "“a” ", '"x" said Y. '])
def test_five_megabytes_of_marks_stay_linear(unit: str) -> None:
    """A 5 MB string of quotation marks is processed in linear time (generous bound, not a timing test)."""
    text = (unit * (5_000_000 // len(unit)))[:5_000_000]
    started = time.process_time()
    extract_quotes(text)
    # A quadratic pass over 5 MB would take hours; this bound only catches such a blow-up.
    assert time.process_time() - started < 60


def test_sentence_initial_words_are_not_speakers() -> None:
    """Sentence-initial words ("Example:", "Don’t say") are no speakers; a surname used alone still is."""
    text = (
        "Use the word only when you mean it. Example: “That was so funny I literally cried out.” Fine.\n\n"
        "Don’t say “this post is so snobbish it literally burned up my computer.” It did not.\n\n"
        "Black said: “We will keep the depot open until the end of the winter season.” The depot is old."
    )
    assert _speakers(extract_quotes(text)) == [None, None, "Black"]


def test_pick_quotes_prefers_attributed_substantial_quotes() -> None:
    """Quotes to show: attributed and substantial first, then the rest, always in reading order."""
    quotes = [
        Quote("scare quote here", None, 0, 16),
        Quote("an unattributed but long remark about the harbour works", None, 20, 75),
        Quote("We cannot keep asking crews to work behind that wall", "Elena Brandt", 80, 132),
        Quote("Waiting another winter would be gambling", "Ines Okafor", 140, 180),
    ]
    assert pick_quotes(quotes, 2) == [quotes[2], quotes[3]]
    assert pick_quotes(quotes, 3) == quotes[1:]
    assert pick_quotes(quotes, 0) == []
