"""People named in an article, and the name logic the quote extractor shares (titles, surnames, gender)."""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.briefing.lexicon import (
    ALL_CAPITALISED_STOPWORDS,
    ALL_FIRST_NAMES_FEMALE,
    ALL_FIRST_NAMES_MALE,
    ALL_FUNCTION_WORDS,
    ALL_PRONOUNS_FEMALE,
    ALL_PRONOUNS_MALE,
    ALL_PRONOUNS_OTHER,
    ALL_ROLES,
    ALL_TITLES,
    ALL_TITLES_FEMALE,
    ALL_TITLES_MALE,
    ALL_VERBS,
    FEMALE,
    MALE,
    Lexicon,
)

log = logging.getLogger(__name__)

# Upper-case letters of the Latin, Greek and Cyrillic blocks, as a regex class body.
_UPPER = "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper())
_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*\.?")
# Two tokens belong to one name only when nothing but one space separates them.
_JOIN = frozenset({" ", "\u00a0", "\u202f"})
_POSSESSIVE = ("’s", "'s", "’", "'")
# Stretches of text that can hold a name: capitalised words, with small particles between them. The capital
# comes first, so that the look-behind (no word character before it) runs only where a capital stands.
_CAP_BLOCK = re.compile(
    rf"[{_UPPER}](?<![\w'’.\-].)[\w'’.\-]*"
    rf"(?:[ \u00a0\u202f](?:(?:de|da|del|di|van|von|der|den|bin|ibn|al|la|le)[ \u00a0\u202f])*"
    rf"[{_UPPER}][\w'’.\-]*)*"
)
_MAX_BLOCKS = 60_000  # about a 1 MB article's worth of capitalised words; bounds adversarial input
_MAX_SHAPES = 4_000  # distinct blocks remembered per text: a real page has a few hundred; bounds the memory
_NEXT_WORD = re.compile(r"[ \u00a0,]*(\w+)")
_PREV_WORD = re.compile(r"(\w+)[ \u00a0,]*$")
_ELISION = re.compile(r"(?:[lLdDjJnNsScC]|[Qq]u|[Uu]n|[DdAaNnSs][ue]ll|[Dd]all)['’](?=\w)")
_INITIAL = re.compile(rf"[{_UPPER}]\.(?:[{_UPPER}]\.)*")


# A word with its inner apostrophes and hyphens ("don’t", "well-known"), digits included.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_LETTERS = re.compile(r"\b[^\W\d_]+\b")  # a word of letters only, cut at apostrophes and hyphens
_CHUNK = re.compile(r"[\w'’\-]+")  # a stretch that holds whole words of both kinds, and nothing else


@dataclass(frozen=True, slots=True)
class LowerCase:
    """The words a text writes in lower case: a capitalised one among them owes its capital to its sentence.

    ``letters`` holds runs of letters ("well" and "known" in "well-known"), ``words`` whole words
    ("well-known", "don’t", "covid19").
    """

    letters: frozenset[str]
    words: frozenset[str]


def lowercase_words(text: str) -> LowerCase:
    """Collect the words a text writes in lower case, both ways, in one pass over its distinct stretches."""
    letters: set[str] = set()
    words: set[str] = set()
    # Neither pattern matches across a stretch's edge, nor looks past it: each stretch is read on its own.
    for chunk in set(_CHUNK.findall(text)):
        if chunk.isalpha():  # the common case: one word of letters, the same either way
            if chunk.islower():
                letters.add(chunk)
                words.add(chunk)
            continue
        letters.update(w for w in _LETTERS.findall(chunk) if w.islower())
        words.update(w for w in WORD.findall(chunk) if w.islower())
    return LowerCase(frozenset(letters), frozenset(words))


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# Words that come before a name and are not part of it (every language's titles, from the lexicon).
TITLES = ALL_TITLES
MALE_TITLES = ALL_TITLES_MALE
FEMALE_TITLES = ALL_TITLES_FEMALE

