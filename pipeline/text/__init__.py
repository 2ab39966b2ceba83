"""Text tools shared by the stages: IDF-weighted character bigrams (bigrams.py), place names
(places.py), Chinese numerals and the quantities a text states (numerals.py)."""
