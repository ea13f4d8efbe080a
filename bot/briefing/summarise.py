"""The extractive summariser: a lead-biased, directed-centrality sentence ranker with MMR selection.

Method (all pure Python, linear in the text up to a fixed sentence cap):

1. Split into sentences; drop those that make poor summary lines (boilerplate such as bylines, captions and
   share prompts, questions, sentences that are mostly a quotation, fragments, headline-like lines).
2. Represent each remaining sentence as a bag of stemmed content words weighted by inverse sentence frequency.
3. Score = position prior (news puts the point first) + PacSum-style directed centrality (Zheng & Lapata 2019:
   a sentence gains from being similar to the sentences *after* it, because a lead sentence is elaborated
   later, while a sentence that repeats what came before is a recap) + a mild length preference.
4. Pick greedily with maximal marginal relevance so no two chosen sentences say the same thing; the first
   ``n_summary`` picks form the summary, the next ``n_points`` the key points; each list in reading order.
   A sentence that leans on the one before it ("He said…", "Instead, …") is passed over unless that one is
   in the same list (it is then shown right after it); key points are short, never cut from inside a
   quotation and never restate a quotation the card shows.
5. Show each sentence so that it stands alone: without a dateline or wire credit ("BUFFALO, N.Y. —",
   "(Reuters) -") and without a connective it does not need ("But", "However,"); the words are the
   language's, from ``bot.briefing.lexicon``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain

from bot.briefing.lexicon import ENGLISH, Lexicon, for_language
from bot.briefing.text import STOPWORDS, Sentence, detect_language, split_sentences

__all__ = ["Summary", "stand_alone", "stem", "strip_dateline", "summarise"]

MAX_SENTENCES = 200  # rank only the first sentences: keeps a megabyte paste fast, and news leads anyway
MAX_TOKENS = 80  # content words kept per sentence for the similarity graph
MAX_CHARS_SCANNED = 300_000


@dataclass(frozen=True)
class Summary:
    """A TL;DR of ``summary`` sentences and further ``key_points``, each an exact sentence of the article."""

    summary: list[str]
    key_points: list[str]


@dataclass(frozen=True)
class _Params:
    """Ranking weights, tuned on whole benchmark sets (see bench/summaries.py), never on single rows."""

    position: float = 1.0  # weight of the position prior
    position_decay: float = 0.5  # prior = 1 / (1 + rank) ** decay over the candidate rank
    forward: float = 1.0  # weight of similarity to later sentences
    backward: float = -0.3  # weight of similarity to earlier sentences
    centrality: float = 0.5  # weight of the (max-normalised) directed centrality
    length: float = 0.2  # weight of the length preference
    ideal_words: int = 22  # sentences shorter than this get less of the length bonus
    redundancy: float = 1.0  # MMR: penalty per unit of similarity to an already chosen sentence
    max_similarity: float = 0.6  # never choose a sentence this similar to a chosen one
    points_position: float = 0.2  # share of the position weight left when choosing key points
    points_words: int = 25  # key points longer than this lose ...
    points_length: float = 1.0  # ... this much per extra points_words: a key point is read at a glance
    dangling: float = 0.5  # penalty for a sentence opening on a pronoun whose antecedent was not chosen
    points_dangling: float = 10.0  # key points have many stand-ins, so a leaning one is rarely worth it

    def for_one_line(self) -> _Params:
        """Weights for a one-sentence TL;DR, which must stand for the whole article.

        The lead counts for less and a full, central sentence for more: on one-line references (XSum) the
        lead alone scores below TextRank.
        """
        return replace(self, position=0.3 * self.position, length=1.0, ideal_words=30)


DEFAULTS = _Params()

# --------------------------------------------------------------------------------------------------------
# words and stems
# --------------------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_VOWELS = frozenset("aeiouy")
# (suffix, replacement, minimum stem length left): checked in order, the first that fits wins.
_SUFFIXES: tuple[tuple[str, str, int], ...] = (
    ("ational", "ate", 3),
    ("ization", "ize", 3),
    ("fulness", "ful", 3),
    ("iveness", "ive", 3),
    ("ousness", "ous", 3),
    ("ations", "ate", 3),
    ("ation", "ate", 3),
    ("nesses", "", 3),
    ("ness", "", 3),
    ("ments", "", 4),
    ("ment", "", 4),
    ("ities", "", 3),
    ("ity", "", 3),
    ("ingly", "", 3),
    ("edly", "", 3),
    ("ings", "", 3),
    ("ing", "", 3),
    ("ies", "y", 2),
    ("ied", "y", 2),
    ("sses", "ss", 2),
    ("ed", "", 3),
    ("ly", "", 3),
    ("es", "", 3),
    ("s", "", 3),
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Strip common English inflections and suffixes from a lowercase word (a small Porter-like stripper)."""
    if len(word) <= 3 or not word.isascii():
        return word
    for suffix, replacement, min_left in _SUFFIXES:
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) < min_left or not _VOWELS.intersection(base):
                continue
            if suffix == "s" and base.endswith(("s", "u", "i")):
                return word  # "class", "bus", "analysis"
            word = base + replacement
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # running -> runn -> run
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # make / making / maker meet at "mak"
    return word


