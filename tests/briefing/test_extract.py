"""HTML -> Article on hand-written fictional pages: metadata, paragraphs, and refusing junk pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.briefing import extract
from bot.briefing.errors import ConsentWall, NotArticle, Paywall
from bot.briefing.extract import (
    _FAST_OPTIONS,
    WARN_LEAD,
    WARN_OFF_TOPIC,
    WARN_PARTIAL,
    _options,
    _parse,
    _prune,
    extract_article,
)

PAGES = Path(__file__).parent / "pages"


def read(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_article_text_and_metadata() -> None:
    """The main text comes without navigation or footer, and the metadata is filled in."""
    article = extract_article(read("article.html"), url="https://gazette.example/share?id=1")
    assert article.title == "Harbour town votes to rebuild its tidal mill"
    assert article.site_name == "The Lowmoor Gazette"
    assert article.author == "Mirela Okonkwo-Hart"
    assert article.published == "2024-04-17"
    assert article.language == "en"
    assert article.image == "https://gazette.example/images/tidal-mill.jpg"
    assert article.url == "https://gazette.example/news/2024/tidal-mill-vote"  # canonical beats the given URL
    assert article.warnings == ()
    assert article.text.startswith("Residents of Lowmoor voted on Tuesday")
    assert "said Tobias Wrenfield" in article.text
    for furniture in ("Most read", "Ferry timetable", "All rights reserved", "Weather"):
        assert furniture not in article.text


def test_paragraphs_are_separated_by_blank_lines() -> None:
    """Each paragraph of the page is one block, separated from the next by a blank line."""
    article = extract_article(read("article.html"))
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 5
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)
    assert paragraphs[-1].startswith("The council will now appoint a contractor.")


def test_given_url_used_without_canonical() -> None:
    """Without a canonical link the URL passed in is kept."""
    article = extract_article(read("bakery_article.html"), url="https://post.example/bakery")
    assert article.url == "https://post.example/bakery"
    assert article.site_name == "Marrowgate Post"


def test_bytes_decoded_by_meta_charset() -> None:
    """Bytes are decoded by the page's <meta> charset (windows-1252) and the language read from <html>."""
    article = extract_article(read("cp1252_article.html"))
    assert article.title == "Le café du port rouvre"
    assert "« Nous avons gardé le vieux comptoir en chêne »" in article.text
    assert article.language == "fr"


def test_str_and_bytes_give_the_same_article() -> None:
    """A str page and its UTF-8 bytes extract identically."""
    raw = read("article.html")
    assert extract_article(raw) == extract_article(raw.decode("utf-8"))


def test_cookie_wall_is_not_an_article() -> None:
    """A page that only shows a consent notice is refused with a cookie-wall message and the ways round."""
    with pytest.raises(ConsentWall, match="cookie") as caught:
        extract_article(read("cookie_wall.html"))
    assert caught.value.kind == "consent_wall"
    assert "paste" in caught.value.user_message
    assert caught.value.archive_url is None  # no link known here: nothing archived to offer


def test_paywall_teaser_is_refused() -> None:
    """A subscriber-only teaser raises Paywall telling the user to paste the text."""
    with pytest.raises(Paywall, match="paywall") as caught:
        extract_article(read("paywall.html"))
    assert caught.value.kind == "paywall"
    assert "paste" in caught.value.user_message


def test_javascript_shell_is_refused() -> None:
    """An app shell that needs JavaScript to render is refused with a JavaScript message."""
    with pytest.raises(NotArticle, match="JavaScript"):
        extract_article(read("js_shell.html"))


def test_truncated_teaser_with_enough_text_warns() -> None:
    """A long-enough text that looks cut off is kept with a partial warning, minus "Continue reading"."""
    article = extract_article(read("teaser_cut.html"))
    assert article.warnings == (WARN_PARTIAL,)
    assert article.text.startswith("Every morning at a quarter past five")
    assert "Continue reading" not in article.text


def test_article_about_cookies_and_subscriptions_is_kept() -> None:
    """Junk detection needs junk signals and little text: a story that mentions cookies passes."""
    article = extract_article(read("bakery_article.html"))
    assert "cookie subscription boxes" in article.text
    assert article.warnings == ()


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><p>Hello.</p></body></html>",
    ],
)
def test_pages_without_text_are_not_articles(html: str) -> None:
    """Empty pages and pages with almost no text raise NotArticle."""
    with pytest.raises(NotArticle):
        extract_article(html)


