"""Quote extraction and speaker attribution on hand-written fictional snippets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.briefing.lexicon import for_language
from bot.briefing.models import Quote
from bot.briefing.people import People
from bot.briefing.quotes import _Context, extract_quotes, pick_quotes

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


def test_short_quote_left_out_even_when_attributed() -> None:
    """A quotation under four words is no key quote, even with a speaker; four words are enough."""
    assert extract_quotes("“Absolutely not,” Ivo Brandt said.") == []
    quotes = extract_quotes("“Absolutely not, never again,” Ivo Brandt said.")
    assert _texts(quotes) == ["Absolutely not, never again"]


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
def test_five_megabytes_of_marks_are_read_whole(unit: str) -> None:
    """A 5 MB string of quotation marks is briefed whole and verbatim (a quadratic pass would never end).

    Its time is measured in bench.hostile, not here.
    """
    text = (unit * (5_000_000 // len(unit)))[:5_000_000]
    _assert_verbatim(text, extract_quotes(text))


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


# ---------------------------------------------------------------------------------------------------------
# attribution by grammar: the examples of issue 9, on fictional articles
# ---------------------------------------------------------------------------------------------------------


def test_pronoun_speaker_is_the_woman_named_before_not_the_organisation() -> None:
    """ "she said" after a label's statement is the singer, and the label's own statement is the label's."""
    text = (
        "Singer Mira Vale says her old label, Stonegate Records, blocked her concert.\n\n"
        "“I just want to be able to sing my own songs on that stage,” she said on Friday.\n\n"
        "“At no point did we block the concert or her film,” Stonegate Records said in a statement."
    )
    assert _speakers(extract_quotes(text)) == ["Mira Vale", "Stonegate Records"]


def test_organisation_subject_speaks() -> None:
    """An organisation that is the subject of the reporting verb is the speaker ("the Pentagon said")."""
    text = "“No ships will leave the harbour before the storm has passed,” the Admiralty said on Monday."
    assert _speakers(extract_quotes(text)) == ["the Admiralty"]


def test_sentence_opening_gerund_is_not_part_of_the_name() -> None:
    """ "Hosting Ostrova at the forum, Brandt said" gives Brandt, never "Hosting Ostrova"."""
    text = (
        "Ivo Brandt runs the harbour board. Lena Ostrova leads the ferry union.\n\n"
        "Hosting Ostrova at the forum, Brandt said: “We will keep every ferry route open next year.”"
    )
    assert _speakers(extract_quotes(text)) == ["Ivo Brandt"]


def test_place_in_a_role_is_not_part_of_the_name() -> None:
    """ "special envoy for Valoria Peter Brandt said" names Piet Brandt, not "Valoria Piet Brandt"."""
    text = "“The canal talks will resume in spring,” special envoy for Valoria Peter Brandt said."
    assert _speakers(extract_quotes(text)) == ["Peter Brandt"]


def test_apposition_with_an_institution_gives_the_person() -> None:
    """ "Jane Roe, associate director of the Harbour Science Directorate, said" gives Jane Roe."""
    text = (
        "“The survey was designed to map the whole seabed in one season,” Jane Roe, associate director of "
        "the Harbour Science Directorate, said in the statement."
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_speaker_after_verb_with_apposition() -> None:
    """ "…," said John Wills, a professor at the college. gives John Wills."""
    text = "“Tolls are a tax on every crossing,” said John Wills, a professor at the Northport college."
    assert _speakers(extract_quotes(text)) == ["John Wills"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("„Wir öffnen die Altstadt für alle Menschen“, sagte Müller im Rathaus.", "Müller"),
        (
            "«Vamos a construir diez mil viviendas este año», dijo la ministra de Medio Ambiente, "
            "Carla Ruiz, en Madrid.",
            "Carla Ruiz",
        ),
        ("«Ми відбудуємо цей міст до зими», — заявив Іван Бранко у Києві.", "Іван Бранко"),
        ("«Ми відбудуємо цей міст до зими», — сказав Іван Бранко під час брифінгу.", "Іван Бранко"),
    ],
)
def test_places_and_time_expressions_are_never_speakers(text: str, speaker: str) -> None:
    """A prepositional phrase ("im Rathaus", "en Madrid", "у Києві", "під час") is not the speaker."""
    assert _speakers(extract_quotes(text)) == [speaker]


