"""Evaluation against hand-labeled gold data in eval/."""