def test_repeated_headline_is_dropped_from_text() -> None:
    """A headline repeated as the first paragraph is not part of the text (it is the title)."""
    body = " ".join(["The quarry at Elmsby will close in June after forty years of work."] * 4)
    html = (
        "<html><head><title>Elmsby quarry to close</title></head><body><article>"
        "<p>Elmsby quarry to close</p>"
        f"<p>{body}</p><p>{body}</p></article></body></html>"
    )
    article = extract_article(html)
    assert article.title == "Elmsby quarry to close"
    assert article.text.startswith("The quarry at Elmsby")


LONG_BODY = "".join(
    f"<p>The Dunmore harbour council met on day {i} to discuss the ferry timetable and the pier repairs.</p>"
    for i in range(12)
)


def test_reprint_notice_is_not_article_text() -> None:
    """A "personal, non-commercial use" notice above the article is dropped from the text."""
    html = (
        "<html><head><title>Dunmore ferry timetable changes</title></head><body><article>"
        "<p>This copy is for your personal, non-commercial use only.</p>"
        + LONG_BODY
        + "</article></body></html>"
    )
    article = extract_article(html)
    assert "non-commercial" not in article.text
    assert article.text.startswith("The Dunmore harbour council met")


def test_headline_and_byline_glued_to_the_first_paragraph_are_cut() -> None:
    """A headline and dated byline run into the first paragraph by the layout are cut off it."""
    html = (
        "<html><head><title>Seeking a bigger pier for a busy ferry</title></head><body><article>"
        "<p>| | Seeking a bigger pier for a busy ferry by Mara Lind Monday, November 18, 2024 Earlier this "
        "month the Dunmore council approved the plans for a longer pier at the north quay.</p>"
        + LONG_BODY
        + "</article></body></html>"
    )
    article = extract_article(html)
    assert article.text.startswith("Earlier this month the Dunmore council approved the plans")


def test_text_that_never_mentions_the_headline_is_flagged() -> None:
    """When the text shares no word with a descriptive headline, the briefing says the text may be wrong."""
    html = (
        "<html><head><title>Volcanic eruption forces evacuation of Icelandic fishing villages</title></head>"
        "<body><article>" + LONG_BODY + "</article></body></html>"
    )
    assert WARN_OFF_TOPIC in extract_article(html).warnings
    on_topic = html.replace("Volcanic eruption forces", "Harbour council delays")
    assert WARN_OFF_TOPIC not in extract_article(on_topic).warnings


def test_trailing_promotions_are_not_article_text() -> None:
    """Short sign-up and copyright lines at the end of a story are dropped; the story's last words stay."""
    html = (
        "<html><head><title>Dunmore harbour talks</title></head><body><article>"
        f"{LONG_BODY}<p>The council will vote on the plan in March.</p>"
        "<p>Sign up for the Dunmore Daily newsletter to get the news every morning.</p>"
        "<p>Copyright 2024 Dunmore Courier. All rights reserved.</p>"
        "</article></body></html>"
    )
    text = extract_article(html).text
    assert text.endswith("The council will vote on the plan in March.")
    assert "newsletter" not in text


def test_a_long_closing_paragraph_that_mentions_a_newsletter_stays() -> None:
    """A closing paragraph of real length stays even when it names a newsletter."""
    closing = (
        "The council said residents who want updates on the pier repairs can sign up for its newsletter, "
        "which will carry the timetable, the cost of the works, the names of the contractors and the dates "
        "on which each part of the harbour closes, so that fishermen and ferry passengers can plan their "
        "trips around the works for the whole of the next two years."
    )
    html = (
        "<html><head><title>Dunmore harbour talks</title></head><body><article>"
        f"{LONG_BODY}<p>{closing}</p></article></body></html>"
    )
    assert extract_article(html).text.endswith("the whole of the next two years.")


