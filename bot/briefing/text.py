"""Plain-text helpers for the briefing core: normalisation, sentences, words, language and headline."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice

from bot.briefing.lexicon import LEXICONS

__all__ = [
    "Sentence",
    "count_words",
    "detect_language",
    "has_words",
    "headline_source",
    "normalise",
    "split_sentences",
    "split_title",
    "words",
]

# --------------------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------------------

# Control characters that mean "new line" in practice (vertical tab, form feed, NEL, separators).
_LINE_BREAKS = {
    "\x0b": "\n",
    "\x0c": "\n",
    "\x1c": "\n",
    "\x1d": "\n",
    "\x1e": "\n",
    "\x85": "\n",
    "\u2028": "\n",
}


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SPACES_RE = re.compile(r" {2,}")
_BLANKS_RE = re.compile(r"\n{3,}")


def _clean_char(char: str) -> str:
    if char in "\n\t":
        return char
    if char in _LINE_BREAKS:
        return _LINE_BREAKS[char]
    if char == "\u2029":
        return "\n\n"
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category in ("Cc", "Cf", "Cs"):
        return ""
    return char


def _needs_cleaning(char: str) -> bool:
    return char not in "\n\t " and unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf", "Cs")


# What the whitespace rules change: a text holding none of these is tidy already (most extracted text is).
_UNTIDY = ("\t", "  ", " \n", "\n ", "\n\n\n")


def _is_tidy(text: str) -> bool:
    """Tell whether _tidy_whitespace would leave text as it is (a few substring tests, made in C)."""
    edges = text[:1] + text[-1:]
    return bool(text) and " " not in edges and "\n" not in edges and not any(s in text for s in _UNTIDY)


def _tidy_whitespace(text: str) -> str:
    """Collapse runs of spaces, strip every line's ends and keep at most one blank line between lines."""
    lines = [_SPACES_RE.sub(" ", line).strip(" \t") for line in text.split("\n")]
    return _BLANKS_RE.sub("\n\n", "\n".join(lines)).strip("\n")


def normalise(text: str) -> str:
    """Return text in NFC with tidy whitespace: plain spaces, \\n line ends, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # isprintable() is False for every character that needs cleaning (and for tab and line ends): when the
    # text is printable but for its line ends, the per-character test is skipped.
    if not text.replace("\n", "").isprintable() and any(_needs_cleaning(c) for c in set(text)):
        text = "".join(_clean_char(c) for c in text)
    # NFC after the removals: dropping a zero-width joiner can bring a letter and its accent together.
    text = unicodedata.normalize("NFC", text)
    return text if _is_tidy(text) else _tidy_whitespace(text)


# --------------------------------------------------------------------------------------------------------
# words
# --------------------------------------------------------------------------------------------------------

# One CJK ideograph or kana counts as a word; elsewhere a word is letters/digits joined by ' ’ - . inside.
_WORD_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+(?:['’.\-][^\W_]+)*",
)


def words(text: str) -> list[str]:
    """Return the words of text in order, as written."""
    return _WORD_RE.findall(text)


def count_words(text: str) -> int:
    """Count the words of text (CJK characters one each)."""
    return len(_WORD_RE.findall(text))  # a list of the words costs less than a Python loop over matches


_HEAD_CHARS = 600  # prose holds a few dozen words in this many characters


def has_words(text: str, n: int) -> bool:
    """Tell whether text holds at least n words; the whole text is counted only when its head has too few."""
    # A text's head holds no more words than the text: enough there settles it (most texts, most checks).
    return count_words(text[:_HEAD_CHARS]) >= n or (len(text) > _HEAD_CHARS and count_words(text) >= n)


# --------------------------------------------------------------------------------------------------------
# sentences
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``source[start:end] == text``; ``paragraph`` counts blank-line-separated blocks."""

    text: str
    start: int
    end: int
    paragraph: int