# Capitalised words that start sentences or name times, never people.
STOPWORDS = (
    _words(
        """The A An In On At But And Or Nor However Notably This That These Those It He She They We I You
    His Her Their Our My Its Your As For If When While After Before Since With Without From To By Of
    Meanwhile Also So Yet Still Then Now Today Yesterday Tomorrow Tonight Last Next Why What Who
    Whom Whose How Where Which Asked According Unlike Like Despite During Earlier Later Both Many
    Some Most All Several Such Other Others Even Only Just Here There Thus Instead Although Though
    Because Once Under Over Among Between Inside Outside Dear Yes No Not Sure Oh Follow Read Watch
    Related Update Updated Photo Video Source Sources Officials Every Each Neither Either Whether
    Until Unless About Above Below Across Against Along Around Behind Beyond Into Near Off Onto Out
    Through Toward Towards Upon Via Within Let Please Thank Thanks Hello Hi Well Indeed Perhaps
    Maybe Already Again Ever Never Always Sometimes Often Much More Less Few Any Another First
    Second Third One Two Three Four Five Six Seven Eight Nine Ten Mr Mrs Ms Dr Do Does Did Is Are
    Was Were Be Been Has Have Had Will Would Shall Should Can Could May Might Must Don’t Doesn’t
    Didn’t Isn’t It’s That’s There’s Here’s Ukraine’s America’s Photograph Image Getty AP AFP
    Reuters Copyright Advertisement Subscribe Share Comments Sign Click Email Facebook Twitter
    Instagram YouTube TikTok Google Apple Microsoft Amazon Netflix God Jesus Christ Allah Christmas
    Easter Ramadan Hanukkah Thanksgiving Internet Web Online Breaking Exclusive Opinion Analysis
    Editorial Editor’s Note Note Story Sunday Monday Tuesday Wednesday Thursday Friday Saturday
    January February March April June July August September October November December Jan Feb Mar
    Apr Jun Jul Aug Sep Sept Oct Nov Dec Der Die Das Ein Eine Und Le La Les Un Une Et El Los Las Y
    Il Lo Gli Но І А В На У Та New"""
    )
    | ALL_CAPITALISED_STOPWORDS
)
# Words that make a run of capitalised words an organisation, a place or an event rather than a person.
ORG_WORDS = _words(
    """Conference Summit Security Council Committee Commission Congress Parliament Senate Assembly
    Union League Association Organization Organisation Agency Authority Administration Ministry
    Department Office Bureau Service Services Institute Institution University College School
    Academy Foundation Fund Trust Bank Reserve Group Company Corporation Corp Inc Ltd LLC Co
    Holdings Partners Industries Airlines Airways Motors Energy Oil Gas Media News Times Post
    Journal Herald Tribune Telegraph Guardian Gazette Observer Daily Weekly Magazine Press Network
    Radio Television TV Channel Broadcasting Party Movement Front Alliance Coalition Federation
    Forces Force Army Navy Guard Police Court Courts Tribunal House Hall Palace Kremlin Pentagon
    Center Centre Hospital Clinic Church Cathedral Mosque Temple Museum Gallery Library Stadium
    Arena Park Street Avenue Road Square Bridge Tower Airport Station Port Harbour Harbor River Lake
    Sea Ocean Bay Gulf Island Islands Mountains Mountain Valley Desert Forest Coast Republic Kingdom
    Empire States State Federation Emirates Nations Union Region Province County City Town Village
    District Territory Territories Peninsula Strait Canal Basin Club Festival Awards Award Prize Cup
    Championship Olympics Games Series Show Tour War Wars Revolution Act Law Bill Treaty Accord
    Agreement Plan Program Programme Project Initiative Operation Index Exchange Market Markets
    Street’s Fox CNN BBC NBC CBS ABC MSNBC NPR PBS Facebook Google Twitter Apple Amazon Microsoft
    Reuters Bloomberg Associated Review Report Studies Research Laboratory Labs Systems Technologies
    Technology Software Capital Ventures Management Consulting Global International National Federal
    Central Democratic Republican Socialist Communist Liberal Conservative Labour Labor Green
    Affairs Relations Development Defense Defence Health Justice Education Commerce Treasury
    Interior Transport Transportation Agriculture Veterans Homeland Intelligence Council’s Weapons
    Nuclear Cathedral Caucus Caucuses Primary Primaries Debate Convention Election Elections
    Campaign Victory Day Week Month Year Business Street Broadway Hill Heights Beach Falls Springs
    County Parish Borough Highway Boulevard Lane Records Productions Studios Studio Entertainment
    Pictures Films Music Label Brands Group Labs Robotics Networks Communications Securities Equities
    Capital Partners Associates Institute Foundation Society Daily Weekly Tribune Standard Express
    Directorate Secretariat Inspectorate Observatory Laboratory Administration Partnership"""
)
# Common demonyms and other capitalised adjectives that describe a person without naming them.
DESCRIPTORS = _words(
    """American Americans British English Scottish Welsh Irish French German Italian Spanish Portuguese
    Dutch Belgian Swiss Austrian Polish Czech Slovak Hungarian Romanian Bulgarian Greek Turkish
    Russian Ukrainian Belarusian Lithuanian Latvian Estonian Finnish Swedish Norwegian Danish
    Icelandic Chinese Japanese Korean Indian Pakistani Afghan Iranian Iraqi Syrian Israeli
    Palestinian Lebanese Jordanian Saudi Egyptian Libyan Tunisian Moroccan Algerian Nigerian Kenyan
    Ethiopian Somali Sudanese African Canadian Mexican Cuban Brazilian Argentine Argentinian Chilean
    Colombian Venezuelan Peruvian Australian European Asian Arab Muslim Christian Jewish Catholic
    Protestant Evangelical Western Eastern Northern Southern US UK EU UN USA NATO Soviet Kremlin
    Pentagon White Black Latino Latina Hispanic Islamic Sunni Shiite Kurdish Yemeni"""
)
# Small words allowed inside a name ("Ludwig van Beethoven", "Charles de Gaulle").
PARTICLES = _words("de da del della di do dos das du van von der den ter ten bin ibn al el la le y")
_SUFFIXES = _words("Jr Sr II III IV")