def test_apposition_after_role_gives_the_name() -> None:
    """ "said the coach, Tom Price." resolves to the name in the apposition."""
    text = "‘We were the better side for most of the match,’ said the coach, Tom Price."
    assert _speakers(extract_quotes(text)) == ["Tom Price"]


def test_unnamed_speaker_is_shown_as_described() -> None:
    """ "according to a senior official" shows the description."""
    text = "“The bridge will not reopen before the summer,” according to a senior official."
    assert _speakers(extract_quotes(text)) == ["a senior official"]


def test_role_reference_resolves_to_the_person_named_before() -> None:
    """ "the 56-year-old" and "the coach" point back to the person named before."""
    text = (
        "Harbour United sacked coach Tom Price on Sunday after six defeats.\n\n"
        "“I gave this club everything I had for three years,” the 56-year-old said."
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price"]


def test_split_quote_in_one_paragraph_keeps_each_part() -> None:
    """ "A," X said. "B." in one paragraph is one quote: each part verbatim, an ellipsis between them."""
    text = "“We will not back down,” Interior Minister Carla Mendes said. “Not now, and not after the vote.”"
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.speaker == "Carla Mendes"
    assert [text[s:e] for s, e in q.parts] == ["We will not back down", "Not now, and not after the vote."]
    assert q.text == "We will not back down … Not now, and not after the vote."


def test_split_quote_over_two_paragraphs_keeps_each_part() -> None:
    """In two paragraphs, both parts keep their own words and the speaker; nothing is glued together."""
    text = (
        "“We will not back down,” Interior Minister Carla Mendes said.\n\n“Not now, and not after the vote.”"
    )
    quotes = extract_quotes(text)
    assert all(q.speaker == "Carla Mendes" for q in quotes)
    assert not any("down, Not" in q.text or "down Not" in q.text for q in quotes)
    _assert_verbatim(text, quotes)


def test_a_joined_quote_never_hides_the_words_between_its_parts() -> None:
    """When words stood between two parts, the shown text has an ellipsis there."""
    text = (
        "“The inquiry was a farce from the start,” Jane Roe said of the impeachment, “and everyone "
        "in this town knows it.”"
    )
    for q in extract_quotes(text):
        if q.parts:
            assert " … " in q.text


def test_polish_dash_attribution() -> None:
    """„…” – powiedział premier X. attributes the Polish quote to the prime minister."""
    text = "„Nie wycofamy się z tej reformy” – powiedział premier Jan Kowal."
    quotes = extract_quotes(text)
    assert _texts(quotes) == ["Nie wycofamy się z tej reformy"]
    assert _speakers(quotes) == ["Jan Kowal"]


def test_repeated_paragraph_gives_each_quote_once() -> None:
    """A paste that repeats one paragraph shows each quote once, at its first occurrence."""
    paragraph = "“The ferries will run all winter,” Ivo Brandt said. “Nobody will be left on the island.”\n\n"
    text = "Harbour news\n\n" + paragraph * 200
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].start < len(paragraph) + 14


def test_quote_keeps_no_attribution_punctuation() -> None:
    """The comma that leads into "she said" is not part of the quote."""
    quotes = extract_quotes("“Everything is in play right now,” Lena Ostrova said.")
    assert _texts(quotes) == ["Everything is in play right now"]


# ---------------------------------------------------------------------------------------------------------
# each language's conventions
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quotes", "speaker"),
    [
        (
            "»Die Pumpen liefen die ganze Nacht«, sagte Ivo Brandt.",
            ["Die Pumpen liefen die ganze Nacht"],
            "Ivo Brandt",
        ),
        (
            "Laut Ivo Brandt „liefen die Pumpen die ganze Nacht ohne Pause“.",
            ["liefen die Pumpen die ganze Nacht ohne Pause"],
            "Ivo Brandt",
        ),
        (
            "« Nous avons tout essayé, a-t-elle affirmé, mais la marée était plus rapide. »",
            ["Nous avons tout essayé", "mais la marée était plus rapide."],
            None,
        ),
        (
            "«Non si tratta di chiudere il porto», ha detto l'assessora alla Mobilità Giulia Neri a Palazzo "
            "Marino, «ma di renderlo sicuro».",
            ["Non si tratta di chiudere il porto", "ma di renderlo sicuro"],
            "Giulia Neri",
        ),
        (
            "«Os barcos vão sair amanhã de manhã», declarou o secretário de Estado, Rui Lobo, no Parlamento.",
            ["Os barcos vão sair amanhã de manhã"],
            "Rui Lobo",
        ),
        (
            '"De veerboten varen de hele winter door", zei wethouder Sanne Bos in de gemeenteraad.',
            ["De veerboten varen de hele winter door"],
            "Sanne Bos",
        ),
        (
            "„Mieszkańcy słyszą te obietnice od lat – stwierdziła radna Anna Nowak. – Chcemy konkretów”.",
            ["Mieszkańcy słyszą te obietnice od lat", "Chcemy konkretów"],
            "Anna Nowak",
        ),
        (
            "«Я играла эту роль двадцать лет назад, — призналась Ольга Тамм, — и вернулась хозяйкой».",
            ["Я играла эту роль двадцать лет назад", "и вернулась хозяйкой"],
            "Ольга Тамм",
        ),
    ],
)
def test_language_conventions(text: str, quotes: list[str], speaker: str | None) -> None:
    """Each language's marks and verbs, and attributions inside one pair of marks, give parts and speaker."""
    found = extract_quotes(text)
    assert len(found) == 1
    q = found[0]
    assert [text[s:e] for s, e in (q.parts or ((q.start, q.end),))] == quotes
    assert q.speaker == speaker


