"""HTML -> Article: main text and metadata with trafilatura, and recognising pages that are not articles.

Options measured on the article-extraction benchmark (``python -m bench.extraction``): leaving comments out
and ``favor_precision`` beat trafilatura's defaults; ``favor_recall``, dropping tables and ``deduplicate``
scored lower. trafilatura's ``fast`` mode (no comparison with readability/justext) gives the same text on
most pages in half the time, but next to nothing on a few; so the fast pass runs first and the full cascade
only when it found less than a short article (on the dev pages: F1 0.963 -> 0.970, 22 -> 11 ms a page).
The page is parsed once: metadata and both passes read the same tree.

Junk is refused rather than summarised: paywall teasers, cookie/consent walls, "enable JavaScript" shells and
pages with almost no text raise `Paywall` / `ConsentWall` / `NotArticle` with a message saying what to do
instead. The signals are phrase patterns *and* a short extracted text together, so a long article that merely
mentions cookies or subscriptions is never refused; where a long text still looks cut off, Article.warnings
says so.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from copy import copy
from typing import Any

import trafilatura
from lxml import etree  # type: ignore[import-untyped]
from lxml.html import (  # type: ignore[import-untyped]
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.settings import MANUALLY_CLEANED, Document, Extractor

from bot.briefing.charset import decode_body
from bot.briefing.errors import ConsentWall, NotArticle, Paywall
from bot.briefing.metadata import Metadata, read_metadata
from bot.briefing.models import Article
from bot.briefing.text import STOPWORDS, detect_language

log = logging.getLogger(__name__)

# An lxml HtmlElement; lxml ships no type stubs.
Tree = Any

TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "python",
    "comments": False,
    "precision": True,
    "tables": True,
    "images": False,
    "links": False,
    "dedup": False,
}
# bare_extraction builds its Extractor from its configuration file on every call (50 µs) unless it is handed
# one in `options`: built once here, and copied for each page with the page's URL.
_FAST_OPTIONS = Extractor(fast=True, **TRAFILATURA_OPTIONS)
_FULL_OPTIONS = Extractor(**TRAFILATURA_OPTIONS)

# Below this much text a page holds no article (counted in non-space characters so CJK pages are fair).
MIN_TEXT_CHARS = 80
# Junk signals only refuse a page whose extracted text is shorter than these (in the same units).
TEASER_CHARS = 1500
SHELL_CHARS = 600

WARN_OFF_TOPIC = "The text found on this page may not be its article: it never mentions the headline's words."
WARN_PARTIAL = "This page may show only part of the article (it looks cut off or behind a paywall)."
WARN_LEAD = (
    "The text found on this page may lack the article's opening: what came first was about something other "
    "than the headline and description, and is left out."
)

_PAYWALL = re.compile(
    r"subscribe (?:now |today )?to (?:continue|keep) reading"
    r"|subscribe (?:now |today )?to (?:read|unlock|access)"
    r"|(?:already|are you) a (?:subscriber|member)\?"
    r"|to (?:continue|keep) reading,? (?:please )?(?:subscribe|sign in|log in|register|become)"
    r"|(?:this|the) (?:article|story|content|piece) is (?:only )?(?:available|reserved|exclusive)"
    r" (?:to|for) (?:subscribers|members|premium|paying)"
    r"|for (?:subscribers|members) only|subscribers only|subscriber[- ]exclusive"
    r"|you(?:'ve| have) (?:reached|used) (?:your|all of your) (?:\w+ )?(?:free )?(?:articles?|stor(?:y|ies))"
    r"|(?:sign|log) in (?:or (?:subscribe|register) )?to (?:continue|read|keep reading)"
    r"|create a free account to (?:continue|read)|unlock (?:this|the full|full) (?:article|story)"
    r"|start your (?:free )?(?:trial|subscription) to (?:continue|read)",
    re.IGNORECASE,
)
# Every alternative of _PAYWALL holds one of these phrases: a text without any of them cannot match, and
# looking for them costs a tenth of running the pattern over a whole article. They are as long as the
# pattern allows, so that common words ("members", "reading", "used") do not set the pattern off.
_PAYWALL_WORDS = (
    "subscri", "member?", "members only", "to members", "for members", "to premium", "for premium",
    "to paying", "for paying", "continue reading", "keep reading", "you've reached", "you have reached",
    "you've used", "you have used", "sign in", "log in", "free account", "unlock", "start your",
)  # fmt: skip
# The most characters before the first of those phrases in a match: "this content is only available for
# subscribers" (35).
_PAYWALL_LEAD = 35
_COOKIE = re.compile(
    r"\bcookies?\b|\bconsent\b|accept all|reject all|manage (?:your )?(?:preferences|options|choices)"
    r"|privacy (?:policy|settings|choices)|our partners|legitimate interest|personali[sz]ed (?:ads|content)"
    r"|\bwe use\b|\bwe and\b|storage and access|\bvendors?\b",
    re.IGNORECASE,
)
_COOKIE_WALL_HTML = re.compile(
    r"(?:accept|agree to|allow) (?:all )?cookies|cookie (?:consent|wall|banner|settings)"
    r"|consent[-_ ](?:wall|manager)"
    r"|we use cookies|this site uses cookies|we value your privacy|manage (?:cookie )?preferences",
    re.IGNORECASE,
)
# Every alternative of _COOKIE_WALL_HTML holds one of these words, at most this far after its start ("this
# site uses cookies").
_COOKIE_WALL_WORDS = ("cookie", "consent", "privacy", "preferences")
_COOKIE_WALL_LEAD = 15
_JS_SHELL = re.compile(
    r"(?:enable|turn on|activate|switch on) javascript"
    r"|javascript (?:is )?(?:required|disabled|is not enabled|must be)"
    r"|requires javascript|without javascript|your browser does not support javascript"
    r"|you need to enable javascript|doesn'?t work properly without javascript",
    re.IGNORECASE,
)
# Every alternative of _JS_SHELL says "javascript", at most this far after its start ("your browser does not
# support javascript", "doesn't work properly without javascript").
_JS_SHELL_WORDS = ("javascript",)
_JS_SHELL_LEAD = 30
_NOT_FREE = re.compile(r"""["']isAccessibleForFree["']\s*:\s*["']?false""", re.IGNORECASE)
# schema.org names are case-sensitive: the property is looked for as spelt, which str.find does 15 times
# faster than the pattern's IGNORECASE search of a whole page.
_NOT_FREE_KEY = "isAccessibleForFree"
_TRAILING_CUT = re.compile(
    r"(?:…|\.\.\.|\[\.\.\.\])\s*$"
    r"|^(?:read|continue reading|see) (?:more|the (?:full|rest of the) (?:article|story))\W*$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(?:tags?|topics|comments?|share(?: this(?: article| story)?)?|related(?: articles| stories| posts)?"
    r"|you may (?:also|be interested in)(?: like)?|more (?:from|on) .{1,40}"
    r"|advertisement|sponsored|read more|continue reading)\W*$",
    re.IGNORECASE,
)
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*""", re.IGNORECASE
)