MALE_NAMES = _words(
    """Aaron Abdul Abraham Adam Adrian Ahmed Alan Alastair Albert Alberto Alejandro Alex Alexander
    Alexei Alexey Ali Andrew Andrei Andrés Andriy Angel Anthony Antonio Antony Arnold Arthur Barack
    Ben Benjamin Bernie Bill Bob Boris Brad Bradley Brandon Brett Brian Bruce Bryan Carl Carlos
    Charles Charlie Chris Christian Christopher Chuck Clarence Colin Craig Dan Daniel Danny Darren
    David Dean Denis Dennis Dick Dmitry Dmytro Don Donald Doug Douglas Duncan Dwight Ed Eddie Edward
    Elon Emmanuel Eric Erik Ernest Evan Frank Franklin Fred Friedrich Gary Gavin Geoffrey George
    Gerald Gerhard Giorgio Giuseppe Gordon Graham Greg Gregory Hans Harold Harry Hassan Henry
    Herbert Howard Hugh Hunter Ian Ibrahim Igor Ivan Jack Jacob Jake Jamal James Jared Jason Javier
    Jean Jeb Jeff Jeffrey Jens Jeremy Jerome Jerry Jim Jimmy Joe Joel John Johnny Jon Jonathan Jorge
    José Joseph Josh Joshua Juan Julian Justin Karl Keir Keith Ken Kenneth Kevin Kim Kirk Klaus Kurt
    Kyle Larry Lee Leon Leonard Lindsey Lloyd Lou Louis Luis Luke Malcolm Marco Marcus Mario Mark
    Martin Matt Matthew Max Michael Miguel Mike Mikhail Mitch Mitt Mohammed Muhammad Nathan Neil
    Nicholas Nick Nigel Oleksandr Oleksiy Olaf Oliver Omar Oscar Patrick Paul Pavel Pedro Pete Peter
    Petro Phil Philip Pierre Rahm Ralph Rand Randy Ray Raymond Reince Richard Rick Rishi Rob Robert
    Rodrigo Roger Roman Ron Ronald Rudy Rupert Russell Ryan Salman Sam Samuel Scott Sean Sebastian
    Serhiy Sergei Sergey Seth Shane Simon Stephen Steve Steven Stuart Ted Terry Thomas Tim Timothy
    Todd Tom Tony Travis Trent Valery Victor Vince Vincent Vitali Vladimir Volodymyr Walter Warren
    Wayne Will William Xi Yuri Yury Zach Zachary Jose Andres Ramon Raul Jesus Angel Hector
    Олександр Володимир Владимир Сергій Сергей Дмитро
    Дмитрий Андрій Андрей Іван Иван Петро Пётр Олег Михаил Михайло Віталій Виталий Юрій Юрий"""
) | (ALL_FIRST_NAMES_MALE - ALL_FIRST_NAMES_FEMALE)
FEMALE_NAMES = _words(
    """Abigail Ada Alexandra Alice Alicia Alison Amanda Amy Ana Andrea Angela Angelina Ann Anna Anne
    Annalena Barbara Betsy Betty Beth Beyoncé Brenda Carly Carmen Caroline Carolyn Catherine Cecilia
    Charlotte Chelsea Cheryl Christina Christine Claire Claudia Cynthia Dana Debbie Deborah Diana
    Diane Donna Dora Doris Dorothy Elena Elisabeth Elizabeth Ellen Elsa Emily Emma Eva Evelyn Fiona
    Frances Giorgia Gloria Grace Hannah Heather Heidi Helen Hillary Hope Ilhan Irina Isabel
    Jacqueline Jane Janet Janet Jennifer Jessica Jill Joan Joanna Joyce Judith Judy Julia Julie
    Karen Kamala Kate Katherine Kathleen Kathryn Kathy Kay Kayleigh Kelly Kellyanne Kirsten Kristen
    Kristi Laura Lauren Linda Lisa Liz Liudmyla Lori Louise Lucy Lynn Margaret Maria Marie Marine
    Marion Martha Mary Megan Melania Melissa Meryl Michele Michelle Mira Monica Nancy Natalia
    Natalie Nicola Nicole Nikki Nina Olena Olga Pam Pamela Patricia Paula Penny Rachel Rebecca Rita
    Rosa Rose Ruth Sandra Sara Sarah Sharon Sheryl Sophie Stephanie Susan Susanna Suzanne Sylvia
    Taylor Teresa Theresa Tulsi Ursula Jessie Jessica Kristine Kimberly Sonya Jo Martha Elise Beth Jane
    Valerie Vanessa Victoria Virginia Wendy Yulia Yuliia Zoe
    Олена Ольга Юлія Юлия Ірина Ирина Наталія Наталья Марія Мария Анна Тетяна Татьяна"""
) | (ALL_FIRST_NAMES_FEMALE - ALL_FIRST_NAMES_MALE)

