"""Direct quotations and who said them: pair the marks per paragraph, then find each quote's speaker.

Pure, linear-time heuristics: quotation marks are paired with a small stack per paragraph (curly marks have a
direction, straight ones pair in order, apostrophes are told apart from closing single quotes), a paragraph
whose quote never closes continues into the next one when that opens with the same mark, and the speaker comes
from a reporting verb next to the quote, resolved through the names the article gives (``people.py``).
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.briefing.models import Quote
from bot.briefing.people import (
    FEMALE,
    MALE,
    PARTICLES,
    PRONOUNS,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    REPORTING_VERBS,
    People,
    Token,
    is_capitalised,
    mention_from_run,
    runs,
    tokens,
)

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
_CONTEXT = 320  # characters of attribution context on each side of a quote
_SPACE = " \t\u00a0\u202f\u2009"
_UPPER_NEXT = r"(?=[^\W\d_a-zа-яё]|[“\"‘(«„\d])"
_BOUNDARY = re.compile(
    r"(?<![A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)"
    r"[.!?…][\"”’)\]]*\s+" + _UPPER_NEXT
)


def _set(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


_TAIL_PUNCT = re.compile(r"[\s,.;:!?—–\-]*")
_AUXILIARIES = _set(
    "has had have would will was is also later then further previously again once recently simply "
    "just a hat habe ha había were been only quickly flatly repeatedly already often famously "
    "reportedly"
)
_DETERMINERS = _set("the The a A an An der die das le la les el los las")
_NP_LOWER_MAX = 4
_STOP_AFTER = _set(
    "of in at on to for from with during when while after before as who which that according adding "
    "referring about and but by via this last early earlier late Monday"
)
_LEADING = _set("according selon según laut so")  # "so" only right after the mark: „…“, so Roe
_TRAILING = _set("zufolge")
_TIME_WORDS = _set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday today Today yesterday Yesterday tonight "
    "night morning afternoon evening on"
)
_FUNCTION_WORDS = _set("The A An This That These Those It There Here Which What Who")
_PARTICIPLES = frozenset(v for v in REPORTING_VERBS if v.endswith("ing"))
_PRONOUN_VERB = re.compile(r"(?:-t)?-(il|elle|ils|elles)$")
_TITLE_SMALL = _set(
    "a an the of and or in on at to for by with from is my our your de del la le les los las von van "
    "der und et y"
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
    attributed: str = ""  # "pre", "post", "inherit" or "" when no cue was found
    clause: tuple[int, int] | None = None  # span of the attribution clause outside the marks


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
        return not prev.isdigit() and not (prev.isalnum() and nxt.isalnum())
    if ch == "»":
        return not nxt.isspace() or prev.isspace() or prev == " "
    if ch == "”":
        return not stack and prev.isspace() and nxt.isalpha()  # Swedish and Finnish open with ”
    if ch == "‚":
        return not prev.isalnum()
    return True


# ---------------------------------------------------------------------------------------------------------
# attribution
# ---------------------------------------------------------------------------------------------------------


def _is_verb(tok: Token) -> bool:
    return tok.word in REPORTING_VERBS or tok.word.lower() in REPORTING_VERBS or bool(_pronoun_verb(tok))


def _pronoun_verb(tok: Token) -> str | None:
    m = _PRONOUN_VERB.search(tok.word)
    if m and tok.word[: m.start()].lower() in REPORTING_VERBS:
        return m.group(1)
    return None


def _np_before(toks: list[Token], v: int, text: str) -> list[Token]:
    """Collect the noun phrase that ends right before toks[v], skipping adverbs and appositions."""
    i = v - 1
    while i >= 0 and (
        toks[i].word in _TIME_WORDS
        or (
            not is_capitalised(toks[i].word) and (toks[i].word in _AUXILIARIES or toks[i].word.endswith("ly"))
        )
    ):
        i -= 1
    if i >= 0 and ")" in text[toks[i].start : toks[i + 1].start if i + 1 < len(toks) else toks[i].end + 2]:
        # "Sen. Jane Roe (D-N.Y.) said": step over the parenthesis.
        while i >= 0 and "(" not in text[toks[i].start - 1 : toks[i].end]:
            i -= 1
        i -= 1
    for j in range(i, max(0, i - 14), -1):
        if toks[j].word in ("who", "which") and "," in text[toks[j - 1].end : toks[j].start]:
            # "Jane Roe, who chairs the committee, said"
            np = _walk_back(toks, j - 1, text)
            if any(is_capitalised(t.word) for t in np):
                return np
            break
        if toks[j].word in REPORTING_VERBS:
            break
    if i >= 0 and i + 1 < len(toks) and "," in text[toks[i].end : toks[i + 1].start]:
        # "Jim Bennett, 57, told" / "Jane Roe, a writer for The Daily, said": the name comes first.
        for j in range(i - 1, max(-1, i - 16), -1):
            between = text[toks[j].end : toks[j + 1].start]
            if "," in between:
                np = _walk_back(toks, j, text)
                if any(is_capitalised(t.word) for t in np):
                    return np
                continue
            if between.strip(_SPACE + "’'s-"):
                break
        return []
    return _walk_back(toks, i, text)


def _walk_back(toks: list[Token], i: int, text: str) -> list[Token]:
    out: list[Token] = []
    lower = 0
    while i >= 0:
        tok = toks[i]
        if tok.word in PRONOUNS:
            if not out:
                out.append(tok)
            break
        if out:
            gap = text[tok.end : out[0].start]
            if gap.strip(_SPACE) and gap.strip(_SPACE) not in ("’s", "'s", "’", "'"):
                break
            if tok.closes and not is_capitalised(tok.word):
                break
        if not is_capitalised(tok.word):
            if tok.word in _DETERMINERS:
                out.insert(0, tok)
                break
            if (
                tok.word in _STOP_AFTER
                or tok.word in REPORTING_VERBS
                or tok.word in _AUXILIARIES
                or tok.word.endswith("ing")
                or lower >= _NP_LOWER_MAX
                or not tok.word.isalpha()
            ):
                break
            lower += 1
        out.insert(0, tok)
        i -= 1
    while (
        out
        and not is_capitalised(out[0].word)
        and out[0].word not in _DETERMINERS
        and lower
        and out[0].word.endswith("ly")
    ):
        out.pop(0)
    return out


def _np_after(toks: list[Token], v: int, text: str) -> list[Token]:
    """Collect the noun phrase that starts right after toks[v]."""
    out: list[Token] = []
    lower = 0
    for i in range(v + 1, min(len(toks), v + 12)):
        tok = toks[i]
        prev_end = toks[i - 1].end
        gap = text[prev_end : tok.start]
        between = gap.strip(_SPACE)
        if between and not (between == "," and not out):
            break
        if tok.word in _STOP_AFTER or (tok.word in REPORTING_VERBS and out):
            break
        if not is_capitalised(tok.word) and tok.word not in _DETERMINERS:
            lower += 1
            if lower > _NP_LOWER_MAX:
                break
        out.append(tok)
        if tok.closes:
            break
    return out


@dataclass
class _Context:
    text: str
    people: People
    quote_spans: list[tuple[int, int]]
    _lowercase_words: frozenset[str] | None = None

    @property
    def lowercase_words(self) -> frozenset[str]:
        """The words the article writes in lower case (built once, on first use)."""
        if self._lowercase_words is None:
            self._lowercase_words = frozenset(w for w in _WORD.findall(self.text) if w.islower())
        return self._lowercase_words


def _speaker_of(np: list[Token], ctx: _Context, pos: int) -> tuple[str | None, bool]:
    """Turn a noun phrase into a speaker; the flag says whether the phrase was a speaker at all."""
    speaker, found = _speaker_phrase(np, ctx, pos)
    if speaker is not None and " " not in speaker and _not_a_speaker(speaker, ctx):
        return None, found  # "Example: “…”", "Don’t say “…”": capitalised only because a sentence starts
    return speaker, found


def _speaker_phrase(np: list[Token], ctx: _Context, pos: int) -> tuple[str | None, bool]:
    if not np:
        return None, False
    text = ctx.text
    if len(np) == 1 and np[0].word in PRONOUNS:
        return _resolve_pronoun(np[0].word, ctx, pos), True
    best = None
    for run in runs(np, text):
        mention = mention_from_run(run, text)
        if mention is not None:
            best = mention
    last = np[-1]
    capitalised = [t for t in np if is_capitalised(t.word) and t.word not in _FUNCTION_WORDS]
    if best is None or (best.end < last.end and not is_capitalised(last.word)):
        if best is not None and not best.org and best.end < last.start and len(np) <= 3:
            return ctx.people.resolve(best.name, pos, best.gender), True  # "the Trump campaign"
        if not capitalised:
            return None, len(np) <= 6 and any(t.word not in _DETERMINERS for t in np)
        # "the Pentagon", "a Nevada Democrat", "Black said": the phrase as written.
        first = np[0] if np[0].word in _DETERMINERS or is_capitalised(np[0].word) else capitalised[0]
        start = first.start
        if first.word in ("The", "A", "An"):
            return text[start : last.end][0].lower() + text[start + 1 : last.end], True
        return text[start : last.end], True
    follows_the = text[max(0, best.start - 4) : best.start].lower() == "the "
    if best.org or (follows_the and not best.title):
        # A name after "the" is an institution ("the Admiralty"), never a person.
        return ("the " + best.name if follows_the else best.name), True
    return ctx.people.resolve(best.name, pos, best.gender), True


_NOT_SPEAKERS = _set("Example Examples Note Update Updated Transcript Editor Caption Source Sources Credit")


def _not_a_speaker(word: str, ctx: _Context) -> bool:
    """Tell whether a lone capitalised word is just capitalised by its sentence ("Another said")."""
    if word in _NOT_SPEAKERS or word.endswith(("’t", "'t")):
        return True
    lower = word.lower()
    return lower != word and lower in ctx.lowercase_words


def _resolve_pronoun(word: str, ctx: _Context, pos: int) -> str | None:
    if word in PRONOUNS_MALE:
        return ctx.people.last_person(pos, MALE, ctx.quote_spans)
    if word in PRONOUNS_FEMALE:
        return ctx.people.last_person(pos, FEMALE, ctx.quote_spans)
    return None


def _post_attribution(ctx: _Context, raw: _Raw, hi: int) -> tuple[str | None, tuple[int, int]] | None:
    """Find "…," X said / "…," said X / "…," according to X right after the closing mark."""
    text = ctx.text
    lo = raw.close_pos + 1
    m = _BOUNDARY.search(text, lo, hi)
    stop = m.start() + 1 if m else hi
    toks = tokens(text, lo, stop)[:14]
    if not toks:
        return None
    lead = text[lo : toks[0].start]
    if lead.strip(_SPACE + ",;:—–-―") or "\n" in lead:
        return None
    quoted = text[raw.parts[-1][0] : raw.parts[-1][1]]
    new_sentence = quoted[-1:] in ".!?…" and not lead.strip(_SPACE) and is_capitalised(toks[0].word)
    # "…” ― Jane Roe": a signature after a dash.
    if (
        lead.strip(_SPACE) in ("—", "–", "-", "―", ",—", ", —")
        and len(toks) <= 5
        and all(is_capitalised(t.word) or t.word in PARTICLES for t in toks)
    ):
        speaker, ok = _speaker_of(toks, ctx, raw.open_pos)
        if ok and speaker is not None:
            return speaker, (lo, toks[-1].end)
    for v, tok in enumerate(toks[:9]):
        if not _is_verb(tok):
            continue
        word = tok.word.lower()
        clause_end = tok.end
        if word in _LEADING or word == "according":
            if word in _LEADING and v > 0:
                break
            start = v + 1 if word != "according" else v + 2
            np = _np_after(toks, start - 1, text)
            speaker, ok = _speaker_of(np, ctx, raw.open_pos)
            return (speaker, (lo, np[-1].end if np else clause_end)) if ok else None
        pron = _pronoun_verb(tok)
        if pron:
            if v > 1:
                break
            return _resolve_pronoun(pron, ctx, raw.open_pos), (lo, tok.end)
        before = _np_before(toks, v, text)
        if (
            before
            and new_sentence
            and (before[-1].word in PRONOUNS or (v + 1 < len(toks) and toks[v + 1].word == "that"))
            and len(tokens(text, toks[v].end, stop)) > 4
        ):
            break  # '…." He also said the plan would work': a new sentence reporting something else
        if before:
            lead_toks = toks[: toks.index(before[0])]
            if lead_toks and not (
                _only_adverbs(lead_toks)
                or (
                    len(lead_toks) <= 4
                    and text[lead_toks[-1].end : before[0].start].strip(_SPACE) == ","
                    and not any(t.word in REPORTING_VERBS for t in lead_toks)
                )
            ):
                break
            speaker, ok = _speaker_of(before, ctx, raw.open_pos)
            if ok:
                return speaker, (lo, _clause_end(toks, v, text))
            break
        if v > 1 and not _only_adverbs(toks[:v]):
            break
        np = _np_after(toks, v, text)
        speaker, ok = _speaker_of(np, ctx, raw.open_pos)
        if ok:
            return speaker, (lo, np[-1].end)
        break
    return None


def _only_adverbs(toks: list[Token]) -> bool:
    return all(t.word in _AUXILIARIES or t.word.endswith("ly") for t in toks)


def _clause_end(toks: list[Token], v: int, text: str) -> int:
    end = toks[v].end
    for tok in toks[v + 1 : v + 8]:
        if text[end : tok.start].strip(_SPACE):
            break
        end = tok.end
    return end


def _sentence_start(text: str, lo: int, hi: int) -> int:
    start = lo
    for m in _BOUNDARY.finditer(text, lo, hi):
        start = m.end()
    return start


def _pre_attribution(
    ctx: _Context, raw: _Raw, lo: int, hi: int | None = None
) -> tuple[str | None, tuple[int, int]] | None:
    """Find X said, "…" / X said: "…" / according to X, "…" / X did this, saying, "…" before the quote."""
    text = ctx.text
    hi = raw.open_pos if hi is None else hi
    start = _sentence_start(text, lo, hi)
    toks = tokens(text, start, hi)
    if not toks:
        return None
    tail = text[toks[-1].end : hi]
    if tail.strip(_SPACE + ",:—–-"):
        return None
    n = len(toks)
    for v in range(n - 1, max(-1, n - 9), -1):
        tok = toks[v]
        if not _is_verb(tok):
            continue
        word = tok.word.lower()
        after = toks[v + 1 :]
        if word == "according" or word in _LEADING:
            begin = v + 2 if word == "according" else v + 1
            np = _np_after(toks, begin - 1, text)
            speaker, ok = _speaker_of(np, ctx, raw.open_pos)
            return (speaker, (tok.start, hi)) if ok else None
        pron = _pronoun_verb(tok)
        if pron:
            return _resolve_pronoun(pron, ctx, tok.start), (tok.start, hi)
        if after and not _after_verb_ok(after):
            continue
        if word in _PARTICIPLES or (v > 1 and toks[v - 1].word in ("and", "but")):
            # "X said, adding, …": the finite verb's subject; else the clause's subject.
            for f in range(v - 1, max(-1, v - 6), -1):
                if toks[f].word in REPORTING_VERBS and toks[f].word not in _PARTICIPLES:
                    speaker, ok = _speaker_of(_np_before(toks, f, text), ctx, raw.open_pos)
                    if ok:
                        return speaker, (toks[f].start, hi)
                    break
            speaker, ok = _subject(toks[:v], ctx, raw.open_pos)
            return (speaker, (tok.start, hi)) if ok else None
        before = _np_before(toks, v, text)
        if before:
            speaker, ok = _speaker_of(before, ctx, before[0].start)
            if ok:
                return speaker, (before[0].start, hi)
        np = _np_after(toks, v, text)
        speaker, ok = _speaker_of(np, ctx, raw.open_pos)
        if ok:
            return speaker, (tok.start, hi)
        return None
    if text[toks[-1].end : hi].strip(_SPACE).endswith(":"):
        speaker, ok = _subject(toks, ctx, raw.open_pos)
        if ok and speaker is not None:
            return speaker, (start, hi)
    return None


def _earlier_attribution(
    ctx: _Context, raw: _Raw, lo: int, para: int
) -> tuple[str | None, tuple[int, int]] | None:
    """Find the speaker in the sentence before: 'X put it this way:' ¶ "…" or 'Y, X said. "…"'."""
    text = ctx.text
    start = _sentence_start(text, lo, raw.open_pos)
    if text[start : raw.open_pos].strip(_SPACE):
        return None
    if start <= para:
        # The quote opens its paragraph: the previous paragraph may announce it with a colon.
        end = para - 1
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end <= 0 or text[end - 1] != ":":
            return None
        prev_start = text.rfind("\n", 0, end) + 1
        return _pre_attribution(ctx, raw, max(prev_start, end - _CONTEXT), end)
    prev = _sentence_start(text, max(lo, start - _CONTEXT), start - 1)
    toks = tokens(text, prev, start)
    for v in range(len(toks) - 1, max(-1, len(toks) - 10), -1):
        if toks[v].word in REPORTING_VERBS and not toks[v].word.endswith("ing"):
            speaker, ok = _speaker_of(_np_before(toks, v, text), ctx, raw.open_pos)
            if not ok:
                after = _np_after(toks, v, text)  # '…, said Professor Jane Roe. "…"'
                if after and after[-1] is toks[-1]:
                    speaker, ok = _speaker_of(after, ctx, raw.open_pos)
            if ok and speaker is not None:
                return speaker, (toks[v].start, toks[v].end)
            break
    return None


def _after_verb_ok(after: list[Token]) -> bool:
    """Allow "said Kellogg:", "told reporters on Monday:", "wrote in a statement," after a verb."""
    if len(after) > 8:
        return False
    return not any(t.word in REPORTING_VERBS for t in after)


def _subject(toks: list[Token], ctx: _Context, pos: int) -> tuple[str | None, bool]:
    """The subject of a clause: its first name, organisation or pronoun."""
    text = ctx.text
    for i, tok in enumerate(toks[:8]):
        if tok.word in PRONOUNS:
            return _resolve_pronoun(tok.word, ctx, tok.start), True
        if is_capitalised(tok.word):
            for run in runs(toks[i:], text):
                mention = mention_from_run(run, text)
                if mention is None:
                    break
                np = [t for t in run if mention.start <= t.start < mention.end]
                return _speaker_of(np, ctx, pos)
    return None, False


# ---------------------------------------------------------------------------------------------------------
# filters and assembly
# ---------------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def _quote_text(text: str, raw: _Raw) -> str:
    return " ".join(text[s:e] for s, e in raw.parts)


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def _keep(text: str, raw: _Raw) -> bool:
    body = _quote_text(text, raw)
    words = _WORD.findall(body)
    if not words:
        return False
    ends_speech = body.rstrip()[-1:] in ".?!,…—-:;" if body.strip() else False
    if len(words) < 4:
        return bool(raw.attributed in ("pre", "post") and ends_speech and words[0][0].isupper())
    if _is_title_case(words) and body.rstrip()[-1:] not in ".?!…":
        return False  # a title of a work, a slogan or a nickname
    if raw.attributed:
        return True
    return ends_speech and body[0].isupper() and len(words) >= 6


def _headline_end(text: str) -> int:
    """End of a leading headline line (short, no final full stop) whose quotes are not the article's."""
    m = _PARAGRAPH.search(text)
    if m is None:
        return 0
    line = m.group().rstrip()
    if len(line.split()) <= 25 and line[-1:] not in ".!?…" and "\n" in text[m.end() : m.end() + 2]:
        return m.end()
    return 0


