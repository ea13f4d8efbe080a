# ruff: noqa: E501  (fixture sentences read best unbroken)
"""Tests for bot.briefing.text: normalisation, sentence splitting, words, language and headlines."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.briefing.extract import extract_article
from bot.briefing.lexicon import LEXICONS
from bot.briefing.text import (
    STOPWORDS,
    _is_tidy,
    _needs_cleaning,
    _tidy_whitespace,
    count_words,
    detect_language,
    has_words,
    normalise,
    split_sentences,
    split_title,
)

# --------------------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------------------


def test_normalise_composes_to_nfc_not_nfkc() -> None:
    """normalise composes accents (NFC) but keeps compatibility characters such as ligatures (not NFKC)."""
    assert normalise("Cafe\u0301 ﬁnal ２") == "Café ﬁnal ２"


def test_normalise_keeps_every_quotation_mark() -> None:
    """normalise leaves straight, curly, low-9 and guillemet quotation marks exactly as written."""
    text = "\"a\" 'b' “c” ‘d’ „e“ «f» ‹g› »h« 「i」"
    assert normalise(text) == text


def test_normalise_line_endings_and_blank_lines() -> None:
    """normalise turns \\r\\n and \\r into \\n, strips line ends and keeps at most one blank line."""
    raw = "\n\n  First line.  \r\nSecond line.\r\r\r\n\n\nThird\u2029Fourth  \n\n"
    assert normalise(raw) == "First line.\nSecond line.\n\nThird\n\nFourth"


def test_normalise_spaces_and_invisible_characters() -> None:
    """normalise maps odd spaces to one space and drops control and format characters except tab and newline."""
    raw = "\ufeffA\u00a0b\u2009c\u3000\u3000d  e\u200bf\u00adg\x07h\ti"
    assert normalise(raw) == "A b c d ef" + "gh\ti"


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_normalise_is_idempotent(text: str) -> None:
    """normalise(normalise(x)) == normalise(x) for any Unicode text, including controls and surrogates."""
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once
    assert "\n\n\n" not in once
    assert "  " not in once


def test_printable_characters_need_no_cleaning() -> None:
    """No character that str.isprintable() accepts is one normalise removes or replaces (its fast path)."""
    assert [c for c in map(chr, range(0x110000)) if c.isprintable() and _needs_cleaning(c)] == []


@given(st.text(alphabet=" \t\na.\u00a0", max_size=40))
@settings(max_examples=300)
@example("a\n\n\na")
@example(" a")
@example("a\t")
def test_tidy_text_is_left_as_it_is(text: str) -> None:
    """Text that _is_tidy accepts is exactly what tidying the whitespace would give."""
    if _is_tidy(text):
        assert _tidy_whitespace(text) == text


# --------------------------------------------------------------------------------------------------------
# split_sentences
# --------------------------------------------------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Mr. Vance met Dr. Okafor and Gen. Lindqvist on Jan. 5. Sen. Harlow of St. Albans Inc. left early.",
            [
                "Mr. Vance met Dr. Okafor and Gen. Lindqvist on Jan. 5.",
                "Sen. Harlow of St. Albans Inc. left early.",
            ],
            id="abbreviations",
        ),
        pytest.param(
            "Feb. 12 was cold. The U.S. and the U.K. signed No. 7 of the pacts. Then they left.",
            ["Feb. 12 was cold.", "The U.S. and the U.K. signed No. 7 of the pacts.", "Then they left."],
            id="acronyms-and-numbers",
        ),
        pytest.param(
            "Officials arrived in the U.S. The talks began at noon.",
            ["Officials arrived in the U.S.", "The talks began at noon."],
            id="acronym-ends-sentence",
        ),
        pytest.param(
            "The novel by J. K. Marlowe sold well. Its sequel did not.",
            ["The novel by J. K. Marlowe sold well.", "Its sequel did not."],
            id="initials",
        ),
        pytest.param(
            "Profits rose 2.5% to $3.5 billion. Shares fell 0.4 points.",
            ["Profits rose 2.5% to $3.5 billion.", "Shares fell 0.4 points."],
            id="decimals-and-money",
        ),
        pytest.param(
            "He paused... and went on. Then silence… Nobody spoke.",
            ["He paused... and went on.", "Then silence…", "Nobody spoke."],
            id="ellipses",
        ),
        pytest.param(
            '"We will rebuild the bridge," he said. "It will take a year." She agreed.',
            ['"We will rebuild the bridge," he said.', '"It will take a year."', "She agreed."],
            id="straight-quotes",
        ),
        pytest.param(
            "“The harbour is closed.” Next, the mayor spoke. “Why now?” she asked.",
            ["“The harbour is closed.”", "Next, the mayor spoke.", "“Why now?” she asked."],
            id="curly-quotes",
        ),
        pytest.param(
            "Flood barriers fail in Dunmore\nResidents were moved overnight. Roads stayed shut.",
            ["Flood barriers fail in Dunmore", "Residents were moved overnight.", "Roads stayed shut."],
            id="headline-without-stop",
        ),
        pytest.param(
            "Key facts:\n- Two ferries cancelled\n• Schools closed\n1. Power cut at six\n2) Water safe",
            ["Key facts:", "Two ferries cancelled", "Schools closed", "Power cut at six", "Water safe"],
            id="bullet-lines",
        ),
        pytest.param(
            "The mayor opened the fair\nCrowds came from far away\nIt rained later",
            ["The mayor opened the fair", "Crowds came from far away", "It rained later"],
            id="one-sentence-per-line",
        ),
        pytest.param(
            "I have broad shoulders\nand I know what to expect\nbut I thank the players.\nThey worked hard.",
            [
                "I have broad shoulders\nand I know what to expect\nbut I thank the players.",
                "They worked hard.",
            ],
            id="line-continues-mid-sentence",
        ),
        pytest.param(
            "Speaking at the harbour on Monday morning after the storm had passed,\nthe mayor promised help.",
            [
                "Speaking at the harbour on Monday morning after the storm had passed,\nthe mayor promised help."
            ],
            id="line-ends-with-comma",
        ),
        pytest.param(
            "The council met on Tuesday to discuss the new budget for the coming\n"
            "year, which includes money for roads and schools in the northern\n"
            "district. Members voted in favour after a long debate about the\n"
            "costs of the harbour wall.",
            [
                "The council met on Tuesday to discuss the new budget for the coming\n"
                "year, which includes money for roads and schools in the northern\ndistrict.",
                "Members voted in favour after a long debate about the\ncosts of the harbour wall.",
            ],
            id="hard-wrapped-prose",
        ),
        pytest.param(
            "Er sagte: „Wir bauen die Brücke neu.“ Dann ging er. Das ist z. B. teuer. Am 3. Oktober beginnt es.",
            [
                "Er sagte: „Wir bauen die Brücke neu.“",
                "Dann ging er.",
                "Das ist z. B. teuer.",
                "Am 3. Oktober beginnt es.",
            ],
            id="german",
        ),
        pytest.param(
            "Elle a dit : « Nous reconstruirons le pont. » Puis elle est partie. M. Durand a approuvé.",
            [
                "Elle a dit : « Nous reconstruirons le pont. »",
                "Puis elle est partie.",
                "M. Durand a approuvé.",
            ],
            id="french",
        ),
        pytest.param(
            "¿Quién pagará el puente? ¡Nadie lo sabe! El alcalde calla.",
            ["¿Quién pagará el puente?", "¡Nadie lo sabe!", "El alcalde calla."],
            id="spanish",
        ),
        pytest.param(
            "Мер сказав: «Ми відбудуємо міст». Потім він пішов. І. Коваль погодився.",
            ["Мер сказав: «Ми відбудуємо міст».", "Потім він пішов.", "І. Коваль погодився."],
            id="ukrainian",
        ),
        pytest.param(
            "Мэр сказал: „Мы восстановим мост“. Затем он ушёл. «Это дорого», — добавил А. Петров.",
            ["Мэр сказал: „Мы восстановим мост“.", "Затем он ушёл.", "«Это дорого», — добавил А. Петров."],
            id="russian",
        ),
    ],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    """split_sentences splits news prose, lines and other languages where a reader would."""
    assert texts(text) == expected


def test_split_sentences_paragraph_numbers() -> None:
    """Sentences carry the index of their blank-line-separated paragraph."""
    found = split_sentences("One here. Two here.\n\nThree here.\n\n\n\nFour here.")
    assert [(s.text, s.paragraph) for s in found] == [
        ("One here.", 0),
        ("Two here.", 0),
        ("Three here.", 1),
        ("Four here.", 2),
    ]


def test_split_sentences_empty_and_blank() -> None:
    """Empty or punctuation-only text has no sentences."""
    assert split_sentences("") == []
    assert split_sentences("  \n\n * * * \n --- ") == []


_ALNUM = re.compile(r"[^\W_]")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")
_prose = st.lists(
    st.one_of(
        st.sampled_from(
            ["Mr.", "U.S.", "J.", "3.5", "said.", "“Yes,”", "«non»", "¿Qué?", "...", "…", "- ", "2."]
        ),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
        st.sampled_from(["\n", "\n\n", " ", ". ", "! ", "? "]),
    ),
    max_size=60,
).map("".join)


@given(_prose)
@example("Intro.\n2. Second point\n- third")
@settings(max_examples=300)
def test_split_sentences_offsets_are_exact_and_ordered(text: str) -> None:
    """Every sentence is text[start:end], in order without overlap; only list markers fall between them."""
    found = split_sentences(text)
    cursor = 0
    gaps: list[str] = []
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= cursor
        assert sentence.text == sentence.text.strip()
        gaps.append(text[cursor : sentence.start])
        cursor = sentence.end
    gaps.append(text[cursor:])
    assert not any(_ALNUM.search(_LIST_NUMBER.sub("", gap)) for gap in gaps)
    assert [s.paragraph for s in found] == sorted(s.paragraph for s in found)


@given(_prose, st.integers(min_value=0, max_value=8))
@settings(max_examples=200)
def test_split_sentences_limit_gives_the_first_sentences(text: str, limit: int) -> None:
    """split_sentences with a limit returns exactly the first sentences of the whole split."""
    assert split_sentences(text, limit=limit) == split_sentences(text)[:limit]


def test_split_sentences_limit_inside_a_paragraph() -> None:
    """A limit that falls inside a paragraph keeps that paragraph's number on the sentences it returns."""
    found = split_sentences("One here.\n\nTwo here. Three here. Four here.\n\nFive here.", limit=2)
    assert [(s.text, s.paragraph) for s in found] == [("One here.", 0), ("Two here.", 1)]


