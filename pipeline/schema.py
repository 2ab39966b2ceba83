"""The task-row contract every stage shares (see docs/design.md, "The task row").

Models are strict (extra="forbid") so a typo in a field name is an error, not a silent drop.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_serializer

Number = Union[int, float]
Value = Union[Number, list[Number], None]


class Strict(BaseModel):
    """Base of every typed record that flows between stages: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


class Target(Strict):
    """One number that states a target quantity or rate."""

    text: str
    value: Value = Field(description="a number, [low, high] for a range, null when qualitative")
    unit: str = ""
    qualifier: str = ""


class Source(Strict):
    """Where a row's text is. Text files cite lines; docx/xlsx/pdf cite page/table/row."""

    path: str
    line_start: Optional[int] = None
    line_end: Optional[int] = None
    page: Optional[int] = None
    sheet: Optional[str] = None
    table: Optional[int] = None
    row: Optional[int] = None

    @model_serializer(mode="wrap")
    def _drop_unset_locations(self, handler):
        # the contract shows only the locator fields that apply: lines for text, page/table/row otherwise
        return {k: v for k, v in handler(self).items() if v is not None}

    def cite(self) -> str:
        if self.line_start is not None:
            span = f"{self.line_start}" if self.line_end in (None, self.line_start) else f"{self.line_start}-{self.line_end}"
            return f"{self.path}:{span}"
        parts = [self.path]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)


class Task(Strict):
    """One row of a decomposition table, in document order."""

    doc_id: str
    seq: int
    number: Optional[str] = None
    goal_path: list[Optional[str]] = Field(default_factory=list)
    content: str
    leaders: list[str] = Field(default_factory=list)
    lead_units: list[str] = Field(default_factory=list)
    responsible_units: list[str] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    source: Source


class DocMeta(Strict):
    """What a document is: stable id, issuing district, year, title."""

    doc_id: str
    path: str
    title: Optional[str] = None
    district: Optional[str] = None
    year: Optional[int] = None
    district_from: Optional[str] = Field(default=None, description="title|text|flag|sidecar")
    year_from: Optional[str] = None


class Paragraph(Strict):
    """One paragraph of a report, with where it sits in the report's structure."""

    doc_id: str
    index: int = Field(description="0-based position among the report's kept paragraphs")
    text: str
    line: Optional[int] = Field(default=None, description="1-based line in a .txt report")
    page: Optional[int] = None
    section_path: list[str] = Field(default_factory=list, description="headings outer → inner (一、 / （一） / 1.)")
    lead: Optional[str] = Field(default=None, description="the paragraph's short lead-in sentence, if it has one")
    heading: bool = False
    in_plan: bool = Field(default=False, description="inside the year's work-plan part (2026年工作安排/重点工作)")


class Report(Strict):
    """A report read into paragraphs."""

    doc_id: str
    path: str
    title: Optional[str] = None
    year: Optional[int] = None
    paragraphs: list[Paragraph] = Field(default_factory=list)


class ParagraphRef(Strict):
    """A report paragraph offered as context for an answer."""

    doc_id: str
    line: Optional[int] = None
    text: str
    score: float
    page: Optional[int] = None
    index: Optional[int] = None


class Citation(Strict):
    """One row an answer rests on: document, row and where the row is printed."""

    doc_id: str
    seq: int
    number: Optional[str] = None
    source: str


NotFoundReason = Literal["unknown_unit", "unknown_leader", "unknown_district", "ambiguous_leader", "no_table", "no_rows", "no_topic", "no_row_about_topic", "no_target", "no_metric"]


Intent = Literal["list", "count", "number", "who_unit", "who_leader"]
AnswerIntent = Literal[
    "list", "count", "number", "who_unit", "who_leader",
    "compare_list", "compare_count", "compare_number", "compare_who_unit", "compare_who_leader",
]
Direction = Literal["increase", "decrease", "keep", "reach", "in_step", "complete", "stable", "other"]
FlagKind = Literal["unlikely_lead_unit", "shifted_column", "missing_leader", "missing_lead_unit", "rare_unit", "rare_leader", "lost_goal"]
DocKind = Literal["table", "report"]


class Answer(Strict):
    """`govtasks ask` output (design.md): id, question, answer, tasks best first, paragraphs;
    extended with what was understood and the structured value behind the sentence."""

    id: Optional[str] = None
    question: str
    answer: str
    tasks: list[Task] = Field(default_factory=list)
    paragraphs: list[ParagraphRef] = Field(default_factory=list)
    found: bool = True
    intent: AnswerIntent = Field(default="list", description="list | count | number | who_leader | who_unit, with compare_ prefix across districts")
    entities: dict[str, list[str]] = Field(default_factory=dict)
    value: Optional[Value] = Field(default=None, description="the number for a number/count question (or the difference in a comparison)")
    unit: Optional[str] = None
    by_district: dict[str, dict] = Field(default_factory=dict, description="per-district values in a comparison (per unit or leader when two are set against each other)")
    citations: list[Citation] = Field(default_factory=list)
    related: list[Citation] = Field(default_factory=list, description="closest rows when nothing matches (相关但不直接对应; not an answer)")
    reason: Optional[NotFoundReason] = Field(default=None, description="why nothing was found")
    query: Optional[dict] = Field(default=None, description="the question as understood (pipeline.ask.query.Query)")
    understood_by: Literal["rules", "llm"] = "rules"
    answered_by: Literal["rules", "llm"] = "rules"
    notes: list[str] = Field(default_factory=list, description="e.g. why the LLM was not used")


