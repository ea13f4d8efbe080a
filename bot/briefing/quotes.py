"""Direct quotations and who said them: pair the marks per paragraph, then find each quote's speaker.

Pure, linear-time heuristics: quotation marks are paired with a small stack per paragraph (curly marks have a
direction, straight ones pair in order, apostrophes are told apart from closing single quotes), a paragraph
whose quote never closes continues into the next one when that opens with the same mark, and the speaker comes
from a reporting verb next to the quote, resolved through the names the article gives (``people.py``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.briefing.lexicon import (
    AGE_NOUN,
    ALL_FUNCTION_WORDS,
    ALL_PRONOUNS_FEMALE,
    ALL_PRONOUNS_MALE,
    ALL_ROLES,
    ALL_VERBS,
    AS_MODALS,
    CLOSING_MARKS,
    EN_INVERTED_ONLY,
    FEMALE,
    MALE,
    OPENING_MARKS,
    READER_PRONOUNS,
    REFLEXIVE_PRONOUNS,
    SONG_VERBS,
    UNREAL_MODALS,
    Lexicon,
    for_language,
    has_articles,
    verb_gender,
)
from bot.briefing.models import Quote
from bot.briefing.people import (
    PARTICLES,
    STOPWORDS,
    WORD,
    Mention,
    People,
    Token,
    first_name_gender,
    is_capitalised,
    mention_from_run,
    runs,
    tokens,
)
from bot.briefing.text import detect_language

log = logging.getLogger(__name__)

_MARKS = re.compile(r"[“”„«»‘’‚\"「」『』]")
_PARAGRAPH = re.compile(r"[^\n]+")
# Which openers each mark can close.
_CLOSES: dict[str, str] = {
    "”": '“„”"',
    "“": "„“",
    "»": "«",
    "«": "»",
    "’": "‘‚",
    "‘": "‚",
    '"': '"“',  # sloppy typing mixes curly and straight marks: “…"
    "」": "「",
    "』": "『",
}
_OPENERS = frozenset('“„«»‘‚"「『”')
_MAX_DEPTH = 4  # deeper nesting is noise; ignoring it keeps pairing linear on adversarial input
# Real articles hold a few hundred marks; these caps bound the work on adversarial input (5 MB of marks).
_MAX_MARKS = 50_000
_MAX_QUOTES = 2_000
_SHOWN_MIN_WORDS = 6  # shorter quotations are shown only when nothing better was said
# A quotation of fewer words ("Denver," he answered; "Absolutely not") tells a reader nothing on its own; the
# gold sets count only direct quotations of four words or more, so shorter ones are never key quotes.
_MIN_WORDS = 4
_CONTEXT = 320  # characters of attribution context on each side of a quote
_SPACE = " \t\u00a0\u202f\u2009"
_UPPER_NEXT = r"(?=[^\W\d_a-zа-яё]|[“\"‘(«»„‹›—–\d])"
_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt", "Cmdr", "Adm",
    "Maj", "Rev", "Prof", "No",
)  # fmt: skip
# The mark comes first, so that the look-behinds (an initial, "Mr.", "Capt.") run only after one is found.
_BOUNDARY = re.compile(
    r"[.!?…](?<![A-Z].)" + "".join(rf"(?<!\b{a}.)" for a in _ABBREVIATIONS) + r"[\"”’)\]]*\s+" + _UPPER_NEXT
)


def _set(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


_CLOSERS = '”»“"'
_SENTENCE_END = re.compile(r"[.!?…]")
_TAIL_PUNCT = re.compile(r"[\s,.;:!?—–\-]*")
_PARTICIPLES = frozenset(v for v in ALL_VERBS if v.endswith("ing"))
_OPEN_QUOTES = "".join(sorted(OPENING_MARKS)) + "«»„‚"
_TITLE_SMALL = _set(
    "a an the of and or in on at to for by with from is my our your de del la le les los las von van "
    "der und et y "
    # the small words that titles leave lower-case in the other languages ("Fronteira em Movimento")
    "e o i u w z em no na nos nas do da dos das di il lo gli dei delle della al alla au aux du des el en "
    "het een op te zu im am vom zum zur für"
)


@dataclass
class _Open:
    char: str
    pos: int
    parts: list[tuple[int, int]] = field(default_factory=list)
    origin: int = -1  # the first opening mark of a quotation that runs over several paragraphs


@dataclass
class _Raw:
    parts: list[tuple[int, int]]
    open_pos: int
    close_pos: int
    char: str
    speaker: str | None = None
    attributed: str = ""  # "pre", "post", "inner", "remote" (a sentence before), "inherit" or "" (no cue)
    clause: tuple[int, int] | None = None  # span of the attribution clause outside the marks
    sung: bool = False  # "she sings", "as Holmes would say", "you wonder": lyrics or imagined, not speech
    title: bool = False  # a name of a work or a group inside a sentence ("on ABC's “This Week”")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _SPACE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _SPACE):
        end -= 1
    return start, end


def _pair_marks(text: str) -> list[_Raw]:
    """Pair quotation marks paragraph by paragraph; return the outermost quotations in reading order."""
    paragraphs = [m.span() for m in _PARAGRAPH.finditer(text)]
    found: list[_Raw] = []
    carry: _Open | None = None
    budget = _MAX_MARKS
    for index, (ps, pe) in enumerate(paragraphs):
        if budget <= 0 or len(found) >= _MAX_QUOTES:
            log.warning("stopped pairing quotation marks at %d: too many marks or quotes", ps)
            break
        stack: list[_Open] = []
        marks = _MARKS.finditer(text, ps, pe)
        first = ps
        while first < pe and text[first] in _SPACE:
            first += 1
        if carry is not None:
            if first < pe and text[first] == carry.char:
                stack.append(_Open(carry.char, first, carry.parts, carry.origin))
                first += 1
            carry = None
        for m in marks:
            budget -= 1
            if budget < 0:
                break
            pos = m.start()
            if stack and stack[0].pos == pos:
                continue
            ch = m.group()
            prev = text[pos - 1] if pos > ps else " "
            nxt = text[pos + 1] if pos + 1 < pe else " "
            if _try_close(text, stack, ch, pos, prev, nxt, found):
                continue
            if len(stack) < _MAX_DEPTH and _can_open(ch, prev, nxt, stack):
                stack.append(_Open(ch, pos))
        if stack and index + 1 < len(paragraphs):
            bottom = stack[0]
            ns, ne = paragraphs[index + 1]
            while ns < ne and text[ns] in _SPACE:
                ns += 1
            if ns < ne and text[ns] == bottom.char:
                part = _trim(text, bottom.pos + 1, pe)
                parts = [*bottom.parts, part] if part[0] < part[1] else bottom.parts
                carry = _Open(bottom.char, ns, parts, bottom.origin if bottom.origin >= 0 else bottom.pos)
    return found


def _try_close(
    text: str, stack: list[_Open], ch: str, pos: int, prev: str, nxt: str, found: list[_Raw]
) -> bool:
    if ch == "’" and nxt == "’" and stack and stack[-1].char == "“":
        ch = "”"  # ’’ typed for a closing double mark
    openers = _CLOSES.get(ch)
    if not openers or not stack:
        return False
    if ch == "’" and (nxt.isalnum() or (prev.isalnum() and nxt.isalnum())):
        return False  # an apostrophe: don’t, Biden’s
    if ch == "“" and stack[-1].char == "“" and (prev.isspace() or not (nxt.isspace() or nxt in ",.;:!?")):
        return False  # a new opening mark, not the typo of a closing one
    if ch == "”" and stack[-1].char == "”" and not (nxt.isspace() or nxt in ",.;:!?)"):
        return False
    if ch == '"' and stack[-1].char == "“" and (prev.isspace() or nxt.isalnum()):
        return False  # a straight mark opening a quote inside a curly one
    for depth in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
        if stack[depth].char in openers:
            opened = stack[depth]
            del stack[depth:]
            if not stack:
                part = _trim(text, opened.pos + 1, pos)
                parts = [*opened.parts, part] if part[0] < part[1] else opened.parts
                if parts:
                    start_mark = opened.origin if opened.origin >= 0 else opened.pos
                    found.append(_Raw(parts, start_mark, pos, opened.char))
            return True
        if stack[depth].char in '‘‚"':
            continue  # an unclosed inner single or straight quote does not stop an outer one closing
        break
    return False


def _can_open(ch: str, prev: str, nxt: str, stack: list[_Open]) -> bool:
    if ch not in _OPENERS:
        return False
    if ch == "‘":
        return not prev.isalnum() and not nxt.isspace() and not nxt.isdigit()
    if ch == '"':
        # Between letters with no quotation open it is a glued opener ('about"joint …'); missing it would pair
        # every later mark one off. Inside a quotation, or by a digit (5'10"), it is no opener.
        return not prev.isdigit() and not (prev.isalnum() and nxt.isalnum() and (stack or not nxt.isalpha()))
    if ch == "»":
        return not nxt.isspace() or prev.isspace() or prev == " "
    if ch == "”":
        return not stack and prev.isspace() and nxt.isalpha()  # Swedish and Finnish open with ”
    if ch == "‚":
        return not prev.isalnum()
    return True


# ---------------------------------------------------------------------------------------------------------
# attribution: the speaker is the subject of the reporting verb, or the object of "according to"
# ---------------------------------------------------------------------------------------------------------

_LEAD = _SPACE + ",;:—–―-’”"
_DASHES = "—–―"
_PRONOUN_VERB = re.compile(r"^(\w+)(?:-t)?-(il|elle|ils|elles|on)$")
_GENITIVE_CUES = _set("за словами по словам мнению думку według Według zdaniem Zdaniem")
_NOT_SPEAKERS = _set("Example Examples Note Update Updated Transcript Editor Caption Source Sources Credit")
_AGE = re.compile(AGE_NOUN)
_GENDERED_PRONOUNS = ALL_PRONOUNS_MALE | ALL_PRONOUNS_FEMALE


@dataclass
class _Context:
    text: str
    people: People
    lex: Lexicon
    quote_spans: list[tuple[int, int]]
    last_speaker: tuple[str, int] | None = None  # the named speaker of the quotation before, and where
    spoken: dict[int, str] = field(default_factory=dict)  # opening mark -> named speaker, so far
    title_spans: list[tuple[int, int]] = field(default_factory=list)  # titles of works inside sentences
    quote_opens: frozenset[int] = frozenset()  # where each quotation opens
    openings: dict[int, int] = field(default_factory=dict)  # position -> start of its sentence (_opening)
    _reach: list[int] = field(default_factory=list)  # how far the quotations up to each one reach

    def set_quotes(self, spans: list[tuple[int, int]]) -> None:
        """Take the quotations' spans, in reading order, and index them for the lookups below."""
        self.quote_spans = spans
        self.quote_opens = frozenset(a for a, _ in spans)
        self.openings = {}  # sentences were found without these quotations
        self._reach = list(itertools.accumulate((b for _, b in spans), max))

    def quote_holding(self, pos: int) -> tuple[int, int] | None:
        """Return the first quotation, in reading order, that holds pos strictly inside it."""
        # Every quotation before the first one that reaches past pos ends at or before pos; those after it
        # open no earlier than it does, so if it does not open before pos, none does.
        i = bisect.bisect_right(self._reach, pos)
        if i < len(self.quote_spans) and self.quote_spans[i][0] < pos:
            return self.quote_spans[i]
        return None

    @property
    def lowercase_words(self) -> frozenset[str]:
        """The words the article writes in lower case (read once, with the people's)."""
        return self.people.lowercase.words