_MARKS = st.lists(
    st.sampled_from(
        [".", "!", "?", "…", "‽", "。", "！", "？", "”", '"', "»", " »", "」", " ", "\n", "a", "B"]
    ),
    max_size=40,
).map("".join)


@given(_MARKS, st.integers(0, 5), st.integers(0, 5))
@example("a.. !?. « x »  。.。」!", 0, 0)
@settings(max_examples=300)
def test_terminal_runs_are_the_terminal_patterns_matches(text: str, cut_start: int, cut_end: int) -> None:
    """The run-first search finds exactly what the terminal pattern's own scan finds, in any window."""
    from bot.briefing.text import _TERMINAL_RE, _terminals

    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = [(m.span(), m.groupdict()) for m in _TERMINAL_RE.finditer(text, start, end)]
    assert [(m.span(), m.groupdict()) for m in _terminals(text, start, end)] == expected


# --------------------------------------------------------------------------------------------------------
# words, language, title
# --------------------------------------------------------------------------------------------------------


@given(
    st.lists(
        st.sampled_from(["harbour", "x" * 120, "U.S.", "over-", "東京", " ", "  ", "\n", "-", "’"]),
        max_size=200,
    ).map("".join),
    st.integers(min_value=0, max_value=80),
)
@example("x" * 700 + " one two", 2)
@settings(max_examples=300)
def test_has_words_agrees_with_the_count(text: str, n: int) -> None:
    """has_words(text, n) says exactly whether count_words(text) reaches n, long texts included."""
    assert has_words(text, n) is (count_words(text) >= n)


