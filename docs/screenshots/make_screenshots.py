"""Regenerate the README screenshots (SVG, saved by Textual) from the bundled demo articles.

    PYTHONPATH=. python docs/screenshots/make_screenshots.py

The demo library is built in a temporary folder with the seeds' dates moved so the newest is
2026-11-28 (the same every run), in UTC, with the default theme.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 28)

SHOTS = [
    # (file, size, keys): keys pressed after start-up, each followed by a wait for workers
    ("reader-wide.svg", (120, 40), ["j", "j", "j", "j", "j", "enter"]),
    ("entity-filter.svg", (120, 40), ["j", "j", "j", "j", "j", "enter", "e", "enter"]),
    ("search.svg", (120, 40), ["slash", *"#transit", "enter"]),
    ("help.svg", (120, 40), ["question_mark"]),
    ("reader-narrow.svg", (80, 24), ["j", "j", "j", "j", "j", "enter"]),
]


async def shoot(store, name: str, size: tuple[int, int], keys: list[str]) -> None:
    from briefing.tui.app import BriefingApp

    app = BriefingApp(store, today=TODAY, tz=dt.UTC, poll_interval=None, demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()
        app.save_screenshot(str(HERE / name))
        print(HERE / name)


async def main() -> None:
    from briefing.services.demo import build_demo_library

    os.environ["BRIEFING_CONFIG_DIR"] = tempfile.mkdtemp(prefix="briefing-shots-config-")
    for name, size, keys in SHOTS:
        # a fresh library per shot: opening an article marks it read
        store, _report = build_demo_library(Path(tempfile.mkdtemp(prefix="briefing-shots-")), today=TODAY)
        try:
            await shoot(store, name, size, keys)
        finally:
            store.close()


if __name__ == "__main__":
    asyncio.run(main())
