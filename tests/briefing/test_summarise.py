# ruff: noqa: E501  (fixture sentences read best unbroken)
"""Tests for bot.briefing.summarise: the extractive summariser."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.briefing import summarise as summarise_module
from bot.briefing.lexicon import for_language
from bot.briefing.summarise import stand_alone, stem, strip_dateline, summarise
from bot.briefing.text import split_sentences

# A fictional article with a clear lead, elaboration, and every kind of line a summary must skip.
ARTICLE = """By Mara Lindqvist

The fictional port town of Dunmore will close its north pier for six months after engineers found deep cracks in the pier's concrete supports, the harbour authority announced on Monday.

Photo: Harbour workers inspect the north pier in Dunmore (Dunmore Herald/Jon Pike)

The harbour authority said the cracks in the north pier supports were caused by three winter storms that battered the Dunmore coast in January.

Read more: Storms leave Dunmore coast counting the cost

Ferry services to the islands will move to the south quay while the north pier is repaired, and timetables will change from next week.

“We cannot take any risks with public safety.”

“The pier has served this town for a century,” harbour master Eilidh Crane said.

Will the pier ever reopen?

Repair work on the pier supports is expected to cost about 4.2 million pounds, which the regional council has agreed to share with the harbour authority.

Local fishing crews, who land most of their catch at the north pier, said the closure would add hours to their working day.

Subscribe to our newsletter for the latest Dunmore news.

Follow us on social media and share this story with your friends.

The harbour authority said the cracks in the north pier supports were caused by three winter storms that battered the Dunmore coast in January.

