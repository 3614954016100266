"""Small modal dialogs: confirm, help, add tags, remove a tag.

Each is a `ModalScreen[T]` that returns its answer through `dismiss()`; none touches the
store (the main screen saves what they return).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.core.text import clean_line

# Shared by every dialog. The dialogs set SCOPED_CSS = False: scoped default CSS would
# prefix these selectors with the dialog's own name and match nothing.
DIALOG_CSS = """
ModalScreen { align: center middle; }
ModalScreen > Vertical {
    width: 70;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $panel;
    padding: 0 1;
}
ModalScreen .dialog-hint { color: $text-muted; padding-top: 1; }
ModalScreen Horizontal { height: auto; align-horizontal: right; padding-top: 1; }
ModalScreen Button { margin-left: 1; }
"""


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. y / enter: yes; n / esc: no."""

    SCOPED_CSS = False
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), markup=False)
            with Horizontal():
                yield Button(Content(self.yes), id="yes", variant="error")
                yield Button(Content(self.no), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class HelpScreen(ModalScreen[None]):
    """Every key, grouped, as currently mapped (user keymaps included), with binding ids.

    `sections`: (title, [(keys, description, binding ids)]).
    """

    SCOPED_CSS = False
    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    HelpScreen > Vertical { width: 80; height: 90%; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen .help-section { color: $text-accent; text-style: bold; padding-top: 1; }
    """
    )
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str]]]], footer: str = "") -> None:
        super().__init__()
        self.sections = sections
        self.footer = footer

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            width = max((len(row[0]) for _, rows in self.sections for row in rows), default=0)
            with VerticalScroll():
                for title, rows in self.sections:
                    yield Static(Content(title), classes="help-section", markup=False)
                    lines = [
                        Content(f"  {keys:<{width}}  ").stylize("bold")
                        + Content(description)
                        + (Content(f"  [{binding_id}]").stylize("dim") if binding_id else Content(""))
                        for keys, description, binding_id in rows
                    ]
                    yield Static(Content("\n").join(lines), markup=False)
                if self.footer:
                    yield Static(Content(self.footer), classes="dialog-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


# A "quoted phrase" is one tag ("north korea"); otherwise commas and spaces separate tags.
_TAG_TOKENS = re.compile(r'"([^"]*)"|([^\s,"]+)')


def split_tags(text: str) -> list[str]:
    """Tags typed in the tag dialog: separated by commas or spaces, a leading # allowed, and
    a tag of several words in double quotes."""
    parts = (quoted or bare for quoted, bare in _TAG_TOKENS.findall(text))
    return [" ".join(part.split()) for part in parts if part.strip().strip("#")]


class TagSuggester(Suggester):
    """Completes the tag being typed (the last word) from the library's tags, most used first."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        match = re.search(r"#?([^,\s]*)$", value)
        if match is None or not match.group(1):
            return None
        partial = match.group(1).casefold()
        typed = {tag.casefold().lstrip("#") for tag in split_tags(value[: match.start()])}
        for tag in self.tags:
            folded = tag.casefold()
            if folded.startswith(partial) and folded != partial and folded not in typed and " " not in tag:
                return value + tag[len(partial) :]
        return None


class AddTagsScreen(ModalScreen[list[str] | None]):
    """Type one or more tags; → or tab accepts the completion; enter adds them."""

    SCOPED_CSS = False
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, known_tags: Iterable[str], current: Iterable[str] = ()) -> None:
        super().__init__()
        self.article_title = title
        self.known_tags = list(known_tags)
        self.current = list(current)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add tags"
            yield Static(Content(clean_line(self.article_title)), markup=False)
            if self.current:
                yield Static(
                    Content("Has: " + "  ".join("#" + clean_line(t) for t in self.current)),
                    classes="dialog-hint",
                    markup=False,
                )
            yield Input(
                placeholder='tags, separated by spaces or commas; "two words" for one tag',
                suggester=TagSuggester(self.known_tags),
                id="tags",
            )
            yield Static(Content("→ completes · enter adds · esc cancels"), classes="dialog-hint", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickerScreen(ModalScreen):
    """A dialog offering a list of choices: j / k move, enter picks, esc cancels (None).
    Subclasses compose the list and turn the picked option id into the result."""

    SCOPED_CSS = False
    DEFAULT_CSS = DIALOG_CSS + "PickerScreen OptionList { height: auto; max-height: 16; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("j", "down", show=False), Binding("k", "up", show=False)]

    def result_for(self, option_id: str | None):
        raise NotImplementedError

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.result_for(event.option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RemoveTagScreen(PickerScreen):
    """Pick one of the article's tags to remove. Returns the tag, or None."""

    def __init__(self, title: str, tags: Iterable[str]) -> None:
        super().__init__()
        self.article_title = title
        self.tags = list(tags)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Remove a tag"
            yield Static(Content(clean_line(self.article_title)), markup=False)
            yield OptionList(*(Option(Content("#" + clean_line(tag)), id=str(i)) for i, tag in enumerate(self.tags)))
            yield Static(Content("enter removes · esc cancels"), classes="dialog-hint", markup=False)

    def result_for(self, option_id: str | None) -> str:
        return self.tags[int(option_id or 0)]