@dataclass
class _Speaker:
    """What an attribution clause says about the speaker."""

    name: str | None
    clause: tuple[int, int]
    remote: bool = False  # told by a sentence before the quotation's own, which is too weak for a short one


def _cue(toks: list[Token], v: int, lex: Lexicon) -> tuple[str, int] | None:
    """Classify toks[v]: ("verb"|"before"|"after"|"pron", index where the speaker's phrase starts)."""
    tok = toks[v]
    word, low = tok.word, tok.word.lower()
    nxt = toks[v + 1].word.lower() if v + 1 < len(toks) else ""
    if low == "according":
        return ("before", v + 2) if nxt == "to" else None
    if low == "words" and nxt == "of" and [t.word.lower() for t in toks[max(0, v - 2) : v]] == ["in", "the"]:
        return "before", v + 2  # "in the words of the patient: “…”"
    if word in lex.cues_before:
        return "before", v + 1
    for first, second in lex.cue_phrases:
        if low == first and (not second or nxt == second):
            skip = v + (2 if second else 1)
            if skip < len(toks) and toks[skip].word.lower() in ("com", "to", "with"):
                skip += 1
            return "before", skip
    if low in lex.cues_after:
        return "after", v
    inverted = _PRONOUN_VERB.match(word) if "-" in word else None  # "a-t-il", "dit-elle": hyphenated only
    if inverted is not None and inverted.group(1).lower() in lex.verbs | lex.auxiliaries:
        return "pron", v
    if word in ALL_VERBS or (low in ALL_VERBS and not is_capitalised(word)):
        return "verb", v
    if low in ("went", "goes", "go") and nxt == "on":
        return "verb", v  # "Trump went on"
    if low in ("shot", "fired", "hit") and nxt == "back":
        return "verb", v  # "Roe shot back"
    if low == "put" and nxt == "it" and v > 0:
        return "verb", v  # "as Gaiman put it, “…”"
    if low in ALL_VERBS and v == 0:
        return "verb", v
    return None


def _names_in(ctx: _Context, seg: list[Token], sentence_start: int) -> list[Mention]:
    """The names a phrase holds, leaving out places and institutions after a preposition."""
    text, lex = ctx.text, ctx.lex
    out: list[Mention] = []
    index = {id(t): i for i, t in enumerate(seg)}
    for run in runs(seg, text):
        k = index[id(run[0])]
        prev = seg[k - 1].word.lower() if k > 0 else ""
        before = seg[k - 2].word.lower() if k > 1 else ""
        if k == 0 and run[0] is not seg[0]:
            prev = ""
        after_prep = prev in lex.prepositions or (prev in lex.definite and before in lex.prepositions)
        first = run[0].word
        if not text[sentence_start : run[0].start].strip(_SPACE + _OPEN_QUOTES + _DASHES + "\n") and (
            first.lower() in ctx.lowercase_words
            or first.lower() in lex.roles_male | lex.roles_female
            or first.endswith(("ing", "ly"))
        ):
            dropped, run = (
                first.lower(),
                run[1:],
            )  # "Hosting Cook", "Фермер из …": capitalised by the sentence
            if not run:
                continue
            after_prep = dropped in lex.prepositions  # "У Державній службі": a place, not a speaker
        if any(t.word in lex.documents for t in run):
            continue  # "In seiner Aussendung hieß es": a document, not a speaker
        if lex.capitalised_nouns and len(run) == 1 and (prev in lex.definite or prev in lex.indefinite):
            continue  # "der Sprecher", "keine Lösung": a German noun, not a name
        mention = mention_from_run(run, text)
        if mention is None or (len(mention.words) == 1 and _not_a_speaker(mention.name, ctx)):
            continue
        if ctx.title_spans and _inside_spans(mention.start, ctx.title_spans):
            continue  # the co-author of “Going Viral” said: a title is no one
        if text[mention.end : mention.end + 2] in ("’s", "'s") or text[mention.end : mention.end + 2] in (
            "’ ",
            "' ",
        ):
            continue  # "Teresa’s husband": the possessor is not the one speaking
        inside = [t for t in run if t.start < mention.start]
        if inside:
            # "for Valoria Peter Brandt": the name starts after the place; "У Державній": after "У".
            after_prep = inside[-1].word.lower() in lex.prepositions
        if after_prep:
            head = seg[0].word.lower() not in lex.prepositions
            if len(mention.words) < 3 or mention.org or not head:
                continue  # "in Madrid", "im Rathaus", "у Києві": where, not who
            last_two = [t for t in run if t.start >= mention.start][-2:]
            again = mention_from_run(last_two, text)
            if again is None or first_name_gender(last_two[0].word) is None:
                # Only a known first name tells "alla Mobilità Giulia Neri" from "of the Science Directorate".
                continue
            mention = again  # "alla Mobilità Giulia Ferraresi": a role's field, then the name
        out.append(mention)
    return out


def _segments_after(ctx: _Context, toks: list[Token], i: int, start: int) -> list[list[Token]]:
    """The noun phrase after a verb, split at an apposition's comma ("the coach, Tom Price")."""
    text, lex = ctx.text, ctx.lex
    segs: list[list[Token]] = [[]]
    prev_end = start
    for tok in toks[i : i + 16]:
        gap = text[prev_end : tok.start].strip(_SPACE)
        prev_end = tok.end
        if gap and segs[-1]:
            if gap == "," and len(segs) < 2:
                segs.append([])
            elif gap not in ("’s", "'s", "’", "'", "/"):
                break  # "/" as in "said 9/11 widow Terry Strada"
        elif gap and gap not in (",", "’s", "'s"):
            break
        low = tok.word if tok.word[:1].islower() else tok.word.lower()
        if low in lex.stops and not (is_capitalised(tok.word) and segs[-1]):
            break
        if (tok.word in ALL_VERBS or low in ALL_VERBS) and segs[-1]:
            break
        if not segs[-1] and len(segs) > 1 and not is_capitalised(tok.word) and tok.word not in lex.definite:
            segs.pop()
            break  # "said Jane Roe, adding …": a comma then no name
        segs[-1].append(tok)
        if tok.closes:
            break
    return [s for s in segs if s]


def _segments_before(ctx: _Context, toks: list[Token], v: int) -> list[list[Token]]:
    """The noun phrase before a verb, nearest comma-part first, without adverbs and relative clauses."""
    text, lex = ctx.text, ctx.lex
    i = v - 1
    while i >= 0 and (
        toks[i].word in lex.auxiliaries or (toks[i].word.endswith("ly") and not is_capitalised(toks[i].word))
    ):
        i -= 1
    if i >= 0 and ")" in text[toks[i].end : toks[i + 1].start if i + 1 < len(toks) else toks[i].end + 2]:
        while i >= 0 and "(" not in text[toks[i].start - 1 : toks[i].end]:
            i -= 1  # "Sen. Jane Roe (D-N.Y.) said": step over the parenthesis
        i -= 1
    if i < 0:
        return []
    if (toks[i].word in lex.pronouns or toks[i].word in _GENDERED_PRONOUNS) and toks[i].word not in RELATIVES:
        return [[toks[i]]]  # "the aide recalled that he said": the verb's own subject is the pronoun
    # Comma-separated groups, read backwards from the verb: "Jane Roe, who chairs the panel, the chair, said".
    groups: list[list[Token]] = [[toks[i]]]
    for j in range(i - 1, max(-1, i - 30), -1):
        gap = text[toks[j].end : toks[j + 1].start]
        if "," in gap:
            if len(groups) >= 4:
                break
            groups.append([])
        elif gap.strip(_SPACE) and gap.strip(_SPACE) not in ("’s", "'s", "’", "'", "-"):
            break
        groups[-1].insert(0, toks[j])
    segs: list[list[Token]] = []
    for n, group in enumerate(groups):
        cut = next((k for k, t in enumerate(group) if t.word in RELATIVES), None)
        if cut is not None:
            tail = group[cut + 1 :]
            last = _np_tail(ctx, tail) if n == 0 and tail else []
            opened = len(last) < len(tail) and tail[len(tail) - len(last) - 1].word in lex.stops
            if n == 0 and tail and last == tail and any(is_capitalised(t.word) for t in tail):
                group = tail  # "…, to which O'Malley interjected": the relative clause's own subject
            elif last and opened and is_capitalised(last[0].word):
                group = last  # "… who supported which bill that Gov. Chris Christie said": a clause's subject
            elif cut == 0:
                continue  # ", who chairs the panel,": a relative clause, not the subject
            else:
                group = group[:cut]  # "a spokesperson who did not wish to be named said"
        adverbial = group[0].word in lex.prepositions and group[0].word not in lex.definite  # Portuguese "a"
        if n == 0 and (adverbial or group[0].word in lex.stops) and len(groups) > 1:
            continue  # "Blunt, after a long pause, said": an adverbial between subject and verb
        if n == 0 and group[0].word.lower() in _COORDINATORS and len(groups) > 1:
            continue  # "…, a fellow at the institute, and co-author of the study, said": more apposition
        opens_np = group[0].word in lex.definite or group[0].word in lex.indefinite or group[0].closes
        if opens_np and len(groups) > 1:
            np = group[
                :10
            ]  # "a top outside Clinton adviser", "Twitter’s director of advertising": one phrase
        elif n == 0 or not segs:
            np = _np_tail(ctx, group)
        else:
            np = group if len(group) <= 8 else []
        if np:
            segs.append(np)
            if np[0] is not group[0] or (np[0].word in lex.pronouns):
                break  # the phrase began inside this part: nothing before it belongs to the subject
        elif n == 0:
            break
    return segs