REPORTING_VERBS = ALL_VERBS
PRONOUNS_MALE = ALL_PRONOUNS_MALE
PRONOUNS_FEMALE = ALL_PRONOUNS_FEMALE
PRONOUNS = ALL_PRONOUNS_MALE | ALL_PRONOUNS_FEMALE | ALL_PRONOUNS_OTHER


class Token(NamedTuple):
    """One word of the text: its span and whether a name may continue past it.

    A named tuple: quotes and people make hundreds a page, and a frozen dataclass costs twice as much to make.
    """

    start: int
    end: int
    word: str
    closes: bool  # a possessive or a sentence-final period ends any name here


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split text[start:end] into word tokens; a period stays only on abbreviations and initials."""
    out: list[Token] = []
    stop = len(text) if end is None else end
    for m in _TOKEN.finditer(text, start, stop):
        s, e = m.span()
        word = m.group()
        apostrophe = "’" in word or "'" in word
        elided = _ELISION.match(word) if apostrophe else None  # every elision has an apostrophe
        if elided is not None:
            # "l’assessora", "dell’Anas", "d’après": the article or preposition is a word of its own.
            cut = elided.end()
            out.append(Token(s, s + cut, word[:cut], False))
            s, word = s + cut, word[cut:]
            apostrophe = "’" in word or "'" in word
        closes = False
        if word.endswith(".") and not _is_abbreviation(word):
            word, e, closes = word[:-1], e - 1, True
        if apostrophe and word[0].isupper():
            for suffix in _POSSESSIVE:
                if len(word) > len(suffix) + 1 and word.endswith(suffix):
                    word, e, closes = word[: -len(suffix)], e - len(suffix), True
                    break
        out.append(Token(s, e, word, closes))
    return out


def _is_abbreviation(word: str) -> bool:
    core = word[:-1]
    return bool(_INITIAL.fullmatch(word)) or core in TITLES or core in _SUFFIXES or "." in core


def is_capitalised(word: str) -> bool:
    """Tell whether a word starts with an upper-case letter."""
    return bool(word) and word[0].isupper()


def _bare(word: str) -> str:
    return word[:-1] if word.endswith(".") else word


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _name_like(word: str) -> bool:
    bare = _bare(word)
    if _INITIAL.fullmatch(word):
        return True
    return (
        is_capitalised(bare)
        and not _is_acronym(bare)
        and bare not in STOPWORDS
        and bare not in TITLES
        and any(c.islower() for c in bare)
        and not bare.endswith(_ADJECTIVE_SUFFIXES)
    )


class Mention(NamedTuple):
    """A run of capitalised words: the name part (titles removed) and what the text tells about it.

    A named tuple, like ``Token``: a page makes a hundred or more, and a frozen dataclass costs three times as
    much to make.
    """

    start: int
    end: int
    name: str
    words: tuple[str, ...]
    title: tuple[str, ...]
    org: bool
    gender: str | None

    @property
    def surname(self) -> str:
        return self.words[-1]

    def shifted(self, offset: int) -> Mention:
        """The same mention, ``offset`` characters further on (found in a block, placed in the text)."""
        return Mention(
            self.start + offset, self.end + offset, self.name, self.words, self.title, self.org, self.gender
        )


def runs(toks: list[Token], text: str) -> Iterator[list[Token]]:
    """Yield maximal runs of capitalised tokens joined by single spaces (particles allowed inside)."""
    run: list[Token] = []
    for i, tok in enumerate(toks):
        joined = bool(run) and text[run[-1].end : tok.start] in _JOIN and not run[-1].closes
        cap = is_capitalised(tok.word)
        if run and joined and (cap or (tok.word in PARTICLES and _next_is_cap(toks, i, text))):
            run.append(tok)
            continue
        if run:
            yield run
        run = [tok] if cap else []
    if run:
        yield run


def _run_shapes(block: str) -> list[tuple[list[Token], Mention | None]]:
    """Read the runs of a block of capitalised words and their names, at offsets from the block's start."""
    if block.isalnum():  # one plain word, the common case: its own token and run
        run = [Token(0, len(block), block, False)]
        return [(run, mention_from_run(run, block))]
    return [(run, mention_from_run(run, block)) for run in runs(tokens(block), block)]


def _next_is_cap(toks: list[Token], i: int, text: str) -> bool:
    return (
        i + 1 < len(toks)
        and is_capitalised(toks[i + 1].word)
        and text[toks[i].end : toks[i + 1].start] in _JOIN
    )


def mention_from_run(run: list[Token], text: str) -> Mention | None:
    """Split a capitalised run into title and name; None when no name is left."""
    shape = _analyse(tuple(t.word for t in run))
    if shape is None:
        return None
    first, last, title, org, gender = shape
    name_toks = run[first:last]
    start, end = name_toks[0].start, name_toks[-1].end
    return Mention(start, end, text[start:end], tuple(t.word for t in name_toks), title, org, gender)


