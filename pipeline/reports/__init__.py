"""Reading work reports: paragraphs with their section paths and line numbers (paragraphs.py),
how a report marks its parts and the year's plan (layout.py), and the report's 主要预期目标
(main_targets.py)."""