_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n\s*")
# A terminal run, then closing quotes/brackets (French « … » puts a space before »), then space or the end.
# A run is matched from its first mark only and never given back (possessive): a long run of marks that no
# space follows costs one pass, not one pass per mark.
_TERMINAL_RE = re.compile(
    r"(?<![.!?…‽])(?P<p>[.!?…‽]++)(?P<c>[”\"’'»“‘)\]›]*+(?: [»›])?)(?=\s|$)|(?P<cjk>[。！？]++[」』”）]*+)"
)
# Where a terminal run may start: a plain character class, which a search skips to fast, where a pattern
# that opens with a look-behind (as _TERMINAL_RE must) is tried at every character.
_MARK_RUN_RE = re.compile(r"[.!?…‽。！？][.!?…‽]*+")
_OPENERS = "\"'“‘„‚«»‹›([{¿¡—–-•·*"
_CLOSERS = "”\"’'»“‘)]›"
_BULLET_RE = re.compile(r"(?:[-–—•·*▪►●◦‣]|\d{1,2}[.)])[ \t]+")
_ALNUM_RE = re.compile(r"[^\W_]")
_NEXT_WORD_RE = re.compile(r"[^\W_]+")

# Words that take a full stop and never end a sentence (titles, "St. Louis", German/French/Slavic forms).
_TITLES = _set(
    """mr mrs ms mx dr prof gen sen rep gov lt col sgt capt cpt adm maj cmdr rev hon pres supt det insp
    messrs mme mlle mmes hr frau fr st mt ft sr sra srta dña ud uds vs cf approx dept univ est
    bzw vgl ca sog ggf evtl inkl ul im проф ген тов гр"""
)
# Abbreviations that also end sentences: break only before a word that usually starts one.
_AMBIGUOUS = _set("inc ltd corp co jr bros plc llc etc usw al ave blvd rd")
_NUMBERED = _set("no nos nr art p pp vol fig ch sec para op tel")
_MONTHS_ABBR = _set("jan feb mar apr jun jul aug sep sept oct nov dec")
_MONTH_NAMES = _set(
    """january february march april may june july august september october november december
    januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août
    septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre
    octubre noviembre diciembre"""
)
_STARTERS = _set(
    """the a an he she it they we i you his her its their our this that these those there here but and
    so yet or in on at for as if when while after before since meanwhile however now then also one
    some many most both all no not what who why how where which mr mrs ms dr officials police"""
)
_ACRONYM_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def _next_start(text: str, pos: int, end: int) -> int:
    """Return the index of the first character of the next word, skipping space and opening marks."""
    while pos < end and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    return pos


def _token_start(text: str, floor: int, end: int) -> int:
    """Return where the run of non-space characters that ends at ``end`` begins (not before ``floor``)."""
    # Walk back from the mark rather than searching forward from the sentence start: a block of many
    # non-breaking marks ("A. A. A. ...") would otherwise be rescanned for each one, quadratic in its length.
    pos = end
    while pos > floor and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _is_boundary(text: str, m: re.Match[str], seg_start: int, seg_end: int) -> bool:
    """Decide whether the terminal punctuation matched by m ends a sentence."""
    after = m.end()
    nxt = _next_start(text, after, seg_end)
    if nxt >= seg_end:
        return True
    first = text[nxt]
    if first.islower():
        return False
    punct = m.group("p")
    if punct != ".":
        return True
    token_start = _token_start(text, seg_start, m.start())
    if token_start == m.start():
        return True
    token = text[token_start : m.start()].lstrip(_OPENERS)
    if not token:
        return True
    low = token.lower()
    word_match = _NEXT_WORD_RE.match(text, nxt)
    next_word = word_match.group(0).lower() if word_match else ""
    if token.isdigit() and len(token) <= 2 and token_start == seg_start:
        return False  # a numbered list item: "2. Second point"
    if first.isdigit():
        return not (low in _NUMBERED or low in _MONTHS_ABBR)
    if token.isdigit() and len(token) <= 2 and next_word in _MONTH_NAMES:
        return False  # German/Slavic ordinal dates: "am 3. Oktober"
    if len(token) == 1 and token.isalpha():
        return False  # an initial: J. K. Rowling, z. B., В. Путин
    if low in _TITLES:
        return False
    if _ACRONYM_RE.fullmatch(token) or low in _AMBIGUOUS or (low in _MONTHS_ABBR and token[0].isupper()):
        return next_word in _STARTERS
    return True