def extract_quotes(text: str, *, people: People | None = None) -> list[Quote]:
    """Return the article's direct quotations in reading order, each with its speaker when it can be told.

    ``people`` is ``People.from_text(text)`` when the caller has it already; otherwise it is built here.
    """
    raws = _pair_marks(text)
    if not raws:
        return []
    skip_before = _headline_end(text)
    raws = [r for r in raws if r.open_pos >= skip_before]
    if people is None:
        people = People.from_text(text)
    ctx = _Context(text, people, [(r.open_pos, r.close_pos + 1) for r in raws])
    para_start = _paragraph_starts(text)
    for i, raw in enumerate(raws):
        ps = _para_of(para_start, raw.open_pos)
        pe_next = raws[i + 1].open_pos if i + 1 < len(raws) else len(text)
        nl = text.find("\n", raw.close_pos, min(pe_next, raw.close_pos + _CONTEXT))
        hi = min(pe_next, raw.close_pos + _CONTEXT) if nl < 0 else nl
        found = _post_attribution(ctx, raw, hi)
        if found is not None:
            raw.speaker, raw.clause, raw.attributed = found[0], found[1], "post"
            continue
        lo = max(ps, raws[i - 1].close_pos + 1 if i else 0, raw.open_pos - _CONTEXT)
        found = _pre_attribution(ctx, raw, lo) or _earlier_attribution(ctx, raw, lo, ps)
        if found is not None:
            raw.speaker, raw.clause, raw.attributed = found[0], found[1], "pre"
    merged = _join_split(text, raws)
    _inherit(text, merged, para_start)
    out: list[Quote] = []
    for raw in merged:
        if not _keep(text, raw):
            continue
        out.append(
            Quote(
                text=_quote_text(text, raw),
                speaker=raw.speaker,
                start=raw.parts[0][0],
                end=raw.parts[-1][1],
                parts=tuple(raw.parts) if len(raw.parts) > 1 else (),
            )
        )
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
    if a.attributed != "post" or a.clause is None or b.attributed == "post":
        return False
    gap = text[a.close_pos + 1 : b.open_pos]
    if "\n" in gap or len(gap) > 160:
        return False
    rest = text[a.clause[1] : b.open_pos]
    if not _TAIL_PUNCT.fullmatch(rest):
        return False
    return b.speaker is None or b.speaker == a.speaker


def _inherit(text: str, raws: list[_Raw], para_start: list[int]) -> None:
    """A quotation with no cue of its own continues the previous speaker's turn nearby."""
    for prev, raw in itertools.pairwise(raws):
        if raw.attributed or not prev.attributed or prev.speaker is None:
            continue
        gap = text[prev.close_pos + 1 : raw.open_pos]
        if gap.count("\n") > 2 or len(gap.strip()) > 200:
            continue
        raw.speaker, raw.attributed = prev.speaker, "inherit"


def pick_quotes(quotes: Sequence[Quote], n: int) -> list[Quote]:
    """Choose up to ``n`` quotes to show, in reading order: attributed, substantial ones before the rest."""
    if n <= 0:
        return []

    def rank(item: tuple[int, Quote]) -> tuple[int, int]:
        index, quote = item
        return (quote.speaker is None) + (len(quote.text.split()) < _SHOWN_MIN_WORDS), index

    chosen = sorted(enumerate(quotes), key=rank)[:n]
    return [quote for _, quote in sorted(chosen, key=lambda item: item[0])]
