"""From feed items and extracted pages to `Article`s: the decisions the fetch pipeline makes.

- `needs_full_text`: fetch the item's page? (auto: when the feed gives a teaser or little text)
- `entry_keys`: the identities under which the store recognises an item it already has (feed +
  GUID, canonical URL, else feed + title + date). Matching any key is the same article, so the
  same story through two feeds, or through a link with tracking parameters, or with a changed
  GUID, is one article.
- `entry_article` / `page_article`: the Article to store, with the text source and the date
  source recorded and the reason when a page's full text was not used.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from briefing.core.model import Article
from briefing.core.text import clean_line, normalise_for_hash, title_from_text
from briefing.core.urls import canonical_url
from briefing.feeds.html import word_count
from briefing.feeds.model import ExtractedPage, FeedEntry

FULL_TEXT_MODES = ("auto", "always", "never")
AUTO_MIN_WORDS = 150  # a feed item with less text than this is a teaser: fetch the page
# The page replaces the feed's text only if it has at least this share of the feed's words: an
# extraction that caught a sidebar instead of a full-text item must not replace the article.
PAGE_MIN_SHARE = 0.8
MAX_DEK_CHARS = 600

_TEASER_TAIL = re.compile(
    r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|\(more…?\)|(?:read|see) (?:the )?(?:more|rest|full "
    r"(?:story|article|post))\W*|continue reading\W*|keep reading\W*|read on\W*)\s*$",
    re.IGNORECASE,
)


def needs_full_text(entry: FeedEntry, mode: str) -> bool:
    """Whether to fetch and extract the item's page: `always`, `never`, or `auto` (the feed gives
    less than about 150 words, or a teaser). Never without a link to fetch."""
    if mode not in FULL_TEXT_MODES:
        raise ValueError(f"unknown full-text mode {mode!r} (expected auto, always or never)")
    if mode == "never" or not entry.link:
        return False
    if mode == "always":
        return True
    return entry.truncated or word_count(" ".join(entry.paragraphs)) < AUTO_MIN_WORDS


def _is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def entry_keys(feed_id: str, entry: FeedEntry) -> tuple[str, ...]:
    """The item's identity keys: "guid:FEED:GUID" when it has a GUID, "url:CANONICAL" when its
    link names it alone (not a home page, not a link other items share), else
    "title:FEED:" + a hash of its title and date."""
    keys: list[str] = []
    if entry.guid:
        keys.append(f"guid:{feed_id}:{entry.guid}")
    url = canonical_url(entry.link) if entry.link and entry.link_unique else None
    if url and not _is_home_page(url):
        keys.append(f"url:{url}")
    if not keys:
        seed = normalise_for_hash(entry.title) + "\n" + (entry.published or "")
        keys.append(f"title:{feed_id}:" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32])
    return tuple(keys)


def _dek(text: str | None) -> str | None:
    """A feed summary as a standfirst: teaser tails ("Read more", "[…]") removed, bounded."""
    text = clean_line(text or "")
    for _ in range(2):
        text = _TEASER_TAIL.sub("", text).rstrip()
    if len(text) > MAX_DEK_CHARS:
        cut = text[:MAX_DEK_CHARS]
        sentence_end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        text = cut[: sentence_end + 1] if sentence_end > MAX_DEK_CHARS // 3 else cut.rsplit(" ", 1)[0] + "…"
    return text or None


def _repeats_body(dek: str, paragraphs: tuple[str, ...]) -> bool:
    """True when the standfirst is only the start of the body (a description that is the item)."""
    start = normalise_for_hash(" ".join(paragraphs))[: len(dek) + 40]
    return normalise_for_hash(dek.rstrip("…. ")) in start


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def page_usable(entry: FeedEntry, page: ExtractedPage | None) -> tuple[bool, str | None]:
    """(use the page's text?, why not when there was a page)."""
    if page is None:
        return False, None
    if page.problem:
        return False, page.problem
    page_words = word_count(" ".join(page.paragraphs))
    feed_words = word_count(" ".join(entry.paragraphs))
    if page_words < feed_words * PAGE_MIN_SHARE:
        return False, f"page text ({page_words} words) is shorter than the feed's ({feed_words} words)"
    return True, None


def entry_article(
    entry: FeedEntry, *, feed_id: str, feed_title: str | None, page: ExtractedPage | None, first_seen: str
) -> Article:
    """The Article for a feed item, with the page's full text when it is usable. Then the feed's
    own summary becomes the standfirst; otherwise the feed's text is kept and `text_problem`
    says why the page was not used."""
    use_page, problem = page_usable(entry, page)
    if use_page and page is not None:
        paragraphs, text_source = page.paragraphs, "page"
    else:
        paragraphs, text_source = entry.paragraphs, "feed"
    dek = _dek(entry.summary)
    if dek and _repeats_body(dek, paragraphs):
        dek = None
    if not paragraphs:  # a title-only item (link blogs, aggregators): its title is all there is
        paragraphs = (dek,) if dek else (entry.title,)
        dek = None
        problem = "; ".join(p for p in ("the feed gives no text for this item", problem) if p)
    if entry.published:
        published, date_source = entry.published, entry.date_source or "published"
    elif page is not None and page.published:
        published, date_source = page.published, "page"
    else:
        published, date_source = first_seen, "first-seen"
    source = feed_title or (page.site_name if page else None) or _host(entry.link)
    title = entry.title
    if use_page and page is not None and page.title and title == title_from_text(entry.paragraphs):
        title = page.title  # the feed gave no title (parse made one from the text): the page's is better
    return Article(
        title=title,
        paragraphs=paragraphs,
        dek=dek,
        source=clean_line(source) if source else None,
        url=entry.link,
        published=published,
        feed=feed_id,
        date_source=date_source,
        keys=entry_keys(feed_id, entry),
        text_source=text_source,
        text_problem=problem,
    )


class PageNotUsable(ValueError):
    """A page that holds no article (paywall, consent wall, bot challenge, no text): the reason."""


def page_article(page: ExtractedPage, *, url: str | None, first_seen: str, origin: str | None = None) -> Article:
    """The Article for one page (`briefing import URL` / `import PAGE.html`). Raises
    PageNotUsable with the reason when the page holds no article."""
    if page.problem or not page.paragraphs:
        raise PageNotUsable(page.problem or "no article text found on the page")
    link = url or page.url
    canonical = canonical_url(link)
    declared = canonical_url(page.url)
    keys = tuple(dict.fromkeys(f"url:{u}" for u in (canonical, declared) if u and not _is_home_page(u)))
    title = page.title or title_from_text(page.paragraphs)
    return Article(
        title=title,
        paragraphs=page.paragraphs,
        source=page.site_name or _host(link),
        url=link,
        published=page.published or first_seen,
        origin=origin,
        date_source="page" if page.published else "first-seen",
        keys=keys,
        text_source="page",
    )