def _term(token: str, stops: frozenset[str], english: bool) -> str:
    """Return a lowercase token's content term (stemmed in English, cut elsewhere); "" when it is none."""
    if token in stops or token.isdigit() or len(token) < 2:
        return ""
    token = token.replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    return stem(token) if english else token[:6]


# Each language's tokens and their terms, as found: an article's words recur, and so do a language's.
_TERMS: dict[str | None, dict[str, str]] = {}
_MAX_TERMS = 30_000  # in all languages (a few MB); past it the tables start afresh (a megabyte paste is big)


@lru_cache(maxsize=64)
def _stops(language: str | None) -> frozenset[str]:
    """The words that carry no content in a language's summaries."""
    # English's summary stopwords stay in every language (English names and quotes turn up everywhere).
    lex = for_language(language)
    return ENGLISH.summary_stopwords | lex.summary_stopwords | STOPWORDS.get(language or "en", frozenset())


def _content_terms(tokens: list[str], language: str | None) -> list[str]:
    """Return the content terms among a sentence's lowercase tokens, at most MAX_TOKENS of them."""
    if sum(map(len, _TERMS.values())) > _MAX_TERMS:
        _TERMS.clear()
    table = _TERMS.setdefault(language, {})
    terms: list[str] = []
    for token in tokens:
        term = table.get(token)
        if term is None:
            term = table[token] = _term(token, _stops(language), language in (None, "en"))
        if term:
            terms.append(term)
            if len(terms) >= MAX_TOKENS:
                break
    return terms


# --------------------------------------------------------------------------------------------------------
# what makes a poor summary sentence
# --------------------------------------------------------------------------------------------------------