A public meeting about the repairs will be held at the town hall on Thursday evening."""

BOILERPLATE = (
    "By Mara Lindqvist",
    "Photo: Harbour workers inspect the north pier in Dunmore (Dunmore Herald/Jon Pike)",
    "Read more: Storms leave Dunmore coast counting the cost",
    "Subscribe to our newsletter for the latest Dunmore news.",
    "Follow us on social media and share this story with your friends.",
)
QUOTES = (
    "“We cannot take any risks with public safety.”",
    "“The pier has served this town for a century,” harbour master Eilidh Crane said.",
)


def test_summary_leads_with_the_news() -> None:
    """The TL;DR of a news article starts from its lead sentence."""
    result = summarise(ARTICLE, n_summary=1, n_points=3)
    assert len(result.summary) == 1
    assert result.summary[0].startswith("The fictional port town of Dunmore will close its north pier")


def test_summary_skips_boilerplate_questions_and_pure_quotes() -> None:
    """Bylines, captions, read-more, subscribe and share lines, questions and quote-only sentences are never picked."""
    result = summarise(ARTICLE, n_summary=3, n_points=10)
    picked = result.summary + result.key_points
    assert picked
    for line in (*BOILERPLATE, *QUOTES, "Will the pier ever reopen?"):
        assert line not in picked


def test_summary_sentences_are_exact_ordered_and_distinct() -> None:
    """Every pick is an exact article sentence, each list is in reading order, and nothing is picked twice."""
    sentences = split_sentences(ARTICLE)
    order = {s.text: s.start for s in reversed(sentences)}  # first occurrence wins
    result = summarise(ARTICLE, n_summary=2, n_points=4, sentences=sentences)
    assert len(result.summary) == 2
    assert len(result.key_points) == 4
    for part in (result.summary, result.key_points):
        assert all(line in order for line in part)
        assert [order[line] for line in part] == sorted(order[line] for line in part)
    picked = result.summary + result.key_points
    assert len(set(picked)) == len(picked)


def test_repeated_sentence_is_not_picked_twice() -> None:
    """A sentence that appears twice in the article (a recap) appears at most once in the briefing."""
    repeated = "The harbour authority said the cracks in the north pier supports were caused by three winter storms that battered the Dunmore coast in January."
    assert ARTICLE.count(repeated) == 2
    result = summarise(ARTICLE, n_summary=3, n_points=10)
    assert (result.summary + result.key_points).count(repeated) == 1


def test_near_duplicates_are_not_both_picked() -> None:
    """Two sentences saying nearly the same thing are not both chosen (redundancy control)."""
    text = (
        "The Dunmore council approved a new budget for road repairs in the northern district on Tuesday.\n"
        "On Tuesday the Dunmore council approved the new budget for road repairs in the northern district.\n"
        "Teachers in the town welcomed a separate plan to refurbish three primary schools before winter.\n"
        "The library will extend its opening hours on weekends from the start of next month.\n"
    )
    result = summarise(text, n_summary=2, n_points=1)
    picked = result.summary + result.key_points
    assert len(picked) == 3
    assert sum(1 for line in picked if "budget for road repairs" in line) == 1


def test_short_article_gives_fewer_sentences() -> None:
    """An article with fewer usable sentences than asked for yields only those, without repeats."""
    text = (
        "The Dunmore ferry will run an extra evening crossing during the summer festival this year.\n\n"
        "Tickets for the extra crossing go on sale at the harbour office from Monday morning."
    )
    result = summarise(text, n_summary=2, n_points=4)
    assert result.summary == [
        "The Dunmore ferry will run an extra evening crossing during the summer festival this year.",
        "Tickets for the extra crossing go on sale at the harbour office from Monday morning.",
    ]
    assert result.key_points == []


def test_zero_requested_and_empty_text() -> None:
    """Asking for nothing, or giving no text, yields an empty summary."""
    assert summarise(ARTICLE, n_summary=0, n_points=0).summary == []
    empty = summarise("", n_summary=2, n_points=4)
    assert (empty.summary, empty.key_points) == ([], [])


def test_weak_sentences_stand_in_when_nothing_better_exists() -> None:
    """Headline-like lines without a full stop still give a summary when the text has nothing else."""
    text = "Dunmore pier closed for repairs\nFerries move to the south quay\nCouncil to share the cost"
    result = summarise(text, n_summary=1, n_points=2)
    assert len(result.summary) == 1
    assert result.summary[0] in text.split("\n")


def test_summary_of_other_languages() -> None:
    """A non-English article is summarised from its own sentences, lead first."""
    text = (
        "Der Hafen der fiktiven Stadt Dunmore schließt den Nordpier für sechs Monate, weil Ingenieure tiefe Risse gefunden haben.\n\n"
        "Die Risse im Nordpier wurden nach Angaben der Hafenbehörde durch drei Winterstürme im Januar verursacht.\n\n"
        "Die Fähren zu den Inseln fahren während der Reparatur vom Südkai ab, die Fahrpläne ändern sich ab nächster Woche."
    )
    result = summarise(text, n_summary=1, n_points=2)
    assert result.summary[0].startswith("Der Hafen der fiktiven Stadt Dunmore")
    assert len(result.key_points) == 2


def test_stem_conflates_inflections() -> None:
    """The suffix stripper maps common inflections of a word to one stem."""
    assert stem("running") == stem("run")
    assert stem("makes") == stem("making") == stem("make")
    assert stem("repairs") == stem("repaired") == stem("repair")
    assert stem("cities") == stem("city")
    assert stem("class") == "class"


_words = st.sampled_from(
    [
        "the",
        "pier",
        "harbour",
        "council",
        "storm",
        "Dunmore",
        "ferry",
        "closed",
        "said",
        "will",
        "repair",
        "cost",
        "town",
        "north",
        "south",
        "crews",
    ]
)
_sentence = st.builds(
    lambda ws, end: " ".join(ws).capitalize() + end,
    st.lists(_words, min_size=1, max_size=20),
    st.sampled_from([".", "!", "?", "", ".”", "…"]),
)
_article = st.lists(_sentence, max_size=30).flatmap(
    lambda ss: st.lists(st.sampled_from([" ", "\n", "\n\n"]), min_size=len(ss), max_size=len(ss)).map(
        lambda seps: "".join(s + sep for s, sep in zip(ss, seps, strict=True))
    )
)


@given(_article, st.integers(0, 4), st.integers(0, 6))
@settings(max_examples=150)
def test_summary_is_made_of_article_sentences(text: str, n_summary: int, n_points: int) -> None:
    """Summary and key points are distinct sentences of the article, within the counts asked for."""
    sentences = {s.text for s in split_sentences(text)}
    result = summarise(text, n_summary=n_summary, n_points=n_points)
    assert len(result.summary) <= n_summary
    assert len(result.key_points) <= n_points
    picked = result.summary + result.key_points
    assert all(line in sentences for line in picked)
    assert len(set(picked)) == len(picked)
    assert not any(line.endswith("?") for line in picked)


@given(st.text(max_size=400))
@settings(max_examples=150)
def test_summarise_survives_any_unicode(text: str) -> None:
    """summarise never crashes on random Unicode and control characters, and returns article text."""
    result = summarise(text, n_summary=2, n_points=3)
    assert all(line in text for line in result.summary + result.key_points)


def test_five_megabyte_paste_completes() -> None:
    """A 5 MB paste is split and summarised (the ranker only looks at the first sentences)."""
    paragraph = (
        "The Dunmore harbour authority published its annual report on Friday, listing {n} repairs. "
        "Crews worked through the winter on the quay walls and the lighthouse.\n\n"
    )
    text = "".join(paragraph.format(n=i) for i in range(5_000_000 // len(paragraph) + 1))
    assert len(text) >= 5_000_000
    sentences = split_sentences(text)
    result = summarise(text, n_summary=2, n_points=4, sentences=sentences)
    assert len(result.summary) == 2
    assert result.summary[0].startswith("The Dunmore harbour authority published its annual report")


def test_key_points_avoid_dangling_pronouns() -> None:
    """A sentence opening on "They" is passed over when the sentence it leans on was not chosen."""
    text = (
        "The river authority closed the Lindenau weir on Monday after cracks appeared in its northern gate.\n"
        "Engineers came.\n"
        "They say the cracked northern gate of the Lindenau weir must be replaced before barges can return.\n"
        "Barge operators will have to unload at the Oststadt quay until the Lindenau weir reopens.\n"
        "The authority has asked the ministry for emergency funds to replace the northern gate this winter.\n"
        "Boat owners upstream said the closure of the weir would cut them off from the harbour.\n"
    )
    result = summarise(text, n_summary=1, n_points=3)
    assert not any(s.startswith("They say") for s in result.summary + result.key_points)


EN = for_language("en")


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        (
            "BUFFALO, N.Y. — The harbour council voted to rebuild the pier.",
            "The harbour council voted to rebuild the pier.",
        ),
        (
            "NEW DELHI: The ferry council voted to rebuild the pier.",
            "The ferry council voted to rebuild the pier.",
        ),
        (
            "SAN FRANCISCO (AP) — Crews began repairing the north quay.",
            "Crews began repairing the north quay.",
        ),
        ("Dunmore (AFP) - Crews began repairing the north quay.", "Crews began repairing the north quay."),
        ("Nov 19 (Reuters) - Crews began repairing the north quay.", "Crews began repairing the north quay."),
        ("(Reuters) — Crews began repairing the north quay.", "Crews began repairing the north quay."),
        (
            "LONDON, Nov 19 (Reuters) - Crews began repairing the north quay.",
            "Crews began repairing the north quay.",
        ),
        (
            "NASA — the agency — said it would fund five landers.",
            "NASA — the agency — said it would fund five landers.",
        ),
        ("BBC — short.", "BBC — short."),
        (
            "Tesla (TSLA) - The carmaker said it would build more cars.",
            "Tesla (TSLA) - The carmaker said it would build more cars.",
        ),
        ("(Harbour Reporter)Crews began repairing the north quay.", "Crews began repairing the north quay."),
    ],
)
def test_datelines_and_wire_credits_are_stripped(sentence: str, shown: str) -> None:
    """A leading dateline or wire credit goes; the sentence stays, and a sentence that has none is kept."""
    assert strip_dateline(sentence) == shown


@pytest.mark.parametrize(
    ("sentence", "shown", "leans"),
    [
        (
            "But the council says the pier will reopen in May.",
            "The council says the pier will reopen in May.",
            False,
        ),
        (
            "However, crews found more cracks in the north wall.",
            "Crews found more cracks in the north wall.",
            False,
        ),
        ("In addition, the town will pay for two new buoys.", "The town will pay for two new buoys.", False),
        (
            "In addition to the buoys, the town buys a tug.",
            "In addition to the buoys, the town buys a tug.",
            False,
        ),
        (
            "He said the vote was fair and the pier was safe.",
            "He said the vote was fair and the pier was safe.",
            True,
        ),
        (
            "And that is a big deal for the harbour crews.",
            "And that is a big deal for the harbour crews.",
            True,
        ),
        (
            "Instead, the council chose to close the pier.",
            "Instead, the council chose to close the pier.",
            True,
        ),
        (
            "This week the council voted to reopen the pier.",
            "This week the council voted to reopen the pier.",
            False,
        ),
        ("But stop.", "But stop.", False),
    ],
)
def test_sentences_stand_alone(sentence: str, shown: str, leans: bool) -> None:
    """Droppable connectives go; a pronoun or a dependent connective is flagged, a time phrase is not."""
    assert stand_alone(sentence, EN) == (shown, leans)


def test_german_connective_from_the_lexicon() -> None:
    """Connectives come from the language's lexicon: German "Aber" goes like English "But"."""
    shown, leans = stand_alone("Aber der Hafenrat will die Mole im Mai wieder öffnen.", for_language("de"))
    assert (shown, leans) == ("Der Hafenrat will die Mole im Mai wieder öffnen.", False)


