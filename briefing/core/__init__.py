"""The pure core of briefing: the article model, text hygiene and article-file parsing.

Nothing in here imports Textual, Rich, Click or the store; a test enforces it.
"""
