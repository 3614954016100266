"""Made-up but news-like content for the feed farm (benchmarks/feed_farm.py): RSS 2.0 feeds
with teaser descriptions, and ~40 KB article pages shaped like a news site's (head, navigation,
the article's paragraphs, related links, footer, scripts).

Every word comes from the lists below, composed by seeded randomness: deterministic, no text
taken from anywhere. The prose has the shape of news (people, places, organisations, numbers,
quotes, dates) so extraction and analysis do realistic work on it.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

FIRST = (
    "Dana",
    "Marcus",
    "Lena",
    "Tomas",
    "Priya",
    "Oliver",
    "Amara",
    "Kenji",
    "Sofia",
    "Rahul",
    "Greta",
    "Malik",
    "Ines",
    "Viktor",
    "Noor",
    "Elias",
    "Hana",
    "Jonah",
    "Leila",
    "Mateo",
    "Yara",
    "Felix",
    "Zofia",
    "Idris",
)
LAST = (
    "Whitcomb",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Ferreira",
    "Kowalski",
    "Nakamura",
    "Haddad",
    "Brennan",
    "Osei",
    "Varga",
    "Castellano",
    "Ibrahim",
    "Sorensen",
    "Delacroix",
    "Mensah",
    "Petrov",
    "Quintero",
    "Aalto",
    "Rahman",
)
PLACES = (
    "Riverton",
    "Marlow Bay",
    "East Hollins",
    "Port Avery",
    "Caldwell",
    "Northgate",
    "Saint Verity",
    "Lowmoor",
    "Ashford Vale",
    "Kestrel Point",
    "New Brannock",
    "Halden",
    "Orrin Falls",
    "Westmarch",
    "Tullow Cross",
)
ORGS = (
    "the Riverton city council",
    "the Northern Rail Authority",
    "Halden University",
    "the Port Avery Harbour Board",
    "Kestrel Energy",
    "the Ministry of Transport",
    "the Caldwell Teachers' Union",
    "Lowmoor General Hospital",
    "the Westmarch Chamber of Commerce",
    "Orrin Water",
    "the regional health agency",
    "Brannock Motors",
    "the national statistics office",
    "the Tullow Cross planning board",
    "Ashford Savings Bank",
)
ROLES = (
    "the mayor",
    "a spokeswoman",
    "a spokesman",
    "the chief executive",
    "the council leader",
    "a senior official",
    "the transport minister",
    "the union's general secretary",
    "an economist",
    "the hospital's director",
    "a local resident",
    "the board's chairman",
    "an opposition councillor",
    "the head of research",
)
TOPICS = (
    ("bridge", "a new pedestrian bridge", "construction"),
    ("budget", "next year's budget", "spending"),
    ("rail", "the rail line extension", "timetables"),
    ("strike", "a planned strike", "wages"),
    ("hospital", "the new hospital wing", "waiting lists"),
    ("water", "water prices", "the drought"),
    ("housing", "a housing plan", "rents"),
    ("school", "school funding", "class sizes"),
    ("port", "the port expansion", "shipping"),
    ("energy", "a wind farm", "electricity bills"),
    ("election", "the local election", "turnout"),
    ("flood", "flood defences", "the river"),
)
VERBS = (
    "approved",
    "rejected",
    "delayed",
    "announced",
    "defended",
    "criticised",
    "proposed",
    "questioned",
    "welcomed",
    "postponed",
    "revised",
    "backed",
)
DAYS = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "at the weekend",
    "last week",
    "this morning",
    "late on Tuesday",
    "earlier this month",
)
SECTIONS = (
    "News",
    "Local",
    "Business",
    "Politics",
    "Health",
    "Transport",
    "Education",
    "Environment",
    "Sport",
    "Culture",
    "Opinion",
    "Weather",
    "Science",
    "Technology",
    "Travel",
    "Money",
)
BASE_DATE = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
LAST_MODIFIED = format_datetime(BASE_DATE, usegmt=True)


class NewsWriter:
    """Sentences and paragraphs about one story (a topic, a place, a few people)."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(hashlib.sha256(seed.encode()).digest())
        rng = self.rng
        self.topic = rng.choice(TOPICS)
        self.place = rng.choice(PLACES)
        self.org = rng.choice(ORGS)
        self.people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES)) for _ in range(3)]

    def person(self) -> tuple[str, str]:
        return self.rng.choice(self.people)

    def headline(self) -> str:
        rng, (_, subject, _) = self.rng, self.topic
        org = self.org[4:] if self.org.startswith("the ") else self.org
        verb = rng.choice(VERBS)
        return f"{org[0].upper() + org[1:]} {verb} {subject} in {self.place}"

    def sentence(self) -> str:
        rng = self.rng
        word, subject, issue = self.topic
        name, role = self.person()
        number = rng.choice((rng.randint(2, 95), rng.randint(100, 990), rng.randint(1000, 48000)))
        forms = (
            f"{self.org[0].upper() + self.org[1:]} {rng.choice(VERBS)} {subject} {rng.choice(DAYS)}, "
            f"after months of debate about {issue} in {self.place}.",
            f"\u201cWe have listened to people in {self.place}, and this is the result,\u201d said {name}, {role}.",
            f"The plan would cost about {number} million, according to figures published by {self.org}.",
            f"{name}, {role}, said the decision on {subject} would be reviewed in "
            f"{rng.choice(('spring', 'June', 'the autumn', '2028'))}.",
            f"Critics said the {word} plan did too little about {issue}, and {number} residents signed a petition.",
            f"Officials in {self.place} expect {subject} to affect {number} households over the next "
            f"{rng.randint(2, 9)} years.",
            f"The vote was {rng.randint(5, 12)} to {rng.randint(1, 4)}, with {rng.randint(1, 3)} members absent.",
            f"{rng.choice(('Supporters', 'Business groups', 'Local traders', 'Parents'))} said {issue} had worsened "
            f"since {rng.randint(2015, 2025)}.",
            f"A report by {rng.choice(ORGS)} found that {rng.randint(10, 80)} percent of those asked backed {subject}.",
            f"\u201cIt is not the answer to {issue}, but it is a start,\u201d {name} told reporters "
            f"{rng.choice(DAYS)}.",
        )
        return rng.choice(forms)

    def paragraph(self, sentences: tuple[int, int] = (2, 4)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def teaser(self, words: int = 30) -> str:
        text = self.paragraph((2, 3)).split()
        return " ".join(text[:words]).rstrip(",.;") + " \u2026"


def item_date(feed: int, item: int) -> datetime:
    return BASE_DATE - timedelta(hours=item * 3 + feed % 7, minutes=(feed * 13 + item * 7) % 60)


def feed_xml(feed: int, base_url: str, items: int) -> bytes:
    """RSS 2.0 with `items` items linking to `base_url/articles/FEED/ITEM.html`."""
    site = f"{PLACES[feed % len(PLACES)]} {SECTIONS[feed % len(SECTIONS)]} {feed}"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0">',
        "<channel>",
        f"<title>{escape(site)}</title>",
        f"<link>{base_url}/</link>",
        f"<description>News from {escape(site)}</description>",
        "<language>en</language>",
        f"<lastBuildDate>{LAST_MODIFIED}</lastBuildDate>",
    ]
    for item in range(items):
        writer = NewsWriter(f"{feed}/{item}")
        link = f"{base_url}/articles/{feed}/{item}.html"
        out += [
            "<item>",
            f"<title>{escape(writer.headline())}</title>",
            f"<link>{link}</link>",
            f'<guid isPermaLink="true">{link}</guid>',
            f"<pubDate>{format_datetime(item_date(feed, item), usegmt=True)}</pubDate>",
            f"<description>{escape(writer.teaser())}</description>",
            "</item>",
        ]
    out += ["</channel>", "</rss>"]
    return "\n".join(out).encode("utf-8")