STORY = (
    "DUNMORE (AP) — The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier.\n\n"
    "The pier has been closed since the January storm broke its outer wall and flooded the ferry office.\n\n"
    "“We will rebuild the pier stronger than it was before the storm,” said harbour master Ines Calloway.\n\n"
    "Crews will start work on the outer wall in March and the ferry office will move to the south quay.\n\n"
    "“The whole town depends on this pier. Without it the ferry cannot land,” Calloway said. "
    "“We lose every summer visitor.”\n\n"
    "He added that the repairs would cost about four million pounds over two years.\n\n"
    "The council will ask the national government to cover half of the cost of the repairs.\n\n"
    "Fishing crews have been landing their catch at the smaller south quay since January.\n"
)


def test_key_points_never_restate_or_cut_a_quotation() -> None:
    """Key points skip sentences holding a quotation shown elsewhere or cut from inside one."""
    quote_start = STORY.index("We will rebuild")
    quote_end = STORY.index(",” said harbour")
    result = summarise(STORY, n_summary=2, n_points=3, avoid=[(quote_start, quote_end)])
    assert (
        "The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier."
        in result.summary
    )
    for point in result.key_points:
        assert "We will rebuild" not in point
        assert point.count("“") == point.count("”")
        assert not point.startswith("He added")
    assert any(point.startswith("The council will ask") for point in result.key_points)


