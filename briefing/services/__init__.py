"""Application services: workflows that combine the core and the store (import, re-analysis,
demo library). Used by the CLI and the TUI alike; they know nothing of either."""