# What furniture opens with: a byline, a caption's credit, a teaser for another story (tried with match).
_BOILERPLATE_START_RE = re.compile(
    r"""(?:by|von|par|por|di)\s+[\w.’'\- ]{2,60}$            # a byline
    | (?:photo|image|picture|video|graphic|illustration|credit|source|caption|file\ photo)s?\s*(?::|by\b)
    | (?:read|see|watch|listen)\s+(?:more|also|next|the\ full|our)
    | (?:related|advertisement|sponsored|recommended|more\ on\ this|most\ read|top\ stories|also\ read
        |editor'?s?’?\ note|image\ (?:caption|copyright)|media\ caption|reading\ time|read\ time)\b
    | (?:published|updated|posted|last\ (?:updated|modified))\b[:\s]
    | (?:more|see\ also|also|don'?’?t\ miss|trending|watch|listen|must\ read|related\ coverage
        |you\ (?:may|might)\ also\ like|more\ stories|popular)\s*:             # a teaser for another story
    """,
    re.VERBOSE,
)
# Tell-tale words of furniture anywhere in a sentence, each from a word start (lowercase regular expressions:
# they run on lowercased sentences, where IGNORECASE would cost several times as much). Searched, so kept
# apart from the openings above.
_AFFILIATE_LINKS = "(?:our )?affiliate links?"
_REPRINTED = r"(?:originally|first) (?:published|appeared|ran) (?:on|in|by|at)\b"
_TELL_TALES = (
    "subscribe",
    "newsletter",
    "sign up for",
    r"cookies?\b",
    "privacy policy",
    "terms of (?:use|service)",
    "all rights reserved",
    "follow us",
    "share (?:this|on|via)",
    "click here",
    "download (?:our|the) app",
    "whatsapp",
    "telegram channel",
    "copyright",
    "getty images",
    r"ap photo\b",
    "min read",
    "non-?commercial use",
    "this copy is for",
    "powered by",
    "start your day with",
    "delivered (?:to|through) your (?:inbox|letterbox|door)",
    r"get [\w '’&-]{1,60} (?:in|to) your inbox",
    f"this (?:article|story|post|piece) (?:was )?{_REPRINTED}",
    "contributed to this (?:report|story)",
    "this (?:story|article) (?:was|has been) updated",
    r"this article is more than \w+ \w+ old",
    "we may earn (?:an? )?(?:affiliate )?commission",
    f"contains? {_AFFILIATE_LINKS}",
    f"through {_AFFILIATE_LINKS}",
    f"via {_AFFILIATE_LINKS}",
    f"using {_AFFILIATE_LINKS}",
    "may not be (?:published|reproduced),? broadcast",
    "follow (?:him|her|them|us|me) (?:on|at|@)",
)