def test_flattened_pop_up_card_never_shown() -> None:
    """A sentence holding a flattened name card ("Kristi NoemKristi Lynn Noem…") is never picked."""
    text = (
        "Harbour Gov. Mara LindMara Jo LindHarbour governor backs ferry plan says the pier will reopen soon.\n\n"
        "The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier.\n\n"
        "Crews will start work on the outer wall in March and finish before the summer season.\n"
    )
    result = summarise(text, n_summary=1, n_points=2)
    assert not any("LindMara" in line for line in result.summary + result.key_points)


_openers = st.sampled_from(
    ["", "But ", "However, ", "WASHINGTON (AP) — ", "In addition, ", "He ", "And ", "FOO "]
)
_standalone_article = st.lists(
    st.builds(
        lambda opener, ws: opener + (" ".join(ws).capitalize() if opener.isupper() else " ".join(ws)) + ".",
        _openers,
        st.lists(_words, min_size=4, max_size=14),
    ),
    min_size=1,
    max_size=12,
).map(" ".join)


def _from_sentence(line: str, sentences: list[str]) -> bool:
    """Tell whether line is an article sentence or its tail, first letter raised to a capital."""
    return any(
        s.endswith(line[1:]) and s[len(s) - len(line)].casefold() == line[0].casefold()
        for s in sentences
        if len(s) >= len(line)
    )


@given(_standalone_article, st.integers(1, 3), st.integers(0, 4))
@settings(max_examples=100)
def test_shown_lines_are_article_sentences_standing_alone(text: str, n_summary: int, n_points: int) -> None:
    """Every shown line is an article sentence, or its tail after a dateline or connective, never more."""
    sentences = [s.text for s in split_sentences(text)]
    result = summarise(text, n_summary=n_summary, n_points=n_points)
    for line in result.summary + result.key_points:
        assert _from_sentence(line, sentences), line
        assert not line.startswith(("But ", "However", "WASHINGTON", "In addition,"))


def test_similarities_are_the_cosines_of_every_pair() -> None:
    """The posting-list similarity matrix equals the cosine of each pair's term weights."""
    from bot.briefing.summarise import _candidates, _similarities

    candidates = _candidates(split_sentences(ARTICLE), "en")
    sim = _similarities(candidates)
    for i, a in enumerate(candidates):
        for j, b in enumerate(candidates):
            dot = sum(w * b.weights.get(t, 0.0) for t, w in a.weights.items())
            expected = dot / (a.norm * b.norm) if i != j and a.norm and b.norm else 0.0
            assert sim[i][j] == pytest.approx(expected, abs=1e-12)
    assert any(value > 0.1 for row in sim for value in row)  # the pier sentences share words


