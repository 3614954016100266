"""The reader: a keyboard-first Textual app over the article library.

Importing this package is cheap; Textual loads only when `run_app` runs. The app never
imports the analysis code (sumy, numpy, nltk, pysbd): it shows what the store holds.
"""

from __future__ import annotations


def run_app(store, theme: str | None = None, demo: bool = False) -> None:
    """Open the reader on `store` (an ArticleStore) until the user quits."""
    from briefing.tui.app import BriefingApp

    app = BriefingApp(store, theme=theme, demo=demo)
    try:
        app.run()
    finally:
        # A save still queued when the user quit is finished, never dropped.
        app.client.close()