_HEADLINES: list[str] = []


def _links(rng: random.Random, count: int) -> str:
    if not _HEADLINES:
        _HEADLINES.extend(escape(NewsWriter(f"headline/{i}").headline()) for i in range(400))
    return "\n".join(
        f'<li><a href="/{rng.choice(SECTIONS).lower()}/{rng.randint(1000, 99999)}">{rng.choice(_HEADLINES)}</a></li>'
        for _ in range(count)
    )


_CSS = "\n".join(
    f".c{i} {{ margin: {i % 7}px {i % 5}px; padding: {i % 3}px; color: #{(i * 2654435761) % 0xFFFFFF:06x}; }}"
    for i in range(60)
)


def article_html(feed: int, item: int, target_size: int = 40_000) -> bytes:
    """A news page of about `target_size` bytes: mostly boilerplate, ~5-7 KB of article text."""
    writer = NewsWriter(f"{feed}/{item}")
    rng = random.Random(f"page/{feed}/{item}")
    title = writer.headline()
    name, role = writer.person()
    published = item_date(feed, item).isoformat()
    paragraphs = [writer.paragraph() for _ in range(rng.randint(10, 14))]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    nav = "\n".join(f'<li class="c{i}"><a href="/{s.lower()}">{s}</a></li>' for i, s in enumerate(SECTIONS))
    head = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n<title>{escape(title)} | '
        f"{writer.place} Gazette</title>\n"
        f'<meta name="description" content="{escape(writer.teaser())}">\n'
        f'<meta property="og:title" content="{escape(title)}">\n<meta property="og:type" content="article">\n'
        f'<meta name="author" content="{escape(name)}">\n'
        f'<meta property="article:published_time" content="{published}">\n'
        f"<style>{_CSS}</style>\n"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{escape(title)}", "datePublished": "{published}", '
        f'"author": {{"@type": "Person", "name": "{escape(name)}"}}}}</script>\n</head>\n'
    )
    top = (
        f'<body class="article">\n<header class="site"><a class="logo" href="/">{writer.place} Gazette</a>\n'
        f'<nav><ul class="menu">{nav}</ul></nav>\n'
        '<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>\n'
        "</header>\n"
    )
    article = (
        f'<main>\n<article>\n<h1>{escape(title)}</h1>\n<p class="byline">By {escape(name)}, {escape(role)}'
        f' \u00b7 <time datetime="{published}">{item_date(feed, item):%d %B %Y}</time></p>\n'
        f"{body}\n</article>\n"
    )
    parts = [head, top, article]
    size = sum(len(p.encode()) for p in parts)
    aside = []
    while size < target_size - 2500:
        block = (
            f'<section class="related c{rng.randint(0, 59)}"><h2>More in {rng.choice(SECTIONS)}</h2>\n<ul>\n'
            f"{_links(rng, 8)}\n</ul></section>\n"
        )
        aside.append(block)
        size += len(block.encode())
    foot = (
        f"</main>\n<aside>{''.join(aside)}</aside>\n<footer><ul>{nav}</ul>\n"
        f"<p>\u00a9 2026 {writer.place} Gazette. All rights reserved.</p></footer>\n"
        "<script>window.dataLayer = window.dataLayer || []; function track(e) { dataLayer.push(e); }"
        " track({event: 'pageview', section: 'news'});</script>\n</body></html>\n"
    )
    return "".join([*parts, foot]).encode("utf-8")