def _np_tail(ctx: _Context, group: list[Token]) -> list[Token]:
    """The noun phrase that ends a stretch of words: walk back while the words can belong to one."""
    lex = ctx.lex
    out: list[Token] = []
    lower = 0
    for k in range(len(group) - 1, -1, -1):
        tok = group[k]
        word = tok.word
        if word in lex.pronouns or word.lower() in _GENDERED_PRONOUNS:
            if not out:
                out.insert(0, tok)
            break
        if not is_capitalised(word):
            if word in lex.definite or word in lex.indefinite:
                out.insert(0, tok)
                if k > 0 and group[k - 1].word in _GENITIVE_PREPOSITIONS:
                    continue  # "director of the Harbour Science Directorate": the phrase goes on
                if k > 0 and group[k - 1].word in lex.prepositions:
                    return []  # "published in the journal JAMA Psychiatry argued": an object, no subject
                break
            if (
                word in _COORDINATORS
                and out
                and out[0].word.lower() in _POSSESSIVE_DETERMINERS
                and k > 0
                and is_capitalised(group[k - 1].word)
            ):
                return _np_tail(ctx, group[:k])  # "Roe and her team wrote": the one named leads them
            if word in lex.stops or word in ALL_VERBS or lower >= 5 or not word.replace("-", "").isalnum():
                break
            related = word in _RELATION_PREPOSITIONS and k > 0 and group[k - 1].word in lex.agents | _CLOSE
            if word in lex.prepositions and word not in _GENITIVE_PREPOSITIONS and not related:
                return []  # "in October said": the object of a preposition is no subject
            lower += 1
        elif out and tok.closes and not is_capitalised(out[0].word):
            if (
                ctx.text[tok.end : tok.end + 1] in "’'"
                and len(out) == 1
                and out[0].word in lex.agents
                and (k == 0 or is_capitalised(group[k - 1].word))
            ):
                out.insert(0, tok)  # "Roe’s lawyer said": the possessor opens the description
            break
        out.insert(0, tok)
    while out and out[0].word in lex.prepositions:
        out.pop(0)
    return out


# "of", "des" (German genitive) and the like join a role to its institution: "spokesman for the ministry".
_GENITIVE_PREPOSITIONS = _set("of for de du des del della dello degli do da dos das van von z ze")
# "a longtime adviser to Trump", "a person close to the Clintons": whom the speaker stands by, not a place.
_RELATION_PREPOSITIONS = _set("to")
_DESCRIBING_PREPOSITIONS = _GENITIVE_PREPOSITIONS | _RELATION_PREPOSITIONS
_CLOSE = _set("close closest near loyal")
_OWNER_PREPOSITIONS = _set("from by of von de du del della do da van z")
_GENITIVE_ALTERNATION = "of|for|at|from|des|der|de|du|del|della|do|da|van|von|z|ze"
_COORDINATORS = _set("and or y e et und en i и і та")
RELATIVES = _set("who which whose qui che który która które который которая которые який яка які welke")


def _role_gender(ctx: _Context, seg: list[Token], verb: str) -> str | None:
    lex = ctx.lex
    for tok in seg:
        w = tok.word
        if w in lex.female_articles or w in lex.roles_female or w.lower() in lex.pronouns_female:
            return FEMALE
        if w in lex.male_articles or w in lex.roles_male or w.lower() in lex.pronouns_male:
            return MALE
    return verb_gender(lex, verb)


def _describe(ctx: _Context, seg: list[Token], pos: int, verb: str) -> str | None:
    """An unnamed speaker: a role that points back to a person named before, or the description as written."""
    lex, text = ctx.lex, ctx.text
    cut = next(
        (
            i
            for i, t in enumerate(seg)
            if i and t.word in lex.prepositions and t.word not in _DESCRIBING_PREPOSITIONS
        ),
        len(seg),
    )
    whole, seg = seg, seg[:cut]  # "la ministra en Madrid": the place is no part of who spoke
    words = [t.word for t in seg]
    if not words or (ctx.title_spans and _inside_spans(seg[0].start, ctx.title_spans)):
        return None  # "the co-author of “Going Viral,” …, said": a title is no one
    if any(w in lex.documents for w in words):
        owner = _document_owner(ctx, whole)
        if owner is None and words[0] in lex.definite:
            owner = _issuer(ctx, [w for w in words if w in lex.documents][-1], pos)
        return owner
    core = next((i for i, w in enumerate(words) if i and w in _GENITIVE_PREPOSITIONS), len(words))
    head = words[core - 1]
    first = words[0]
    roles = lex.roles | lex.roles_male | lex.roles_female
    articles = has_articles(lex)
    definite = first in lex.definite or (not articles and first not in lex.indefinite)
    is_role = (
        head in roles
        or head.lower() in roles
        or bool(_AGE.search(" ".join(words)))
        or (not articles and len(words) <= 3 and any(w in roles for w in words))
    )
    if (
        definite
        and (head in lex.org_nouns or head.lower() in lex.org_nouns)
        and len(words) <= 4
        and not any(is_capitalised(w) for w in words[1:-1])  # "the French foreign ministry" names itself
    ):
        org = ctx.people.last_org(pos, ctx.quote_spans)
        if org is not None:
            return org  # "the production company", "l'azienda": the organisation named before
    if definite and is_role and len(words) <= 5:
        person = ctx.people.last_person(pos, _role_gender(ctx, seg, verb), ctx.quote_spans)
        introduced = _introduced(ctx, head, pos)
        if introduced is not None and (person is None or ctx.text.rfind(person, 0, pos) < introduced[1]):
            return introduced[0]  # "Ein Sprecher des Ministeriums … sagte der Sprecher": still unnamed
        recent = ctx.last_speaker
        gender = _role_gender(ctx, seg, verb)
        if (
            recent is not None
            and 0 <= pos - recent[1] <= 1500
            and ctx.people.genders.get(recent[0]) in (gender, None)
            and (person is None or ctx.text.rfind(person, 0, pos) < recent[1])
        ):
            return recent[0]  # "…," said the actor: the one who was just speaking
        if person is not None:
            return person  # "the 56-year-old", "la sexagénaire", "актриса": the person named before
    if len(words) == 1 and not is_role and first not in roles:
        known = ctx.people.resolve(first, pos, None, strict=True) if first in STOPWORDS else None
        if known is not None:
            return known  # "Read said": the surname of "Ian Read", though "read" is a word too
        if is_capitalised(first) and first not in STOPWORDS and not _not_a_speaker(first, ctx):
            return first  # "Black said": a surname the name finder could not tell from a word
        low = first.lower()
        plural_role = low[:-1] in roles or low[:-1] in ALL_ROLES or first[:-1] in lex.titles
        if low.endswith("s") and plural_role and low in ctx.lowercase_words:
            return low  # "Prosecutors alleged": people by their role, as the article writes them
        return None  # "Another", "Officials": too little to show
    if (
        1 < len(words) <= 5
        and all(is_capitalised(w) or w in PARTICLES for w in words)
        and first not in STOPWORDS
    ):
        return text[seg[0].start : seg[-1].end]  # "Judicial Watch": a proper name the name finder passed over
    rest = words[1:]
    if (
        first in lex.definite
        and 2 <= len(rest) <= 8
        and is_capitalised(rest[-1])
        and all(is_capitalised(w) or w in _NAME_JOINERS for w in rest)
    ):
        described = text[seg[0].start : seg[-1].end]  # "The United Nations High Commissioner for Refugees"
        return described[0].lower() + described[1:] if first in ("The", "A", "An") else described
    articled = (
        first in lex.definite
        or first in lex.indefinite
        or first.lower() in lex.indefinite
        or (
            seg[0].closes
            and text[seg[0].end : seg[0].end + 1] in "’'"
            and is_capitalised(first)
            and words[-1] in lex.agents
        )
    )
    if not (articled or is_role) or len(words) > 7:
        return None  # "my eyes out", "When his editors": not a noun phrase that names a speaker
    if any(w.lower() in _GENDERED_PRONOUNS or w in lex.pronouns for w in words):
        return None
    if any((w in lex.auxiliaries or w in ALL_VERBS) and w not in PARTICLES for w in words[1:]) or (
        words[-1] in lex.prepositions
    ):
        return None  # "the financial system was", "the authors of the": a clause, not who spoke
    if first in lex.definite and len(words) <= 4:
        earlier = _introduced(ctx, head, pos)
        if earlier is not None:
            return earlier[0]  # "the official" after "a senior FAA official": the fuller description
    start = seg[0].start
    described = text[start : seg[-1].end]
    if seg[0].closes and text[seg[0].end : seg[0].end + 1] in "’'":
        owner = ctx.people.resolve(first, pos, None, strict=True)
        if owner is not None:
            described = owner + text[seg[0].end : seg[-1].end]  # "Jane Roe’s lawyer", not "Roe’s lawyer"
    if first in ("The", "A", "An"):
        described = described[0].lower() + described[1:]
    return described


_ACRONYM = re.compile(r"(?:the |The )?([A-Z]{2,6})")


def _expand_acronym(ctx: _Context, speaker: str) -> str:
    """Spell out an organisation the article introduced with its initials ("the DEA" -> the full name)."""
    m = _ACRONYM.fullmatch(_ELIDED_ARTICLE.sub("", speaker))
    if m is None:
        return speaker
    letters = m.group(1)
    bracketed = _bracketed_name(ctx.text, letters)
    if bracketed is not None:
        return bracketed
    pattern = re.compile(
        r"((?:[A-Z][\w’'-]*(?:\s+(?:of|for|and|the|on|de|du|des|la|le)\b)*\s+)"
        + f"{{{len(letters)}}}?)\\({letters}\\)"
    )
    found = pattern.search(ctx.text)
    if found is None:
        # "the Drug Enforcement Administration" named in full, with no initials in brackets after it.
        small = r"(?:\s+(?:of|for|and|on|the|de|du|des|la|le))*\s+"
        spelled = small.join(rf"{c}[a-z][\w’'-]*" for c in letters)
        whole = re.search(rf"\b{spelled}\b", ctx.text)
        return whole.group() if whole is not None and len(letters) >= 3 else speaker
    words = [w for w in found.group(1).split() if w[0].isupper()]
    if "".join(w[0] for w in words[-len(letters) :]) != letters:
        return speaker
    start = found.group(1).find(words[-len(letters)])
    return found.group(1)[start:].strip()


_ELIDED_ARTICLE = re.compile(r"^[lL][’']")
_ACRONYM_SMALL = _set("of for and the on de du des la le di del della do da dos das y e i z van von der")


def _bracketed_name(text: str, letters: str) -> str | None:
    """The name written out before "(ARS)", its small words aside: "Agence régionale de santé (ARS)"."""
    at = text.find(f"({letters})")
    if at < 0:
        return None
    words = list(re.finditer(r"[^\W\d_][\w’'-]*", text[max(0, at - 200) : at]))
    need = len(letters) - 1
    for m in reversed(words):
        word = _ELIDED_ARTICLE.sub("", m.group())
        if need < 0:
            break
        if word.lower() in _ACRONYM_SMALL and need < len(letters) - 1:
            continue
        if word[:1].upper() != letters[need]:
            return None
        if need == 0:
            if not word[:1].isupper():
                return None
            start = max(0, at - 200) + m.end() - len(word)
            return text[start:at].strip()
        need -= 1
    return None


def _document_owner(ctx: _Context, seg: list[Token]) -> str | None:
    """Whose statement or report speaks: "a report from Kotak Institutional Equities" -> the firm."""
    for i, tok in enumerate(seg[:-1]):
        if tok.word in _OWNER_PREPOSITIONS:
            j = i + 2 if seg[i + 1].word in ctx.lex.definite and i + 2 < len(seg) else i + 1
            run = next(runs(seg[j:], ctx.text), [])
            if run and run[0] is seg[j]:  # "a study by the Centre for Policy Research"
                end = j
                while end + 1 < len(seg) and (
                    is_capitalised(seg[end + 1].word)
                    or (
                        seg[end + 1].word in _NAME_JOINERS
                        and end + 2 < len(seg)
                        and is_capitalised(seg[end + 2].word)
                    )
                ):
                    end += 1
                return ctx.text[seg[j].start : seg[end].end]
    return None


