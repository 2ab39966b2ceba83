"""The typed result of `govtasks diff`: two tables' rows set against each other. Every item
names its rows by key (doc_id#seq) and source citation, so a reader can open both rows."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

from pipeline.schema import DocMeta, Target, Task


class DocRef(DocMeta):
    """One side of the diff: the document (as extraction or the store knows it) and its row count."""

    rows: int


class RowRef(BaseModel):
    """One task row as the diff cites it."""

    key: str = Field(description="doc_id#seq")
    number: Optional[str] = None
    source: str = Field(description="the row's citation (path:line, or path, page/table/row)")
    content: str
    goal_path: list[Optional[str]] = Field(default_factory=list)

    @classmethod
    def of(cls, t: Task) -> "RowRef":
        return cls(key=f"{t.doc_id}#{t.seq}", number=t.number, source=t.source.cite(), content=t.content, goal_path=t.goal_path)


class Evidence(BaseModel):
    """Why two rows were matched: their best-matching pair of clauses and the runs of text both share."""

    old_clause: str
    new_clause: str
    clause_score: float
    shared: list[str] = Field(default_factory=list, description="longest runs of the new row's text that the old row also has")


class PeopleChange(BaseModel):
    old: list[str]
    new: list[str]
    added: list[str]
    removed: list[str]


class TargetChange(BaseModel):
    kind: str = Field(description="value | qualifier | value+qualifier | unit | added | removed")
    metric: str = Field(description="what is counted (the target's text without its number)")
    old: Optional[Target] = Field(default=None, description="the old target (text, value, unit, qualifier); null when added")
    new: Optional[Target] = Field(default=None, description="the new target; null when removed")


class Continued(BaseModel):
    old: str = Field(description="the old row's key, doc_id#seq")
    new: str = Field(description="the new row's key, doc_id#seq")
    score: float = Field(description="match score in [0, 1]; 1 for the same subject text")
    lexical: float
    semantic: Optional[float] = None
    evidence: Evidence
    moved: dict[str, PeopleChange] = Field(default_factory=dict, description="leaders | lead_units | responsible_units → old and new names, when they differ")
    targets: list[TargetChange] = Field(default_factory=list)
    goal_moved: Optional[dict] = Field(default=None, description='{"from": old goal_path, "to": new goal_path} when it changed')
    old_row: RowRef
    new_row: RowRef


class Summary(BaseModel):
    old_rows: int
    new_rows: int
    continued: int = Field(description="old rows matched one to one with a new row")
    new_tasks: int = Field(description="new rows matched with no old row")
    dropped: int = Field(description="old rows matched with no new row")
    moved: int = Field(description="continued rows whose leaders or units changed")
    changed_targets: int = Field(description="continued rows with at least one target change")
    goal_moves: int
    threshold: float
    embeddings: bool
    mean_score: Optional[float] = None


class Diff(BaseModel):
    old: DocRef
    new: DocRef
    continued: list[Continued]
    new_tasks: list[RowRef]
    dropped: list[RowRef]
    summary: Summary
