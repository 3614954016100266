"""Feeds and pages from the web: HTTP, feed and OPML parsing, full-text extraction.

A service layer: it knows nothing of the store, the TUI or the CLI. Heavy imports (httpx,
feedparser, trafilatura, lxml) are made inside the functions that need them.
"""
