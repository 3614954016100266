"""The breadcrumb above the list: which filters are active, how to clear them."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing.tui.model import ListFilter


class Breadcrumb(Static):
    """`All articles › unread only › Feed: Riverton Ledger › Person: Joe Biden › “rates”   esc: back`."""

    COMPONENT_CLASSES = {
        "crumb--root",
        "crumb--person",
        "crumb--org",
        "crumb--place",
        "crumb--other",
        "crumb--search",
        "crumb--unread",
        "crumb--feed",
        "crumb--hint",
    }

    DEFAULT_CSS = """
    Breadcrumb {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        & > .crumb--root { color: $text; text-style: bold; }
        & > .crumb--person { color: $entity-person; text-style: bold; }
        & > .crumb--org { color: $entity-org; text-style: bold; }
        & > .crumb--place { color: $entity-place; text-style: bold; }
        & > .crumb--other { color: $entity-other; text-style: bold; }
        & > .crumb--search { color: $text-accent; }
        & > .crumb--unread { color: $accent; text-style: bold; }
        & > .crumb--feed { color: $secondary; text-style: bold; }
        & > .crumb--hint { color: $text-muted; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Content("All articles").stylize(".crumb--root"), markup=False, **kwargs)

    def show(self, list_filter: ListFilter) -> None:
        parts = [Content("All articles").stylize(".crumb--root")]
        for kind, text in list_filter.crumbs():
            parts.append(Content(text).stylize(f".crumb--{kind}"))
        content = Content(" › ").join(parts)
        if list_filter.active:
            content += Content("   esc: back").stylize(".crumb--hint")
        self.update(content)
