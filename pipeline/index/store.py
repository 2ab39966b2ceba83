"""The index: a store folder holding task rows and report paragraphs for search.

    STORE/manifest.json        doc_id → file hash, kind, count, embedder (written last, atomically)
    STORE/docs/<doc_id>.<hash>.json  the rows or paragraphs (canonical; what answers cite)
    STORE/chroma/              embedded Chroma with precomputed local embeddings
                               (or a Chroma server: chroma_url / GOVTASKS_CHROMA_URL)

Adding a document is idempotent (same file bytes and embedder → nothing to do) and atomic:
new rows are embedded and added before stale ones are deleted, the rows file is written under
a new name and the manifest swap (a rename) is the one moment the document changes; on a
failure before it, the rows added to Chroma so far are removed again.
Row ids carry a hash of the row text, so an unchanged row is never embedded twice."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

import numpy as np

from pipeline.errors import InputError, NoTableFound
from pipeline.extract import extract
from pipeline.index.embed import Embedder, default_embedder, text_hash
from pipeline.reports.paragraphs import read_report
from pipeline.schema import AddResult, Document, Paragraph, Task
from pipeline.settings import settings
from pipeline.util.atomic import write_text_atomic

COLLECTIONS = {"table": "govtasks_tasks", "report": "govtasks_paragraphs"}


def default_store() -> Path:
    return settings().store_dir()


def task_text(t: Task) -> str:
    """What a task row is searched by: goal, task text, people and units."""
    goal = " / ".join(g for g in t.goal_path if g)
    return f"{goal}\n{t.content}\n分管领导：{'、'.join(t.leaders)}；牵头单位：{'、'.join(t.lead_units)}；责任单位：{'、'.join(t.responsible_units)}"


class Store:
    def __init__(self, root: Path | str | None = None, chroma_url: Optional[str] = None, embedder: Optional[Embedder] = None):
        self.root = Path(root) if root else default_store()
        self.chroma_url = chroma_url or settings().chroma_url
        self._embedder = embedder
        self._client = None

    # ---- plumbing -------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict:
        if not self.manifest_path.exists():
            return {"docs": {}}
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(str(self.manifest_path), "the index manifest is corrupted", f"delete {self.root} and run `govtasks index` again")

    def client(self):
        if self._client is None:
            import chromadb  # heavy: loaded on first use
            from chromadb.config import Settings  # heavy: with chromadb

            settings = Settings(anonymized_telemetry=False)
            try:
                if self.chroma_url:
                    u = urlparse(self.chroma_url)
                    self._client = chromadb.HttpClient(host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https", settings=settings)
                    self._client.heartbeat()
                else:
                    (self.root / "chroma").mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(path=str(self.root / "chroma"), settings=settings)
            except Exception as exc:
                where = self.chroma_url or str(self.root / "chroma")
                raise InputError(where, f"cannot open the Chroma index ({type(exc).__name__}: {exc})", "start the Chroma server, or delete the store folder and run `govtasks index` again")
        return self._client

    def collection(self, kind: str):
        try:
            return self.client().get_or_create_collection(COLLECTIONS[kind], embedding_function=None, metadata={"hnsw:space": "cosine"})
        except InputError:
            raise
        except Exception as exc:
            raise InputError(str(self.root), f"the Chroma index is corrupted ({type(exc).__name__})", f"delete {self.root} and run `govtasks index` again")

    # ---- reading ----------------------------------------------------------------------
    def tasks(self) -> list[Task]:
        return [Task.model_validate(d) for d in self._rows("table")]

    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph.model_validate(d) for d in self._rows("report")]

    def task_vectors(self, tasks: list[Task]) -> Optional[np.ndarray]:
        """The stored embeddings of these rows, in their order (None when any is missing)."""
        got = self.collection("table").get(include=["embeddings"])
        by_key = {row_id.rsplit(":", 1)[0]: v for row_id, v in zip(got["ids"], got["embeddings"])}
        keys = [f"{t.doc_id}:{t.seq}" for t in tasks]
        if not keys or not all(k in by_key for k in keys):
            return None
        return np.asarray([by_key[k] for k in keys], dtype=np.float32)

    def documents(self) -> dict[str, Document]:
        """doc_id → what the manifest knows about it (kind, path, rows, district, year, title)."""
        try:
            return {doc_id: Document.model_validate(m) for doc_id, m in self.manifest()["docs"].items()}
        except ValueError:
            raise InputError(str(self.manifest_path), "the index manifest is corrupted", f"delete {self.root} and run `govtasks index` again")

    def _rows(self, kind: str) -> list[dict]:
        """Every stored row of one kind, reading the manifest once."""
        docs = self.documents().values()
        return [d for m in docs if m.kind == kind for d in json.loads((self.root / "docs" / m.file).read_text(encoding="utf-8"))]

    # ---- writing ----------------------------------------------------------------------
    def add(self, path: Path | str, *, district: Optional[str] = None, year: Optional[int] = None, display: Optional[str] = None) -> AddResult:
        path = Path(path)
        display = display or str(path)
        if not path.is_file():
            raise InputError(display, "no such file", "check the path")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            result = extract(path, district=district, year=year, display=display)
            kind, doc_id = "table", result.meta.doc_id
            about = {"district": result.meta.district, "year": result.meta.year, "title": result.meta.title}
            named_by_file = not (result.meta.district and result.meta.year)
            records = [t.model_dump(mode="json") for t in result.tasks]
            texts = [task_text(t) for t in result.tasks]
            keys = [f"{t.doc_id}:{t.seq}" for t in result.tasks]
            metas = [{"doc_id": t.doc_id, "kind": kind, "seq": t.seq, "year": result.meta.year or 0, "district": result.meta.district or "", "leaders": "|".join(t.leaders), "lead_units": "|".join(t.lead_units), "goal": " / ".join(g or "" for g in t.goal_path)} for t in result.tasks]
        except NoTableFound:
            report = read_report(path, display=display)
            kind, doc_id = "report", report.doc_id
            about = {"district": None, "year": report.year, "title": report.title}
            named_by_file = True
            records = [p.model_dump(mode="json") for p in report.paragraphs]
            texts = [p.text for p in report.paragraphs]
            keys = [f"{p.doc_id}:{p.index}" for p in report.paragraphs]
            metas = [{"doc_id": p.doc_id, "kind": kind, "index": p.index, "line": p.line or 0, "year": report.year or 0, "in_plan": p.in_plan, "section": " / ".join(p.section_path)} for p in report.paragraphs]
        manifest = self.manifest()
        previous = manifest["docs"].get(doc_id)
        # an id stated by the document (district + year) names the same table: a new version replaces it;
        # an id made from the file name must not let a second file silently replace the first
        if named_by_file and previous and previous["path"] != display and Path(previous["path"]).is_file() and Path(previous["path"]).resolve() != path.resolve():
            # two different files would share one id: the second would silently replace the first
            raise InputError(display, f"has the same document id “{doc_id}” as {previous['path']}, which is indexed", "give one of them a sidecar <name>.meta.json with its own \"doc_id\" (or --district/--year for tables)")
        if previous and previous["hash"] == digest and previous["embedder"] == self.embedder.name:
            return AddResult(doc_id=doc_id, kind=kind, status="unchanged", rows=previous["rows"], embedded=0)

        ids = [f"{k}:{text_hash(t)[:16]}" for k, t in zip(keys, texts)]
        col = self.collection(kind)
        existing = set(col.get(where={"doc_id": doc_id}, include=[])["ids"]) if previous else set()
        fresh = [i for i, row_id in enumerate(ids) if row_id not in existing]
        vectors = self.embedder.passages([texts[i] for i in fresh]) if fresh else []
        added: list[str] = []
        try:
            for start in range(0, len(fresh), 256):
                batch = fresh[start : start + 256]
                col.upsert(ids=[ids[i] for i in batch], embeddings=[list(map(float, vectors[start + k])) for k in range(len(batch))], documents=[texts[i] for i in batch], metadatas=[metas[i] for i in batch])
                added += [ids[i] for i in batch]
            stale = sorted(existing - set(ids))
            (self.root / "docs").mkdir(parents=True, exist_ok=True)
            rows_file = f"{doc_id}.{digest[:12]}.json"
            write_text_atomic(self.root / "docs" / rows_file, json.dumps(records, ensure_ascii=False))
            manifest["docs"][doc_id] = {"path": display, "hash": digest, "kind": kind, "rows": len(records), "embedder": self.embedder.name, "file": rows_file, **about}
            write_text_atomic(self.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1))
        except BaseException:
            if added:
                col.delete(ids=added)
            raise
        if stale:
            col.delete(ids=stale)
        if previous and previous.get("file") and previous["file"] != rows_file:
            (self.root / "docs" / previous["file"]).unlink(missing_ok=True)
        return AddResult(doc_id=doc_id, kind=kind, status="replaced" if previous else "added", rows=len(records), embedded=len(fresh))