def _issuer(ctx: _Context, noun: str, pos: int) -> str | None:
    """Who issued "the statement": the subject of the sentence that first mentioned one, a little before."""
    text = ctx.text
    found = None
    lo = max(0, pos - 2500)
    for m in re.finditer(rf"\b(\w+)[ \u00a0]+{re.escape(noun)}\b", text[lo:pos]):
        at = lo + m.start(2) if m.lastindex and m.lastindex > 1 else lo + m.end() - len(noun)
        if m.group(1) not in ctx.lex.definite and not _inside_spans(at, ctx.quote_spans):
            found = at  # "a statement", not "the statement continued": where it was introduced
    if found is None:
        return None
    start = _sentence_start(text, max(0, found - _CONTEXT), found)
    toks = tokens(text, start, found)
    if not toks or toks[-1].word not in ctx.lex.indefinite | ctx.lex.definite | _POSSESSIVE_DETERMINERS:
        return None  # "a statement", "its statement": the one just introduced, not one named in passing
    toks = toks[:-1]
    comma = next((k for k, t in enumerate(toks[:6]) if "," in text[t.end : t.end + 1]), None)
    if comma is not None and toks[0].word.lower() in ctx.lex.prepositions:
        toks = toks[comma + 1 :]  # "On Monday, Acme Records issued a statement": past the adverbial
    if not toks or any(t.word.lower() == "according" for t in toks):
        return None
    if toks[0].word in ctx.lex.definite:
        # "The company denied it in a statement": the organisation that noun points back to.
        head = next((k for k, t in enumerate(toks[1:4], 1) if t.word.lower() in ctx.lex.org_nouns), None)
        if head is None or any(is_capitalised(t.word) for t in toks[1:head]):
            return None
        return ctx.people.last_org(toks[0].start, ctx.quote_spans)
    names = _names_in(ctx, toks[:6], start)
    if not names or names[0].start != toks[0].start:
        return None  # only the sentence's own subject issued it
    subject = names[0]
    return subject.name if subject.org else ctx.people.resolve(subject.name, found, subject.gender)


_POSSESSIVE_DETERMINERS = _set("its his her their")
_NAME_JOINERS = _set("of for and on de du des del della")


def _inside_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Tell whether pos lies inside one of the spans (sorted by start, as the quotations are)."""
    i = bisect.bisect_right(spans, (pos, 1 << 62))
    return any(a <= pos < b for a, b in spans[max(0, i - 2) : i])


@functools.cache
def _alternation(words: frozenset[str]) -> str:
    """Join a lexicon's words into a regex alternation, longest first (built once per word set)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=512)  # about 4 KiB a pattern
def _introduction(articles: str, head: str) -> re.Pattern[str]:
    """The pattern of an indefinite phrase ending in ``head`` (compiled once per article set and noun)."""
    return re.compile(
        rf"\b(?:{articles})\s+(?:[\w’'-]+\s+){{0,3}}?{re.escape(head)}\b"
        rf"(?:\s+(?:{_GENITIVE_ALTERNATION})\s+(?:[\w’'-]+\s+){{0,2}}?[^\W\d_][\w’'-]*)?"
    )


def _introduced(ctx: _Context, head: str, pos: int) -> tuple[str, int] | None:
    """The indefinite phrase that first introduced an unnamed speaker ("a legal expert" for "the expert")."""
    articles = _alternation(ctx.lex.indefinite)
    lo = max(0, pos - 6000)
    if not articles or ctx.text.find(head, lo, pos) < 0:
        return None  # the noun is not written before: nothing introduced it
    found = None
    for m in _introduction(articles, head).finditer(ctx.text, lo, pos):
        found = m
    if found is None:
        return None
    phrase = found.group()
    while phrase.split()[-1] in ctx.lex.definite | ctx.lex.indefinite | ctx.lex.prepositions:
        phrase = phrase.rsplit(None, 1)[0]  # "a fashion designer for the": the tail stopped at an article
    if phrase.split()[0] in ctx.lex.indefinite and phrase[:1].isupper() and phrase.split()[0] in ("A", "An"):
        phrase = phrase[0].lower() + phrase[1:]
    return phrase, found.start()


def _choose(
    ctx: _Context, segs: list[list[Token]], pos: int, sentence_start: int, verb: str, genitive: bool = False
) -> str | None:
    """Pick the speaker among a clause's noun phrases: a person, else an organisation, else a description."""
    lex = ctx.lex
    for seg in segs:
        if len(seg) == 1 and (seg[0].word in lex.pronouns or seg[0].word in _GENDERED_PRONOUNS):
            word = seg[0].word
            gender = MALE if word in ALL_PRONOUNS_MALE else FEMALE if word in ALL_PRONOUNS_FEMALE else None
            if gender is not None:
                subject = _topic(ctx, seg[0].start, gender)
                if subject is not None:
                    return subject
            found = _resolve_pronoun(word, ctx, pos)
            if found is not None and gender is not None and _named_inside(ctx, found, pos):
                # "“… for Mary Roe to just put her name on it …,” she said": Roe is spoken of, not speaking.
                return ctx.people.last_person(pos, gender, ctx.quote_spans, exclude=found)
            return found
    orgs: list[tuple[Mention, list[Token]]] = []
    best: tuple[int, int, Mention] | None = None
    for rank, seg in enumerate(segs):
        names = _names_in(ctx, seg, sentence_start)
        for m in names:
            if m.org:
                orgs.append((m, seg))
                continue
            if len(m.words) == 1 and _not_a_speaker(m.name, ctx):
                continue
            # A name the article gives in full, or a full name here, outweighs a lone capitalised word.
            known = ctx.people.resolve(m.name, pos, None, strict=True) is not None
            strength = 2 * known + (len(m.words) > 1)
            if best is None or strength > best[0] or (strength == best[0] and rank == best[1]):
                best = (strength, rank, m)
    if best is not None:
        m = best[2]
        follows_the = ctx.text[max(0, m.start - 4) : m.start].lower() == "the "
        if (
            follows_the
            and not m.title
            and len(m.words) <= 3
            and m.gender is None
            and ctx.people.resolve(m.name, pos, None, strict=True) is None
        ):
            return "the " + m.name  # "the Admiralty": an institution
        gender = m.gender or verb_gender(lex, verb)
        if genitive:
            return ctx.people.resolve_inflected(m.name, pos, lex)
        return ctx.people.resolve(m.name, pos, gender)
    if orgs:
        m = orgs[0][0]
        follows_the = ctx.text[max(0, m.start - 4) : m.start].lower() == "the "
        return ("the " + m.name) if follows_the else m.name
    if len(segs) > 1 and (segs[0][0].word in lex.indefinite or segs[0][0].word.lower() in lex.indefinite):
        # "a study by the Centre for Policy Research, a London-based think tank, concluded": the
        # apposition only describes the phrase before it, which says who spoke.
        named = _describe(ctx, segs[1], pos, verb)
        if named is not None and named[:1].isupper():
            return named
    if segs:
        return _describe(ctx, segs[0], pos, verb)
    return None


def _not_a_speaker(word: str, ctx: _Context) -> bool:
    """Tell whether a lone capitalised word is just capitalised by its sentence ("Another said")."""
    if word in _NOT_SPEAKERS or word.endswith(("’t", "'t")):
        return True
    if ctx.people.resolve(word, len(ctx.text), None, strict=True) is not None:
        return False  # the surname of someone the article names in full ("Pence", even beside "pence")
    lower = word.lower()
    return lower != word and lower in ctx.lowercase_words


def _opening(ctx: _Context, pos: int) -> int:
    """Where the sentence holding pos starts, counting a whole quotation as part of its sentence."""
    # A sentence that starts inside a quotation starts where the quotation's own sentence does. A page can
    # chain thousands of such quotations: the chain is walked in a loop (not recursion) and remembered.
    passed: list[int] = []
    while pos not in ctx.openings:
        passed.append(pos)
        start = _sentence_start(ctx.text, max(0, pos - _CONTEXT), pos)
        held = ctx.quote_holding(start)
        if held is None:
            ctx.openings[pos] = start
        elif held[0] <= 0:
            ctx.openings[pos] = 0
        else:
            pos = held[0]
    start = ctx.openings[pos]
    for p in passed:
        ctx.openings[p] = start
    return start


def _topic(ctx: _Context, pos: int, gender: str) -> str | None:
    """The person the sentences just before a pronoun are about: their subject, or their quotation's speaker.

    "Figgins declined to comment on Thomas. “…,” he said." is Figgins, though Thomas was named last.
    """
    text = ctx.text
    opens = ctx.quote_opens
    start = _opening(ctx, pos)
    own = True
    for _ in range(4):
        if not own:
            if start <= 0 or text[max(0, start - 3) : start].count("\n") > 2:
                return None
            end = start - 1
            while end > 0 and text[end - 1].isspace():
                end -= 1
            start = _opening(ctx, end - 1)
            if start in ctx.spoken:
                speaker = ctx.spoken[start]
                return speaker if ctx.people.genders.get(speaker, gender) in (gender, None) else None
        stop = pos if own else start + 160
        first, own = own, False
        if start in opens:
            continue  # the pronoun's own sentence opens with the quotation: look before it
        toks = tokens(text, start, stop)
        for _ in range(3):
            comma = next((k for k, t in enumerate(toks[:6]) if "," in text[t.end : t.end + 1]), None)
            if comma is None or not (toks[0].word.lower() in ctx.lex.prepositions or toks[0].word.isdigit()):
                break
            toks = toks[comma + 1 :]  # "In somber comments, Trump called …", "On July 2, 2006, he"
        if not toks:
            continue
        pronouns = ALL_PRONOUNS_MALE if gender == MALE else ALL_PRONOUNS_FEMALE
        if toks[0].word.lower() in pronouns:
            continue  # "He wrote to Gaiman about it.": the same person again, named further back
        if toks[0].word.lower() in ctx.lex.subordinators and len(toks) > 1:
            # "Although Ford had outlined the book, he struggled": the clause's subject is the main one's.
            named = _names_in(ctx, toks[1:6], start)
            comma_pronoun = any(
                b.word.lower() in pronouns and "," in text[a.end : b.start]
                for a, b in itertools.pairwise(toks)
            )
            if named and named[0].start == toks[1].start and not named[0].org and comma_pronoun:
                name = ctx.people.resolve(named[0].name, start, named[0].gender or gender, strict=True)
                if name is not None and ctx.people.genders.get(name) in (gender, None):
                    return name
        names = _names_in(ctx, toks[:6], start)
        lead = [t for t in toks[:6] if names and t.start < names[0].start]
        if (
            not names
            or names[0].org
            or any(t.word.lower() in ctx.lex.stops or t.word.lower() in ctx.lex.prepositions for t in lead)
            or any(t.word in ALL_VERBS or t.word in ctx.lex.pronouns for t in lead)
            or "," in text[toks[0].start : names[0].start]
            or text[max(0, names[0].start - 4) : names[0].start] in ("the ", "The ")  # "the Tom Price song"
        ):
            # Only the sentence's subject counts, perhaps after its role ("Chief negotiator Saeb Erekat").
            if first:
                continue  # "Sometimes staff break the rules, he said.": who "he" is was said before
            return None
        name = ctx.people.resolve(names[0].name, start, names[0].gender or gender, strict=True)
        if name is None or ctx.people.genders.get(name) not in (gender, None):
            return None
        if text[names[0].end : names[0].end + 2] in ("’s", "'s"):
            return None
        return name
    return None


