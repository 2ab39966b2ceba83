"""The run manifest: one JSON line per file a batch looked at (and per draft table it wrote),
written atomically to STORE/runs/<timestamp>.jsonl (and --manifest PATH) when the run ends."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from pipeline.util.atomic import write_text_atomic

Status = Literal["added", "replaced", "unchanged", "skipped", "error", "pending"]


class RunLine(BaseModel):
    """One file of a run (field order is the manifest's)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    sha256: Optional[str] = None
    kind: Optional[Literal["table", "report", "draft"]] = None
    district: Optional[str] = None
    year: Optional[int] = None
    rows: int = 0
    links: int = Field(0, description="rows of this table linked to a report paragraph (for a report: over all its tables)")
    status: Status
    error: Optional[str] = Field(None, description="why the file was skipped or failed")
    seconds: float = 0.0
    doc_id: Optional[str] = None
    embedded: int = Field(0, description="texts embedded for this file in this run (0 when unchanged)")


class BatchResult(BaseModel):
    lines: list[RunLine]
    manifest_path: Optional[Path] = None
    manifest_error: Optional[str] = Field(None, description="why the run manifest could not be written (the lines are still here)")
    store: Path
    seconds: float = 0.0
    swept: int = Field(0, description="Chroma rows a killed earlier run had left, removed")

    @property
    def failed(self) -> int:
        return sum(1 for ln in self.lines if ln.status == "error")

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for ln in self.lines:
            out[ln.status] = out.get(ln.status, 0) + 1
        return out


def run_manifest_path(store: Path) -> Path:
    return store / "runs" / f"{datetime.now().strftime('%Y%m%dT%H%M%S_%f')}.jsonl"


def write_manifest(path: Path, lines: list[RunLine]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(path, "".join(json.dumps(ln.model_dump(mode="json"), ensure_ascii=False) + "\n" for ln in lines))


def read_manifest(path: Path) -> list[RunLine]:
    return [RunLine.model_validate_json(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