def test_count_words() -> None:
    """count_words counts contractions, hyphenated words, acronyms and numbers as one word each."""
    assert count_words("Don’t over-think the U.S. plan: it costs $3.5 billion!") == 9
    assert count_words("") == 0
    assert count_words("东京 today") == 3


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "The mayor said that the bridge would be rebuilt by the end of the year and that it was safe.",
        ),
        (
            "de",
            "Der Bürgermeister sagte, dass die Brücke bis zum Ende des Jahres neu gebaut wird und nicht gefährlich ist.",
        ),
        (
            "fr",
            "Le maire a dit que le pont sera reconstruit avant la fin de l'année et qu'il est sûr pour les habitants.",
        ),
        (
            "es",
            "El alcalde dijo que el puente será reconstruido antes del fin del año y que es seguro para los vecinos.",
        ),
        (
            "it",
            "Il sindaco ha detto che il ponte sarà ricostruito entro la fine dell'anno e che non è pericoloso per la città.",
        ),
        (
            "pt",
            "O prefeito disse que a ponte será reconstruída até o fim do ano e que não é perigosa para os moradores.",
        ),
        (
            "nl",
            "De burgemeester zei dat de brug voor het einde van het jaar wordt herbouwd en dat het niet gevaarlijk is.",
        ),
        (
            "pl",
            "Burmistrz powiedział, że most zostanie odbudowany do końca roku i że nie jest to niebezpieczne dla ludzi.",
        ),
        (
            "ru",
            "Мэр сказал, что мост будет восстановлен до конца года и что это не опасно для жителей, которые там живут.",
        ),
        (
            "uk",
            "Мер сказав, що міст буде відбудовано до кінця року і що це не небезпечно для мешканців, які там живуть.",
        ),
    ],
)
def test_detect_language(lang: str, text: str) -> None:
    """detect_language names the language of a plain sentence in each supported language."""
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "12345 678", "Xqz vrembl tok", "東京で会議が開かれた"])
def test_detect_language_unsure(text: str) -> None:
    """detect_language returns None when there is too little evidence."""
    assert detect_language(text) is None