@functools.lru_cache(maxsize=4096)
def _analyse(words: tuple[str, ...]) -> tuple[int, int, tuple[str, ...], bool, str | None] | None:
    """Where the name lies in a run (first, last), its title, whether it is an organisation, gender."""
    # The name is the trailing stretch after the last title, descriptor or acronym.
    cut = 0
    for i, w in enumerate(words):
        bare = _bare(w)
        if bare in _SUFFIXES:
            continue
        if bare in DESCRIPTORS and 0 < i == len(words) - 1 and _name_like(words[i - 1]):
            continue  # "Lawrence White", "Jack Black": a surname, not a demonym
        if 0 < i < len(words) - 1 and _INITIAL.fullmatch(w) and _name_like(words[i - 1]):
            continue  # "Sonya A. Zoghlin": a middle initial, not the article "A"
        if 0 < i < len(words) - 1 and bare.lower() in PARTICLES and _name_like(words[i - 1]):
            continue  # "Yannick Le Goff", "Pieter De Wit": a particle inside the name
        if (
            cut < i < len(words) - 1
            and _is_first_name(bare)
            and not _is_first_name(_bare(words[i - 1]))
            and words[i - 1] not in PARTICLES
            and _name_like(words[i + 1])
        ):
            cut = i  # "Melkveehouder Gerrit Lubbers", "Kłodzka Jan Nowicki": the name starts here
            continue
        if bare in STOPWORDS and i + 1 < len(words) and first_name_gender(bare) and _name_like(words[i + 1]):
            continue  # "Jan Kowal", "Will Smith": a first name that is also a month or a word
        last_word = i == len(words) - 1 and i > cut
        if (bare in STOPWORDS or bare in TITLES) and last_word and _surname_after(words, i):
            continue  # "Ian Read", "Adam Green": a surname that is also a word, after a known first name
        if bare in TITLES or bare in DESCRIPTORS or bare in STOPWORDS or _is_acronym(bare):
            cut = i + 1
    while cut < len(words) and words[cut] in PARTICLES:
        cut += 1
    last = len(words)
    while last > cut and _bare(words[last - 1]) in _SUFFIXES:
        last -= 1
    if last <= cut:
        return None
    first = cut
    name_words = words[first:last]
    if not all(
        _name_like(w)
        or w in PARTICLES
        or (0 < k < len(name_words) - 1 and w.lower() in PARTICLES)
        or (k == 0 and len(name_words) > 1 and first_name_gender(w))
        or (k == len(name_words) - 1 and k > 0 and _surname_after(name_words, k))
        for k, w in enumerate(name_words)
    ):
        # An organisation such as "Munich Security Conference" keeps its title-like words.
        if not any(_bare(w) in ORG_WORDS for w in words):
            return None
        first, last, name_words = 0, len(words), words
    # "Adam Green": a surname after a known first name is no organisation word ("Bill Clinton" stays).
    surname = len(name_words) == 2 and _surname_after(name_words, 1)
    org = any(_bare(w) in ORG_WORDS for w in (name_words[:-1] if surname else name_words))
    title = tuple(_bare(w) for w in words[:cut] if _bare(w) in TITLES)
    gender = None
    if any(t in MALE_TITLES for t in title):
        gender = MALE
    elif any(t in FEMALE_TITLES for t in title):
        gender = FEMALE
    elif not org and len(name_words) > 1:
        gender = first_name_gender(name_words[0])
    return first, last, title, org, gender


def _surname_after(words: tuple[str, ...], i: int) -> bool:
    """Tell whether words[i] is capitalised right after a known first name ("Ian Read", "George Will")."""
    word = words[i]
    return word[:1].isupper() and word[1:].islower() and first_name_gender(_bare(words[i - 1])) is not None


