"""The brief for a terminal, with Rich: a header panel, the day's entities, a panel per story.

Every piece of article or user text becomes a `rich.text.Text` built from `clean_line`-ed
strings (never a markup string), so `[bold]`, `[/]` or `[link=...]` in a headline shows as
typed and an escape sequence never reaches the terminal. `brief_renderable(brief)` is what the
TUI shows (a Rich renderable works in a Textual `Static`); `render_rich` renders to a string.
"""

from __future__ import annotations

import io
from typing import Literal

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from briefing.brief.model import Brief, BriefArticle, BriefGroup, plural
from briefing.core import labels
from briefing.core.text import clean_line

ColorSystemName = Literal["auto", "standard", "256", "truecolor", "windows"]
LABEL_STYLES = {labels.PERSON: "cyan", labels.ORG: "magenta", labels.PLACE: "green"}
LABEL_WORDS = labels.KINDS


def _line(*parts: tuple[str, str] | str) -> Text:
    """A Text from (text, style) pairs or plain strings; every piece cleaned first."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(clean_line(part[0]), style=part[1])
        else:
            text.append(clean_line(part))
    return text


def _sep(text: Text) -> None:
    text.append(" · ", style="dim")


def _meta(article: BriefArticle) -> Text:
    byline = article.byline()
    text = Text()
    if byline.source:
        text.append(byline.source, style="italic")
        _sep(text)
    text.append(byline.when, style="dim")
    _sep(text)
    text.append(byline.id, style="cyan")
    if byline.tags:
        _sep(text)
        for n, tag in enumerate(byline.tags):
            if n:
                text.append(" ")
            text.append(tag, style="green")
    return text


def _headline(article: BriefArticle) -> Text:
    text = Text()
    if article.starred:
        text.append("★ ", style="bold yellow")
    text.append(clean_line(article.title), style="bold")
    return text


def _entities(names, prefix: str = "") -> Text:
    text = Text(prefix, style="dim") if prefix else Text()
    for n, entity in enumerate(names):
        if n:
            text.append(", ", style="dim")
        text.append(clean_line(entity.text), style=LABEL_STYLES.get(entity.label, ""))
    return text


class Hanging:
    """`body` wrapped to the width left after `marker`, which stands before the first line
    (and, if `repeat`, before every line): bullets and note bars without a Table per line,
    which is what made a 200-article brief slow to draw."""

    def __init__(self, marker: Text, body: Text, *, repeat: bool = False) -> None:
        self.marker = marker
        self.body = body
        self.repeat = repeat

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.marker.cell_len
        lines = self.body.wrap(console, max(1, options.max_width - indent), overflow="fold")
        marker = list(self.marker.render(console))
        blank = [Segment(" " * indent)]
        for n, line in enumerate(lines):
            yield from marker if n == 0 or self.repeat else blank
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = self.marker.cell_len
        inner = Measurement.get(console, options, self.body)
        return Measurement(inner.minimum + indent, inner.maximum + indent)


def _article(article: BriefArticle, with_headline: bool) -> Group:
    parts: list[RenderableType] = []
    if with_headline:
        parts.append(_headline(article))
    parts.append(_meta(article))
    for sentence in article.summary:
        parts.append(Hanging(Text("• ", style="dim"), _line(sentence)))
    if article.key_entities:
        parts.append(_entities(article.key_entities, "Entities: "))
    for note in article.notes:
        body = Text(f"Note ({clean_line(note.created[:10])}) ", style="bold magenta")
        body.append("\n".join(article.note_lines(note)))
        parts.append(Hanging(Text("│ ", style="magenta"), body, repeat=True))
    return Group(*parts)


def _group(number: int, group: BriefGroup) -> Panel:
    parts: list[RenderableType] = []
    if len(group.articles) == 1 and group.tag is None:
        article = group.articles[0]
        parts.append(_headline(article))
        parts.append(_article(article, with_headline=False))
    else:
        parts.append(_line((group.title, "bold underline")))
        if group.entities:
            parts.append(_entities(group.entities, "Shared: "))
        for article in group.articles:
            parts.append(Text())
            parts.append(_article(article, with_headline=True))
    title = Text(f" {number} ", style="bold")
    if len(group.articles) > 1:
        title.append(f"· {plural(len(group.articles), 'article')} ", style="dim")
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        border_style="yellow" if group.starred else "blue",
        box=box.ROUNDED,
        padding=(0, 1),
    )


def _top_entities(brief: Brief) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, title_justify="left")
    table.add_column("People, organisations and places", no_wrap=False, ratio=None)
    table.add_column("kind", style="dim")
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    for entity in brief.top_entities:
        table.add_row(
            _line((entity.text, LABEL_STYLES.get(entity.label, ""))),
            Text(LABEL_WORDS.get(entity.label) or clean_line(entity.label.lower())),
            Text(str(entity.articles)),
            Text(str(entity.mentions)),
        )
    return table


def brief_renderable(brief: Brief) -> RenderableType:
    """The whole brief as one Rich renderable (for a Console or a Textual Static)."""
    if brief.is_empty:
        return _line(brief.empty_message())
    heading = Text()
    heading.append("Brief · ", style="bold")
    heading.append(clean_line(brief.period if brief.since is None else "the news " + brief.period), style="bold")
    heading.append("\n")
    heading.append(f"{brief.headline_counts()} · times in {clean_line(brief.timezone)}", style="dim")
    kinds = [w for w, on in (("starred", brief.starred_only), ("unread", brief.unread_only)) if on]
    if kinds or brief.tags:
        heading.append("\nOnly " + " ".join([*kinds, "articles"]))
        if brief.tags:
            heading.append(" tagged ")
            for n, tag in enumerate(brief.tags):
                if n:
                    heading.append(" and ")
                heading.append("#" + clean_line(tag), style="green")
    parts: list[RenderableType] = [Panel(heading, box=box.HEAVY, border_style="bright_blue", padding=(0, 1))]
    if brief.top_entities:
        parts.append(Padding(_top_entities(brief), (1, 0, 1, 1)))
    parts += [_group(number, group) for number, group in enumerate(brief.groups, 1)]
    return Group(*parts)


def make_console(
    *, width: int | None = None, color: bool = True, file=None, color_system: ColorSystemName = "auto"
) -> Console:
    """A Console that never interprets text (no markup, emoji codes or highlighting). With
    `color=False` it writes not one escape sequence, whatever the terminal."""
    return Console(
        file=file,
        width=width,
        force_terminal=color,
        color_system=color_system if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
        soft_wrap=False,
    )


def render_rich(brief: Brief, *, width: int = 80, color: bool = False) -> str:
    """The Rich brief as a string, `width` columns wide; standard ANSI colours if `color`."""
    buffer = io.StringIO()
    console = make_console(width=width, color=color, file=buffer, color_system="standard")
    console.print(brief_renderable(brief))
    return buffer.getvalue()
