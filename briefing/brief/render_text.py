"""The brief as plain text: wrapped at 80 columns, not one escape sequence.

Every string that comes from an article or the user goes through `clean_line` (one line, no
control characters) or, for notes, `strip_controls` line by line, so nothing can reach the
terminal as a control sequence. Nothing here is markup: the text is shown as it is.
"""

from __future__ import annotations

import textwrap

from briefing.brief.model import Brief, BriefArticle, BriefGroup, plural
from briefing.core import labels
from briefing.core.text import clean_line

WIDTH = 80
LABEL_WORDS = labels.KINDS


def _wrap(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """`text` filled to `width` columns after `first` (then `rest`) as textwrap.wrap fills it
    (no hyphen breaks, over-long words broken). Cleaned one-line text, the brief's case, is
    filled here directly: textwrap's chunking regex was a quarter of a big day's brief."""
    rest = rest if rest is not None else " " * len(first)
    words = text.split(" ")
    room = width - len(first)
    if words and all(words) and max(map(len, words)) <= min(room, width - len(rest)) and " ".join(text.split()) == text:
        lines: list[str] = []
        line: list[str] = []
        used = 0
        for word in words:
            if line and used + 1 + len(word) > room:
                lines.append((rest if lines else first) + " ".join(line))
                line, used, room = [], 0, width - len(rest)
            used += len(word) + (1 if line else 0)
            line.append(word)
        lines.append((rest if lines else first) + " ".join(line))
        return lines
    return _textwrap(text, width, first, rest)


def _textwrap(text: str, width: int, first: str, rest: str) -> list[str]:
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=True,
    )
    return lines or [first.rstrip()]


def _article_lines(article: BriefArticle, width: int, indent: str, headline: bool) -> list[str]:
    lines: list[str] = []
    star = "★ " if article.starred else ""
    if headline:
        lines += _wrap(star + clean_line(article.title), width, indent, indent + "  ")
    lines += _wrap(article.byline().plain(), width, indent + "  ")
    for sentence in article.summary:
        lines += _wrap(clean_line(sentence), width, indent + "  • ", indent + "    ")
    if article.key_entities:
        names = ", ".join(clean_line(e.text) for e in article.key_entities)
        lines += _wrap("Entities: " + names, width, indent + "  ", indent + "    ")
    for note in article.notes:
        for n, part in enumerate(article.note_lines(note)):
            if n == 0:
                lines += _wrap(f"Note ({note.created[:10]}): {part}", width, indent + "  > ", indent + "  > ")
            else:
                lines += _wrap(part, width, indent + "  > ")
    return lines


def _group_lines(number: int, group: BriefGroup, width: int) -> list[str]:
    lines: list[str] = []
    prefix = f"{number}. "
    if len(group.articles) == 1 and group.tag is None:
        # A story told once: the article is the group, no second headline.
        article = group.articles[0]
        star = "★ " if article.starred else ""
        lines += _wrap(star + clean_line(article.title), width, prefix)
        lines += _article_lines(article, width, " " * (len(prefix) - 2), headline=False)
        return lines
    lines += _wrap(clean_line(group.title), width, prefix)
    about = [plural(len(group.articles), "article")]
    if group.entities:
        about.append(", ".join(clean_line(e.text) for e in group.entities))
    lines += _wrap(" · ".join(about), width, " " * len(prefix))
    for article in group.articles:
        lines.append("")
        lines += _article_lines(article, width, " " * len(prefix), headline=True)
    return lines


def render_text(brief: Brief, width: int = WIDTH) -> str:
    """The whole brief as plain text (ends with a newline)."""
    width = max(40, width)
    if brief.is_empty:
        return "\n".join(_wrap(clean_line(brief.empty_message()), width, "")) + "\n"
    title = "BRIEF · " + (brief.period if brief.since is None else "the news " + brief.period)
    lines = _wrap(title, width, "")
    lines += _wrap(f"{brief.headline_counts()} · times in {brief.timezone}", width, "")
    kinds = [w for w, on in (("starred", brief.starred_only), ("unread", brief.unread_only)) if on]
    if kinds or brief.tags:
        only = "Only " + " ".join([*kinds, "articles"])
        if brief.tags:
            only += " tagged " + " and ".join("#" + clean_line(t) for t in brief.tags)
        lines += _wrap(only, width, "")
    if brief.top_entities:
        lines += ["", "PEOPLE, ORGANISATIONS AND PLACES"]
        name_width = min(max(len(clean_line(e.text)) for e in brief.top_entities), max(12, width - 40))
        for entity in brief.top_entities:
            name = clean_line(entity.text)
            if len(name) > name_width:
                name = name[: name_width - 1] + "…"
            counts = f"{plural(entity.articles, 'article'):>11}  {plural(entity.mentions, 'mention'):>12}"
            lines.append(
                f"  {name:<{name_width}}  {LABEL_WORDS.get(entity.label) or clean_line(entity.label.lower()):<6}  {counts}".rstrip()
            )
    for number, group in enumerate(brief.groups, 1):
        lines += ["", "─" * width]
        lines += _group_lines(number, group, width)
    return "\n".join(lines) + "\n"
