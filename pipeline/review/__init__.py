"""Reviewing a decomposition table: flags a person should confirm (check.py) and the lead units
and leaders the nearest earlier rows suggest (suggest.py)."""