def _stems(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name in names:
        for cut in range(3, len(name) + 1):
            out.setdefault(name[:cut], []).append(name)
    return {k: tuple(sorted(v, key=lambda n: (len(n), n))) for k, v in out.items()}  # the same every run


_FIRST_BY_STEM = _stems(MALE_NAMES | FEMALE_NAMES)


def _is_first_name(word: str) -> bool:
    return word in MALE_NAMES or word in FEMALE_NAMES


def first_name_gender(word: str) -> str | None:
    """Guess a gender from a common first name; None when the name is not known or is shared."""
    male, female = word in MALE_NAMES, word in FEMALE_NAMES
    if male and not female:
        return MALE
    if female and not male:
        return FEMALE
    return None


@dataclass
class _Person:
    name: str
    words: tuple[str, ...]
    first: int
    gender: str | None = None
    evidence: int = 0


@dataclass
class People:
    """Who the article names: full names, their surnames, genders and every mention in reading order."""

    text: str
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, full name), sorted
    genders: dict[str, str | None] = field(default_factory=dict)
    orgs: set[str] = field(default_factory=set)
    _order: list[str] = field(default_factory=list)
    _by_surname: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _lowercase: LowerCase | None = None
    _org_at: list[tuple[int, str]] = field(default_factory=list)  # organisations, in reading order

    @classmethod
    def from_text(cls, text: str) -> People:
        """Find the people an article names."""
        people = cls(text)
        people._build()
        return people

    def _build(self) -> None:
        text = self.text
        found: list[Mention] = []
        # Names repeat: each distinct block is split into runs and read once, at offsets from its start.
        shapes: dict[str, list[tuple[list[Token], Mention | None]]] = {}
        for count, block in enumerate(_CAP_BLOCK.finditer(text)):
            if count >= _MAX_BLOCKS:
                log.warning("stopped looking for names at %d: too many capitalised words", block.start())
                break
            stretch = block.group()
            if stretch in STOPWORDS:
                continue  # a lone sentence-initial word: the common case, skipped cheaply
            shape = shapes.get(stretch)
            if shape is None:
                shape = _run_shapes(stretch)
                if len(shapes) < _MAX_SHAPES:
                    shapes[stretch] = shape
            offset = block.start()
            for run, mention in shape:
                opens = len(run) > 1 and _opens_sentence(text, offset + run[0].start)
                if opens and self._common(run[0].word):
                    # "Getting Disney", "Welcome Jose": capitalised by the sentence only
                    mention = mention_from_run(run[1:], stretch)
                if mention is None:
                    continue
                mention = mention.shifted(offset)
                if mention.org:
                    self.orgs.add(mention.name)
                    self._org_at.append((mention.start, mention.name))
                    continue
                found.append(mention)
        singles: dict[str, int] = {}
        for m in found:
            if len(m.words) == 1:
                singles[m.surname] = singles.get(m.surname, 0) + 1
        # Two forms of one name share their first four letters (_same_stem): only those are compared.
        stems: dict[str, list[str]] = {}
        for single in singles:
            stems.setdefault(single[:4], []).append(single)
        persons: dict[tuple[str, ...], _Person] = {}
        for m in found:
            if len(m.words) < 2 or len(m.words) > 5:
                continue
            p = persons.get(m.words)
            if p is None:
                p = persons[m.words] = _Person(" ".join(m.words), m.words, m.start)
            p.gender = p.gender or m.gender
            if p.evidence >= 2:
                continue  # accepted already: more evidence changes nothing
            p.evidence += (
                2 * bool(m.title)
                + 2 * (first_name_gender(m.words[0]) is not None)
                + 2 * (m.surname in singles)
                + _is_first_name(m.words[0])
                + 2
                * (
                    _next_word(text, m.end) in REPORTING_VERBS  # "Jane Roe said", "said Jane Roe"
                    or _prev_word(text, m.start) in REPORTING_VERBS
                )
                + 2 * (len(m.words) <= 3 and _after_role(text, m.start))
                + 2 * (len(m.words) <= 3 and _apposition_after(text, m.end))
                + 2
                * (
                    m.surname not in singles
                    and any(_same_stem(m.surname, w) for w in stems.get(m.surname[:4], ()))
                )
            )
        accepted = {k: p for k, p in persons.items() if p.evidence >= 2}
        # "Big Machine" beside "Big Machine Records": the short form of an organisation's name, not a person.
        org_heads = {tuple(name.split()[:n]) for name in self.orgs for n in range(2, len(name.split()))}
        for key in [k for k in accepted if k in org_heads]:
            del accepted[key]
            self.orgs.add(" ".join(key))
            self._org_at.extend((m.start, " ".join(key)) for m in found if m.words == key)
        self._org_at.sort()
        for p in accepted.values():
            p.name = _nominative(p.words, singles)
            if p.gender is None:
                p.gender = first_name_gender(p.name.split()[0])
        # A longer name wins over a shorter one it contains ("Keith Kellogg" over "Kellogg").
        for p in sorted(accepted.values(), key=lambda p: p.first):
            self._order.append(p.name)
            self.genders[p.name] = p.gender
            self._by_surname.setdefault(p.words[-1], []).append((p.first, p.name))
        for m in found:
            full = self._full_name(m, accepted)
            if full is None:
                continue
            self.mentions.append((m.start, m.end, full))
            if self.genders.get(full) is None and m.gender is not None:
                self.genders[full] = m.gender
        self.mentions.sort()
        self._starts = [s for s, _, _ in self.mentions]

    def _full_name(self, m: Mention, accepted: dict[tuple[str, ...], _Person]) -> str | None:
        if m.words in accepted:
            return accepted[m.words].name
        if len(m.words) == 1 or (len(m.words) == 2 and _is_first_name(m.words[0])):
            titled_single = m.surname in self.genders and m.surname not in self._order
            if len(m.words) == 1 and not m.title and titled_single:
                return m.surname  # "Andrew" after "Prince Andrew": the one known by a title and one name
            return self.resolve(m.surname, m.start, m.gender, strict=True) or (
                m.name if m.title and len(m.words) == 1 else None
            )
        return None

    def resolve(self, name: str, pos: int, gender: str | None = None, *, strict: bool = False) -> str | None:
        """Return the full name a surname stands for at a position; the name itself if unknown."""
        words = name.split()
        if not words:
            return None
        candidates = self._by_surname.get(words[-1], [])
        if gender is not None:
            fitting = [c for c in candidates if self.genders.get(c[1]) in (gender, None)]
            candidates = fitting or candidates
        if len(words) > 1:
            exact = [c for c in candidates if c[1].split()[0] == words[0]]
            candidates = exact
        if not candidates:
            return None if strict else name
        before = [c for c in candidates if c[0] <= pos]
        return (before[-1] if before else candidates[0])[1]

    def last_person(
        self,
        pos: int,
        gender: str | None = None,
        skip: Sequence[tuple[int, int]] = (),
        exclude: str | None = None,
    ) -> str | None:
        """Return the last person named before a position whose gender fits, skipping names in spans.

        ``skip`` is sorted by start, as the quotations are.
        """
        i = bisect.bisect_left(self._starts, pos)
        checked = 0
        possessive: str | None = None  # "Epstein’s accusers": a possessor, taken only when no one else fits
        unsure: str | None = None  # a person of unknown gender, taken when no one fits for sure nearby
        unsure_at = 0
        passed: set[str] = set()
        # The spans are walked back alongside the names: k - 1 is the last span opening at or before the name.
        k = bisect.bisect_right(skip, (pos, 1 << 62))
        while i > 0 and checked < 200:
            i -= 1
            checked += 1
            start, end, full = self.mentions[i]
            while k > 0 and skip[k - 1][0] > start:
                k -= 1
            if (k > 0 and start < skip[k - 1][1]) or full == exclude:
                continue
            known = self.genders.get(full)
            if gender is None or known == gender:
                if unsure is not None and unsure_at - start > 400:
                    return unsure  # someone of unknown gender just named beats a fitting one far before
                if not self._aside(start, end):
                    return full
                possessive = possessive or full
            elif known is None and unsure is None and not self._aside(start, end):
                unsure, unsure_at = full, start
            passed.add(full)
            if unsure is not None and len(passed) > 2:
                break
        return unsure or possessive

    def _aside(self, start: int, end: int) -> bool:
        """Tell whether the name in a span stands aside from the sentence's subject.

        A possessor ("Epstein’s accusers"), an object ("harm to Omar") or a name that only qualifies a noun
        ("the Howard Jones song", "The Dragon Waiting") seldom is who speaks next.
        """
        return (
            self.text[end : end + 2] in ("’s", "'s")
            or _prev_word(self.text, start).lower() in _OBJECT_WORDS
            or self.text[max(0, start - 4) : start] in ("the ", "The ")
        )

    def named_between(self, start: int, end: int) -> bool:
        """Tell whether the text names a person anywhere in ``[start, end)``."""
        i = bisect.bisect_left(self._starts, start)
        return i < len(self._starts) and self._starts[i] < end

    def last_org(self, pos: int, skip: Sequence[tuple[int, int]] = (), within: int = 3000) -> str | None:
        """Return the organisation named last before a position ("the company" points back to it).

        ``skip`` is sorted by start, as the quotations are.
        """
        i = bisect.bisect_left(self._org_at, (pos, ""))
        while i > 0 and pos - self._org_at[i - 1][0] <= within:
            i -= 1
            start, name = self._org_at[i]
            if name.split()[-1] not in _EVENT_WORDS and not _inside(start, skip):
                return name  # an event ("the Music Awards") says nothing
        return None

    @property
    def lowercase(self) -> LowerCase:
        """The words the article writes in lower case (read on first use)."""
        if self._lowercase is None:
            self._lowercase = lowercase_words(self.text)
        return self._lowercase

    def _common(self, word: str) -> bool:
        """Tell whether a word is a common one the article also writes in lower case (or an -ing form)."""
        low = word.lower()
        lowercase = self.lowercase.letters
        return low != word and (
            low in lowercase
            # "Welcome Jose" beside "welcomed"
            or any(low + ending in lowercase for ending in ("s", "d", "ed", "ing"))
            or low in ALL_ROLES
            or (word.endswith("ing") and low not in MALE_NAMES)
        )

    def note_speaker(self, name: str) -> None:
        """Count a named speaker among the people even when the name finder had too little evidence."""
        if name in self.genders or name in self.orgs or name.split()[0].lower() in _DESCRIPTION_STARTS:
            return
        words = name.split()
        if not 2 <= len(words) <= 5 or not all(_name_like(w) or w in PARTICLES for w in words):
            return
        if not _is_first_name(words[0]):
            return  # "Stonegate Machine said": perhaps an organisation; only a first name makes it a person
        if any(_bare(w) in ORG_WORDS for w in words):
            return
        self._order.append(name)
        self.genders[name] = first_name_gender(words[0])

    def resolve_inflected(self, name: str, pos: int, lex: Lexicon) -> str:
        """Resolve a name in another grammatical case ("Zielińskiego", "Елены Вяткиной") to its usual form."""
        words = name.split()
        for full in reversed(self._order):
            surname = full.split()[-1]
            if _same_stem(words[-1], surname):
                return full
        out = []
        for word in words:
            for ending, replacement in lex.genitive_endings:
                if word.endswith(ending) and len(word) - len(ending) >= 3:
                    word = word[: len(word) - len(ending)] + replacement
                    break
            out.append(word)
        return self.resolve(" ".join(out), pos) or " ".join(out)

    @property
    def names(self) -> list[str]:
        """The full names in order of first mention."""
        return list(self._order)


