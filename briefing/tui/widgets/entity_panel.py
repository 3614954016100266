"""The entity panel: the open article's entities grouped by label, with mention counts.

Choosing one (enter or click) posts `EntityPanel.Chosen`; the screen turns it into a
library-wide filter. Entity names come from article text, so prompts are `Content` objects.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.core import labels
from briefing.core.text import clean_line
from briefing.tui import actions
from briefing.tui.model import EntityFilter, grouped_entities, label_kind

_LABEL_NAMES = labels.PLURALS


class EntityPanel(OptionList):
    """Entities of one article; the label headers are disabled options."""

    BINDINGS = actions.bindings("entities")  # see actions.py

    COMPONENT_CLASSES = {"entity--person", "entity--org", "entity--place", "entity--other", "entity--count"}

    DEFAULT_CSS = """
    EntityPanel {
        & > .entity--person { color: $entity-person; text-style: bold; }
        & > .entity--org { color: $entity-org; text-style: bold; }
        & > .entity--place { color: $entity-place; text-style: bold; }
        & > .entity--other { color: $entity-other; text-style: bold; }
        & > .entity--count { color: $text-muted; }
    }
    """

    class Chosen(Message):
        """Filter the library to the articles that mention this entity."""

        def __init__(self, entity: EntityFilter) -> None:
            self.entity = entity
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._filters: dict[str, EntityFilter] = {}

    def show(self, record) -> None:
        """List the entities of `record` (None: nothing open)."""
        self.clear_options()
        self._filters.clear()
        if record is None:
            self.border_subtitle = ""
            return
        options: list[Option] = []
        total = 0
        for label, entities in grouped_entities(record):
            kind = label_kind(label)
            title = _LABEL_NAMES.get(label, clean_line(label).title() or "Other")
            options.append(Option(Content(f"{title} ({len(entities)})").stylize(f".entity--{kind}"), disabled=True))
            for entity in entities:
                option_id = f"e{len(self._filters)}"
                self._filters[option_id] = EntityFilter(
                    label=label,
                    text=str(entity["text"]),
                    aliases=tuple(str(a) for a in entity.get("aliases", ()) if a),
                )
                count = int(entity.get("count", 0) or 0)
                prompt = (
                    Content("  ")
                    + Content(clean_line(str(entity["text"])))
                    + Content(f"  ×{count}").stylize(".entity--count")
                )
                options.append(Option(prompt, id=option_id))
                total += 1
        if not options:
            options.append(Option(Content("No entities found in this article."), disabled=True))
        self.add_options(options)
        self.border_subtitle = f"{total} entities" if total else ""
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        self.highlighted = first

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self._filters.get(event.option_id or "")
        if entity is not None:
            self.post_message(self.Chosen(entity))
