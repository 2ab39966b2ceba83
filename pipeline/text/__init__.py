"""Text tools shared by the stages: IDF-weighted character bigrams (bigrams.py)."""