def test_french_inner_attribution_resolves_the_pronoun() -> None:
    """« A, a-t-elle précisé, B » resolves "elle" to the woman named before."""
    text = (
        "La maire Sophie Marchal a présenté le projet jeudi.\n\n"
        "« Le budget du projet, a-t-elle précisé, reste sous la barre des 900 millions. »"
    )
    assert _speakers(extract_quotes(text)) == ["Sophie Marchal"]


def test_spanish_dialogue_dash() -> None:
    """A paragraph opened by a dash is speech: "—A —explicó el pescador—. B." gives both parts."""
    text = (
        "En el puerto, Manuel Ferreiro recoge sus redes.\n\n"
        "—Esto nos deja sin ingresos antes de Navidad —explicó el veterano pescador—. "
        "Y nadie nos ha dicho cuánto va a durar."
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    assert [text[s:e] for s, e in quotes[0].parts] == [
        "Esto nos deja sin ingresos antes de Navidad",
        "Y nadie nos ha dicho cuánto va a durar.",
    ]
    assert quotes[0].speaker == "Manuel Ferreiro"


def test_dialogue_dash_after_a_colon_announcement() -> None:
    """ "X fue más tajante:" ¶ "—…" gives X."""
    text = (
        "A su lado, su compañera Pilar Sanz fue más tajante:\n\n"
        "—Llevamos años pidiendo ayudas y siempre llegan tarde."
    )
    assert _speakers(extract_quotes(text)) == ["Pilar Sanz"]


def test_pro_drop_verb_is_the_person_named_before() -> None:
    """«…», ha detto. with no subject written is the person named before."""
    text = (
        "Chiara Sereni ha presentato il suo film al Lido.\n\n"
        "«Per due anni nessun produttore voleva scommettere su di me», ha detto."
    )
    assert _speakers(extract_quotes(text)) == ["Chiara Sereni"]


def test_slavic_role_and_verb_gender_resolve() -> None:
    """ "— призналась актриса" resolves to the woman named before, by the verb's gender."""
    text = (
        "Роль исполнила Ольга Тамм, а режиссёром был Иван Бранко.\n\n"
        "«Я играла эту роль двадцать лет назад», — призналась актриса."
    )
    assert _speakers(extract_quotes(text)) == ["Ольга Тамм"]


def test_genitive_after_according_to_resolves_to_the_named_person() -> None:
    """ "Według Zielińskiego „…”" resolves the inflected surname to "Tomasz Zieliński"."""
    text = (
        "„Przetarg trzeba było powtórzyć” – powiedział wiceprezydent Tomasz Zieliński.\n\n"
        "Według Zielińskiego „opóźnienie nie wpłynie na termin otwarcia stacji”."
    )
    assert _speakers(extract_quotes(text)) == ["Tomasz Zieliński", "Tomasz Zieliński"]


def test_described_speaker_with_a_genitive_keeps_it() -> None:
    """ "een woordvoerder van Infrail" is shown as described."""
    text = '"Onze technici zijn meteen ter plaatse gegaan", zei een woordvoerder van Infrail.'
    assert _speakers(extract_quotes(text)) == ["een woordvoerder van Infrail"]


def test_name_given_only_in_another_case_is_shown_as_cited() -> None:
    """ "По мнению критика Елены Вяткиной" shows the name as cited: "Елена Вяткина"."""
    text = (
        "Спектакль шёл почти четыре часа.\n\n"
        "По мнению театрального критика Елены Вяткиной, «это самый смелый спектакль театра "
        "за последние годы»."
    )
    assert _speakers(extract_quotes(text)) == ["Елена Вяткина"]


def test_role_after_an_unnamed_introduction_stays_unnamed() -> None:
    """ "Ein Sprecher des Ministeriums …" then "sagte der Sprecher" is still that unnamed spokesman."""
    text = (
        "Bergführer Markus Gstrein warnte am Freitag vor Lawinen.\n\n"
        "Ein Sprecher des Innenministeriums kündigte neue Regeln an. „Was am Ende wirklich hilft“, sagte der "
        "Sprecher in Wien, „ist die Eigenverantwortung jedes Einzelnen.“"
    )
    assert set(_speakers(extract_quotes(text))) == {"Ein Sprecher des Innenministeriums"}


def test_unnamed_plural_cue_does_not_borrow_the_last_speaker() -> None:
    """ "У службі повідомили: «…»" has no person speaking; it does not inherit the quote before."""
    text = (
        "«Нам уже двічі обіцяли ремонт до вересня», — розповіла Ірина Мельник.\n\n"
        "У Державній службі з надзвичайних ситуацій повідомили: «Під час рейдів ми виявили зачинені укриття»."
    )
    assert _speakers(extract_quotes(text)) == ["Ірина Мельник", None]


def test_name_starts_at_a_known_first_name() -> None:
    """ "burmistrz Kłodzka Jan Nowicki" names Jan Nowicki, and a later role points back to him."""
    text = (
        "„Mamy przygotowanych ponad 40 tysięcy worków z piaskiem” – zapewnił burmistrz Kłodzka Jan Nowicki. "
        "„Pamiętamy, co działo się tu w 1997 roku” – dodał 47-letni samorządowiec."
    )
    assert _speakers(extract_quotes(text)) == ["Jan Nowicki", "Jan Nowicki"]


def test_organisation_noun_points_back_to_the_organisation() -> None:
    """ "the production company said" is the company named before, never one named inside the quote."""
    text = (
        "Harbour Lights Productions denied any deal on Monday.\n\n"
        "“At no time did we agree to a statement with Stonegate Label Group,” the production company said."
    )
    assert _speakers(extract_quotes(text)) == ["Harbour Lights Productions"]


def test_initials_are_spelled_out_as_the_article_introduced_them() -> None:
    """ "the HPA said" after "the Harbour Protection Agency (HPA)" shows the full name."""
    text = (
        "The Harbour Protection Agency (HPA) published its yearly report on Monday.\n\n"
        "“The bay remains the main entry point for smuggled goods,” the HPA said."
    )
    assert _speakers(extract_quotes(text)) == ["Harbour Protection Agency"]


def test_object_of_a_preposition_is_not_the_pronoun_speaker() -> None:
    """ "she said" after "… harm to Vale" is the woman who was the subject, not the object."""
    text = (
        "Lena Ostrova, the defendant’s lawyer, said her client never meant harm to Mira Vale.\n\n"
        "“He is passionate about his beliefs,” she said in an email."
    )
    assert _speakers(extract_quotes(text)) == ["Lena Ostrova"]


def test_role_reference_prefers_the_one_just_speaking() -> None:
    """ "said the actor" right after Vale's quotation is Vale, not a host named earlier."""
    text = (
        "Vale was voted off the show, in what host Tom Brook called a hard verdict.\n\n"
        "“We lost the baby,” Jim Vale said.\n\n"
        "“You never know why these things happen,” said the actor."
    )
    assert _speakers(extract_quotes(text)) == ["Jim Vale", "Jim Vale"]


def test_hyphenated_place_adjective_is_not_a_speaker() -> None:
    """ "according to the London-based Centre for Policy Research" is the centre, never "London-based"."""
    text = "“Tariffs are a tax on consumers,” according to the London-based Centre for Policy Research."
    speaker = _speakers(extract_quotes(text))[0]
    assert speaker is not None
    assert "Centre" in speaker


def test_the_statement_speaks_for_whoever_issued_it() -> None:
    """ "the statement read" is the organisation that issued "a statement" a little before."""
    text = (
        "On Monday, Harbour Lantern Records issued a statement about the dispute.\n\n"
        "Critics said the label had gone too far.\n\n"
        "“We have always honoured every request our artists made of us,” the statement read."
    )
    assert _speakers(extract_quotes(text)) == ["Harbour Lantern Records"]


def test_statement_mentioned_in_passing_names_no_issuer() -> None:
    """A statement introduced only "according to" a newspaper is not the newspaper's."""
    text = (
        "According to The Northport Gazette, a statement was sent to the club members.\n\n"
        "“We are going to wind down the club and end all membership dues this year,” the statement read."
    )
    assert _speakers(extract_quotes(text)) == [None]


def test_name_and_her_team_is_the_named_one() -> None:
    """ "Roe and her team wrote" is Jane Roe speaking for her team."""
    text = (
        "Researchers led by Jane Roe studied the moon.\n\n"
        "“We suggest that the ice on the moon is thinner than thought,” Roe and her team wrote in the paper."
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_lyrics_are_not_quotations() -> None:
    """What a singer sings, and the line that follows it, is a lyric, not something said."""
    text = (
        "The film ends with Mira Vale on stage in Northport.\n\n"
        "“Had to find my own way, make my own mistakes, and I had to go,” she sings. "
        "“No silver road running through the harbour, but I found one stronger than stone.”\n\n"
        "“It was the hardest scene we shot in the whole film,” Vale said."
    )
    assert _texts(extract_quotes(text)) == ["It was the hardest scene we shot in the whole film"]


def test_cue_ending_in_a_colon_announces_the_next_quotation() -> None:
    """'…." Roe agreed: "…"' gives the second quotation to Roe, and the first stays with Price."""
    text = (
        "Jane Roe and Tom Price wrote the songs together.\n\n"
        "“It is a totally different muscle,” Price said. “You have to take yourself out of it a little.” "
        "Roe agreed: “It is a different job altogether, and a hard one to learn.”"
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price", "Jane Roe"]


def test_pronoun_is_the_subject_of_the_sentence_before() -> None:
    """ "he said" after "Roe declined to say whether Price slept" is Roe, though Price was named last."""
    text = (
        "Tom Roe represents the guard, Dan Price, in the case.\n\n"
        "“We had hoped the office would look at the failures of the whole system,” Roe said.\n\n"
        "Roe declined to say whether Price slept on the job that night. "
        "“When all the evidence is presented about how the system was run,” he said, "
        "“maybe you will see it differently.”"
    )
    assert _speakers(extract_quotes(text)) == ["Tom Roe", "Tom Roe"]


def test_pronoun_after_a_paraphrase_is_the_last_speaker() -> None:
    """ "Sometimes staff break the rules, he said." follows Roe's quotation: "he" is Roe, not Price."""
    text = (
        "Tom Roe represents the guard, Dan Price, in the case.\n\n"
        "“We had hoped the office would look at the failures of the whole system,” Roe said.\n\n"
        "Sometimes staff do not follow the rules, he said. "
        "“But does that mean they should be charged and lose their whole career?”"
    )
    assert _speakers(extract_quotes(text)) == ["Tom Roe", "Tom Roe"]


def test_initials_resolve_to_the_name_spelled_out_earlier() -> None:
    """ "the HFA says" is the Harbour Freight Authority the article named in full, without brackets."""
    text = (
        "The figures were published by the Harbour Freight Authority in October.\n\n"
        'The HFA says the bay "remains the main entry point for smuggled goods into the country."'
    )
    assert _speakers(extract_quotes(text)) == ["Harbour Freight Authority"]


def test_apposition_description_gives_way_to_the_study_it_describes() -> None:
    """ "a study by the Centre …, a London-based think tank, concluded" is the Centre, not the description."""
    text = (
        "As we noted, a March study by the Centre for Tariff Research, a London-based think tank, "
        'concluded that "the full cost of the tariff falls on domestic consumers in the end."'
    )
    assert _speakers(extract_quotes(text)) == ["Centre for Tariff Research"]


def test_pronoun_skips_a_role_before_the_subject_name() -> None:
    """ "he added" after "Chief negotiator Saeb Roe said …" is Roe, though another man was named later."""
    text = (
        "The plan was announced by Tom Price on Monday.\n\n"
        "Chief negotiator Saeb Roe said they would fight the plan that Price announced.\n\n"
        "“We are going to the assembly and we will ask the court to investigate,” he added."
    )
    assert _speakers(extract_quotes(text)) == ["Saeb Roe"]


def test_paragraph_opening_quote_follows_the_paragraph_that_reports_speech() -> None:
    """A quotation opening its paragraph, with no cue, is said by whom the paragraph before reported."""
    text = (
        "Chief negotiator Saeb Roe said the move was only the latest attempt to force a surrender.\n\n"
        "“They wanted us on our knees and they used every trick to put pressure on us.”"
    )
    assert _speakers(extract_quotes(text)) == ["Saeb Roe"]


def test_paragraph_opening_quote_after_a_plain_paragraph_stays_unattributed() -> None:
    """A paragraph that reports no speech gives its subject no quotation."""
    text = (
        "Saeb Roe arrived in the capital on Monday for the talks.\n\n"
        "“They wanted us on our knees and they used every trick to put pressure on us.”"
    )
    assert _speakers(extract_quotes(text)) == [None]


def test_ministry_with_its_nationality_names_itself() -> None:
    """ "The Dutch foreign ministry said" is shown as written, not as the organisation named last."""
    text = (
        "The Harbour Council met on Monday to discuss the canal.\n\n"
        'The Dutch foreign ministry said it "regrets any decision likely to encourage more building".'
    )
    assert _speakers(extract_quotes(text)) == ["the Dutch foreign ministry"]


def test_role_words_before_a_name_with_a_long_apposition() -> None:
    """ "…," study lead author Jane Roe, a scientist at …, said: the name after its role speaks."""
    text = (
        '"Essential elements are found all over the solar system. But water is hard to find," '
        "study lead author Jane Roe, a planetary scientist at the Northport Space Flight Center in "
        "Greenbelt, Valoria, and Harbour University in Northport, said in a statement."
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_pronoun_right_before_the_verb_is_its_subject() -> None:
    """ "The aide who took the call recalled that he said" gives the quotation to "he", not the aide."""
    text = (
        "Tom Price was charged on Monday over a call to the senator's office.\n\n"
        'The aide who took the call recalled that he said, "I will make you pay for every single vote."'
    )
    assert _speakers(extract_quotes(text)) == ["Tom Price"]


def test_as_someone_put_it() -> None:
    """ "As Roe put it, “…”" gives the quotation to Roe."""
    text = (
        "Jane Roe and Tom Price both knew the author well.\n\n"
        "As Roe put it, “Had he written a series of five books in that world, he would have been famous.”"
    )
    assert _speakers(extract_quotes(text)) == ["Jane Roe"]


def test_quoted_heading_does_not_continue_the_speaker_before() -> None:
    """A quotation standing alone as a heading, with no full stop, is not the last speaker's next words."""
    text = (
        "“I can say with confidence that the harbour authority does not control the ferries,” Roe said.\n\n"
        "“… prevent the evacuation of the civilians from the northern camp”\n\n"
        "A reporter's source inside the camp said the claim was false."
    )
    speakers = {q.text: q.speaker for q in extract_quotes(text)}
    assert speakers.get("… prevent the evacuation of the civilians from the northern camp") is None


@pytest.mark.parametrize(
    "text",
    [
        "The mayor spoke at length on Channel Nine's “Good Evening Harbourside.” Nobody was surprised.",
        "She wrote the memoir “Lessons From The Northern Pier.” It sold well across the whole country.",
        "O instituto publicou no ano passado o relatório “Rios em Movimento na Serra”, com dados novos.",
    ],
)
def test_title_inside_a_sentence_is_left_out(text: str) -> None:
    """A Title-Case name of a show, book or report after a noun or a preposition is no quotation."""
    assert extract_quotes(text) == []


def test_title_in_the_attribution_is_not_a_part_of_the_quote() -> None:
    """ "“A,” she said on “Show Name.” “B.”" shows A and B, never the show's name as a part."""
    text = (
        "Jane Roe spoke on Sunday.\n\n"
        "“I have always said that the harbour must stay open,” she said on “Good Evening Harbourside.” "
        "“But keeping it open and paying for it are two very different things.”"
    )
    quotes = extract_quotes(text)
    assert "Harbourside" not in " ".join(_texts(quotes))
    assert _texts(quotes)[0] == "I have always said that the harbour must stay open"
    assert set(_speakers(quotes)) == {"Jane Roe"}


def test_title_is_never_the_speaker() -> None:
    """ "Roe, the co-author of “Going Under,” said …" does not give the words to the book's title."""
    text = (
        "Jane Roe teaches at the harbour college.\n\n"
        'Roe, the co-author of "Going Under," about the flooded docks, said the days of '
        '"one story for the whole town on every single morning" are gone.'
    )
    assert "Going Under" not in _speakers(extract_quotes(text))


def test_report_title_does_not_take_the_cue_of_the_next_quote() -> None:
    """ "A rede X, que publicou o relatório “Título”, avaliou: “…”" gives the quotation to X."""
    text = (
        "A rede Floresta Unida, que publicou o relatório “Costa em Perigo”, avaliou: "
        "“Os números são bons, mas a meta de limpeza total das praias ainda está longe.”"
    )
    quotes = extract_quotes(text)
    assert _texts(quotes) == ["Os números são bons, mas a meta de limpeza total das praias ainda está longe."]
    assert _speakers(quotes) == ["Floresta Unida"]


def test_pull_quote_repeating_one_part_of_a_split_quote_is_shown_once() -> None:
    """A later pull quote that repeats one part of an earlier split quotation is not shown again."""
    text = (
        "“If you do not have a big harbour, you are not going to make it,” Roe said. "
        "“You need deep water, which leads you to a wide and well-dredged channel.”\n\n"
        "The council meets again in May.\n\n"
        "“If you do not have a big harbour, you are not going to make it,” Roe said of the port plan."
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    assert len(quotes[0].parts) == 2


def test_quoted_phrase_used_as_a_modifier_is_left_out() -> None:
    """ "the “one river, two banks” formula": a set phrase standing before its noun is no quotation."""
    text = "The province said it is committed to the “one river, two banks” formula agreed in the treaty."
    assert extract_quotes(text) == []


def test_quoted_fragment_going_on_with_a_small_word_stays() -> None:
    """ "for a “quick look and some tests” as part of …": a fragment of what was said, still shown."""
    text = "Jane Roe, according to the harbour office, went for a “quick look and some tests” as part of it."
    assert _texts(extract_quotes(text)) == ["quick look and some tests"]


@pytest.mark.parametrize(
    "text",
    [
        "It was in the log.\n\nAs Inspector Dane would say, “Plain as day, my dear fellow.”",
        "Someone might ask, “Why would anyone build a harbour on the wrong side of the river?”",
        "But you will always wonder, “What would have happened if I had pushed past the fear?”",
        "You finish the draft and then it hits you — “Oh, if I want readers, I have to find them myself!”",
    ],
)
def test_imagined_words_are_left_out(text: str) -> None:
    """Words no one said (an unreal cue, the reader's own thoughts) are no quotation."""
    assert extract_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "When the editors asked for more, Jane Roe would respond, “I have a horror of being obvious.”",
        "The date was so odd that a spokesman for the mayor could only quip: “I guess the hall was booked.”",
        "“Every time you say that,” Roe said, “you give ammunition to those who want to close the port.”",
    ],
)
def test_habits_and_abilities_are_still_speech(text: str) -> None:
    """ "would respond" (a habit), "could only quip", a quotation addressing "you": what someone said."""
    assert extract_quotes(text)


def test_quote_followed_by_a_purpose_clause_has_no_speaker_there() -> None:
    """ "… and “fault finding and repair” to maintain a level of …": the infinitive's object is no speaker."""
    text = (
        "The ship would rely on its computers and “fault finding, repair and restart” "
        "to maintain a minimum level of system performance until the crew wakes."
    )
    assert extract_quotes(text) == []  # with no speaker, a lower-case fragment is no quotation


def test_question_no_one_asks_is_left_out() -> None:
    """A question in marks with no cue and no person near it is the writer's, not a quotation."""
    text = (
        "Here is why the harbour matters\n\n"
        "“So why are we talking about the harbour at all this year?”\n\n"
        "I have been thinking about the harbour a lot this year."
    )
    assert extract_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe looked at the crowd on the quay.\n\n“Why are we still waiting for the ferry to come back?”",
        'Many saw it as "the party of spending," From said. "Our task was: How do you fix that so it works?"',
    ],
)
def test_question_near_a_person_or_a_cue_stays(text: str) -> None:
    """A question in marks with a person named nearby, or a cue the name finder could not place, stays."""
    assert any(q.text.endswith("?") for q in extract_quotes(text))


def test_rhetorical_question_after_a_plural_noun_is_left_out() -> None:
    """ "two questions … First, “Is …?” Possibly.": a noun like "questions" is no cue that someone asked."""
    text = (
        "Nobody should buy the new ferry pass right now.\n\n"
        "Is the ferry the future? That is really two questions, I guess. First, "
        '"Is the water the future of travel?" Possibly. It is convenient and even fun at times.'
    )
    assert extract_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe stood there.\n\nI told myself, “You are going to swim across that bay if it kills you.”",
        "Jane Roe stood there.\n\n“Nobody is coming to save this bay from the council,” she told herself.",
        "Jane Roe stood there.\n\nShe asked herself: “Why am I still waiting for a ferry that never comes?”",
    ],
)
def test_inner_speech_is_left_out(text: str) -> None:
    """ "I told myself", "she asked herself": words turned on their speaker are thoughts, not quotations."""
    assert extract_quotes(text) == []


