"""Draft rows from segments: build_row makes one from consecutive segments of one paragraph (for
the rules' rows and the LLM's refined rows alike); rules_rows makes one per segment the rules keep."""

from __future__ import annotations

from typing import Optional

from pipeline.decompose.split import Segment
from pipeline.extract.targets import find_targets
from pipeline.schema import DraftTask, Report, Source


def draft_doc_id(report: Report) -> str:
    return f"{report.doc_id}_draft"


def build_row(report: Report, segs: list[Segment], seq: int, content: Optional[str] = None, suggestions: Optional[dict] = None, drafted_by: str = "rules") -> DraftTask:
    """One draft row from consecutive segments of one paragraph (the excerpt is their span)."""
    p = segs[0].paragraph
    start, end = min(s.start for s in segs), max(s.end for s in segs)
    excerpt = p.text[start:end]
    content = content if content is not None else excerpt
    suggestions = suggestions or {}
    return DraftTask(
        doc_id=draft_doc_id(report),
        seq=seq,
        number=f"({seq})",
        goal_path=list(segs[0].goal_path),
        content=content,
        targets=find_targets(content),
        source=Source(path=report.path, line_start=p.line, line_end=p.line, page=p.page),
        paragraph=p.index,
        excerpt=excerpt,
        suggested_lead_units=suggestions.get("lead_units", []),
        suggested_leaders=suggestions.get("leaders", []),
        drafted_by=drafted_by,
    )


def rules_rows(report: Report, segs: list[Segment], suggest) -> list[DraftTask]:
    """One row per segment the rules keep (seq set by the caller)."""
    return [build_row(report, [s], 0, suggestions=suggest([s.id])) for s in segs if s.kept]