BODY = (
    "The harbour authority in the fictional town of Dunmore closed the north pier on Monday after storm "
    "damage was found. Engineers will inspect the structure this week."
)


def test_split_title_strips_source_prefix() -> None:
    """A headline line is split off, and a short wire-service prefix such as 'Reuters:' is removed."""
    title, rest = split_title(f"Reuters: Dunmore closes north pier after storm damage\n{BODY}")
    assert title == "Dunmore closes north pier after storm damage"
    assert rest == BODY


def test_split_title_keeps_other_prefixes() -> None:
    """A place name before a colon is part of the headline, not a source."""
    title, _ = split_title(f"Dunmore: north pier closed after storm\n{BODY}")
    assert title == "Dunmore: north pier closed after storm"


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        f"{BODY}\nMore body text follows here with another sentence about the pier.",
        "Dunmore closes north pier\nToo short.",
        f"by the harbour, engineers said on Monday\n{BODY}",
    ],
)
def test_split_title_refuses_body_lines(text: str) -> None:
    """No title is split off when the first line is a body sentence or nothing substantial follows."""
    assert split_title(text) == (None, text)


@given(st.text(max_size=200))
@settings(max_examples=200)
def test_text_functions_survive_any_unicode(text: str) -> None:
    """No text function crashes on random Unicode, control characters or lone surrogates."""
    split_sentences(text)
    count_words(text)
    detect_language(text)
    title, rest = split_title(text)
    assert title is None or rest in text


@pytest.mark.parametrize(
    ("lang", "text"),
    [("uk", "Роль зіграла Ольга Тамм у Києві."), ("ru", "Роль сыграла Ольга Тамм в Таллине, актриса.")],
)
def test_detect_language_short_cyrillic(lang: str, text: str) -> None:
    """A short Cyrillic text too thin for word counts is told Ukrainian or Russian by its own letters."""
    assert detect_language(text) == lang


def test_lexicon_feeds_the_language_guesser() -> None:
    """Every language of the lexicon is one the guesser knows, from the lexicon's own words."""
    assert set(LEXICONS) == set(STOPWORDS)
    assert all(STOPWORDS[code] == lex.stopwords for code, lex in LEXICONS.items())


def test_page_language_comes_from_its_text_not_its_lang_attribute() -> None:
    """A German article on a page marked lang="en" is German."""
    body = " ".join(
        [
            "<p>Die Stadt hat am Montag beschlossen, dass die Brücke über den Fluss bis zum Ende des Jahres"
            " für den Verkehr gesperrt wird, weil die Prüfer Risse in den Pfeilern gefunden haben.</p>"
        ]
        * 6
    )
    html = f'<html lang="en"><head><title>Brücke gesperrt</title></head><body><article>{body}</article></body></html>'
    assert extract_article(html, url="http://127.0.0.1/brucke").language == "de"
