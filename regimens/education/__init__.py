"""Education content beyond the rules: a general page on imiquimod, each regimen's clinical
section, questions and answers, their numbered references, the reader's choice of wording
and the editorial standing of each. Versioned and reviewed like the rules (review.py)."""