_DESCRIPTION_STARTS = frozenset({"the", "a", "an"})
_ADJECTIVE_SUFFIXES = ("-based", "-born", "-led", "-owned", "-backed", "-run", "-area")
_OBJECT_WORDS = frozenset({"to", "with", "against", "for", "by", "about", "on", "at", "from"})
_EVENT_WORDS = _words(
    "Awards Award Festival Cup Championship Olympics Games Series Show Tour War Wars Summit Conference Day "
    "Week Election Elections Primary Primaries Debate Convention Campaign Prize"
)
_SENTENCE_END = frozenset('.!?…:\n"“”«»„')


def _opens_sentence(text: str, start: int) -> bool:
    """Tell whether a word opens a sentence or a paragraph."""
    i = start - 1
    while i >= 0 and text[i] in " \u00a0\t‘’'(":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


_ROLE_BEFORE = re.compile(r"([^\W\d_]+)[ \u00a0]$")


_APPOSITION = re.compile(r", (?:the|a|an|der|die|le|la|el|il|o|de|het) |, ([^\W\d_]+)")


def _apposition_after(text: str, end: int) -> bool:
    """Tell whether a name is followed by an apposition that says who it is ("Jane Roe, Head of Research")."""
    m = _APPOSITION.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    return word is None or word in TITLES or word.lower() in ALL_ROLES


