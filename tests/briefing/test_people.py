"""The people finder and the name logic shared with the quote extractor, on fictional articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.briefing.lexicon import for_language
from bot.briefing.people import FEMALE, MALE, People, extract_people, lowercase_words
from bot.briefing.quotes import extract_quotes
from tests.briefing.test_quotes import FICTIONAL_ARTICLE


def test_seed_like_article_lists_people_in_order() -> None:
    """The fictional seed-like article names its people, full names, in order of first full mention."""
    assert extract_people(FICTIONAL_ARTICLE) == [
        "Anton Delacroix",
        "Lena Ostrova",
        "Hugo Marten",
        "Piet Van Laar",
    ]


def test_places_organisations_and_months_are_not_people() -> None:
    """Forums, papers, places, acronyms and months never appear as people."""
    people = extract_people(FICTIONAL_ARTICLE)
    for word in ("Northport", "Harbour", "Valoria", "Forum", "March", "Maritime"):
        assert not any(word in name for name in people)


def test_surname_folds_into_full_name() -> None:
    """A later "Ostrova" or "Ms. Ostrova" does not add a second person."""
    text = (
        "Lena Ostrova, the shipping envoy, spoke first. Ostrova said the yards were busy. "
        "Later Ms. Ostrova left for the capital."
    )
    assert extract_people(text) == ["Lena Ostrova"]


def test_titles_are_kept_out_of_names() -> None:
    """Titles and descriptors before a name are not part of it."""
    text = (
        "Harbour Commissioner Ivo Brandt met Defence Secretary Jana Kovac and Valorian President "
        "Otto Reiss on Friday."
    )
    assert extract_people(text) == ["Ivo Brandt", "Jana Kovac", "Otto Reiss"]


def test_organisation_runs_are_not_people() -> None:
    """Runs such as "Northport Maritime Conference" or "Harbour Times" are organisations."""
    text = (
        "Ivo Brandt said the Northport Maritime Conference and the Harbour Times had both asked him. "
        "Brandt said the Valorian Shipping Association agreed."
    )
    assert extract_people(text) == ["Ivo Brandt"]


def test_gender_comes_from_titles_and_first_names() -> None:
    """Mr/Ms titles and common first names give a person's gender."""
    people = People.from_text(
        "Mr. Ivo Brandt met Ms. Lena Ostrova. Later Mary Quell and John Tarn joined them."
    )
    assert people.genders["Ivo Brandt"] == MALE
    assert people.genders["Lena Ostrova"] == FEMALE
    assert people.genders["Mary Quell"] == FEMALE
    assert people.genders["John Tarn"] == MALE


def test_resolve_prefers_latest_full_name_before_a_position() -> None:
    """Two people sharing a surname resolve to the one named most recently (or by gender)."""
    text = "Mr. Tom Quell spoke in May. Ms. Mary Quell spoke in June. Quell said the vote would wait."
    people = People.from_text(text)
    pos = text.index("Quell said")
    assert people.resolve("Quell", pos) == "Mary Quell"
    assert people.resolve("Quell", pos, MALE) == "Tom Quell"
    assert people.resolve("Unknown", pos) == "Unknown"


def test_last_person_skips_spans_and_fits_gender() -> None:
    """The last fitting person before a position ignores names inside skipped spans."""
    text = "Mr. Ivo Brandt met Ms. Lena Ostrova. “We asked Mr. Otto Reiss,” he said. Otto Reiss left."
    people = People.from_text(text)
    quote = (text.index("“"), text.index("”") + 1)
    pos = text.index("he said")
    assert people.last_person(pos, MALE, [quote]) == "Ivo Brandt"
    assert people.last_person(pos, FEMALE, [quote]) == "Lena Ostrova"