def _size(text: str) -> int:
    """Text amount in non-space characters."""
    # str.split() and str.isspace() agree on what whitespace is; this runs in C, not per character.
    return len("".join(text.split()))


def _matches_near(
    pattern: re.Pattern[str], text: str, folded: str, anchors: tuple[str, ...], lead: int
) -> bool:
    """Tell whether an IGNORECASE pattern matches text, trying it only just before its anchor words.

    Every match of ``pattern`` holds one of ``anchors`` (casefolded), starting at most ``lead`` characters
    after the match does; ``folded`` is ``text.casefold()``. Tried at every character, such a pattern costs
    milliseconds on a long text or a page; tried only where an anchor allows a match to start, microseconds.
    """
    if len(folded) != len(text) or "ı" in text:
        # Folding changed lengths ("ß" is "ss", "İ" two characters), so the anchors' places in the folded
        # text are not the text's; or it hides one ("ı", which IGNORECASE takes for "i"): search it all.
        return pattern.search(text) is not None
    places: list[int] = []
    for anchor in anchors:
        places.extend(_places(folded, anchor))
        if len(places) * lead > len(text):  # anchors all over a (hostile) text: one search costs less
            return pattern.search(text) is not None
    tried = 0  # the starts below this one are tried already
    for at in sorted(places):
        for start in range(max(tried, at - lead), at + 1):
            if pattern.match(text, start):
                return True
        tried = at + 1
    return False


