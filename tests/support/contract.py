"""The contract's shapes (../shared/CONTRACT.md) as the tests check them, spelled here once and
independently of the code that produces them."""

# An article in every JSON output, in this order (`list --json`, `show --json`, the brief, export).
ARTICLE_KEYS = (
    "id",
    "title",
    "dek",
    "source",
    "url",
    "published",
    "imported_at",
    "tags",
    "read",
    "starred",
    "notes",
    "summary",
    "entities",
)