def test_reflexive_earlier_in_the_clause_is_no_inner_speech() -> None:
    """ "asked him to explain himself more, he'd respond, “…”": the cue by the quotation is what counts."""
    text = (
        "Jane Roe wrote slowly.\n\n"
        "When her editors asked her to explain herself more, she would reply, “I have a horror of clichés.”"
    )
    assert _texts(extract_quotes(text)) == ["I have a horror of clichés."]


def test_straight_mark_glued_to_a_word_still_opens_a_quote() -> None:
    """'about"joint work …."' opens a quotation, so the marks after it pair as written, not one off."""
    text = (
        'Jane Roe spoke of a "shared interest in keeping the harbour safe," and waxed poetic '
        'about"joint work between our two towns." She pledged "cooperation" toward shared goals, '
        'a "deep and sincere" bond, and a "close and honest relationship" between the two towns.'
    )
    texts = _texts(extract_quotes(text))
    assert "joint work between our two towns." in texts
    assert not any(t.startswith(("toward", "between", "She pledged")) for t in texts)


def test_english_quote_keeps_an_attribution_inside_its_marks_as_quoted_text() -> None:
    """English closes the marks around an attribution, so ", according to …," inside one pair is quoted."""
    text = (
        "The Valmora Gazette lists a few facts: “Of its 7,000 voters, according to data from the Valmora "
        "County Registration Office, 3,000 are Democrats and 2,000 are Republicans.”"
    )
    quotes = extract_quotes(text, language="en")
    assert len(quotes) == 1
    assert quotes[0].parts == ()
    assert "according to data" in quotes[0].text