def _places(text: str, word: str) -> Iterator[int]:
    """Yield where word starts in text, overlaps included."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _paywall_in(text: str, folded: str | None = None) -> bool:
    """Tell whether a text holds a paywall phrase (``folded``: the text casefolded, when already at hand)."""
    folded = text.casefold() if folded is None else folded  # what IGNORECASE matches, folded ("ſ" is "s")
    return any(word in folded for word in _PAYWALL_WORDS) and _matches_near(
        _PAYWALL, text, folded, _PAYWALL_WORDS, _PAYWALL_LEAD
    )


def _paragraphs(raw: str) -> list[str]:
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return [line for line in lines if line]


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


# Reprint and rights notices that some sites print above or below every article: never article text.
_NOTICE = re.compile(
    r"^(?:this copy is for your personal,? non-?commercial use|to order presentation-ready copies"
    r"|distribution and use of this material (?:is|are) governed|copyright\s*(?:©|\(c\))?\s*\d{4}\b"
    r"|all rights reserved\W*$)",
    re.IGNORECASE,
)
_NOTICE_CHARS = 400
# "by Jeff Foust Monday, November 18, 2019 ": a byline and date glued to the first paragraph.
_GLUED_BYLINE = re.compile(r"^by\s+[^.!?]{2,80}?\b(?:19|20)\d\d\b[,.]?\s+(?=[A-Z0-9“\"])", re.IGNORECASE)


def _unglue_head(paragraph: str, title: str) -> str:
    """Cut a headline (and byline) glued to the start of the first paragraph by the page's layout."""
    rest = paragraph.lstrip("|•·-–—*# ")
    if len(rest) <= len(title) + 40 or rest[: len(title)].casefold() != title.casefold():
        return paragraph
    rest = rest[len(title) :].lstrip(" |•·-–—:")
    rest = _GLUED_BYLINE.sub("", rest, count=1)
    return rest if rest[:1].isupper() or rest[:1].isdigit() else paragraph


_PROMO_CHARS = 300
_PROMO = re.compile(
    r"\b(?:sign up|subscribe|newsletter|delivered (?:to|through)|click here|tell us what you think"
    r"|all rights reserved|follow us)\b|copyright|©",
    re.IGNORECASE,
)