def _by_first_letter(phrases: Sequence[str]) -> str:
    """Join the phrases into one alternation, grouped by their first letter.

    The regex engine tries alternatives one by one at every word: grouped, it enters only the group of the
    letter there (a third less time over a page than thirty-odd alternatives side by side).
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# A photo credit "(Photo: …)" and "©" mark furniture wherever they stand, after a space as after a word.
_BOILERPLATE_RE = re.compile(rf"\b(?:{_by_first_letter(_TELL_TALES)}|^{_REPRINTED})|\(photo\b|©")
# An e-mail address: tried apart, on sentences holding an "@", as its pattern costs most where none is.
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+")
_SHORT_BOILERPLATE_WORDS = 30  # a keyword only marks a sentence as boilerplate when the sentence is short
_QUOTE_SHARE = 0.6  # a sentence this much inside quotation marks is a quote, not a summary line
_ATTRIBUTION_WORDS = 8  # "…,” harbour master Eilidh Crane said on Monday." is a quote with a dangling cue
_QUOTE_PAIRS = (("“", "”"), ("„", "“"), ("„", "”"), ("«", "»"), ("»", "«"), ("‘", "’"), ("‹", "›"))
_QUOTED_RE = re.compile(r"“[^“”]*”|„[^“”„]*[“”]|«[^«»]*»|»[^«»]*«|\"[^\"]*\"|(?<!\w)‘[^‘]*?’(?!\w)")
_OPEN_MARKS = '“„«"‘'
# The marks that open or close a quotation; ’ is left out: alone it is an apostrophe ("don’t"), and a ‘…’
# quotation also holds its opening ‘.
_ANY_MARK_RE = re.compile(r"[“”„«»\"‘]")
_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_CLOSE_MARKS = '”“»"’'
_TERMINAL_CHARS = ".!?…。！？"
_CLOSING = "”\"’'»“‘)]› "


def _letters(text: str) -> int:
    """Count the letters of text (what is left once everything else is deleted: no list of letters made)."""
    return len(_NON_LETTERS_RE.sub("", text))


def _is_mostly_quote(sentence: str) -> bool:
    """Tell whether a sentence is mostly a quotation: most letters quoted, or a quote and a short 'X said'."""
    if not _ANY_MARK_RE.search(sentence):
        return False
    letters = _letters(sentence)
    if letters == 0:
        return False
    rest = _QUOTED_RE.sub(" ", sentence).strip()
    inside = letters - _letters(rest)  # the quotations' letters: all of them but those left outside
    # A quotation over several sentences leaves an opening mark with no close, or a close with no open.
    if rest[:1] in _OPEN_MARKS:
        return True
    starts_quoted = sentence.lstrip()[:1] in _OPEN_MARKS
    straight = rest.find('"')
    if straight > 0 and not rest[straight - 1].isspace():
        rest = rest.replace('"', "”", 1)  # an unpaired straight mark right after a word closes a quotation
    for mark in "”»":
        if mark in rest:
            cut = rest.index(mark)
            inside += _letters(rest[:cut])
            rest = rest[cut + 1 :]
            starts_quoted = True
            break
    if inside >= _QUOTE_SHARE * letters:
        return True
    return inside > 0 and starts_quoted and len(_TOKEN_RE.findall(rest)) <= _ATTRIBUTION_WORDS


def _ends_sentence(sentence: str) -> bool:
    tail = sentence.rstrip(_CLOSING)
    return bool(tail) and tail[-1] in _TERMINAL_CHARS


def _is_question(sentence: str) -> bool:
    return sentence.rstrip(_CLOSING).endswith(("?", "？")) or sentence.lstrip().startswith("¿")


def _is_boilerplate(lowered: str, n_words: int) -> bool:
    """Tell whether a sentence, lowercased, is a byline, a caption, a share prompt or other furniture."""
    if _BOILERPLATE_START_RE.match(lowered):
        return True
    # A tell-tale word or an e-mail address marks a short sentence wherever it is, a long one only where it
    # opens it: a long sentence is only tried at its start.
    short = n_words <= _SHORT_BOILERPLATE_WORDS
    if (_BOILERPLATE_RE.search if short else _BOILERPLATE_RE.match)(lowered):
        return True
    return "@" in lowered and (_EMAIL_RE.search if short else _EMAIL_RE.match)(lowered) is not None


# --------------------------------------------------------------------------------------------------------
# sentences that stand alone: datelines, wire credits and connectives
# --------------------------------------------------------------------------------------------------------

_CAPS_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*"  # "WASHINGTON", "NEW DELHI", "BUFFALO"
_REGION = (
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,3})?"  # ", N.Y.", ", Ohio"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # ", Nov 19" (Reuters: "LONDON, Nov 19 (Reuters) -")
)
_CREDIT = r"\([A-Za-z][A-Za-z. &/-]{0,24}\)"  # "(AP)", "(Reuters)", "(dpa)" after an all-capitals place
# Wire services and broadcasters that credit a story: only these count after a mixed-case place or alone,
# so "Tesla (TSLA) - The company said" keeps its subject.
_WIRE = (
    r"\((?:AP|Reuters|AFP|UPI|CNN|CNNMoney|dpa|DPA|IANS|PTI|ANI|Xinhua|Bloomberg|EFE|ANSA|TASS|Kyodo|Yonhap"
    r"|AAP|CP|PA|Sputnik|BBC|NPR|RIA|Interfax|Ukrinform|UNIAN|PAP|ČTK|Belga|APA|KNA|epd|SDA|ATS|Lusa|NTB)"
    r"(?:\s*[/,]\s*[A-Za-z]+)?\)"
)
_DASH = r"(?:\s*[—–]|\s+-{1,2}|\s*--)\s*"
_DATELINE_RE = re.compile(
    rf"^(?:{_CAPS_PLACE}{_REGION}(?:\s*{_CREDIT})?(?:{_DASH}|:\s+)"  # WASHINGTON (AP) — / NEW DELHI:
    rf"|[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+)*{_REGION}\s*{_WIRE}{_DASH}"  # Paris (AFP) -
    rf"|[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}\s*{_WIRE}{_DASH}"  # Nov 19 (Reuters) -
    rf"|{_CREDIT}{_DASH}|{_CREDIT}(?=[A-Z])|{_WIRE})"  # (EW.com) -- / (Variety)Stan / (Reuters) —
)
_OPENER_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_WORDS_LEFT = 4  # a trimmed sentence must still say something


def strip_dateline(sentence: str) -> str:
    """Drop a leading dateline or wire credit ("SAN FRANCISCO (AP) —", "NEW DELHI:"), keeping the sentence."""
    m = _DATELINE_RE.match(sentence)
    if m is None or m.end() == 0:
        return sentence
    rest = sentence[m.end() :].lstrip()
    # What follows a dateline starts a sentence: "NASA — the agency — said" has no dateline.
    starts = rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in _OPEN_MARKS
    if len(_TOKEN_RE.findall(rest)) < _MIN_WORDS_LEFT or not starts:
        return sentence
    return rest


@lru_cache(maxsize=64)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    """The words the phrases open with."""
    return frozenset(phrase.split(" ", 1)[0] for phrase in phrases)


def _opener(text: str, phrases: frozenset[str]) -> int:
    """Return the length of the opening word or phrase of text that is in phrases (0 when none is)."""
    first = _OPENER_WORD_RE.match(text, 0, 80)
    if first is None or first.group(0).casefold() not in _first_words(phrases):
        return 0  # most sentences: no phrase opens with their first word
    words = list(_OPENER_WORD_RE.finditer(text, 0, 80))
    for n in (4, 3, 2, 1):
        if len(words) < n or words[0].start() != 0:
            continue
        # The words must follow each other with single spaces ("in addition", not "in, addition").
        spaced = all(text[words[k].end() : words[k + 1].start()] == " " for k in range(n - 1))
        # A phrase is a connective only when a comma closes it: "In addition," but not "In addition to".
        closed = n == 1 or text[words[n - 1].end() : words[n - 1].end() + 1] == ","
        if spaced and closed and " ".join(w.group(0).casefold() for w in words[:n]) in phrases:
            return words[n - 1].end()
    return 0


def _depends(text: str, lex: Lexicon) -> bool:
    """Tell whether a sentence opens on a word that needs the sentence before ("He", "This", "Instead,")."""
    body = text.lstrip(_OPEN_MARKS)
    first = _OPENER_WORD_RE.match(body)
    if first is None:
        return False
    word = re.split(r"['’]", first.group(0).casefold())[0]
    if _opener(body, lex.dependent_openers) == 0 and word not in lex.dependent_openers:
        return False
    # "This week", "That morning": a demonstrative before a time word points at the calendar, not back.
    if word not in lex.demonstratives:
        return True
    following = _OPENER_WORD_RE.match(body, first.end() + 1) if first.end() < len(body) else None
    return not (following and following.group(0).casefold() in lex.stops)


def stand_alone(sentence: str, lex: Lexicon) -> tuple[str, bool]:
    """Return the sentence as shown alone and whether it still leans on the sentence before it.

    A dateline or wire credit is dropped; so is a connective ("But", "However,") when what follows stands
    without it. A sentence opening on a pronoun or a dependent connective ("He said", "Instead,") is kept
    whole and flagged: it is only shown right after the sentence it depends on.
    """
    text = strip_dateline(sentence)
    cut = _opener(text, lex.connectives)
    if cut:
        rest = text[cut:].lstrip(" ,;:—–-").lstrip()
        if _depends(rest, lex):
            return text, True  # "And that is …": the connective goes, the pronoun still needs context
        if len(_TOKEN_RE.findall(rest)) >= _MIN_WORDS_LEFT and rest[:1].isalpha():
            return rest[0].upper() + rest[1:], False
    return text, _depends(text, lex)


def _unbalanced(sentence: str) -> bool:
    """Tell whether a sentence opens or closes a quotation it does not finish (cut from inside a quote)."""
    if sentence.count('"') % 2 or sentence.count("«") != sentence.count("»"):
        return True
    if "„" in sentence:  # German „…“ and Polish „…” close with either mark
        return sentence.count("„") != sentence.count("“") + sentence.count("”")
    return sentence.count("“") != sentence.count("”")


# A name run into itself where a page's pop-up card was flattened into the text ("Kristi NoemKristi Lynn").
# The word boundary is checked behind the first capital, so that a search skips straight to capitals.
_GLUED_RE = re.compile(r"([A-Z](?<=\b[A-Z])[a-z]+) [A-Z][a-z]+\1(?=[A-Z\s])")


def _date_line(sentence: str, n_words: int) -> bool:
    """Tell whether a line is a bare date or time stamp ("segunda-feira, 22 de janeiro de 2018 às 0:13")."""
    return n_words <= 10 and not _ends_sentence(sentence) and len(re.findall(r"\d+", sentence)) >= 2


# --------------------------------------------------------------------------------------------------------
# ranking
# --------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    index: int  # position among all sentences
    text: str
    words: int
    weights: dict[str, float]
    norm: float
    tier: int  # 0: good; 1: usable when nothing better exists (fragments, headline-like, quote-heavy)
    lex: Lexicon  # the language's words, to show the sentence alone
    start: int  # offsets in the text, to tell a sentence that holds a quotation shown elsewhere
    end: int
    prior: float = 0.0  # position prior, before its weight
    merit: float = 0.0  # weighted centrality and length
    score: float = 0.0
    folded: str = field(init=False, default="")  # the text casefolded, to tell duplicates
    alone: tuple[str, bool] | None = None  # stand_alone's answer, worked out when first asked

    def __post_init__(self) -> None:
        self.folded = self.text.casefold()

    def _stand_alone(self) -> tuple[str, bool]:
        # Only the chosen sentences are shown, and only a contender's lean can change a choice: most
        # candidates never need the answer.
        if self.alone is None:
            self.alone = stand_alone(self.text, self.lex)
        return self.alone

    @property
    def shown(self) -> str:
        """The sentence as shown: without dateline, wire credit or a droppable connective."""
        return self._stand_alone()[0]

    @property
    def anaphoric(self) -> bool:
        """Tell whether it opens on a word ("They say", "He added") that needs the sentence before it."""
        return self._stand_alone()[1]


def _similarities(candidates: list[_Candidate]) -> list[list[float]]:
    """Return the cosine similarity of every pair of candidates (0 on the diagonal).

    Built from the terms' posting lists: only pairs that share a term cost anything, where comparing every
    pair's term dictionaries cost most of the summary's time.
    """
    n = len(candidates)
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, cand in enumerate(candidates):
        if cand.norm:
            for term, weight in cand.weights.items():
                postings.setdefault(term, []).append((i, weight / cand.norm))
    sim = [[0.0] * n for _ in range(n)]
    for posting in postings.values():
        if len(posting) < 2:
            continue  # most terms are in one sentence only and link no pair
        for k, (i, wi) in enumerate(posting):
            row = sim[i]
            for j, wj in posting[k + 1 :]:
                shared = wi * wj
                row[j] += shared
                sim[j][i] += shared  # the same sums in the same order: the matrix comes out symmetric
    return sim


_PROMO_SENTENCES = 5  # a promotional block is short: a line or two of blurb, not an article's paragraph


def _promo_paragraphs(sentences: list[Sentence], boiler: list[bool]) -> set[int]:
    """Return the paragraphs that are mostly promotion: two or more boilerplate sentences, at least half.

    A sponsor or newsletter blurb ("Start your day with … powered by X. X is the favourite read of … Sign
    up for the free newsletter.") mixes sentences with and without the tell-tale words; the blurb's plain
    sentences are no more the article than its sign-up line.
    """
    total: dict[int, int] = {}
    marked: dict[int, int] = {}
    for sentence, flag in zip(sentences, boiler, strict=True):
        total[sentence.paragraph] = total.get(sentence.paragraph, 0) + 1
        marked[sentence.paragraph] = marked.get(sentence.paragraph, 0) + flag
    return {p for p, n in total.items() if n <= _PROMO_SENTENCES and marked[p] >= 2 and 2 * marked[p] >= n}


def _candidates(sentences: list[Sentence], language: str | None) -> list[_Candidate]:
    lex = for_language(language)
    raw: list[tuple[int, str, int, list[str], int]] = []  # index, text, words, terms, tier
    scanned = sentences[:MAX_SENTENCES]
    lowered = [s.text.lower() for s in scanned]
    tokens = [_TOKEN_RE.findall(low) for low in lowered]  # one pass serves the word counts and the terms
    boiler = [_is_boilerplate(low, len(toks)) for low, toks in zip(lowered, tokens, strict=True)]
    promo = _promo_paragraphs(scanned, boiler)
    for index, sentence in enumerate(scanned):
        text = sentence.text
        n_words = len(tokens[index])
        if (
            n_words == 0
            or boiler[index]
            or sentence.paragraph in promo
            or _is_question(text)
            or _date_line(text, n_words)
            or _GLUED_RE.search(text) is not None
        ):
            continue
        tier = 0
        if n_words < 6 or not _ends_sentence(text) or _is_mostly_quote(text) or n_words > 90:
            tier = 1
        raw.append((index, text, n_words, _content_terms(tokens[index], language), tier))
    df = Counter(chain.from_iterable(set(terms) for *_, terms, _tier in raw))  # counted in C
    n = len(raw) + 1
    idf = {term: math.log(n / count) for term, count in df.items()}
    candidates: list[_Candidate] = []
    for index, text, n_words, terms, tier in raw:
        weights: dict[str, float] = {}
        for term in terms:
            weights[term] = weights.get(term, 0.0) + idf[term] + 0.5
        norm = math.sqrt(sum(w * w for w in weights.values()))
        sentence = sentences[index]
        candidates.append(
            _Candidate(index, text, n_words, weights, norm, tier, lex, sentence.start, sentence.end)
        )
    return candidates


def _score(candidates: list[_Candidate], params: _Params) -> list[list[float]]:
    """Give each candidate its score; return the similarity matrix for the selection step."""
    n = len(candidates)
    sim = _similarities(candidates)
    directed = []
    for i in range(n):
        row = sim[i]
        directed.append(params.forward * sum(row[i + 1 :]) + params.backward * sum(row[:i]))
    top = max((abs(d) for d in directed), default=0.0) or 1.0
    rank = 0
    for i, cand in enumerate(candidates):
        position = 1.0 / (1.0 + rank) ** params.position_decay
        if cand.tier == 0:
            rank += 1
        length = min(1.0, cand.words / params.ideal_words)
        cand.prior = position
        cand.merit = params.centrality * directed[i] / top + params.length * length
        cand.score = params.position * position + cand.merit
    return sim


def _select(
    candidates: list[_Candidate],
    sim: list[list[float]],
    k: int,
    params: _Params,
    chosen: list[int],
    *,
    blocked: frozenset[int] = frozenset(),
) -> list[int]:
    """Add candidates to chosen greedily by maximal marginal relevance until it holds k; good ones first.

    The picks already in ``chosen`` form another list (the summary): a sentence that leans on the one
    before it is only shown right after it, so only this list's own picks count as its antecedent.
    """
    chosen = list(chosen)
    list_start = len(chosen)
    for tier in (0, 1):
        pool = [i for i, c in enumerate(candidates) if c.tier == tier and i not in blocked]
        # Each candidate's highest similarity to a chosen sentence, brought up to date after every pick.
        overlaps = {i: max((sim[i][j] for j in chosen), default=0.0) for i in pool}
        taken = {candidates[j].folded for j in chosen}  # a sentence repeated word for word is chosen once
        while len(chosen) < k and pool:
            best, best_value = -1, -math.inf
            chosen_at = {candidates[j].index for j in chosen[list_start:]}
            for i in pool:
                overlap = overlaps[i]
                cand = candidates[i]
                if overlap >= params.max_similarity or cand.folded in taken:
                    continue
                value = cand.score - params.redundancy * overlap
                # The penalty only lowers a value: it is worked out only for a sentence that would lead.
                if value > best_value and cand.anaphoric and cand.index - 1 not in chosen_at:
                    value -= params.dangling
                if value > best_value:
                    best, best_value = i, value
            if best < 0:
                break
            chosen.append(best)
            pool.remove(best)
            taken.add(candidates[best].folded)
            for i in pool:
                overlaps[i] = max(overlaps[i], sim[i][best])
        if chosen:
            break  # weaker sentences only stand in when no good one exists at all
    return chosen


def summarise(
    text: str,
    *,
    n_summary: int,
    n_points: int,
    sentences: list[Sentence] | None = None,
    avoid: Sequence[tuple[int, int]] = (),
    language: str | None = None,
    _params: _Params = DEFAULTS,
) -> Summary:
    """Pick ``n_summary`` TL;DR sentences and ``n_points`` further key points from an article.

    Each is a sentence of the article, shown without a leading dateline, wire credit or droppable
    connective. ``avoid`` holds the (start, end) spans of quotations shown elsewhere: no key point
    restates one of them. ``language`` is the text's ISO 639-1 code when the caller has detected it already
    (None: detected here).
    """
    if sentences is None:
        sentences = split_sentences(text[:MAX_CHARS_SCANNED], limit=MAX_SENTENCES)
    n_summary, n_points = max(0, n_summary), max(0, n_points)
    language = language or detect_language(text[:20_000])
    candidates = _candidates(sentences, language)
    if not candidates or n_summary + n_points == 0:
        return Summary(summary=[], key_points=[])
    params = _params.for_one_line() if n_summary == 1 else _params
    sim = _score(candidates, params)
    picks = _select(candidates, sim, n_summary, params, [])
    # Key points tell the rest of the story: the lead counts for less once the summary has it.
    lead_weight = params.position * params.points_position
    for cand in candidates:
        long = max(0, cand.words - params.points_words) / params.points_words
        cand.score = lead_weight * cand.prior + cand.merit - params.points_length * long
    # A key point is never lifted from inside a quotation that runs over several sentences, nor restates a
    # quotation the card shows; the summary keeps its pick (measured: ROUGE is higher so).
    unbalanced = (i for i, cand in enumerate(candidates) if _unbalanced(cand.text))
    blocked = frozenset(unbalanced).union(_holding(candidates, avoid))
    points_params = replace(params, dangling=params.points_dangling)
    picks = _select(candidates, sim, len(picks) + n_points, points_params, picks, blocked=blocked)
    head = sorted(picks[:n_summary], key=lambda i: candidates[i].index)
    tail = sorted(picks[n_summary:], key=lambda i: candidates[i].index)
    return Summary(
        summary=[candidates[i].shown for i in head],
        key_points=[candidates[i].shown for i in tail],
    )


def _holding(candidates: list[_Candidate], spans: Sequence[tuple[int, int]]) -> set[int]:
    """Return the candidates that hold most of one of the spans (a quotation the card shows)."""
    starts = [cand.start for cand in candidates]  # in text order, without overlaps: they are sentences
    held: set[int] = set()
    for start, end in spans:
        if end <= start:
            continue
        # Only the sentences that overlap the span can hold it: from the last one to start at or before it
        # to the last one to start inside it.
        for i in range(max(0, bisect_right(starts, start) - 1), bisect_left(starts, end)):
            cand = candidates[i]
            if min(end, cand.end) - max(start, cand.start) >= 0.5 * (end - start):
                held.add(i)
    return held