@pytest.mark.parametrize(
    "phrase",
    [
        "Subscribe now to continue reading",
        "Already a member?",
        "To keep reading, please register",
        "This story is only available to members",
        "The article is reserved for premium readers",
        "For members only",
        "You've reached your free articles for this month",
        "You have used all of your free stories",
        "Log in or register to read",
        "Create a free account to continue",
        "Unlock the full story",
        "Start your free trial to read",
    ],
)
def test_every_paywall_phrase_passes_the_cheap_word_check(phrase: str) -> None:
    """The word check before the paywall pattern lets every kind of paywall phrase through, in any case."""
    from bot.briefing.extract import _paywall_in

    assert _paywall_in(f"Some teaser text. {phrase}.")
    assert _paywall_in(phrase.upper())
    assert not _paywall_in("Members of the council kept reading the report they used.")


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "plain words, no markup",
        "<p>one block alone</p>",
        "<p>a</p><p>b</p>",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/x.dtd">\n'
        "<html><body><p>x\x01y\ufffe\x0bz</p></body></html>",
        "<html/>\n<body><p>self-closed html</p></body>",
        "\x00\x00<html><p>nul bytes first</p></html>",
        '<html><head><meta charset="iso-8859-1"></head><body><p>café</p></body></html>',
    ],
)
def test_page_parses_as_trafilatura_loads_it(page: str) -> None:
    """The page parser gives trafilatura's load_html tree (or None) on odd and broken pages."""
    from lxml import etree
    from trafilatura.utils import load_html

    from bot.briefing.extract import _parse

    ours, theirs = _parse(page), load_html(page)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")


def test_a_sponsor_blurb_above_the_story_is_not_article_text() -> None:
    """A short blurb with two promotional phrases above the story is dropped; the story's first words stay."""
    html = (
        "<html><head><title>Dunmore harbour talks</title></head><body><article>"
        "<p>Start your day with the Harbour Bell. Sign up for the free daily newsletter.</p>"
        "<p>The council will vote on the pier plan in March.</p>" + LONG_BODY + "</article></body></html>"
    )
    text = extract_article(html).text
    assert text.startswith("The council will vote on the pier plan in March.")
    assert "newsletter" not in text


def test_a_first_paragraph_with_one_promotional_word_stays() -> None:
    """A first paragraph naming a newsletter once is news, not a blurb: it stays."""
    html = (
        "<html><head><title>Dunmore harbour talks</title></head><body><article>"
        "<p>The Dunmore Courier will close its printed newsletter after forty years, its owners said.</p>"
        + LONG_BODY
        + "</article></body></html>"
    )
    assert extract_article(html).text.startswith("The Dunmore Courier will close its printed newsletter")


STANDFIRST = "Ferry passengers face a year of detours while the north pier is rebuilt after the storms."


@pytest.mark.parametrize(
    "standfirst",
    [
        f'<h2 class="subhead">{STANDFIRST}</h2>',
        f'<h2><span class="x">{STANDFIRST}</span></h2>',
        f'<p class="standfirst">{STANDFIRST}</p>',
    ],
)
def test_a_standfirst_repeating_the_description_is_not_article_text(standfirst: str) -> None:
    """The page's description set under the headline (a subheading, a dek) is not the story's text."""
    html = (
        "<html><head><title>Dunmore pier to close for a year</title>"
        f'<meta property="og:description" content="{STANDFIRST}"></head><body><article>'
        f"<h1>Dunmore pier to close for a year</h1>{standfirst}"
        "<p>The Dunmore harbour council voted on Tuesday to close the north pier for a year.</p>"
        + LONG_BODY
        + "</article></body></html>"
    )
    text = extract_article(html).text
    assert STANDFIRST not in text
    assert text.startswith("The Dunmore harbour council voted on Tuesday")


def test_a_first_paragraph_that_is_also_the_description_stays() -> None:
    """Many sites describe a page by its first paragraph: as a plain paragraph it is the story's opening."""
    html = (
        "<html><head><title>Dunmore pier to close for a year</title>"
        f'<meta name="description" content="{STANDFIRST}"></head><body><article>'
        f"<h1>Dunmore pier to close for a year</h1><p>{STANDFIRST}</p>"
        + LONG_BODY
        + "</article></body></html>"
    )
    assert extract_article(html).text.startswith(STANDFIRST)


