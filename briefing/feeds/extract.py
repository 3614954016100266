"""Full text: the article in a web page (body, title, author, date, site name) via trafilatura.

Only trafilatura's extraction functions are called, never its fetch functions: extraction makes
no network request (tests/test_extract.py checks it with sockets disabled). Bytes are decoded
here (BOM, then the HTTP charset, then the page's own <meta charset>, else UTF-8 or
windows-1252) and bounded in size. trafilatura's output tree is turned into paragraphs (one per
paragraph, heading, list item, table row or line break) and cleaned by briefing.core.prose.

A page that extracts to almost nothing (a paywall, a consent or login wall, a bot challenge)
comes back with `problem` set and the reason, so that the feed's own text is kept instead.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re

from briefing.core.prose import clean_body
from briefing.core.text import clean_line, normalise_for_hash
from briefing.feeds.html import element_paragraphs, word_count
from briefing.feeds.model import ExtractedPage

MAX_PAGE_BYTES = 8 * 1024 * 1024  # a page beyond this is cut (news pages are 50-500 KB)
MIN_WORDS = 50  # less than this is not an article but what stands in front of one
PAYWALL_MIN_WORDS = 200  # a page that declares itself paywalled and gives fewer words is a teaser
MAX_FIELD_CHARS = 300

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE
)
# Legacy single-byte labels that browsers decode as windows-1252 (WHATWG Encoding).
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819", "windows-1252"}

# What stands in front of an article: (reason, signatures in the page's lower-cased HTML).
_CHALLENGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Not Cloudflare's "challenge-platform" script: ordinary pages behind Cloudflare load it too.
    (
        "bot challenge page (Cloudflare)",
        (
            "cf-browser-verification",
            "cf_chl_opt",
            "<title>just a moment...</title>",
            "attention required! | cloudflare",
        ),
    ),
    ("bot challenge page (DataDome)", ("captcha-delivery.com",)),
    ("bot challenge page (PerimeterX)", ("px-captcha",)),
    (
        "bot challenge page",
        (
            "checking your browser before accessing",
            "enable javascript and cookies to continue",
            "please complete the security check",
            "access to this page has been denied",
        ),
    ),
)
# Labels for a page that extracted to almost nothing (weaker signs: comment forms use captchas,
# ordinary pages have cookie banners and subscribe buttons).
_WALLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bot challenge", ("verify you are human", "are you a robot", "g-recaptcha", "h-captcha", "captcha")),
    (
        "paywall",
        (
            "subscribe to continue reading",
            "subscribe to read",
            "this article is for subscribers",
            "to continue reading",
            "already a subscriber",
            "subscriber-only",
            "paywall",
            "premium content",
        ),
    ),
    (
        "consent wall",
        (
            "before you continue to",
            "consent.yahoo.com",
            "consent.google.com",
            "we value your privacy",
            "cookie consent",
            "manage cookies",
            "accept all cookies",
            "consent-page",
        ),
    ),
    (
        "login page",
        ('type="password"', "type='password'", "type=password", "sign in to continue", "log in to continue"),
    ),
)
_NOT_FREE = re.compile(r"""["']isAccessibleForFree["']\s*:\s*["']?false""", re.IGNORECASE)


# --------------------------------------------------------------------------- decoding


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(body: bytes, content_type: str | None) -> str:
    """HTML bytes as text: BOM, else the HTTP charset, else <meta charset>/XML declaration, else
    UTF-8 when valid, else windows-1252 (what browsers assume). Never raises."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    http = _CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:8192])
    declared = _codec(http.group(1) if http else None) or _codec(
        (meta.group(1) or meta.group(2)).decode("ascii") if meta else None
    )
    if declared and declared.startswith("utf-16"):  # a UTF-16 label on bytes without a BOM is wrong (WHATWG)
        declared = "utf-8"
    if declared in (None, "cp1252", "ascii") or declared.startswith("utf"):
        try:  # valid non-ASCII UTF-8 is UTF-8 whatever a server default or a template says
            return body.decode("utf-8")
        except UnicodeDecodeError:
            if declared and declared.startswith("utf"):
                return body.decode("utf-8", errors="replace")
    return body.decode(declared or "cp1252", errors="replace")


# --------------------------------------------------------------------------- trafilatura's tree