class MainTarget(Strict):
    """One of a report's 主要预期目标 (main expected targets), as `govtasks targets` prints it."""

    text: str
    metric: str
    direction: Direction = Field(description="increase | decrease | keep | reach | in_step | complete | stable | other")
    benchmark: str = Field(default="", description="what a qualitative target is measured against: 经济增长, 国家下达")
    value: Value = None
    unit: str = ""
    qualifier: str = ""
    doc_id: Optional[str] = None
    line: Optional[int] = None
    paragraph: Optional[int] = None


class Evidence(Strict):
    """An earlier row a suggestion or a review flag rests on."""

    doc_id: str
    seq: int
    score: float
    content: str
    source: str


class Suggestion(Strict):
    """A suggested lead unit or leader, with its confidence (share of the neighbours' vote) and
    the rows it was learned from."""

    value: str
    confidence: float
    evidence: list[Evidence] = Field(default_factory=list)


class DraftTask(Task):
    """A row of a draft decomposition table (`govtasks decompose`): the task-row contract plus
    where in the report it was cut from and who might lead it. leaders / lead_units stay empty
    (the report does not say); the suggestions are for staff to confirm."""

    paragraph: int = Field(description="0-based index of the report paragraph the row was cut from")
    excerpt: str = Field(description="the sentence(s) of that paragraph the row states, as printed")
    suggested_lead_units: list[Suggestion] = Field(default_factory=list)
    suggested_leaders: list[Suggestion] = Field(default_factory=list)
    drafted_by: Literal["rules", "llm"] = Field(default="rules", description="rules | llm")


class Sidecar(BaseModel):
    """`<stem>.meta.json` next to a document: what its owner states about it. Other keys (a note)
    are kept as they are; the known ones must have their types."""

    model_config = ConfigDict(extra="allow", strict=True)

    district: Optional[str] = Field(default=None, min_length=2, max_length=40)
    year: Optional[int] = Field(default=None, ge=1949, le=2100)
    doc_id: Optional[str] = Field(default=None, pattern=r"^[A-Za-z0-9_\-]{1,64}$")
    title: Optional[str] = Field(default=None, max_length=200)


class LostGoal(Strict):
    """Outer goals a table numbers but never names: the printed numbers run `after` → `before`, and
    rows first_seq…last_seq have their outer goal lost (goal_path[0] is null)."""

    after: int
    before: int
    first_seq: int
    last_seq: int
    changed: bool = True  # the rows' outer goal was set to null (False: where the lost goals begin is not known)

    def message(self, numbers: tuple[str, str] = ("", "")) -> str:
        missing = "、".join(str(k) for k in range(self.after + 1, self.before))
        return f"目标序号 {self.after} 之后直接为 {self.before}：第{missing}项目标名称缺失，{numbers[0] or self.first_seq}–{numbers[1] or self.last_seq} 的一级目标待核"


class ReviewFlag(Strict):
    """One thing `govtasks check` asks a person to confirm about a table row. Nothing is changed."""

    doc_id: str
    seq: int
    kind: FlagKind = Field(description="unlikely_lead_unit | shifted_column | missing_leader | missing_lead_unit | rare_unit | rare_leader | lost_goal")
    field: str
    value: Optional[str] = None
    reason: str
    suggestion: Optional[str] = None
    evidence: list[Evidence] = Field(default_factory=list)
    source: str


class DocAbout(BaseModel):
    """What is known about a document's place: its district (full name), year and title."""

    model_config = ConfigDict(extra="ignore")

    district: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None

    @classmethod
    def of(cls, value: "DocAbout | dict") -> "DocAbout":
        return value if isinstance(value, DocAbout) else cls.model_validate(value)


class Document(DocAbout):
    """One indexed document as the store's manifest records it (STORE/manifest.json, doc_id → this)."""

    model_config = ConfigDict(extra="allow")

    path: str = Field(description="the file as given when it was indexed")
    hash: str = Field(description="sha256 of the file's bytes")
    kind: DocKind
    rows: int = Field(description="task rows (table) or paragraphs (report)")
    embedder: str
    file: str = Field(description="the rows file under STORE/docs/")


class AddResult(Strict):
    """What adding one document to the store did."""

    doc_id: str
    kind: DocKind
    status: Literal["added", "replaced", "unchanged"]
    rows: int
    embedded: int = Field(description="rows embedded now (rows unchanged since the last add are not)")