def _named_inside(ctx: _Context, name: str, pos: int) -> bool:
    """Tell whether the quotation opening at pos names a person by full or first name: likely not theirs."""
    i = bisect.bisect_left(ctx.quote_spans, (pos, pos))
    if i >= len(ctx.quote_spans) or ctx.quote_spans[i][0] != pos:
        return False
    words = name.split()
    if len(words) < 2:
        return False
    end = ctx.quote_spans[i][1]
    quoted = ctx.text[pos:end]
    if i + 1 < len(ctx.quote_spans):
        a, b = ctx.quote_spans[i + 1]
        if a - end < 80 and "\n" not in ctx.text[end:a]:
            quoted += " " + ctx.text[a:b]  # "“A,” he said, “B.”": the parts of one quotation together
    if words[0] not in quoted:
        return False  # the name holds its first word: neither is there
    return re.search(rf"\b(?:{re.escape(name)}|{re.escape(words[0])})\b", quoted) is not None


def _resolve_pronoun(word: str, ctx: _Context, pos: int) -> str | None:
    if word in ALL_PRONOUNS_MALE:
        return ctx.people.last_person(pos, MALE, ctx.quote_spans)
    if word in ALL_PRONOUNS_FEMALE:
        return ctx.people.last_person(pos, FEMALE, ctx.quote_spans)
    if word in ("it", "It"):
        return ctx.people.last_org(
            pos, ctx.quote_spans, within=600
        )  # "it said": an organisation, never a person
    return None


def _clause_speaker(
    ctx: _Context, toks: list[Token], pos: int, sentence_start: int, *, after_quote: bool
) -> tuple[str | None, int, int] | None:
    """Find the reporting cue in a clause and its speaker: (speaker, cue index, last token index used)."""
    lex = ctx.lex
    if after_quote and toks and toks[0].word in _COORDINATORS:
        return None  # "“…” and said it was …": the subject stands before the quotation
    scan = range(min(len(toks), 30)) if after_quote else range(len(toks) - 1, max(-1, len(toks) - 26), -1)
    for v in scan:
        found = _cue(toks, v, lex)
        if found is None:
            continue
        kind, at = found
        word = toks[v].word
        if not after_quote and kind == "verb" and v + 1 < len(toks) and not _after_verb_ok(toks[v + 1 :]):
            continue
        if kind == "pron":
            m = _PRONOUN_VERB.match(word)
            assert m is not None
            pron = m.group(2)
            gender = MALE if pron == "il" else FEMALE if pron == "elle" else None
            who = ctx.people.last_person(pos, gender, ctx.quote_spans) if gender else None
            return who, v, v
        if kind == "before":
            segs = _segments_after(ctx, toks, at, toks[at - 1].end if at > 0 else toks[0].start)
            genitive = word in _GENITIVE_CUES or (v + 1 < len(toks) and toks[v + 1].word in _GENITIVE_CUES)
            speaker = _choose(ctx, segs, pos, sentence_start, word, genitive=genitive)
            last = toks.index(segs[-1][-1]) if segs else v
            return speaker, v, last
        if kind == "after":
            segs = _segments_before(ctx, toks, v)
            return _choose(ctx, segs, pos, sentence_start, word), v, v
        before = _segments_before(ctx, toks, v)
        first = min((seg[0] for seg in before), key=lambda t: t.start, default=None)
        lead = toks[: toks.index(first)] if after_quote and first is not None else []
        head = _head_name(ctx, toks[:v], pos, sentence_start, word) if after_quote else None
        if head is not None:
            return head, v, v  # "…," Jane Roe, chief executive of the website Full Fact, told …
        if after_quote and before and lead and not _simple_lead(lead, lex):
            return None  # "…," the report that Jane Roe wrote said: not a simple attribution
        if before:
            speaker = _choose(ctx, before, pos, sentence_start, word)
            if speaker is None or not is_capitalised(speaker):
                # "…," Jane Roe, an analyst at the Council on Energy, Environment and Water, told …:
                # the clause opens with the name, however long the apposition after it.
                head = _head_name(ctx, toks[:v], pos, sentence_start, word)
                speaker = head or speaker
            if not after_quote and speaker not in ctx.people.genders:
                # "Roe said that after advice Valoria had concluded it was “…”": the person who reports it.
                first_word = toks.index(min((seg[0] for seg in before), key=lambda t: t.start))
                outer = _outer_reporter(ctx, toks[:first_word], pos, sentence_start)
                if outer is not None and (speaker is None or outer[0] in ctx.people.genders):
                    return outer[0], outer[1], v
            if speaker is not None or not after_quote:
                return speaker, v, v
        if (
            after_quote
            and v > 2
            and not _only_adverbs(toks[:v], lex)
            and "," not in ctx.text[toks[v - 1].end : toks[v].start]
        ):
            return None
        segs = _segments_after(ctx, toks, v + 1, toks[v].end)
        if (
            segs
            and segs[0][0].word.lower() in ctx.lex.prepositions
            and segs[0][0].word not in ctx.lex.definite
            and after_quote
        ):
            named = _name_after_adverbials(ctx, toks, v + 1, pos, sentence_start, word)
            if named is not None:
                return named, v, v  # "ha detto dal palco Roberto Cianetti", "заявила на брифинге эколог X"
        if not segs or (
            segs[0][0].word.lower() in ctx.lex.prepositions and segs[0][0].word not in ctx.lex.definite
        ):
            if ctx.lex.pro_drop and after_quote and v <= 1 and not _plural(toks, v):
                # "«…», ha detto." / "— сказала.": no subject is written; it is the person last named.
                return ctx.people.last_person(pos, verb_gender(ctx.lex, word), ctx.quote_spans), v, v
            if after_quote:
                continue  # "…" announced in October, said Jane Roe: the next verb may have the subject
            return None
        speaker = _choose(ctx, segs, pos, sentence_start, word)
        return speaker, v, toks.index(segs[-1][-1])
    return None


def _outer_reporter(
    ctx: _Context, toks: list[Token], pos: int, sentence_start: int
) -> tuple[str, int] | None:
    """The named subject of a reporting verb earlier in the sentence, and the verb's index."""
    for v in range(len(toks) - 1, -1, -1):
        word = toks[v].word
        if word in ALL_VERBS and word not in _PARTICIPLES and not is_capitalised(word):
            speaker = _choose(ctx, _segments_before(ctx, toks, v), pos, sentence_start, word)
            if speaker is not None and speaker[:1].isupper():
                return speaker, v
            return None
    return None


def _name_after_adverbials(
    ctx: _Context, toks: list[Token], i: int, pos: int, sentence_start: int, verb: str
) -> str | None:
    """A person named after short prepositional phrases after the verb ("dal palco Roberto Cianetti")."""
    lex = ctx.lex
    j, lower = i, 0
    while j < len(toks) and j - i < 8:
        word = toks[j].word
        if word.lower() in lex.prepositions or word in lex.definite:
            lower = 0
        elif not is_capitalised(word) and lower < 2:
            lower += 1
        else:
            break
        j += 1
    if j >= len(toks) or j == i:
        return None
    if ctx.text[toks[j - 1].end : toks[j].start].strip(_SPACE):
        return None
    segs = _segments_after(ctx, toks, j, toks[j - 1].end)
    found = _names_in(ctx, segs[0], sentence_start) if segs else []
    names = [m for m in found if not m.org and len(m.words) > 1 and first_name_gender(m.words[0])]
    if not names:
        return None  # "en conferencia de prensa en Oaxaca de Juárez": a place, not a person
    return ctx.people.resolve(names[0].name, pos, names[0].gender or verb_gender(lex, verb))


_PLURAL_ENDINGS = ("ли", "li", "ły", "ron", "ram", "rono", "ono")
_PLURAL_AUXILIARIES = _set("hanno han ont haben hebben")


def _plural(toks: list[Token], v: int) -> bool:
    """Tell whether a reporting verb is plural ("повідомили", "hanno detto"): no one person spoke."""
    word = toks[v].word
    return word.endswith(_PLURAL_ENDINGS) or (v > 0 and toks[v - 1].word in _PLURAL_AUXILIARIES)


def _simple_lead(lead: list[Token], lex: Lexicon) -> bool:
    """Tell whether words before a subject only qualify it ("lead researcher and", "JPL scientist and")."""
    if _only_adverbs(lead, lex):
        return True
    return len(lead) <= 6 and not any(
        t.word in ALL_VERBS or t.word in RELATIVES or t.word in ("that", "que", "dass", "che") for t in lead
    )


def _head_name(ctx: _Context, toks: list[Token], pos: int, sentence_start: int, verb: str) -> str | None:
    """The person named at the very start of a clause, before a comma ("Jane Roe, a fellow at …, said")."""
    while len(toks) > 1 and ctx.text[toks[0].end : toks[0].end + 2] in ("’s", "'s"):
        toks = toks[1:]  # "NASA's Steve Clarke, deputy associate administrator, said"
    lead = 0
    while (
        lead < min(3, len(toks) - 1)
        and toks[lead].word.islower()
        and toks[lead].word not in ctx.lex.stops
        and toks[lead].word not in ctx.lex.prepositions
        and toks[lead].word not in ALL_VERBS
    ):
        lead += 1  # "study lead author Jane Roe, a scientist at …, said": the name after its role
    if lead and not is_capitalised(toks[lead].word):
        lead = 0
    toks = toks[lead:]
    if not toks or not is_capitalised(toks[0].word):
        return None
    head: list[Token] = []
    for tok in toks[:6]:
        if head and ctx.text[head[-1].end : tok.start].strip(_SPACE):
            break
        head.append(tok)
    if len(head) == len(toks) or "," not in ctx.text[head[-1].end : head[-1].end + 2]:
        return None
    if any(t.word in ALL_VERBS for t in toks):
        return None
    persons = [m for m in _names_in(ctx, head, sentence_start) if not m.org]
    if not persons:
        return None
    m = persons[-1]
    known = ctx.people.resolve(m.name, pos, m.gender, strict=True)
    if len(m.words) < 2 and known is None:
        return None  # "Critically, the commission said": a lone capitalised word is no name
    return known or ctx.people.resolve(m.name, pos, m.gender)


def _only_adverbs(toks: list[Token], lex: Lexicon) -> bool:
    return all(t.word in lex.auxiliaries or t.word.endswith("ly") for t in toks)


def _after_verb_ok(after: list[Token]) -> bool:
    """Allow "said Kellogg:", "told reporters on Monday:", "wrote in a statement," after a verb."""
    if len(after) > 10:
        return False
    return not any(t.word in ALL_VERBS for t in after)