# Block elements of trafilatura's tree (line breaks end a paragraph too), table cells spaced,
# graphics, footnote markers and notes left out.
_BLOCKS = frozenset(
    {"p", "head", "item", "quote", "code", "row", "list", "table", "div", "body", "doc", "main", "lb", "br"}
)
_CELLS = frozenset({"cell"})
_SKIP = frozenset({"graphic", "fw", "note"})


def tree_paragraphs(body) -> list[str]:
    """trafilatura's XML output tree (`Document.body`) as raw paragraphs in document order."""
    return element_paragraphs(body, blocks=_BLOCKS, spaced=_CELLS, skip=lambda tag, element: tag in _SKIP)


def _without_title(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop a heading that repeats the page's title at the top of the body."""
    if title and paragraphs and normalise_for_hash(paragraphs[0]) == normalise_for_hash(title):
        return paragraphs[1:]
    return paragraphs


def _plausible_day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    today = dt.datetime.now(dt.UTC).date()
    return day.isoformat() if dt.date(1990, 1, 1) <= day <= today + dt.timedelta(days=1) else None


def _field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_line(value)
    return (text[:MAX_FIELD_CHARS].rsplit(" ", 1)[0] + "…" if len(text) > MAX_FIELD_CHARS else text) or None


def _page_url(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 4096 or clean_line(value) != value or " " in value:
        return None
    return value if value.lower().startswith(("http://", "https://")) else None


# --------------------------------------------------------------------------- walls and challenges


def page_problem(page_html: str, words: int) -> str | None:
    """Why a page's extracted text (of `words` words) cannot stand in for an article, or None."""
    lowered = page_html[:300_000].lower()
    if words < 150:
        for reason, signatures in _CHALLENGES:
            if any(s in lowered for s in signatures):
                return f"{reason}, not the article ({words} words)"
    if words < PAYWALL_MIN_WORDS and _NOT_FREE.search(page_html[:2_000_000]):
        return f"paywalled article (isAccessibleForFree: false): only {words} words"
    if words >= MIN_WORDS:
        return None
    for reason, signatures in _WALLS:
        if any(s in lowered for s in signatures):
            return f"page text too short ({words} words): {reason}?"
    return f"page text too short ({words} words): paywall or consent wall?"


# --------------------------------------------------------------------------- extraction


def _quiet_libraries() -> None:
    """trafilatura and its helpers log every odd page at WARNING/ERROR ("lxml parsing failed:
    Document is empty"). They reach no terminal by default (NullHandlers), but would through a
    root handler an application installs; the page's `problem` already says what went wrong."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).propagate = False


def _extract(text: str, url: str, *, precision: bool):
    from trafilatura import bare_extraction

    _quiet_libraries()

    # favor_precision: boilerplate in a body (related stories, teasers of other articles) harms
    # summaries and entities more than a missed paragraph does, and on the benchmark pages it
    # raised token F1 from 0.927 to 0.965 (benchmarks/extraction.py).
    return bare_extraction(
        text,
        url=url,
        favor_precision=precision,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )


def extract_page(html: bytes, *, url: str, content_type: str | None = None) -> ExtractedPage:
    """The article in an HTML page fetched from (or saved from) `url`."""
    if not html or not html.strip():
        return ExtractedPage(paragraphs=(), problem="empty page")
    text = decode_html(html[:MAX_PAGE_BYTES], content_type)
    text = text.replace("\x00", "")  # lxml refuses NUL; other controls are cleaned from the output
    document = _extract(text, url, precision=True)
    if document is None or word_count(document.text or "") < MIN_WORDS:
        # Precision mode leaves out what it is unsure of; on a page where that is nearly
        # everything, trafilatura's balanced mode (with its own recall retry) may find the article.
        balanced = _extract(text, url, precision=False)
        if balanced is not None and word_count(balanced.text or "") > word_count((document and document.text) or ""):
            document = balanced
    if document is None:
        problem = page_problem(text, 0) or "no article text found on the page"
        return ExtractedPage(paragraphs=(), problem=problem.replace("page text too short (0 words)", "no article text"))
    title = _field(document.title)
    paragraphs = clean_body(_without_title(tree_paragraphs(document.body), title))
    words = word_count(" ".join(paragraphs))
    return ExtractedPage(
        paragraphs=paragraphs,
        title=title,
        author=_field(document.author),
        published=_plausible_day(document.date),
        site_name=_field(document.sitename),
        url=_page_url(document.url),
        problem=page_problem(text, words),
    )
