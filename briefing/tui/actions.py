"""Every action of the reader's main screen, described once: its keys, the binding id a key
map can remap, the footer label, the help screen's section and description, and its title in
the command palette. The widgets' BINDINGS, the help screen and the palette are all made from
this table, so an action can never be bound under one name and explained under another.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

# Where an action's binding lives: the app, the main screen, or one of its panes.
OWNERS = ("app", "screen", "list", "reader", "entities")
SECTIONS = ("Move", "Article", "Filter", "Feeds", "App")


@dataclass(frozen=True)
class Action:
    action: str  # the Textual action ("toggle_star", "cycle_pane(1)")
    owner: str  # one of OWNERS
    keys: str = ""  # default keys ("s", "down,j"); "" for Textual's own (the palette key)
    id: str | None = None  # the binding id a key map names (None: not remappable)
    label: str = ""  # the footer's word for it
    show: bool = False  # shown in the footer
    priority: bool = False
    section: str = ""  # help screen section ("": not on the help screen)
    description: str = ""  # what it does: the help screen and the palette say this
    title: str = ""  # the command palette's name for it ("": not in the palette)

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, show=self.show, priority=self.priority, id=self.id)


# In each owner's order of BINDINGS (the footer shows the visible ones in this order); the help
# screen lists each section's actions in the same order.
ACTIONS: tuple[Action, ...] = (
    # -- the article list
    Action(
        "cursor_down",
        "list",
        "down,j",
        "list.down",
        "Down",
        section="Move",
        description="next article (in the reader: scroll)",
    ),
    Action(
        "cursor_up",
        "list",
        "up,k",
        "list.up",
        "Up",
        section="Move",
        description="previous article (in the reader: scroll)",
    ),
    Action("page_down", "list", "pagedown", label="Page down"),
    Action("page_up", "list", "pageup", label="Page up"),
    Action("first", "list", "home,g", "list.top", "Top", section="Move", description="top of the list"),
    Action("last", "list", "end,G", "list.bottom", "Bottom", section="Move", description="bottom of the list"),
    Action(
        "open",
        "list",
        "enter",
        "list.open",
        "Open",
        show=True,
        section="Move",
        description="open the article (marks it read)",
    ),
    # -- the main screen
    # A priority binding runs as the key arrives, before the keys typed after it are passed on:
    # `/rates` typed in one burst searches "rates" instead of marking (r) and starring (s) the
    # article. The screen's check_action lets `/` through to text fields.
    Action(
        "search",
        "screen",
        "slash",
        "search",
        "Search",
        show=True,
        priority=True,
        section="Filter",
        description="search: words (title, body, notes), #tag, @entity",
        title="Search",
    ),
    Action(
        "add_tags",
        "screen",
        "t",
        "tag",
        "Tag",
        show=True,
        section="Article",
        description="add tags (several at once, → completes)",
        title="Add tags",
    ),
    Action(
        "remove_tag", "screen", "T", "untag", "Untag", section="Article", description="remove a tag", title="Remove tag"
    ),
    Action(
        "note",
        "screen",
        "n",
        "note",
        "Note",
        show=True,
        section="Article",
        description="add or edit a note (ctrl+s saves)",
        title="Note",
    ),
    Action(
        "toggle_read",
        "screen",
        "r",
        "read",
        "Read",
        show=True,
        section="Article",
        description="read / unread",
        title="Toggle read",
    ),
    Action(
        "toggle_star",
        "screen",
        "s",
        "star",
        "Star",
        show=True,
        section="Article",
        description="star / unstar",
        title="Toggle star",
    ),
    Action(
        "toggle_unread_only",
        "screen",
        "u",
        "unread-only",
        "Unread only",
        show=True,
        section="Filter",
        description="unread only",
        title="Unread only",
    ),
    Action(
        "cycle_pane(1)",
        "screen",
        "tab",
        "next-pane",
        "Next pane",
        section="Move",
        description="next pane: list, reader, entities",
    ),
    Action(
        "cycle_pane(-1)",
        "screen",
        "shift+tab",
        "previous-pane",
        "Previous pane",
        section="Move",
        description="previous pane",
    ),
    Action(
        "focus_entities",
        "screen",
        "e",
        "entities",
        "Entities",
        show=True,
        section="Move",
        description="entity panel (enter filters by the entity)",
        title="Entities",
    ),
    Action(
        "back",
        "screen",
        "escape",
        "back",
        "Back",
        section="Filter",
        description="clear the search, then the last filter",
        title="Clear filter",
    ),
    Action(
        "feeds",
        "screen",
        "f",
        "feeds",
        "Feeds",
        section="Feeds",
        description="feeds, unread counts, errors (enter: its articles)",
        title="Feeds",
    ),
    Action(
        "refresh_feeds",
        "screen",
        "R",
        "refresh",
        "Refresh feeds",
        section="Feeds",
        description="refresh every feed now",
        title="Refresh feeds",
    ),
    Action(
        "add_feed",
        "screen",
        "a",
        "add-feed",
        "Add feed",
        section="Feeds",
        description="add a feed: URL (or a site's page), tags",
        title="Add feed",
    ),
    Action(
        "brief",
        "screen",
        "b",
        "brief",
        "Brief",
        section="App",
        description="today's brief: stories, people and places of the day",
        title="Daily brief",
    ),
    # -- the reader and the entity panel
    Action("scroll_down", "reader", "down,j", "reader.down", "Scroll down"),
    Action("scroll_up", "reader", "up,k", "reader.up", "Scroll up"),
    Action("page_down", "reader", "space", label="Page down"),
    Action("scroll_home", "reader", "home,g", "reader.top", "Top"),
    Action("scroll_end", "reader", "end,G", "reader.bottom", "Bottom"),
    Action("cursor_down", "entities", "j", "entities.down", "Down"),
    Action("cursor_up", "entities", "k", "entities.up", "Up"),
    Action("first", "entities", "g", "entities.top", "Top"),
    Action("last", "entities", "G", "entities.bottom", "Bottom"),
    # -- the app
    Action("quit", "app", "q", "quit", "Quit", show=True, section="App", description="quit"),
    Action("help", "app", "question_mark", "help", "Help", show=True, section="App", description="this help"),
    Action(
        "reload",
        "app",
        "ctrl+r",
        "reload",
        "Reload",
        section="App",
        description="reload the library (also automatic)",
        title="Reload",
    ),
    Action("command_palette", "app", section="App", description="command palette (themes, every action)"),
    Action(
        "export",
        "app",
        section="App",
        description="export the articles the list shows (Markdown, JSON Lines, CSV)",
        title="Export...",
    ),
)


def bindings(owner: str) -> list[BindingType]:
    """The BINDINGS of `owner` (one of OWNERS)."""
    return [action.binding() for action in ACTIONS if action.owner == owner and action.keys]


def help_sections() -> list[tuple[str, list[Action]]]:
    """The help screen's sections, in order, with their actions."""
    return [(section, [a for a in ACTIONS if a.section == section and a.description]) for section in SECTIONS]


def palette() -> list[Action]:
    """The command palette's actions, in the table's order."""
    return [action for action in ACTIONS if action.title]


def binding_ids() -> set[str]:
    return {action.id for action in ACTIONS if action.id}
