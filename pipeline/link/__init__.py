"""Linking: each task row to the report paragraph it came from (paragraphs.py), the clauses
inside that paragraph a page highlights (clauses.py), and the rows of other tables about the
same subject (across.py)."""
