"""Loading the hand-labeled gold rows (eval/gold/<doc_id>.jsonl)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.schema import Task
from pipeline.settings import settings
from pipeline.util.jsonl import iter_jsonl


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def eval_dir() -> Path:
    env = settings().eval_dir
    if env:
        return env
    for base in (Path.cwd(), project_root()):
        if (base / "eval" / "gold").is_dir():
            return base / "eval"
    return project_root() / "eval"


@dataclass
class GoldRow:
    task: Task
    uncertain: dict[str, str]


@dataclass
class GoldDoc:
    doc_id: str
    path: Path  # the labeled document, resolved against the project root
    rows: list[GoldRow]


def load_gold(path: Path) -> GoldDoc:
    rows: list[GoldRow] = []
    for n, data in iter_jsonl(path):
        uncertain = data.pop("uncertain", {}) or {}
        try:
            task = Task.model_validate(data)
        except Exception as exc:
            raise ValueError(f"{path}:{n}: gold row does not match the task-row schema: {exc}") from exc
        rows.append(GoldRow(task=task, uncertain=uncertain))
    if not rows:
        raise ValueError(f"{path}: no gold rows")
    src = Path(rows[0].task.source.path)
    root = path.resolve().parents[2]
    return GoldDoc(doc_id=rows[0].task.doc_id, path=src if src.is_absolute() else root / src, rows=rows)


def all_gold(base: Path | None = None) -> list[GoldDoc]:
    base = base or eval_dir()
    return [load_gold(p) for p in sorted((base / "gold").glob("*.jsonl"))]