def _terminals(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Yield the terminal runs of text[start:end], as ``_TERMINAL_RE.finditer`` would, but faster."""
    pos = start
    while (run := _MARK_RUN_RE.search(text, pos, end)) is not None:
        m = _TERMINAL_RE.match(text, run.start(), end)
        if m is None:
            pos = run.end()  # no terminal starts inside a run of marks (the look-behind)
        else:
            yield m
            pos = m.end()


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one block (a run of lines that belong together) into sentence spans."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _terminals(text, start, end):
        if m.end() <= cursor:
            continue
        if m.group("cjk") is not None or _is_boundary(text, m, cursor, end):
            spans.append((cursor, m.end()))
            cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _ends_terminal(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in ".!?…‽:。！？"


def _line_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Group the lines of a paragraph into blocks; a line break inside a block is not a sentence break."""
    lines: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl == -1:
            nl = end
        lines.append((pos, nl))
        pos = nl + 1
    if len(lines) == 1:
        return lines
    bodies = [text[a:b].strip() for a, b in lines]
    # Hard-wrapped prose (e-mail, terminal paste): most lines long and not ending a sentence.
    inner = [b for b in bodies[:-1] if b]
    wrapped = len(inner) >= 2 and sum(
        1 for b in inner if len(b) >= 40 and not _ends_terminal(b)
    ) >= 0.6 * len(inner)
    blocks: list[tuple[int, int]] = []
    block_start, block_end = lines[0]
    for (a, b), body, prev in zip(lines[1:], bodies[1:], bodies[:-1], strict=True):
        if wrapped or _continues(prev, body):
            block_end = b
        else:
            blocks.append((block_start, block_end))
            block_start, block_end = a, b
    blocks.append((block_start, block_end))
    return blocks


def _continues(prev: str, nxt: str) -> bool:
    """Tell whether the line nxt carries on the sentence that prev leaves open."""
    if not prev or not nxt or _ends_terminal(prev) or _BULLET_RE.match(nxt):
        return False
    if prev[-1] in ",;([{„«‘“-–—" or prev.endswith(("&", "/")):
        return True
    return nxt[0].islower()


def split_sentences(text: str, limit: int | None = None) -> list[Sentence]:
    """Split text into sentences with exact offsets; knows abbreviations, quotes, lines and other scripts.

    With a ``limit``, only the first ``limit`` sentences are returned, and the text after them is not read.
    """
    return list(islice(_sentences(text), limit))


def _sentences(text: str) -> Iterator[Sentence]:
    """Yield the sentences of text in order, one paragraph at a time."""
    paragraph = 0
    para_start = 0
    breaks = ((m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text))
    for sep_start, sep_end in chain(breaks, [(len(text), len(text))]):
        found = False
        for block_start, block_end in _line_blocks(text, para_start, sep_start):
            for a, b in _sentence_spans(text, block_start, block_end):
                a, b = _trim(text, a, b)
                if a < b and _ALNUM_RE.search(text, a, b):
                    yield Sentence(text[a:b], a, b, paragraph)
                    found = True
        if found:
            paragraph += 1
        para_start = sep_end


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    bullet = _BULLET_RE.match(text, a, b)
    if bullet is not None and bullet.end() < b:
        a = bullet.end()
        while a < b and text[a].isspace():
            a += 1
    return a, b


# --------------------------------------------------------------------------------------------------------
# language
# --------------------------------------------------------------------------------------------------------

# Each language's common words, from its lexicon: the guesser counts them.
STOPWORDS: dict[str, frozenset[str]] = {code: lex.stopwords for code, lex in LEXICONS.items()}
_STOP_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _stops in STOPWORDS.items():
    for _word in _stops:
        _STOP_LANGS[_word] = (*_STOP_LANGS.get(_word, ()), _lang)
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LANG_WORD_RE = re.compile(r"[^\W\d_]+")


_LANGUAGE_SAMPLE = 6_000


def detect_language(text: str) -> str | None:
    """Guess the ISO 639-1 language of text from stopword counts; None when the evidence is thin."""
    return _detect_sample(text[:_LANGUAGE_SAMPLE])


@lru_cache(maxsize=4)
def _detect_sample(head: str) -> str | None:
    """Guess the language of a text's head; cached: extraction and the briefing ask about the same text."""
    sample = head.lower()
    tokens = _LANG_WORD_RE.findall(sample)
    if not tokens:
        return None
    counts: dict[str, int] = {}
    # Each common word once, with its count: counted in C, where a Python loop over every token cost more.
    for token, n in Counter(filter(_STOP_LANGS.__contains__, tokens)).items():
        for lang in _STOP_LANGS[token]:
            counts[lang] = counts.get(lang, 0) + n
    # Letters only one of two close Cyrillic languages uses settle ties between them.
    if _CYRILLIC_RE.search(sample, 0, 2000):
        counts["uk"] = counts.get("uk", 0) + sum(sample.count(c) for c in "іїєґ") // 2
        counts["ru"] = counts.get("ru", 0) + sum(sample.count(c) for c in "ыэъё") // 2
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    if not ranked:
        return _cyrillic_language(sample, len(tokens))
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if hits < 3 or hits < 0.08 * len(tokens) or hits < 1.2 * runner_up:
        return _cyrillic_language(sample, len(tokens))
    return best


def _cyrillic_language(sample: str, n_tokens: int) -> str | None:
    """Tell Ukrainian from Russian by their own letters when a short text gives too few common words."""
    cyrillic = len(_CYRILLIC_RE.findall(sample))
    letters = sum(1 for c in sample if c.isalpha())
    if n_tokens < 4 or cyrillic < 0.6 * max(letters, 1):
        return None
    uk = sum(sample.count(c) for c in "іїєґ")
    ru = sum(sample.count(c) for c in "ыэъё")
    if uk > ru:
        return "uk"
    return "ru" if ru > uk else None


# --------------------------------------------------------------------------------------------------------
# title
# --------------------------------------------------------------------------------------------------------

# Prefixes that label the story rather than name the outlet it comes from.
_LABEL_PREFIXES = _set(
    "media sources breaking exclusive update updated live watch video photos analysis opinion explainer"
) | {"breaking news"}
_SOURCE_PREFIXES = (
    _set(
        """reuters ap afp dpa tass interfax ukrinform unian xinhua kyodo ansa efe bloomberg bbc cnn nbc cbs
        abc npr politico axios nyt wsj ft guardian"""
    )
    | _LABEL_PREFIXES
)
_SOURCE_PHRASES = frozenset(
    [
        "associated press",
        "the guardian",
        "financial times",
        "washington post",
        "new york times",
        "wall street journal",
        "sky news",
        "fox news",
        "al jazeera",
        "bbc news",
        "cnn business",
        "der spiegel",
        "le monde",
        "kyiv independent",
        "ukrainska pravda",
        "the times",
        "the telegraph",
        "the economist",
        "deutsche welle",
        "radio liberty",
        "breaking news",
    ]
)
_PREFIX_RE = re.compile(r"^([^:]{2,30}):\s+(\S.*)$")


def headline_source(line: str) -> str | None:
    """Return the outlet a headline is credited to ("Reuters: ..." -> "Reuters"), or None."""
    line = line.strip()
    m = _PREFIX_RE.match(line)
    if m is None or _strip_source(line) == line:
        return None
    prefix = m.group(1).strip()
    return None if prefix.lower() in _LABEL_PREFIXES else prefix


def _strip_source(title: str) -> str:
    m = _PREFIX_RE.match(title)
    if m is None:
        return title
    prefix = m.group(1).strip().lower()
    rest = m.group(2).strip()
    if (prefix in _SOURCE_PREFIXES or prefix in _SOURCE_PHRASES) and count_words(rest) >= 3:
        return rest
    return title


def split_title(text: str) -> tuple[str | None, str]:
    """Split off a headline-like first line as (title, rest); (None, text) when it is body text."""
    stripped = text.lstrip()
    nl = stripped.find("\n")
    if nl == -1:
        return None, text
    first = stripped[:nl].strip()
    rest = stripped[nl + 1 :].strip("\n ")
    n_words = count_words(first)
    if not first or not rest or n_words == 0 or n_words > 25 or len(first) > 220:
        return None, text
    last = first.rstrip(_CLOSERS + " ")[-1:]
    if last in ".,;:" and not first.endswith("..."):
        return None, text
    if first[0].islower() or not has_words(rest, max(10, n_words)):
        return None, text
    if len(split_sentences(first, limit=2)) > 1 and last not in "?!":
        return None, text
    return _strip_source(first), rest
