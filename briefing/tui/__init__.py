"""The reader: a keyboard-first Textual app over the article library.

Importing this package is cheap; Textual loads only when `run_app` runs. Starting the app
never imports the analysis code (briefing.analysis, sumy, numpy, nupunkt, the entity model):
it shows what the store holds. Only the background re-analysis of articles analysed by an older
analyzer loads it, in a worker, a minute after start-up.
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