def _tidy(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop a repeated headline at the top, notices and trailing furniture ("Tags", "You may also like…")."""
    paras = [p for p in paragraphs if not (len(p) <= _NOTICE_CHARS and _NOTICE.match(p))]
    if title and paras:
        paras[0] = _unglue_head(paras[0], title)
    if title and len(paras) > 1:
        head, folded_title = _fold(paras[0]), _fold(title)
        if head and (head == folded_title or (len(head) >= 20 and folded_title.startswith(head))):
            paras.pop(0)
    for index in range(max(1, len(paras) - 3), len(paras)):
        if _FURNITURE.match(paras[index]):
            del paras[index:]
            break
    # Short promotional lines at the very end (newsletter sign-ups, subscriptions, copyright), not the story.
    while len(paras) > 3 and len(paras[-1]) <= _PROMO_CHARS and _PROMO.search(paras[-1]):
        paras.pop()
    # A sponsor's blurb above the story ("Start your day with … Sign up for the newsletter"): at the top one
    # promotional word may be the news itself ("subscribe"), so it takes two different ones.
    if len(paras) > 3 and len(paras[0]) <= _PROMO_CHARS and _promo_words(paras[0]) >= 2:
        paras.pop(0)
    return paras


def _promo_words(paragraph: str) -> int:
    """Count the different promotional words and phrases in a paragraph."""
    return len({m.group(0).casefold() for m in _PROMO.finditer(paragraph)})


_HEADINGS = frozenset(["h2", "h3", "h4", "h5", "h6"])
_STANDFIRST_ATTR = re.compile(r"standfirst|sub-?head|sub-?line|strap-?line|\bdeck?\b|summary|excerpt", re.I)
_NO_TEXT_TAGS = frozenset(["script", "style", "title", "noscript", "template"])
_HEAD_CHARS = 40  # how much of a paragraph's opening tells which element holds it
_MIN_HEAD_CHARS = 15


def _is_standfirst(tree: Tree, paragraph: str, description: str | None) -> bool:
    """Tell whether a first paragraph is the page's standfirst, not the article's opening.

    A standfirst restates the page's description under the headline in a subheading or a "dek"; the same
    words in a plain paragraph are the article's own first paragraph (many sites describe a page by it).
    """
    if not description or _fold(paragraph) != _fold(description):
        return False
    head = " ".join(paragraph.split())[:_HEAD_CHARS]
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NO_TEXT_TAGS:
            continue
        own = " ".join((element.text or "").split())[:_HEAD_CHARS]
        if len(own) < min(_MIN_HEAD_CHARS, len(head)) or not head.startswith(own):
            continue
        # The first element that shows the words decides (a subheading's text may sit in a <span>).
        parent = element.getparent()
        for node in (element, parent) if parent is not None else (element,):
            attrs = " ".join(filter(None, (node.get("class"), node.get("id"))))
            if node.tag in _HEADINGS or _STANDFIRST_ATTR.search(attrs):
                return True
        return False
    return False


def _drop_standfirst(tree: Tree, paragraphs: list[str], description: str | None) -> list[str]:
    """Drop the standfirst from the top of the text (first, or second after the headline)."""
    for index in range(min(2, len(paragraphs) - 1)):
        if _is_standfirst(tree, paragraphs[index], description):
            return paragraphs[:index] + paragraphs[index + 1 :]
    return paragraphs


def _absolute_http(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
        return url
    return None


def _language(doc_language: str | None, html: str) -> str | None:
    if doc_language:
        return doc_language.split("-")[0].lower()
    match = _HTML_LANG.search(html[:5000])
    return match.group(1).lower() if match else None


def _cookie_share(text: str) -> float:
    """Share of the text's paragraphs (by size) that talk about cookies and consent."""
    total = cookie = 0
    for para in text.split("\n\n"):
        size = _size(para)
        total += size
        if len(_COOKIE.findall(para)) >= 2 or (_COOKIE.search(para) and size < 200):
            cookie += size
    return cookie / total if total else 0.0


def _refuse_junk(text: str, html: str) -> None:
    """Raise Paywall, ConsentWall or NotArticle for a teaser, a consent wall or a JavaScript shell."""
    size = _size(text)
    shell = size < SHELL_CHARS
    folded_html = html.casefold() if shell else ""  # the markup is searched for the shortest texts only
    if size < TEASER_CHARS and (_paywall_in(text) or (shell and _paywall_in(html, folded_html))):
        raise Paywall("This page looks like a paywall (only a teaser is visible).")
    if (shell and _cookie_share(text) >= 0.5) or (
        size < MIN_TEXT_CHARS
        and _matches_near(_COOKIE_WALL_HTML, html, folded_html, _COOKIE_WALL_WORDS, _COOKIE_WALL_LEAD)
    ):
        raise ConsentWall("This page only shows a cookie/consent notice to briefbot, not the article.")
    if shell and _matches_near(_JS_SHELL, html, folded_html, _JS_SHELL_WORDS, _JS_SHELL_LEAD):
        raise NotArticle(
            "This page needs JavaScript to show its content, which briefbot doesn't run; "
            "paste the text instead."
        )
    if size < MIN_TEXT_CHARS:
        raise NotArticle("briefbot couldn't find an article on that page; paste the text instead.")


_TOPIC_WORD = re.compile(r"[^\W\d_]{4,}")
_TOPIC_MIN_WORDS = 4


def _topic_warnings(text: str, title: str | None) -> tuple[str, ...]:
    """Warn when the text shares no word with a descriptive headline: the page's main text looks wrong.

    On the dev pages the least related article still shares a quarter of its headline's words; a sidebar or
    another story extracted in the article's place shares none.
    """
    if not title:
        return ()
    wanted = {w.casefold()[:5] for w in _TOPIC_WORD.findall(title)}
    if len(wanted) < _TOPIC_MIN_WORDS:
        return ()
    # The headline's words mostly come early in the text: stop at the first one.
    found = any(m.group(0).casefold()[:5] in wanted for m in _TOPIC_WORD.finditer(text))
    return () if found else (WARN_OFF_TOPIC,)


_LEAD_WORDS = 12  # a paragraph this long can lead a story; shorter lines (datelines, labels) are skipped
_LEAD_DESCRIPTION_WORDS = 8  # a description shorter than this says too little to judge a text's opening by
_LEAD_SHARE = 0.03  # an opening sharing at most this share of its words with headline and description is off
_LEAD_ON_TOPIC = 3  # a paragraph sharing this many words with them is the article's
_LEAD_LOOKAHEAD = 4  # the article's own paragraphs follow a sidebar closely


_ANY_STOPWORD = frozenset().union(*STOPWORDS.values())


def _topic_words(text: str) -> set[str]:
    """The text's content words (4+ letters, no function word of any language), cut to 5 letters."""
    return {w[:5] for w in (m.casefold() for m in _TOPIC_WORD.findall(text)) if w not in _ANY_STOPWORD}


def _off_topic_lead(paragraphs: list[str], title: str | None, description: str | None) -> int:
    """Count the paragraphs before the article where the text opens with a sidebar or another story's teaser.

    The page's own headline and description say what its article is about: an opening paragraph that shares
    (next to) none of their words, followed closely by one that shares several, is not the article's
    opening. On the dev pages (AEB and Readability, 218) no real opening is taken for one; paragraphs of
    other pages put in front of a page's article are found 6 times in 10 (the rest share words by chance).
    """
    wanted = _topic_words(description or "")
    if len(wanted) < _LEAD_DESCRIPTION_WORDS:
        return 0
    wanted |= _topic_words(title or "")
    off_topic = False
    for index, paragraph in enumerate(paragraphs[: _LEAD_LOOKAHEAD + 1]):
        words = _topic_words(paragraph)
        shared = len(words & wanted)
        if shared >= _LEAD_ON_TOPIC:
            return index if off_topic else 0
        if len(paragraph.split()) >= _LEAD_WORDS:
            if shared > _LEAD_SHARE * len(words):
                return 0  # a long paragraph near the topic: the article's own opening
            off_topic = True
    return 0


def _not_free(html: str) -> bool:
    """Tell whether a page's structured data says its article is not free to read."""
    start = html.find(_NOT_FREE_KEY, 1)
    while start > 0:
        if _NOT_FREE.match(html, start - 1):
            return True
        start = html.find(_NOT_FREE_KEY, start + 1)
    return False


def _partial_warnings(paragraphs: list[str], html: str) -> tuple[str, ...]:
    text = "\n\n".join(paragraphs)
    last = paragraphs[-1] if paragraphs else ""
    # A teaser ends in "…" or "Read more"; a long text ending so is usually a quote or a closing flourish.
    short = _size(text) < 2 * TEASER_CHARS
    cut = short and bool(_TRAILING_CUT.search(last))
    # The markup scan is the costly test (a whole page), so it runs last and only for short texts.
    teaser = _paywall_in(text) or (short and _not_free(html))
    return (WARN_PARTIAL,) if cut or teaser else ()


_LXML_LOCK = threading.Lock()

# trafilatura's parser (trafilatura.utils.HTML_PARSER: same options), making every element an HtmlElement in
# C. lxml.html's own parser picks the class of each element through a Python callback, every time Python
# touches an element (trafilatura's searches, the metadata and junk checks): a twentieth of a briefing's
# time. Only form controls lose their classes (FormElement, InputElement...), whose API nothing here uses.
_HTML_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
_HTML_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)

