"""The brief as Markdown (CommonMark / GitHub): headings per story, lists, notes as quotes.

Article and user text is data, never Markdown: control characters go (`clean_line`), every
character that could start emphasis, code, a link, HTML, an entity, a table cell, maths or
strikethrough is backslash-escaped wherever it appears, and a line's first characters are
escaped too when they could open a block (heading, list, quote, thematic break, setext
underline). A headline like `# *Breaking* [x](y) <script>` reads exactly so.
"""

from __future__ import annotations

import re

from briefing.brief.model import Brief, BriefArticle, BriefGroup, plural
from briefing.core import labels
from briefing.core.text import clean_line

# Anywhere in a line: characters with inline meaning in CommonMark or GFM.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#$!])")
# At the start of a line (after leading spaces): block markers.
_BLOCK_START = re.compile(r"^(\s*)([-+=>]|\d{1,9}(?=[.)]))")
_HEX = re.compile(r"^[0-9a-f]+$")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"\x00-\x20\x7f-\x9f]+$", re.IGNORECASE)

LABEL_WORDS = labels.WORDS


def escape(text: str) -> str:
    """One line of untrusted text, safe to put anywhere in a Markdown line."""
    line = _INLINE.sub(r"\\\1", clean_line(text))
    match = _BLOCK_START.match(line)
    if match:
        marker = match.group(2)
        if marker.isdigit():
            # "2024. A year" would start an ordered list: escape the dot or parenthesis.
            end = match.end()
            line = line[:end] + "\\" + line[end:]
        else:
            line = line[: match.start(2)] + "\\" + line[match.start(2) :]
    return line


def _link(url: str | None) -> str:
    """An autolink for an http(s) URL with nothing odd in it; the escaped text otherwise."""
    if not url:
        return ""
    url = clean_line(url)
    if _SAFE_URL.match(url):
        return f"<{url}>"
    return escape(url)


def _meta(article: BriefArticle) -> str:
    byline = article.byline()
    article_id = f"`{byline.id}`" if _HEX.match(byline.id) else escape(byline.id)
    parts = [escape(byline.source), escape(byline.when), f"id {article_id}"]
    if byline.tags:
        parts.append(" ".join(escape(tag) for tag in byline.tags))
    link = _link(article.url)
    if link:
        parts.append(link)
    return " · ".join(part for part in parts if part)


def _article(article: BriefArticle, heading: str | None) -> list[str]:
    lines: list[str] = []
    if heading is not None:
        star = "★ " if article.starred else ""
        lines += [f"{heading} {star}{escape(article.title)}", ""]
    lines += [_meta(article), ""]
    if article.summary:
        lines += [f"- {escape(sentence)}" for sentence in article.summary]
        lines.append("")
    if article.key_entities:
        lines += ["Entities: " + ", ".join(escape(e.text) for e in article.key_entities), ""]
    for note in article.notes:
        parts = [escape(part) for part in article.note_lines(note)]
        if not parts:
            continue
        lines.append(f"> **Note** ({escape(note.created[:10])}): {parts[0]}")
        for part in parts[1:]:
            lines += [">", f"> {part}"]
        lines.append("")
    return lines


def _group(number: int, group: BriefGroup) -> list[str]:
    if len(group.articles) == 1 and group.tag is None:
        article = group.articles[0]
        star = "★ " if article.starred else ""
        return [f"## {number}. {star}{escape(article.title)}", "", *_article(article, None)]
    lines = [f"## {number}. {escape(group.title)}", ""]
    about = [plural(len(group.articles), "article")]
    if group.entities:
        about.append(", ".join(escape(e.text) for e in group.entities))
    lines += [" · ".join(about), ""]
    for article in group.articles:
        lines += _article(article, "###")
    return lines


def render_markdown(brief: Brief) -> str:
    """The whole brief as a Markdown document (ends with a newline)."""
    if brief.is_empty:
        return escape(brief.empty_message()) + "\n"
    title = brief.period if brief.since is None else "the news " + brief.period
    lines = [f"# Brief: {escape(title)}", "", f"{brief.headline_counts()} · times in {escape(brief.timezone)}"]
    kinds = [w for w, on in (("starred", brief.starred_only), ("unread", brief.unread_only)) if on]
    if kinds or brief.tags:
        only = "Only " + " ".join([*kinds, "articles"])
        if brief.tags:
            only += " tagged " + " and ".join(escape("#" + t) for t in brief.tags)
        lines += ["", only]
    lines.append("")
    if brief.top_entities:
        lines += ["## People, organisations and places", ""]
        for entity in brief.top_entities:
            kind = LABEL_WORDS.get(entity.label, entity.label.lower())
            lines.append(
                f"- **{escape(entity.text)}** ({escape(kind)}): "
                f"{plural(entity.articles, 'article')}, {plural(entity.mentions, 'mention')}"
            )
        lines.append("")
    for number, group in enumerate(brief.groups, 1):
        lines += _group(number, group)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