def _sentence_start(text: str, lo: int, hi: int) -> int:
    start = lo
    # One character past hi, so that a boundary right before the quotation mark sees the mark.
    for m in _BOUNDARY.finditer(text, lo, min(len(text), hi + 1)):
        if m.end() <= hi:
            start = m.end()
    return start


def _post_attribution(ctx: _Context, raw: _Raw, hi: int) -> _Speaker | None:
    """Find "…," X said / "…," said X / "…", according to X / «…» — заявив X right after the closing mark."""
    text = ctx.text
    lo = raw.close_pos + 1
    m = _BOUNDARY.search(text, lo, hi)
    stop = m.start() + 1 if m else hi
    toks = tokens(text, lo, stop)[:30]
    if not toks:
        return None
    lead = text[lo : toks[0].start]
    if lead.strip(_LEAD) or "\n" in lead:
        return None
    quoted = text[raw.parts[-1][0] : raw.parts[-1][1]]
    new_sentence = quoted[-1:] in ".!?…" and not lead.strip(_SPACE) and is_capitalised(toks[0].word)
    signature = lead.strip(_SPACE) in ("—", "–", "-", "―", ",—", ", —")
    if signature and len(toks) <= 5 and all(is_capitalised(t.word) or t.word in PARTICLES for t in toks):
        name = _choose(ctx, [toks], raw.open_pos, lo, "")
        if name is not None:
            return _Speaker(name, (lo, toks[-1].end))  # "…” ― Jane Roe": a signature
    found = _clause_speaker(ctx, toks, raw.open_pos, lo, after_quote=True)
    if found is None:
        return None
    speaker, v, last = found
    if v == 0 and toks[0].word in _PARTICIPLES:
        return None  # '…was “…”, saying he trusted the courts': the subject stands before the quotation
    if v == 1 and toks[0].word == "to":
        return None  # '… and “fault detection” to maintain a level of …': a purpose clause, not a cue
    if new_sentence:
        if v > 4:
            return None
        if text[_clause_end(toks, last, text) : stop].lstrip(_SPACE)[:1] == ":":
            return None  # '…." Jane Roe agreed: "…"': the colon announces the next quotation
        rest = tokens(text, toks[last].end, stop)
        if rest and rest[0].word in ctx.lex.auxiliaries and rest[0].word not in _CLAUSE_ENDING_ADVERBS:
            return None  # '…." South Carolina, he said, was "…"': a sentence that goes on after its cue
        if rest and (toks[v].word in ("that", "que", "dass", "che") or len(rest) > 4):
            pron = toks[0].word in ctx.lex.pronouns
            if pron or (v + 1 < len(toks) and toks[v + 1].word in ("that", "que", "dass", "che")):
                return None  # '…." He also said the plan would work': a new sentence about something else
    return _Speaker(speaker, (lo, _clause_end(toks, last, text)))


_CLAUSE_ENDING_ADVERBS = _set("also later then again")


def _clause_end(toks: list[Token], v: int, text: str) -> int:
    end = toks[v].end
    for tok in toks[v + 1 : v + 8]:
        if text[end : tok.start].strip(_SPACE):
            break
        end = tok.end
    return end


def _pre_attribution(ctx: _Context, raw: _Raw, lo: int, hi: int | None = None) -> _Speaker | None:
    """Find X said, "…" / X said: "…" / according to X, "…" / X did this, saying, "…" before the quote."""
    text = ctx.text
    hi = raw.open_pos if hi is None else hi
    start = _sentence_start(text, lo, hi)
    toks = tokens(text, start, hi)
    if not toks:
        return None
    tail = text[toks[-1].end : hi]
    if tail.strip(_LEAD):
        return None
    n = len(toks)
    for v in range(n - 1, max(-1, n - 26), -1):
        word = toks[v].word
        if word in _PARTICIPLES or (v > 1 and toks[v - 1].word in ("and", "but") and word in ALL_VERBS):
            # "X said, adding, …" / "X declined to confirm, saying, …": the clause's subject.
            for f in range(v - 1, max(-1, v - 6), -1):
                if toks[f].word in ALL_VERBS and toks[f].word not in _PARTICIPLES:
                    speaker = _choose(ctx, _segments_before(ctx, toks, f), raw.open_pos, start, toks[f].word)
                    if speaker is not None:
                        return _Speaker(speaker, (toks[f].start, hi))
                    break
            speaker, ok = _subject(toks[:v], ctx, raw.open_pos, start)
            return _Speaker(speaker, (toks[v].start, hi)) if ok else None
    found = _clause_speaker(ctx, toks, raw.open_pos, start, after_quote=False)
    if found is not None:
        return _Speaker(found[0], (toks[found[1]].start, hi))
    if text[toks[-1].end : hi].strip(_SPACE).endswith(":"):
        speaker, ok = _subject(toks, ctx, raw.open_pos, start)
        if ok and speaker is not None:
            return _Speaker(speaker, (start, hi))
        if any(t.word in ALL_VERBS for t in toks[-3:]):
            # "У службі повідомили:": a cue whose speaker is not named; the quote is not the last speaker's.
            return _Speaker(None, (start, hi))
    return None


def _subject(toks: list[Token], ctx: _Context, pos: int, sentence_start: int) -> tuple[str | None, bool]:
    """The subject of a clause: its first name, organisation or pronoun."""
    lex = ctx.lex
    segs: list[list[Token]] = [[]]
    prev_end = toks[0].start if toks else 0
    for tok in toks[:14]:
        if "," in ctx.text[prev_end : tok.start] and segs[-1]:
            segs.append([])
        prev_end = tok.end
        segs[-1].append(tok)
    for seg in segs:
        if not seg or seg[0].word in RELATIVES:
            continue  # ", which regulates campaign finances,": about the subject, not it
        for tok in seg[:3]:
            if tok.word in lex.pronouns and tok.word not in RELATIVES:
                return _resolve_pronoun(tok.word, ctx, tok.start), True
        found = _names_in(ctx, seg, sentence_start)
        names = [m for m in found if not m.org]
        if names:
            return ctx.people.resolve(names[0].name, pos, names[0].gender), True
        if found:
            return found[0].name, True  # "the Electoral Commission, which …, issued a statement warning"
        if len(seg) > 1 and seg[1].word in ALL_VERBS and is_capitalised(seg[0].word):
            named = _describe(ctx, seg[:1], pos, seg[1].word)
            if named is not None and named[:1].isupper():
                return named, True  # "Boreing said …, but said, “…”": a surname the name finder passed over
    return None, False


def _earlier_attribution(ctx: _Context, raw: _Raw, lo: int, para: int) -> _Speaker | None:
    """Find the speaker in the sentence before: 'X put it this way:' ¶ "…" or 'Y, X said. "…"'."""
    text = ctx.text
    opens_paragraph = not text[para : raw.open_pos].strip(_SPACE + _DASHES)
    start = _sentence_start(text, lo, raw.open_pos)
    if not opens_paragraph and text[start : raw.open_pos].strip(_SPACE + _DASHES):
        return None
    if opens_paragraph or start <= para:
        # The quote opens its paragraph: the previous paragraph may announce it with a colon.
        end = para - 1
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end <= 0:
            return None
        prev_start = text.rfind("\n", 0, end) + 1
        if text[end - 1] != ":":
            alone = text[raw.close_pos + 1 : raw.close_pos + 2] in ("\n", "")
            if alone and text[raw.close_pos - 1].isalnum():
                return None  # a quotation standing alone as a heading: no one is reported saying it
            return _reported_before(ctx, raw, max(prev_start, end - _CONTEXT), end)
        return _pre_attribution(ctx, raw, max(prev_start, end - _CONTEXT), end)
    prev = _sentence_start(text, max(lo, start - _CONTEXT), start - 1)
    i = bisect.bisect_left(ctx.quote_spans, (start, -1)) - 1
    if i >= 0 and ctx.quote_spans[i][1] > _sentence_start(text, max(para, start - 2 * _CONTEXT), start - 1):
        # '“A,” Roe told the paper, after Price stated an interest. “B.”': B goes on Roe's turn.
        spoken = ctx.spoken.get(ctx.quote_spans[i][0])
        if spoken:
            return _Speaker(spoken, (ctx.quote_spans[i][1], start))
    toks = tokens(text, prev, start)
    for v in range(len(toks) - 1, max(-1, len(toks) - 10), -1):
        if toks[v].word in ALL_VERBS and not toks[v].word.endswith("ing"):
            speaker = _choose(ctx, _segments_before(ctx, toks, v), raw.open_pos, prev, toks[v].word)
            if speaker is None:
                after = _segments_after(ctx, toks, v + 1, toks[v].end)  # '…, said Professor Jane Roe. "…"'
                if after and after[-1][-1] is toks[-1]:
                    speaker = _choose(ctx, after, raw.open_pos, prev, toks[v].word)
            if speaker is not None:
                return _Speaker(speaker, (toks[v].start, toks[v].end))
            break
    else:
        end = start
        while end > prev and text[end - 1].isspace():
            end -= 1
        # "Roe told reporters that this was not the whole truth. “…”": the subject reports the speech.
        reported = _reported_before(ctx, raw, prev, end)
        if reported is not None:
            reported.remote = True
        return reported
    return None


def _reported_before(ctx: _Context, raw: _Raw, lo: int, end: int) -> _Speaker | None:
    """The speaker of a paragraph that reports speech ("Roe said it was only the latest move.") ¶ "…"."""
    text = ctx.text
    i = bisect.bisect_left(ctx.quote_spans, (lo, -1))  # the spans are in reading order: no scan of them all
    if text[end - 1 : end] not in ".!?" or (i < len(ctx.quote_spans) and ctx.quote_spans[i][0] < end):
        return None  # a paragraph that quotes someone itself, or ends without a sentence
    start = _sentence_start(text, lo, end - 1)
    toks = tokens(text, start, end)
    comma = next((k for k, t in enumerate(toks[:8]) if "," in text[t.end : t.end + 1]), None)
    if comma is not None and toks[0].word.lower() in ctx.lex.prepositions:
        toks = toks[comma + 1 :]  # "In a call with analysts Monday, Pfizer chief Ian Read said …"
    for v in range(1, min(len(toks), 9)):
        word = toks[v].word
        if word in ALL_VERBS and not word.endswith("ing") and not is_capitalised(word):
            if not _after_verb_ok(toks[v + 1 : v + 2]) or (v + 1 < len(toks) and toks[v + 1].word == "to"):
                return None
            speaker = _choose(ctx, _segments_before(ctx, toks, v), raw.open_pos, start, word)
            if speaker is None or not speaker[:1].isupper():
                return None
            return _Speaker(speaker, (toks[v].start, toks[v].end))
        if word in ALL_VERBS or word in RELATIVES or word in ctx.lex.stops:
            return None
    return None


# ---------------------------------------------------------------------------------------------------------
# quotations the marks do not delimit alone: an attribution inside one pair, the dialogue dash
# ---------------------------------------------------------------------------------------------------------