def test_a_sponsor_blurb_is_never_shown() -> None:
    """A paragraph that is mostly promotion is skipped whole, its plain sentence too."""
    text = (
        "Start your day with the Harbour Bell powered by The Quay Post. The Quay Post is the favourite "
        "breakfast read of every ferry captain on the coast. Sign up for the free daily newsletter.\n\n"
        "The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier by June.\n\n"
        "Crews will start work on the outer wall in March and finish before the summer season begins.\n\n"
        "The ferry company said its boats would use the south quay while the north pier is closed.\n"
    )
    result = summarise(text, n_summary=2, n_points=3)
    shown = result.summary + result.key_points
    assert shown
    assert not any("Quay Post" in line or "newsletter" in line for line in shown)


def test_one_promotional_sentence_leaves_its_paragraph_shown() -> None:
    """A paragraph with a single sign-up line among news sentences keeps its news sentences."""
    text = (
        "The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier by June. "
        "Crews will start work on the outer wall in March. Sign up for our newsletter for updates.\n\n"
        "The ferry company said its boats would use the south quay while the north pier is closed.\n"
    )
    result = summarise(text, n_summary=1, n_points=2)
    assert result.summary[0].startswith("The Dunmore harbour council voted on Tuesday")
    assert not any("newsletter" in line for line in result.summary + result.key_points)


@pytest.mark.parametrize(
    "line",
    [
        "[What you need to know to start the day: Get Dunmore Today in your inbox.]",
        "Get the Harbour Bell newsletter delivered to your inbox every morning.",
    ],
)
def test_newsletter_promotions_are_boilerplate(line: str) -> None:
    """A newsletter's sign-up line between the paragraphs is never shown."""
    text = (
        "The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier by June.\n\n"
        f"{line}\n\n"
        "Crews will start work on the outer wall in March and finish before the summer season begins.\n\n"
        "The ferry company said its boats would use the south quay while the north pier is closed.\n"
    )
    result = summarise(text, n_summary=2, n_points=3)
    assert line not in result.summary + result.key_points
    assert (
        "Scam emails keep landing in your inbox, the police warned."
        in summarise(
            "Scam emails keep landing in your inbox, the police warned.", n_summary=1, n_points=0
        ).summary
    )


@pytest.mark.parametrize(
    "notice",
    [
        "This article was originally published by The Quay Post.",
        "Originally published on Harbour Science.",
        "Editor's note: This story was updated at 5:45 p.m. to include the council's vote.",
        "Mara Lind contributed to this report.",
        "This article is more than 2 years old",
        "When you buy through links on our site, we may earn an affiliate commission.",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Image caption Ferry passengers queue at the south quay",
        "Also read: Ferry fares rise again",
        "MORE: Island ferry captains vote to strike over the new timetable",
        "Watch: The north pier crumbles into the sea as the storm hits the coast",
        "Don't miss: Ten seaside walks for the long winter evenings on the coast",
        "Reading time: 3 minutes",
    ],
)
def test_notices_are_boilerplate(notice: str) -> None:
    """Reprint, update, credit, affiliate and caption notices and other stories' teasers are never shown."""
    text = (
        f"{notice}\n\n"
        "The Dunmore harbour council voted on Tuesday to rebuild the storm-damaged north pier by June.\n\n"
        "Crews will start work on the outer wall in March and finish before the summer season begins.\n"
    )
    result = summarise(text, n_summary=2, n_points=3)
    assert notice not in result.summary + result.key_points


@pytest.mark.parametrize(
    "sentence",
    [
        "The novel was first published in 1951 and sold millions of copies across the islands.",
        "The shop cut the fees it pays for affiliate links on Tuesday, its owner said.",
    ],
)
def test_news_that_names_a_notice_word_is_shown(sentence: str) -> None:
    """A news sentence using a notice's words in passing is still an article sentence."""
    assert summarise(sentence, n_summary=1, n_points=0).summary == [sentence]


def test_term_table_stays_bounded_over_many_articles() -> None:
    """The cached content terms never outgrow their bound, however many distinct words the articles hold."""
    for article in range(3):
        sentences = (
            " ".join(f"zorb{article}q{s}w{w}" for w in range(60)).capitalize() + "." for s in range(200)
        )
        summarise(" ".join(sentences), n_summary=3, n_points=4, language="en")
    held = sum(len(terms) for terms in summarise_module._TERMS.values())
    assert 0 < held <= summarise_module._MAX_TERMS + 100


