"""Sample article files for import and parsing tests: a plain-text article, a Markdown one with
front matter, the bundled seed article, and `write()` to put any of them on disk."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_1b38fb3d7358cfad.txt"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


PLAIN = """Council approves new river bridge
The city council voted 7-2 to fund a new pedestrian bridge over the Elm River.
RIVERTON — The Riverton city council on Tuesday approved $12 million for a pedestrian bridge.
Mayor Dana Whitcomb said the bridge would open in 2028.
Opponents said the money should go to road repairs.
"""

MARKDOWN = """---
title: "Central bank holds rates at 4.5 percent"
dek: The Bank of Japan kept its policy rate unchanged.
date: 2026-11-27
source: Example Wire
url: https://example.com/boj
tags: [markets, asia]
---

TOKYO — The Bank of Japan left its benchmark rate unchanged on Friday,
citing slowing exports.

Governor Kazuo Ueda said the bank would watch wages closely.

Markets had expected the decision.
"""