def test_headline_with_its_byline_is_no_quotation() -> None:
    """ "—“Harbour museum to close in May,” by the Gazette's Jane Roe:" is a headline, not someone's words."""
    text = (
        "HARBOUR NEWS—“Harbour museum to close at the end of May,” by the Gazette's Jane Roe: "
        "“The museum, a small place that gave many painters their start, will close after forty years.”"
    )
    texts = _texts(extract_quotes(text))
    assert "Harbour museum to close at the end of May" not in texts
    assert any(t.startswith("The museum, a small place") for t in texts)


def test_quote_going_on_with_by_is_no_byline() -> None:
    """ "“If there had been no dredging” by the council, Roe said, “…”": no comma, no byline: speech."""
    text = (
        "“If there had not been that dredging” by the council and the port, Jane Roe said on Monday, "
        "“we would be looking at a harbour full of silt today.”"
    )
    assert _texts(extract_quotes(text))[0].startswith("If there had not been that dredging")


def test_chained_quotations_do_not_exhaust_the_stack() -> None:
    """Thousands of quotations, each sentence opening inside the one before, still give the speaker."""
    text = (
        "Jon Roe came to the harbour. "
        + "“Aa bb. Cc dd” " * 3000
        + "“We will finish the wall soon,” he said."
    )
    quotes = extract_quotes(text)
    assert [(q.text, q.speaker) for q in quotes] == [("We will finish the wall soon", "Jon Roe")]


def test_many_dash_paragraphs_with_quotations_are_each_read() -> None:
    """Paragraphs opened by a dash and holding a quotation give each quotation, up to the cap."""
    text = "".join(f"— “We will finish wall number {i} this year,” said Ana Roe.\n" for i in range(300))
    quotes = extract_quotes(text)
    assert len(quotes) == 300
    assert {q.speaker for q in quotes} == {"Ana Roe"}


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=12).map(
    lambda pairs: sorted((a, a + n) for a, n in pairs)
)


@settings(max_examples=300, deadline=None)
@given(_SPANS, st.integers(0, 100))
def test_quote_holding_is_the_first_quotation_around_a_position(
    spans: list[tuple[int, int]], pos: int
) -> None:
    """The index finds the first quotation in reading order holding a position, overlapping ones too."""
    ctx = _Context("x", People.from_text("x"), for_language("en"), [])
    ctx.set_quotes(spans)
    assert ctx.quote_holding(pos) == next(((a, b) for a, b in spans if a < pos < b), None)