# Characters XML forbids, which libxml2 chokes on: C0 controls but tab and line ends (U+FFFE and U+FFFF are
# dropped from the text beside).
_XML_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))
_NON_CHARACTERS = ("\ufffe", "\uffff")
# A doctype with a "/" on the first line breaks libxml2 (https://bugs.launchpad.net/lxml/+bug/1955915).
_SLASHED_DOCTYPE = re.compile("^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
_SELF_CLOSED_HTML = re.compile(r"(<html.*?)\s*/>", re.IGNORECASE)


def _parse(page: str) -> Tree | None:
    """Parse a page as trafilatura's load_html does (same parser options, same repairs), in a third less time.

    load_html removes the characters XML forbids with a regular expression over the whole page, which cost
    half of the parse; deleting their bytes from the UTF-8 that libxml2 reads anyway costs a tenth of it.
    """
    beginning = page[:50].lower()
    if "doctype" in beginning:
        first, newline, rest = page.partition("\n")
        page = _SLASHED_DOCTYPE.sub("", first, count=1) + newline + rest
    for line in page[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            page = _SELF_CLOSED_HTML.sub(r"\1>", page, count=1)
            break
    if any(mark in page for mark in _NON_CHARACTERS):
        page = page.replace(_NON_CHARACTERS[0], "").replace(_NON_CHARACTERS[1], "")
    data = page.encode("utf-8", "surrogatepass").translate(None, _XML_CONTROLS)
    try:
        tree = fromstring(data, parser=_HTML_PARSER)
    except (etree.LxmlError, ValueError) as exc:  # an empty or unreadable document
        log.debug("page not parsed: %s", exc)
        return None
    # Not HTML at all (no <html> near the start and a single element): trafilatura's own rejection test.
    if "html" not in beginning and len(tree) < 2:
        return None
    return tree


# Elements trafilatura's tree cleaning deletes from every page anyway (with their subtrees, keeping the tail
# text), less those it handles otherwise: a form or a figure may turn into a div, math is salvaged, and a
# <link> may wrap text on broken pages. Deleting them before trafilatura copies and searches the tree gives
# the same text on every dev page in a sixth less time.
_PRUNED_TAGS = tuple(tag for tag in MANUALLY_CLEANED if tag not in ("form", "figure", "math", "link", "head"))
# trafilatura reads a page's JSON-LD for one thing only, to tell a forum thread (schema.org
# DiscussionForumPosting), whose comments are its content.
_FORUM_TYPE = "DiscussionForumPosting"


def _prune(tree: Tree) -> None:
    """Delete in place what trafilatura would delete first (head, scripts, styles, svg, nav, ...).

    lxml deletes them in C (keeping their tails, as trafilatura's delete_element does). A forum thread's
    JSON-LD is renamed meanwhile so that it stays, and so does the head that may hold it.
    """
    kept = [
        script
        for script in tree.iter("script")
        if script.get("type") == "application/ld+json" and _FORUM_TYPE in (script.text or "")
    ]
    for script in kept:
        script.tag = "briefbot-json-ld"
    # Without a body the head stays as well: readability, in trafilatura's full cascade, then reads the page.
    tags = _PRUNED_TAGS if kept or tree.find("body") is None else (*_PRUNED_TAGS, "head")
    etree.strip_elements(tree, *tags, with_tail=False)
    for script in kept:
        script.tag = "script"


def _options(template: Extractor, url: str | None) -> Extractor:
    """Copy a set of trafilatura options for one page."""
    options = copy(template)
    options.url = options.source = url
    return options


def _main_text(tree: Tree, url: str | None) -> str:
    """Extract the main text: trafilatura's fast pass, and its full cascade when that finds almost nothing."""
    fast = trafilatura.bare_extraction(tree, options=_options(_FAST_OPTIONS, url))
    text = (fast.text or "") if isinstance(fast, Document) else ""
    if _size(text) >= SHELL_CHARS:
        return text
    full = trafilatura.bare_extraction(tree, options=_options(_FULL_OPTIONS, url))
    return (full.text or "") if isinstance(full, Document) else text


def extract_article(html: str | bytes, *, url: str | None = None) -> Article:
    """Extract an HTML page's main text and metadata (CPU-bound, no network); refuse pages with no article."""
    page = decode_body(html, None, html=True) if isinstance(html, bytes) else html
    if not page.strip():
        raise NotArticle("That page is empty.")
    # trafilatura/lxml crash the process now and then when threads extract at once (adbar/trafilatura#840,
    # #925): one extraction at a time per process. The bot extracts in single-threaded worker processes
    # (bot.briefing.workers), where this lock is never contended; it guards the CLI's threads.
    with _LXML_LOCK:
        # Metadata first, from the whole parsed tree; then the text, from the tree pruned of what
        # trafilatura drops anyway.
        tree = _parse(page)
        meta = read_metadata(tree, url) if tree is not None else Metadata()
        if tree is not None:
            _prune(tree)
        body = _main_text(tree, url or meta.url) if tree is not None else ""
        raw = _paragraphs(body)
        if tree is not None:
            raw = _drop_standfirst(tree, raw, meta.description)
        del tree  # lxml documents are freed under the lock too
    paragraphs = _tidy(raw, meta.title)
    # An opening about something else (a sidebar, another story's teaser) never leads the briefing.
    off_topic = _off_topic_lead(paragraphs, meta.title, meta.description)
    text = "\n\n".join(paragraphs[off_topic:])
    _refuse_junk(text, page)
    warnings = _partial_warnings(raw, page) + _topic_warnings(text, meta.title)
    if off_topic:
        warnings += (WARN_LEAD,)
    if warnings:
        log.debug("extracted %s with warnings %s", url, warnings)
    return Article(
        text=text,
        title=meta.title,
        url=_absolute_http(meta.url) or url,
        site_name=meta.site_name,
        author=meta.author,
        published=meta.published,
        # The text's own words decide; a page's lang attribute is often a site default ("en" on German).
        language=detect_language(text) or _language(meta.language, page),
        image=_absolute_http(meta.image),
        warnings=warnings,
    )
