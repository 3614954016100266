"""The Textual application: themes, the key map, app-wide keys, the command palette and the
help screen (both made from the one table of actions in `actions.py`). Everything about
articles lives in `screens/main.py`."""

from __future__ import annotations

import datetime as dt
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from briefing.tui import actions
from briefing.tui.client import StoreClient, StoreProblem
from briefing.tui.keymap import load_keymap
from briefing.tui.screens.dialogs import HelpScreen
from briefing.tui.screens.main import MainScreen
from briefing.tui.themes import load_themes, user_config_dir, variable_defaults

if TYPE_CHECKING:
    from briefing.config import Settings
    from briefing.feeds.http import HttpClient

DEFAULT_THEME = "briefing-night"

THEME_SETTING = "theme"


class BriefingApp(App):
    """briefing's reader. `today` and `tz` pin the clock (snapshot tests)."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "briefing"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = actions.bindings("app")

    def __init__(
        self,
        store,
        *,
        theme: str | None = None,
        demo: bool = False,
        today: dt.date | None = None,
        tz: dt.tzinfo | None = None,
        poll_interval: float | None = 2.0,
        config_dir: Path | None = None,
        reanalyse_delay: float | None = 1.0,
    ) -> None:
        super().__init__()
        self.reanalyse_delay = reanalyse_delay
        self.store = store
        self.client = StoreClient(store, on_lock_wait=self._lock_wait)
        self.demo = demo
        self.today = today
        self.tz = tz
        self.poll_interval = poll_interval
        self.config_dir = Path(config_dir) if config_dir else user_config_dir()
        self.startup_problems: list[str] = []
        self.worker_errors: list[str] = []  # what failed in workers (shown as notifications)
        self.settings = self._load_settings()
        self._http_client: HttpClient | None = None
        self._http_lock = threading.Lock()
        self._remember_theme_changes = False
        self._apply_themes(theme)
        if demo:
            self.sub_title = "demo library (temporary, your own library is untouched)"
        else:
            self.sub_title = str(store.path)

    # ------------------------------------------------------------------ settings and the web

    def _load_settings(self) -> Settings:
        """config.toml beside the key map and themes (its problems become notifications)."""
        from briefing.config import CONFIG_FILENAME, load_settings

        settings, problems = load_settings(self.config_dir / CONFIG_FILENAME)
        self.startup_problems.extend(problems)
        return settings

    @property
    def http_client(self) -> HttpClient:
        """The one HTTP client of the reader's refreshes and subscriptions (its limits hold
        across all of them), made on first use, from a worker thread."""
        with self._http_lock:
            if self._http_client is None:
                from briefing.feeds.http import FetchLimits, HttpClient

                self._http_client = HttpClient(FetchLimits.from_settings(self.settings))
            return self._http_client

    # ------------------------------------------------------------------ themes and keys

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults()

    def _apply_themes(self, wanted: str | None) -> None:
        themes, problems = load_themes(self.config_dir / "themes")
        self.startup_problems.extend(problems)
        for theme in themes:
            self.register_theme(theme)
        remembered = self.store.setting(THEME_SETTING)
        choice = wanted or (remembered if isinstance(remembered, str) else None) or DEFAULT_THEME
        if choice not in self.available_themes:
            if wanted:
                names = ", ".join(sorted(self.available_themes))
                self.startup_problems.append(f"unknown theme {wanted!r}; themes: {names}")
            choice = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = choice

    def get_default_screen(self) -> Screen:
        return MainScreen(
            self.client,
            today=self.today,
            tz=self.tz,
            poll_interval=self.poll_interval,
            reanalyse_delay=self.reanalyse_delay,
        )

    def on_mount(self) -> None:
        keymap, problems = load_keymap(self.config_dir, self.binding_ids())
        self.startup_problems.extend(problems)
        if keymap:
            self.set_keymap(keymap)
        for problem in self.startup_problems:
            self.notify(problem, title="Skipped", severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(self._start_remembering)

    def _start_remembering(self) -> None:
        self._remember_theme_changes = True

    def _theme_changed(self, theme) -> None:
        if not self._remember_theme_changes:
            return
        future = self.client.submit(self.store.set_setting, THEME_SETTING, theme.name)
        future.add_done_callback(self._theme_saved)

    def _theme_saved(self, future) -> None:
        error = future.exception()
        if error is not None:
            self.post_message(self.Problem(f"theme not remembered: {error}", "warning"))

    # ------------------------------------------------------------------ problems, one policy

    class Problem(Message):
        """Something to tell the user, from any thread (post_message is thread-safe)."""

        def __init__(self, text: str, severity: SeverityLevel = "error", title: str = "") -> None:
            self.text = text
            self.severity = severity
            self.title = title
            super().__init__()

    def on_briefing_app_problem(self, message: Problem) -> None:
        self.notify(message.text, title=message.title, severity=message.severity, timeout=8, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's failure is a notification; the app keeps running (workers are
        started with exit_on_error=False)."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.worker_errors.append(f"{event.worker.name}: {error!r}")
        text = str(error) if isinstance(error, StoreProblem) else f"{type(error).__name__}: {error}"
        self.notify(
            text,
            title="Library" if isinstance(error, StoreProblem) else "Error",
            severity="error",
            timeout=10,
            markup=False,
        )

    def _lock_wait(self, waiting: bool) -> None:
        """From the writer thread: a save is waiting for another briefing process."""
        if waiting:
            self.post_message(
                self.Problem(
                    "Another briefing process (briefing fetch or import?) is writing the library; "
                    "your change is saved as soon as it finishes.",
                    "warning",
                    "Waiting",
                )
            )

    def on_unmount(self) -> None:
        self.client.close()
        if self._http_client is not None:
            self._http_client.close()

    def binding_ids(self) -> set[str]:
        """Every remappable binding id (for the key map file)."""
        from briefing.tui.screens.brief import BriefScreen
        from briefing.tui.screens.feeds import AddFeedScreen, FeedsScreen
        from briefing.tui.screens.notes import NoteEditorScreen

        ids = actions.binding_ids()
        for owner in (NoteEditorScreen, BriefScreen, FeedsScreen, AddFeedScreen):
            ids.update(b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id)
        return ids

    def keys_for(self, node, action: str) -> tuple[list[str], list[str]]:
        """The keys bound to `action` on `node` after the user's key map, and the binding ids
        a key map can use to change them."""
        bindings = node._bindings.copy()
        if self._keymap:
            bindings.apply_keymap(self._keymap)
        keys: list[str] = []
        ids: list[str] = []
        for _key, binding in bindings:
            if binding.action == action:
                display = self.get_key_display(binding)
                if display not in keys:
                    keys.append(display)
                if binding.id and binding.id not in ids:
                    ids.append(binding.id)
        return keys, ids

    # ------------------------------------------------------------------ actions

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def action_reload(self) -> None:
        self.main_screen.action_reload()

    def action_export(self) -> None:
        from briefing.tui.screens.export import open_export

        open_export(self, self.main_screen)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        main = self.main_screen
        nodes = {"screen": main, "app": self, "list": main.article_list}
        sections = []
        for title, entries in actions.help_sections():
            lines = []
            for entry in entries:
                ids: list[str]
                if entry.action == "command_palette":
                    keys, ids = [self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, entry.action))], []
                else:
                    keys, ids = self.keys_for(nodes[entry.owner], entry.action)
                if keys:
                    lines.append((" / ".join(keys), entry.description, ", ".join(ids)))
            sections.append((title, lines))
        footer = (
            f"Remap keys in {self.config_dir / 'keys.toml'}: one line per binding id (shown in brackets), "
            'e.g. star = "f" or "list.down" = "j,ctrl+n". Mouse works too.'
        )
        self.push_screen(HelpScreen(sections, footer))

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for entry in actions.palette():
                target = self if entry.owner == "app" else screen
                help_text = entry.description[:1].upper() + entry.description[1:]
                yield SystemCommand(entry.title, help_text, partial(target.run_action, entry.action))
            yield SystemCommand("Help", "Show every key", self.action_help)