def test_last_person_skips_every_span_it_walks_back_over() -> None:
    """Names inside any of several skipped spans are passed over; names outside them are not."""
    text = (
        "Mr. Ivo Brandt arrived. “Ask Mr. Otto Reiss.” Then Mr. Karl Weber spoke. “Ask Mr. Paul Voss.” "
        "“Or Mr. Jan Stroh,” he said."
    )
    people = People.from_text(text)
    spans = [(m, text.index("”", m) + 1) for m in range(len(text)) if text[m] == "“"]
    pos = text.index("he said")
    assert people.last_person(pos, MALE, spans) == "Karl Weber"
    assert people.last_person(pos, MALE, spans[:1] + spans[2:]) == "Paul Voss"
    assert people.last_person(pos, MALE, spans[:2]) == "Jan Stroh"
    assert people.last_person(text.index("Then"), MALE, spans) == "Ivo Brandt"


def test_cyrillic_names() -> None:
    """Names in Cyrillic script are found too."""
    text = "Міністр Іван Бранко заявив, що порт працює. Бранко додав, що судна чекають."
    assert extract_people(text) == ["Іван Бранко"]


def test_no_people_in_plain_text() -> None:
    """Text without names gives an empty list."""
    assert extract_people("the harbour was quiet all week and nobody came.") == []
    assert extract_people("") == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))))
def test_random_text_gives_unique_names(text: str) -> None:
    """Random Unicode never crashes the finder, and names come out once each."""
    names = extract_people(text)
    assert len(names) == len(set(names))


def test_sentence_initial_words_and_places_are_not_people() -> None:
    """ "Getting Disney", "Welcome Jose" and "New York" are not people; the name after the word is."""
    text = (
        "Getting Disney to agree took months. Welcome Jose Ramos, the new chief, arrived on Monday. "
        "New York officials praised him. We welcome all of them, and getting there was hard.\n\n"
        "“We will build the bridge,” said Jose Ramos."
    )
    assert extract_people(text) == ["Jose Ramos"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "« Nous reconstruirons le pont avant l’hiver », a déclaré Yannick Le Goff à la presse.",
            "Yannick Le Goff",
        ),
        ("«Мы восстановим мост до зимы», — заявил Ерлан Жумабаев журналистам.", "Ерлан Жумабаев"),
    ],
)
def test_named_speakers_are_among_the_people(text: str, speaker: str) -> None:
    """Every named speaker is listed among the people, in French and Russian too."""
    people = People.from_text(text)
    quotes = extract_quotes(text, people=people)
    assert [q.speaker for q in quotes] == [speaker]
    assert speaker in people.names


def test_inflected_name_resolves_to_the_person() -> None:
    """A name in another case ("Zielińskiego") resolves to the person named in full."""
    people = People.from_text(
        "Wiceprezydent Tomasz Zieliński otworzył konferencję. Według Zielińskiego prace ruszą."
    )
    assert people.resolve_inflected("Zielińskiego", 80, for_language("pl")) == "Tomasz Zieliński"


def test_middle_initial_stays_inside_the_name() -> None:
    """ "Sonya A. Zoghlin" is one person: the initial is not the article "A"."""
    assert "Sonya A. Zoghlin" in extract_people(
        "Sonya A. Zoghlin, the defendant’s lawyer, told reporters on Friday."
    )


def test_lowercase_words_reads_letters_and_whole_words() -> None:
    """Lower-case words come two ways: runs of letters, and whole words with apostrophes, hyphens, digits."""
    found = lowercase_words(
        "The well-known harbour didn’t close; Mira saw covid19 and snake_case on 2nd Street."
    )
    assert found.letters == {"well", "known", "harbour", "didn", "t", "close", "saw", "and", "on"}
    assert found.words == {
        *("well-known", "harbour", "didn’t", "close", "saw", "covid19", "and", "snake", "case", "on", "2nd")
    }


_TRICKY = st.text(alphabet=st.sampled_from(list("aZé1_'’- .²Ⅻ\nß")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_lowercase_words_equals_a_scan_of_the_whole_text(text: str) -> None:
    """Reading each distinct stretch once finds exactly what scanning the whole text finds, both ways."""
    found = lowercase_words(text)
    assert found.letters == {w for w in re.findall(r"\b[^\W\d_]+\b", text) if w.islower()}
    assert found.words == {w for w in re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text) if w.islower()}