_LONG_NEWS = (
    "the council said the ferry timetable for the islands would change from next week while crews repair "
    "the storm-damaged north pier, which engineers say needs at least six months of work before reopening"
)


@pytest.mark.parametrize(
    ("sentence", "furniture"),
    [
        ("by mara lindqvist", True),  # an opening: a byline
        ("photo: harbour workers on the pier", True),
        ("harbour workers repair the north pier (photo: quay press)", True),  # a credit after a space
        ("harbour workers repair the north pier(photo: quay press)", True),
        ("sign up for our newsletter for updates.", True),  # a tell-tale word in a short sentence
        ("write to the harbour desk at desk@quay.example for updates.", True),  # an e-mail address
        (f"{_LONG_NEWS}, and readers can sign up for updates.", False),  # ... in a long one: news
        (f"{_LONG_NEWS} at desk@quay.example.", False),
        (f"subscribe now: {_LONG_NEWS}.", True),  # a long sentence that opens with one: furniture
        (f"desk@quay.example: {_LONG_NEWS}.", True),
        (f"{_LONG_NEWS}.", False),
    ],
)
def test_boilerplate_by_opening_and_by_word(sentence: str, furniture: bool) -> None:
    """A tell-tale word marks a short sentence anywhere and a long one only where it opens it."""
    n_words = len(summarise_module._TOKEN_RE.findall(sentence))
    assert summarise_module._is_boilerplate(sentence, n_words) is furniture


_PHRASES = ("sign up for", "share (?:this|on)", "subscribe", r"cookies?\b", "copyright", "click here")


@given(
    st.lists(
        st.sampled_from(
            ["sign", " up for", "share on", "subscribe", "cookies", "x", "copy", "right", " ", "click"]
        ),
        max_size=8,
    ).map("".join)
)
@example("cookiesx share this")
@settings(max_examples=300)
def test_phrases_grouped_by_first_letter_match_as_side_by_side(text: str) -> None:
    """Phrases grouped by first letter find a match exactly where the plain alternation does."""
    grouped = re.compile(rf"\b(?:{summarise_module._by_first_letter(_PHRASES)})")
    plain = re.compile(rf"\b(?:{'|'.join(_PHRASES)})")
    assert bool(grouped.search(text)) is bool(plain.search(text))


@given(st.lists(st.tuples(st.integers(-5, len(ARTICLE) + 5), st.integers(-5, len(ARTICLE) + 5)), max_size=12))
@example([(ARTICLE.index("engineers found"), ARTICLE.index("engineers found") + 40), (3, 2)])
@settings(max_examples=200)
def test_holding_finds_every_sentence_that_holds_most_of_a_span(spans: list[tuple[int, int]]) -> None:
    """The sentences found to hold a quotation are exactly those that hold at least half of one."""
    candidates = summarise_module._candidates(split_sentences(ARTICLE), "en")
    expected = {
        i
        for i, cand in enumerate(candidates)
        for start, end in spans
        if end > start and min(end, cand.end) - max(start, cand.start) >= 0.5 * (end - start)
    }
    assert summarise_module._holding(candidates, spans) == expected


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        ("The council voted to rebuild the north pier by June.", False),
        ("The harbour’s new pier won’t open before the council’s June vote.", False),  # apostrophes
        ("“We cannot take any risks with public safety.”", True),
        ("“The pier has served this town for a century,” harbour master Eilidh Crane said.", True),
        (
            "“The pier,” Crane said, adding that the council had voted on Tuesday to rebuild it before the summer season.",
            False,
        ),
        ("“And we will rebuild it stronger than before.", True),  # a quotation running on
        ("and the ferries will run again by June,” Crane said.", True),  # ... and its end
        ('Crane said the pier "has served this town for a century" and voted for the plan.', False),
        ("He called it ‘a disaster for the islands’ and walked out.", False),
        ("« Nous reconstruirons la jetée », a déclaré le maire.", True),
        ("“123 456”", False),  # no letters
    ],
)
def test_mostly_quote_sentences(sentence: str, quote: bool) -> None:
    """A sentence mostly inside quotation marks, or a quotation and a short cue, is a quote."""
    assert summarise_module._is_mostly_quote(sentence) is quote