def test_a_subheading_unlike_the_description_stays() -> None:
    """A subheading that is not the page's description is left to the extractor."""
    html = (
        "<html><head><title>Dunmore pier to close for a year</title>"
        '<meta property="og:description" content="The pier closes in March."></head><body><article>'
        f'<h2 class="subhead">{STANDFIRST}</h2>' + LONG_BODY + "</article></body></html>"
    )
    from bot.briefing.extract import _is_standfirst, _parse

    tree = _parse(html)
    assert not _is_standfirst(tree, STANDFIRST, "The pier closes in March.")
    assert not _is_standfirst(tree, STANDFIRST, None)


PIER_DESCRIPTION = (
    "The Dunmore harbour council voted to build a longer north pier so that the larger island ferries can "
    "dock at low tide."
)
SIDEBAR = (
    "Night photos taken with the Lumen Seven phone come out brighter thanks to a camera mode that stacks "
    "several long exposures into one picture."
)


def _pier_page(opening: str, description: str = PIER_DESCRIPTION) -> str:
    """A fictional page whose article about the north pier comes after the given opening paragraph."""
    return (
        "<html><head><title>Dunmore council backs a longer north pier for island ferries</title>"
        f'<meta property="og:description" content="{description}"></head><body><article>'
        f"<p>{opening}</p>"
        "<p>The Dunmore harbour council voted on Tuesday to build a longer north pier for the island "
        "ferries, which cannot dock at low tide.</p>" + LONG_BODY + "</article></body></html>"
    )


def test_a_sidebar_opening_the_text_is_left_out_and_said() -> None:
    """An opening about something else than headline and description is left out, and the briefing says so."""
    article = extract_article(_pier_page(SIDEBAR))
    assert article.text.startswith("The Dunmore harbour council voted on Tuesday")
    assert "Lumen" not in article.text
    assert WARN_LEAD in article.warnings


@pytest.mark.parametrize(
    ("opening", "description"),
    [
        # A hook that shares one word with the headline: a story may open on a scene.
        (
            "Fishermen in Dunmore have waited for years, watching the tide run out under their boats each "
            "evening before they could land the catch.",
            PIER_DESCRIPTION,
        ),
        # A description too short to judge the opening by.
        (SIDEBAR, "Pier news."),
        (SIDEBAR, ""),
    ],
)
def test_an_opening_is_kept_unless_clearly_off_topic(opening: str, description: str) -> None:
    """A hook sharing a word with the headline, or a page with too short a description, keeps its opening."""
    article = extract_article(_pier_page(opening, description))
    assert article.text.startswith(opening[:40])
    assert WARN_LEAD not in article.warnings


def test_the_briefing_never_leads_with_a_sidebar() -> None:
    """A sidebar above the article never becomes the briefing's summary."""
    from bot.briefing.pipeline import brief_source
    from bot.briefing.sources import Source

    briefing = brief_source(Source("html", _pier_page(SIDEBAR)), max_chars=100_000)
    assert briefing.summary[0].startswith("The Dunmore harbour council voted on Tuesday")
    assert not any("Lumen" in line for line in (*briefing.summary, *briefing.key_points))
    assert WARN_LEAD in briefing.warnings


def test_pruning_keeps_json_ld_and_tails_and_drops_what_trafilatura_drops() -> None:
    """Scripts, styles and navigation go before trafilatura copies the page; JSON-LD and tail text stay."""
    page = (
        '<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>'
        "<style>p {}</style></head><body><p>Before <nav>Menu</nav>after the menu.</p>"
        "<script>var tracking = 1;</script><form><p>Kept form text.</p></form></body></html>"
    )
    tree = _parse(page)
    assert tree is not None
    _prune(tree)
    assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
    assert tree.find(".//style") is None
    assert tree.find(".//nav") is None
    assert tree.find(".//form") is not None
    assert tree.find(".//p").text_content() == "Before after the menu."