def _after_role(text: str, start: int) -> bool:
    """Tell whether a name follows a lower-case word that is no small word: "romancière liégeoise Nadine"."""
    m = _ROLE_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return False
    word = m.group(1)
    return word.islower() and (word in ALL_ROLES or (len(word) > 3 and word not in ALL_FUNCTION_WORDS))


# Case endings of first names and surnames in the Slavic languages: "Григория Левина" is "Григорий Левин".
_CASE_ENDINGS = (
    "iego",
    "ego",
    "ого",
    "ому",
    "ой",
    "ей",
    "ия",
    "ии",
    "ы",
    "а",
    "я",
    "у",
    "ю",
    "е",
    "и",
    "a",
    "y",
    "u",
)
_SURNAME_CASES = {
    FEMALE: (("skiej", "ska"), ("ckiej", "cka"), ("iej", "a"), ("ой", "а"), ("ої", "а"), ("ей", "а")),
    MALE: (
        ("skiego", "ski"),
        ("ckiego", "cki"),
        ("ого", "ий"),
        ("ова", "ов"),
        ("ина", "ин"),
        ("ева", "ев"),
        ("a", ""),
    ),
}


def _nominative(words: tuple[str, ...], singles: dict[str, int]) -> str:
    """A name as it is cited, when the article gives it only in another case ("Елены Вяткиной")."""
    first = words[0]
    if len(words) < 2 or _is_first_name(first):
        return " ".join(words)
    base = next(
        (
            name
            for ending in _CASE_ENDINGS
            if first.endswith(ending) and len(first) - len(ending) >= 3
            for name in _FIRST_BY_STEM.get(first[: len(first) - len(ending)], ())
            if len(name) - len(first) + len(ending) <= 2
        ),
        None,
    )
    if base is None:
        return " ".join(words)
    surname = words[-1]
    shorter = [w for w in singles if len(w) < len(surname) and _same_stem(surname, w)]
    if shorter:
        surname = min(shorter, key=len)
    else:
        for ending, replacement in _SURNAME_CASES.get(first_name_gender(base) or "", ()):
            if surname.endswith(ending) and len(surname) - len(ending) >= 3:
                surname = surname[: len(surname) - len(ending)] + replacement
                break
    return " ".join((base, *words[1:-1], surname))


def _same_stem(a: str, b: str) -> bool:
    """Tell whether two forms of a name differ only in a case ending ("Zielińskiego" ~ "Zieliński")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and len(a) - n <= 4 and len(b) - n <= 2


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else ""


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 24), start)
    return m.group(1) if m else ""


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def extract_people(text: str) -> list[str]:
    """List the people an article names: full names, in order of first mention, without duplicates."""
    return People.from_text(text).names