# « A, a-t-il affirmé, mais B » / „A – stwierdziła Anna Nowak. – B” / «A, — призналась актриса, — B»
_INNER_DASH = re.compile(r"[,.]?[ \u00a0]+[—–―](?:[ \u00a0]+|(?=\w))")
_INNER_COMMA = re.compile(r",[ \u00a0]+")
_DIALOGUE = re.compile(r"[ \t\u00a0]*[—―–][ \u00a0]?(?=\S)")
_DIALOGUE_INNER = re.compile(r"[ \u00a0]+[—―–]|[—―–](?=[\w¡¿])")  # the dash that opens the narrator's words
_DIALOGUE_CLOSE = re.compile(r"[—―–]")
_INNER_DASH_END = re.compile(r"[ \u00a0]*[—–―](?:[ \u00a0]|(?=[.,;:]))|[.,][ \u00a0]+[—–―][ \u00a0]+")


def _split_inner(ctx: _Context, raw: _Raw) -> None:
    """Split a quotation whose attribution stands inside its one pair of marks, and take the speaker."""
    text = ctx.text
    if len(raw.parts) != 1 or not ctx.lex.inner_attribution:
        return
    s, e = raw.parts[0]
    for pattern in (_INNER_DASH, _INNER_COMMA):
        for m in pattern.finditer(text, s, e):
            toks = tokens(text, m.end(), min(e, m.end() + 200))[:16]
            if not toks or not _cue_first(ctx, toks):
                continue
            close = (_INNER_DASH_END if pattern is _INNER_DASH else _INNER_COMMA).search(text, toks[0].end, e)
            if close is None:
                continue
            clause = tokens(text, m.end(), close.start())
            if not clause or len(clause) > 14:
                continue
            found = _clause_speaker(ctx, clause, raw.open_pos, m.end(), after_quote=True)
            if found is None or (found[0] is None and not _PRONOUN_VERB.match(clause[found[1]].word)):
                continue  # ", according to data from …," or ", not say them on air,": no speaker named here
            first = _trim(text, s, m.start())
            second = _trim(text, close.end(), e)
            if first[0] >= first[1] or second[0] >= second[1]:
                continue
            raw.parts = [first, second]
            raw.speaker, raw.attributed, raw.clause = found[0], "inner", (m.start(), close.end())
            return


def _cue_first(ctx: _Context, toks: list[Token]) -> bool:
    """Tell whether a clause opens with a reporting cue, perhaps after an auxiliary ("a-t-il dit")."""
    for v, tok in enumerate(toks[:3]):
        if _cue(toks, v, ctx.lex) is not None:
            return True
        if tok.word not in ctx.lex.auxiliaries:
            return False
    return False


def _dialogue(ctx: _Context, para: tuple[int, int]) -> _Raw | None:
    """Read a paragraph opened by a dash as speech: "—Esto es así —explicó el alcalde—. Y sigue."."""
    text = ctx.text
    ps, pe = para
    m = _DIALOGUE.match(text, ps, pe)
    if m is None:
        return None
    body = m.end()
    inner = _DIALOGUE_INNER.search(text, body, pe)
    if inner is None:
        whole = _trim(text, body, pe)
        raw = _Raw([whole], ps, pe - 1, "—")
        return raw if _said_before(ctx, ps) else None
    toks = tokens(text, inner.end(), min(pe, inner.end() + 200))[:16]
    if not toks or not _cue_first(ctx, toks):
        return None
    close = _DIALOGUE_CLOSE.search(text, toks[0].end, pe)
    clause_end = close.start() if close else pe
    clause = tokens(text, inner.end(), clause_end)
    found = _clause_speaker(ctx, clause, ps, inner.end(), after_quote=True)
    parts = [_trim(text, body, inner.start())]
    if close is not None:
        rest = close.end()
        while rest < pe and text[rest] in _SPACE + ".,;:":
            rest += 1
        second = _trim(text, rest, pe)
        if second[0] < second[1]:
            parts.append(second)
    raw = _Raw([p for p in parts if p[0] < p[1]], ps, pe - 1, "—")
    if not raw.parts:
        return None
    raw.speaker, raw.attributed = (found[0] if found else None), "inner" if found else ""
    return raw


def _said_before(ctx: _Context, ps: int) -> bool:
    """Tell whether the paragraph before announces speech with a colon ("fue más tajante:")."""
    end = ps - 1
    text = ctx.text
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] == ":"


# ---------------------------------------------------------------------------------------------------------
# filters and assembly
# ---------------------------------------------------------------------------------------------------------

_TRAILING = ",;:—–―- \u00a0"


def _joined(text: str, parts: Sequence[tuple[int, int]]) -> str:
    """The parts as shown: an ellipsis where anything but marks and spaces stood between two parts."""
    out = text[parts[0][0] : parts[0][1]]
    for (_, end), (start, stop) in itertools.pairwise(parts):
        between = text[end:start].strip(_SPACE + "\n" + "".join(OPENING_MARKS | CLOSING_MARKS) + '«»„“”‘’"')
        out += (" … " if between else " ") + text[start:stop]
    return out


def _quote_text(text: str, raw: _Raw) -> str:
    return _joined(text, raw.parts)


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def _embedded_title(text: str, raw: _Raw) -> bool:
    """Tell a Title-Case span inside a sentence ("on ABC's “This Week.”"): a title, not speech.

    Speech follows a reporting verb or punctuation (a comma, a colon, the start of a paragraph); a name of a
    show, a book or a group follows a preposition, a possessive or a noun, whatever punctuation it ends with.
    """
    before = text[max(0, raw.open_pos - 40) : raw.open_pos].rstrip(_SPACE)
    if not before[-1:].isalnum():
        return False
    last = before.split()[-1] if before.split() else ""
    # Only then are the quotation's own words read (most quotations follow punctuation or a verb).
    return last.lower() not in ALL_VERBS and _is_title_case(WORD.findall(_quote_text(text, raw)))


# '“Museum to close,” by Jane Roe': a comma sets the byline apart ('“…” by the US, she said' goes on).
_BYLINE = re.compile(r"[ \u00a0]+by[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]")


def _bylined(text: str, raw: _Raw) -> bool:
    """Tell a headline given with its byline ("“Museum to close,” by Jane Roe:"): a title, not speech."""
    close = raw.close_pos
    first = text[raw.parts[0][0] : raw.parts[0][0] + 1]
    outside = text[close + 1 : close + 2] == ","  # '“Museum to close”, by …'
    if not first.isupper() or not (outside or text[close - 1 : close] == ","):
        return False
    return _BYLINE.match(text, close + 1 + outside) is not None


def _imagined(text: str, raw: _Raw, clause: list[str]) -> bool:
    """Tell words no one said: an unreal cue ("as Holmes would say"), the reader's own ("you wonder, “…”").

    ``clause`` holds the words of the attribution clause, in lower case.
    """
    if raw.attributed not in ("", "pre", "post"):
        return False
    if raw.clause is not None:
        # "I told myself, “…”", "“…,” she said to herself": inner speech, the verb right by the quotation.
        near = clause[-3:] if raw.attributed == "pre" else clause[:4]
        last = near[-1:] if raw.attributed == "pre" else near
        if any(w in REFLEXIVE_PRONOUNS for w in last) and any(w in ALL_VERBS for w in near):
            return True
    if raw.attributed == "post" and raw.clause is not None:
        words = clause  # the clause starts right after the closing mark
        cue = next((i for i, w in enumerate(words) if w in ALL_VERBS), len(words))
    else:
        at = raw.clause[0] if raw.clause is not None and raw.attributed == "pre" else raw.open_pos
        lead = text[max(0, at - 60) : at]
        # This sentence only, and only the writer's words: not those of a quotation before.
        cut = max(lead.rfind(". "), lead.rfind("\n"), *(lead.rfind(c) for c in _CLOSERS))
        lead = lead[cut + 1 :]
        words = [t.word.lower() for t in tokens(lead, 0, len(lead))]
        if raw.clause is not None and raw.attributed == "pre":
            words += clause[:1]
        cue = next((i for i in range(len(words) - 1, -1, -1) if words[i] in ALL_VERBS), len(words))
    near = words[max(0, cue - 3) : cue]
    modal = near[-2:]
    as_if = "as" in words[max(0, cue - 6) : cue]
    if any(w in UNREAL_MODALS for w in modal) or (as_if and any(w in AS_MODALS for w in modal)):
        return True
    return any(w in READER_PRONOUNS for w in near)


_QUESTION_WINDOW = 1_500  # characters on each side of a question that say whether anyone asks it


def _nobodys_question(ctx: _Context, raw: _Raw) -> bool:
    """Tell a question no one asks: no cue, and no person named in its paragraph or the one before."""
    if raw.attributed or raw.speaker:
        return False
    text = ctx.text
    body = text[raw.parts[-1][0] : raw.parts[-1][1]].rstrip()
    if body[-1:] != "?":
        return False
    # Within a bounded window, so that a paragraph of a million characters stays linear.
    floor, ceil = max(0, raw.open_pos - _QUESTION_WINDOW), min(len(text), raw.close_pos + _QUESTION_WINDOW)
    ps = max(text.rfind("\n", floor, raw.open_pos), floor - 1)
    lo = max(text.rfind("\n", floor, max(floor, ps - 1)), floor - 1)
    while lo > floor and not text[lo + 1 : ps].strip():  # skip blank lines to the paragraph before
        lo = max(text.rfind("\n", floor, lo - 1), floor - 1)
    pe = text.find("\n", raw.close_pos, ceil)
    pe = ceil if pe < 0 else pe
    if ctx.people.named_between(max(lo, 0), pe):
        return False
    # '… as "the party of government," From said. "Our challenge was: How …?"': a cue nearby, a speaker the
    # name finder missed.
    before = _SENTENCE_END.finditer(text, ps + 1, raw.open_pos)
    ends = [m.end() for m in before]
    start = ends[-2] if len(ends) > 1 else ps + 1  # this sentence and the one before it
    after = _SENTENCE_END.search(text, raw.close_pos + 1, pe)
    around = tokens(text, start, raw.open_pos) + tokens(text, raw.close_pos + 1, after.end() if after else pe)
    # Plural nouns that are cues only after a quotation ("two questions") do not count here.
    return not any(t.word in ALL_VERBS and t.word not in EN_INVERTED_ONLY for t in around)


def _keep(text: str, raw: _Raw) -> bool:
    if raw.sung:
        return False  # lyrics, chants and imagined words are not what anyone said
    body = _quote_text(text, raw)
    words = WORD.findall(body)
    if not words:
        return False
    end = text[raw.parts[-1][1] : raw.parts[-1][1] + 1]
    ends_speech = (body.rstrip()[-1:] in ".?!,…—-:;" or end in ",;") if body.strip() else False
    if len(words) < _MIN_WORDS:
        return False
    if _is_title_case(words) and (body.rstrip()[-1:] not in ".?!…" or not raw.attributed):
        return False  # a title of a work, a slogan or a nickname ("Less Money on Testing, More on Students.")
    if _modifier(text, raw) or _bylined(text, raw):
        return False
    if raw.attributed:
        return True
    return ends_speech and body[0].isupper() and len(words) >= 6