# Each pattern searched only near its anchor words, with its anchors and lead.
ANCHORED = {
    "paywall": (extract._PAYWALL, extract._PAYWALL_WORDS, extract._PAYWALL_LEAD),
    "cookie wall": (extract._COOKIE_WALL_HTML, extract._COOKIE_WALL_WORDS, extract._COOKIE_WALL_LEAD),
    "javascript shell": (extract._JS_SHELL, extract._JS_SHELL_WORDS, extract._JS_SHELL_LEAD),
}
# Text around a phrase: words of the phrases themselves, and characters that casefold or match unlike others.
FILLER = st.lists(
    st.sampled_from(
        ["to", "for", "reading", "sign in", "cookies", "javascript", "the", "ß", "ſ", "K", "İ", "ı", "é"]
    ),
    max_size=8,
).map(" ".join)


@pytest.mark.parametrize("name", ANCHORED)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_searching_near_the_anchor_words_finds_every_match(name: str, data: st.DataObject) -> None:
    """A pattern tried only near its anchor words matches exactly where a search of the whole text does."""
    pattern, anchors, lead = ANCHORED[name]
    phrase = data.draw(st.from_regex(pattern, fullmatch=True))
    cut = data.draw(st.integers(0, len(phrase)))  # a phrase with its start cut off may no longer match
    text = f"{data.draw(FILLER)} {phrase[cut:]} {data.draw(FILLER)}"
    found = extract._matches_near(pattern, text, text.casefold(), anchors, lead)
    assert found == (pattern.search(text) is not None)
    if not cut:
        assert found


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("paywall", "This content is only available for subscribers"),
        ("paywall", "The article is only exclusive for subscribers"),
        ("cookie wall", "This site uses cookies"),
        ("javascript shell", "Your browser does not support JavaScript"),
        ("javascript shell", "It doesn't work properly without JavaScript"),
    ],
)
def test_the_longest_lead_before_an_anchor_word_is_found(name: str, phrase: str) -> None:
    """The phrases with the most characters before their anchor word are found after other text."""
    pattern, anchors, lead = ANCHORED[name]
    text = f"Some text before it. {phrase}, and after it."
    assert extract._matches_near(pattern, text, text.casefold(), anchors, lead)


def test_paywall_check_tries_the_pattern_near_a_phrase_only() -> None:
    """A long text with the paywall's words but no phrase is cleared, one with a phrase late in it is not."""
    filler = "The council said members should sign the register in March. " * 300
    assert not extract._paywall_in(filler)
    assert extract._paywall_in(filler + "This content is only available for subscribers.")
    assert extract._paywall_in(filler.replace("March", "Straße") + "Sıgn in to continue reading.")


def test_pruning_drops_the_head_and_json_ld_of_a_page_that_is_no_forum_thread() -> None:
    """A head and an article's JSON-LD, which trafilatura never reads, go before it copies the page."""
    page = (
        '<html><head><title>Pier</title><meta name="description" content="The pier.">'
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script></head>'
        '<body><p>The pier reopened.</p><script type="application/ld+json">{"@type": "Person"}</script>'
        "Tail text.</body></html>"
    )
    tree = _parse(page)
    assert tree is not None
    _prune(tree)
    assert tree.find("head") is None
    assert tree.find(".//script") is None
    assert tree.find("body").text_content() == "The pier reopened.Tail text."


def test_pruning_keeps_the_head_of_a_page_without_a_body() -> None:
    """A page without a body keeps its head, which trafilatura's full cascade reads then."""
    tree = _parse("<html><head><title>Only a title</title></head><frameset></frameset></html>")
    assert tree is not None
    _prune(tree)
    assert tree.find("body") is None
    assert tree.find("head/title") is not None


def test_a_page_s_trafilatura_options_carry_its_url_and_leave_the_shared_ones_alone() -> None:
    """Options copied for a page carry its URL; the options built once stay as they were."""
    options = _options(_FAST_OPTIONS, "https://news.example/pier")
    assert options.url == options.source == "https://news.example/pier"
    assert options.fast
    assert _FAST_OPTIONS.url is None
    assert _FAST_OPTIONS.source is None


def test_anchor_words_all_over_a_text_still_find_exactly_the_matches() -> None:
    """A text crowded with anchor words (hostile input) gives the answer of a whole search."""
    crowded = "sign in log in unlock " * 2_000
    assert not extract._paywall_in(crowded)
    assert extract._paywall_in(crowded + "Start your free trial to continue.")
    assert extract._paywall_in("Start your free trial to continue. " + crowded)
