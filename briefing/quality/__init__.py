"""Quality measurement of the analysis: ROUGE, entity scoring and the annotated sets.

Imported by `benchmarks/quality.py` (which prints the figures) and by the tests that guard
them; nothing in the app imports it.
"""