_DETERMINERS = _set("the a an its his her their our your my this these those")


def _modifier(text: str, raw: _Raw) -> bool:
    """Tell a quoted phrase used as a word of the sentence ("the “one country, two systems” formula")."""
    if len(raw.parts) > 1:
        return False
    before = text[max(0, raw.open_pos - 12) : raw.open_pos].split()
    if not before or before[-1].lower() not in _DETERMINERS:
        return False
    after = text[raw.close_pos + 1 : raw.close_pos + 24]
    nxt = after.split()[0] if after[:1] == " " and after.split() else ""
    # A noun follows ("formula", "candidate"); a quoted fragment of speech goes on with "as", "in", "and".
    return nxt[:1].islower() and nxt.isalpha() and nxt not in ALL_VERBS and nxt not in ALL_FUNCTION_WORDS


def _headline_end(text: str) -> int:
    """End of a leading headline line (short, no final full stop) whose quotes are not the article's."""
    m = _PARAGRAPH.search(text)
    if m is None:
        return 0
    line = m.group().rstrip()
    if len(line.split()) <= 25 and line[-1:] not in ".!?…" and "\n" in text[m.end() : m.end() + 2]:
        return m.end()
    return 0


def _clean_parts(text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop the punctuation that belongs to the attribution ("…right now," she said) from each part."""
    out = []
    for s, e in parts:
        while e > s and text[e - 1] in _TRAILING:
            e -= 1
        while s < e and text[s] in "—–― \u00a0":
            s += 1
        if s < e:
            out.append((s, e))
    return out


def extract_quotes(text: str, *, people: People | None = None, language: str | None = None) -> list[Quote]:
    """Return the article's direct quotations in reading order, each with its speaker when it can be told.

    ``people`` is ``People.from_text(text)`` when the caller has it already; otherwise it is built here.
    ``language`` is the article's ISO 639-1 code; guessed from the text when not given.
    """
    raws = _pair_marks(text)
    if people is None:
        people = People.from_text(text)
    lex = for_language(language or detect_language(text[:20_000]))
    ctx = _Context(text, people, lex, [])
    raws += _dialogues(ctx, raws)
    if not raws:
        return []
    raws.sort(key=lambda r: r.open_pos)
    skip_before = _headline_end(text)
    raws = [r for r in raws if r.open_pos >= skip_before]
    ctx.set_quotes([(r.open_pos, r.close_pos + 1) for r in raws])
    for r in raws:
        r.title = _embedded_title(text, r)
    ctx.title_spans = [(r.open_pos, r.close_pos + 1) for r in raws if r.title]
    prev_close = -1  # the end of the last quotation that is not a title
    para_start = _paragraph_starts(text)
    for i, raw in enumerate(raws):
        before = raws[i - 1].speaker if i else None
        if before and before[:1].isupper():
            ctx.last_speaker = (before, raws[i - 1].open_pos)
            ctx.spoken[raws[i - 1].open_pos] = before
        if raw.title:
            continue  # "o relatório “Fronteira em Movimento”, avaliou: “…”": the cue is the next one's
        earlier_close, prev_close = prev_close, raw.close_pos
        if raw.char == "—":
            if not raw.attributed:
                found = _earlier_attribution(ctx, raw, max(0, raw.open_pos - _CONTEXT), raw.open_pos)
                if found is not None:
                    raw.speaker, raw.clause, raw.attributed = found.name, found.clause, "pre"
            continue
        _split_inner(ctx, raw)
        if raw.attributed:
            continue
        ps = _para_of(para_start, raw.open_pos)
        pe_next = raws[i + 1].open_pos if i + 1 < len(raws) else len(text)
        nl = text.find("\n", raw.close_pos, min(pe_next, raw.close_pos + _CONTEXT))
        hi = min(pe_next, raw.close_pos + _CONTEXT) if nl < 0 else nl
        found = _post_attribution(ctx, raw, hi)
        if found is not None:
            raw.speaker, raw.clause, raw.attributed = found.name, found.clause, "post"
            continue
        bound = raws[i - 1].close_pos if i else -1
        if i and raws[i - 1].title and not _SENTENCE_END.search(text, bound - 1, raw.open_pos):
            bound = earlier_close  # the title stands inside this quotation's own sentence: look past it
        lo = max(ps, bound + 1, raw.open_pos - _CONTEXT)
        found = _pre_attribution(ctx, raw, lo) or _earlier_attribution(ctx, raw, lo, ps)
        if found is not None:
            raw.speaker, raw.clause = found.name, found.clause
            raw.attributed = "remote" if found.remote else "pre"
    for raw in raws:
        clause = [t.word.lower() for t in tokens(text, *raw.clause)] if raw.clause is not None else []
        if raw.clause is not None:
            raw.sung = any(w in SONG_VERBS for w in clause[:12])
        raw.sung = raw.sung or _imagined(text, raw, clause)
    merged = _join_split(text, [r for r in raws if not r.title])
    _inherit(ctx, merged)
    out: list[Quote] = []
    seen: set[str] = set()
    for raw in merged:
        if not _keep(text, raw) or _nobodys_question(ctx, raw):
            continue
        parts = _clean_parts(text, raw.parts)
        if not parts:
            continue
        shown = _joined(text, parts)
        key = " ".join(WORD.findall(shown.lower()))
        keys = [" ".join(WORD.findall(text[s:e].lower())) for s, e in parts] if len(parts) > 1 else [key]
        if key in seen or all(k in seen for k in keys):
            # The same words again (a repeated paragraph, a pull quote repeating one part of a quotation
            # split around its attribution): shown once, the first time.
            continue
        seen.update([key, *keys])
        if raw.speaker:
            raw.speaker = _expand_acronym(ctx, raw.speaker)
        if raw.speaker and " " in raw.speaker and raw.speaker[0].isupper():
            people.note_speaker(raw.speaker)
        out.append(
            Quote(
                text=shown,
                speaker=raw.speaker,
                start=parts[0][0],
                end=parts[-1][1],
                parts=tuple(parts) if len(parts) > 1 else (),
            )
        )
    return out


def _dialogues(ctx: _Context, raws: list[_Raw]) -> list[_Raw]:
    """Quotations given as dash-opened paragraphs, outside any pair of marks."""
    text = ctx.text
    if "—" not in text and "―" not in text and "–" not in text:
        return []
    # The paired quotations come in reading order and never overlap: only the last one opened before a
    # paragraph can hold it (a scan of them all made a page of many dash paragraphs quadratic).
    opens = [r.open_pos for r in raws]
    out = []
    for m in _PARAGRAPH.finditer(text):
        ps, pe = m.span()
        if text[ps : ps + 3].lstrip(" \t\u00a0")[:1] not in "—―–":
            continue
        before = bisect.bisect_right(opens, ps) - 1
        if before >= 0 and ps <= raws[before].close_pos:
            continue
        raw = _dialogue(ctx, (ps, pe))
        if raw is not None:
            out.append(raw)
    return out


def _paragraph_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _para_of(starts: list[int], pos: int) -> int:
    return starts[bisect.bisect_right(starts, pos) - 1]


def _join_split(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Join "A," X said, "B." into one quotation when only the attribution stands between the parts."""
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is not None and _splits(text, prev, raw):
            prev.parts = [*prev.parts, *raw.parts]
            prev.close_pos = raw.close_pos
            continue
        out.append(raw)
    return out


def _splits(text: str, a: _Raw, b: _Raw) -> bool:
    if a.attributed != "post" or a.clause is None or b.attributed in ("post", "inner"):
        return False
    gap = text[a.close_pos + 1 : b.open_pos]
    if "\n" in gap or len(gap) > 200:
        return False
    rest = text[a.clause[1] : b.open_pos]
    if not _TAIL_PUNCT.fullmatch(rest):
        return False
    return b.speaker is None or b.speaker == a.speaker


def _inherit(ctx: _Context, raws: list[_Raw]) -> None:
    """A quotation with no cue of its own continues the previous speaker's turn nearby."""
    text = ctx.text
    for prev, raw in itertools.pairwise(raws):
        if raw.attributed or not prev.attributed or prev.speaker is None:
            continue
        gap = text[prev.close_pos + 1 : raw.open_pos]
        if gap.count("\n") > 2 or len(gap.strip()) > 200:
            continue
        body = text[raw.parts[-1][0] : raw.parts[-1][1]].rstrip()
        alone = text[raw.open_pos - 1 : raw.open_pos] in ("\n", "") and text[raw.close_pos + 1 :][:1] in (
            "\n",
            "",
        )
        if alone and body[-1:].isalnum():
            continue  # a quotation standing as a heading, with no full stop: no one's turn goes on there
        other = _subject_between(ctx, prev.close_pos + 1, raw.open_pos)
        if other is not None and other != prev.speaker:
            # "“…,” Roe said. Price returned to the issue later. “…?”": the turn has passed to Price.
            raw.speaker, raw.attributed = other, "remote"
            continue
        raw.speaker, raw.attributed, raw.sung = prev.speaker, "inherit", prev.sung


def _subject_between(ctx: _Context, lo: int, hi: int) -> str | None:
    """The person named at the start of the last sentence between two quotations, if one opens it."""
    text = ctx.text
    start = _sentence_start(text, lo, hi)
    inside = bool(text[start:hi].strip(_SPACE + "\n"))  # the quotation goes on a sentence begun before it
    if not inside:
        start = _sentence_start(text, lo, start - 1)
    if start <= lo:
        ended = text[lo - 2 : lo - 1] in (".", "!", "?", "…")  # the mark before the closing one
        while lo < hi and text[lo] in _SPACE:
            lo += 1
        if not ended or not text[lo : lo + 1].isupper():
            return None  # the sentence began before the quotation closed: "“…,” Roe said."
        start = lo
    mentions = ctx.people.mentions
    i = bisect.bisect_left(mentions, (start, 0, ""))
    if i >= len(mentions) or mentions[i][0] >= hi:
        return None
    m_start, _, full = mentions[i]
    lead = tokens(text, start, m_start)
    if any(not is_capitalised(t.word) or t.word not in ctx.lex.titles for t in lead):
        return None  # only a name, perhaps after its title, opens the sentence as its subject
    if text[mentions[i][1] : mentions[i][1] + 2] in ("’s", "'s"):
        return None
    if inside and not tokens(text, mentions[i][1], hi):
        return None  # 'Roe “kind of misspoke”': the name is the quoted clause's subject, not its speaker
    return full


def pick_quotes(quotes: Sequence[Quote], n: int) -> list[Quote]:
    """Choose up to ``n`` quotes to show, in reading order: attributed, substantial ones before the rest."""
    if n <= 0:
        return []

    def rank(item: tuple[int, Quote]) -> tuple[int, int]:
        index, quote = item
        return (quote.speaker is None) + (len(quote.text.split()) < _SHOWN_MIN_WORDS), index

    chosen = sorted(enumerate(quotes), key=rank)[:n]
    return [quote for _, quote in sorted(chosen, key=lambda item: item[0])]
