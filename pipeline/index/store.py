"""The index: a store folder holding task rows and report paragraphs for search.

    STORE/manifest.json        doc_id → file hash, kind, count, embedder (written last, atomically)
    STORE/docs/<doc_id>.<hash>.json  the rows or paragraphs (canonical; what answers cite)
    STORE/chroma/              embedded Chroma with precomputed local embeddings
                               (or a Chroma server: chroma_url / GOVTASKS_CHROMA_URL)

Adding a document is idempotent (same file bytes and embedder → nothing to do) and atomic:
new rows are embedded and added before stale ones are deleted, the rows file is written under
a new name and the manifest swap (a rename) is the one moment the document changes; on a
failure before it (a full disk, an unwritable folder), the rows added to Chroma so far and the
new rows file are removed again, and the indexed version stays as it was.
Row ids carry a hash of the row text, so an unchanged row is never embedded twice."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

import numpy as np

from pipeline.errors import InputError
from pipeline.index.document import PreparedDocument, prepare, task_text
from pipeline.index.embed import Embedder, default_embedder, text_hash
from pipeline.schema import AddResult, Document, Paragraph, Task
from pipeline.settings import settings
from pipeline.util.atomic import write_text_atomic

COLLECTIONS = {"table": "govtasks_tasks", "report": "govtasks_paragraphs"}


def default_store() -> Path:
    return settings().store_dir()


class Store:
    def __init__(self, root: Path | str | None = None, chroma_url: Optional[str] = None, embedder: Optional[Embedder] = None):
        self.root = Path(root) if root else default_store()
        self.chroma_url = chroma_url or settings().chroma_url
        self._embedder = embedder
        self._client = None
        self._collections: dict = {}  # kind → the Chroma collection, opened once per client
        self._upsert_batch: Optional[int] = None

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
        if kind in self._collections:
            return self._collections[kind]
        try:
            col = self.client().get_or_create_collection(COLLECTIONS[kind], embedding_function=None, metadata={"hnsw:space": "cosine"})
            self._collections[kind] = col
            return col
        except InputError:
            raise
        except Exception as exc:
            raise InputError(str(self.root), f"the Chroma index is corrupted ({type(exc).__name__})", f"delete {self.root} and run `govtasks index` again")

    def upsert_batch(self) -> int:
        """Rows per upsert: as many as the Chroma engine takes in one call (fewer, larger calls — each
        one costs more as the index grows), 256 when it does not say."""
        if self._upsert_batch is None:
            size = self.client().get_max_batch_size()
            self._upsert_batch = size if isinstance(size, int) and size > 0 else 256
        return self._upsert_batch

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

    def doc_rows(self, doc: Document) -> list[dict]:
        """The stored rows (task rows or paragraphs) of one indexed document."""
        return json.loads((self.root / "docs" / doc.file).read_text(encoding="utf-8"))

    def _rows(self, kind: str) -> list[dict]:
        """Every stored row of one kind, reading the manifest once."""
        docs = self.documents().values()
        return [d for m in docs if m.kind == kind for d in json.loads((self.root / "docs" / m.file).read_text(encoding="utf-8"))]

    # ---- writing ----------------------------------------------------------------------
    def add(self, path: Path | str, *, district: Optional[str] = None, year: Optional[int] = None, display: Optional[str] = None) -> AddResult:
        """A file classified by content (pipeline/index/document.prepare) and stored."""
        return self.put(prepare(path, district=district, year=year, display=display))

    def put(self, doc: PreparedDocument) -> AddResult:
        """Store a prepared document: idempotent (same bytes and embedder → nothing), atomic."""
        digest, doc_id, kind, display, path = doc.digest, doc.doc_id, doc.kind, doc.display, doc.path
        records, texts, keys, metas = doc.records, doc.texts, doc.keys, doc.metas
        manifest = self.manifest()
        previous = manifest["docs"].get(doc_id)
        # an id stated by the document (district + year) names the same table: a new version replaces it;
        # an id made from the file name must not let a second file silently replace the first
        if doc.named_by_file and previous and previous["path"] != display and Path(previous["path"]).is_file() and Path(previous["path"]).resolve() != path.resolve():
            # two different files would share one id: the second would silently replace the first
            raise InputError(display, f"has the same document id “{doc_id}” as {previous['path']}, which is indexed", "give one of them a sidecar <name>.meta.json with its own \"doc_id\" (or --district/--year for tables)")
        if previous and previous["hash"] == digest and previous["embedder"] == self.embedder.name:
            return AddResult(doc_id=doc_id, kind=kind, status="unchanged", rows=previous["rows"], embedded=0)

        ids = [f"{k}:{text_hash(t)[:16]}" for k, t in zip(keys, texts)]
        col = self.collection(kind)
        # rows of this id already in Chroma: the indexed version's, or those a killed run left behind
        existing = set(col.get(where={"doc_id": doc_id}, include=[])["ids"])
        fresh = [i for i, row_id in enumerate(ids) if row_id not in existing]
        self.check_room(sum(len(t.encode("utf-8")) for t in texts), len(fresh))
        vectors = np.asarray(self.embedder.passages([texts[i] for i in fresh]), dtype=np.float32) if fresh else None
        added: list[str] = []
        rows_file = f"{doc_id}.{digest[:12]}.json"
        try:
            step = self.upsert_batch()
            for start in range(0, len(fresh), step):
                batch = fresh[start : start + step]
                col.upsert(ids=[ids[i] for i in batch], embeddings=vectors[start : start + len(batch)], documents=[texts[i] for i in batch], metadatas=[metas[i] for i in batch])
                added += [ids[i] for i in batch]
            stale = sorted(existing - set(ids))
            (self.root / "docs").mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.root / "docs" / rows_file, json.dumps(records, ensure_ascii=False))
            manifest["docs"][doc_id] = {"path": display, "hash": digest, "kind": kind, "rows": len(records), "embedder": self.embedder.name, "file": rows_file, **doc.about}
            write_text_atomic(self.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1))
        except BaseException:
            if added:
                col.delete(ids=added)
            self._drop_unnamed(doc_id, rows_file)
            raise
        if stale:
            col.delete(ids=stale)
        if previous and previous.get("file") and previous["file"] != rows_file:
            (self.root / "docs" / previous["file"]).unlink(missing_ok=True)
        return AddResult(doc_id=doc_id, kind=kind, status="replaced" if previous else "added", rows=len(records), embedded=len(fresh))

    def remove(self, doc_id: str) -> Document:
        """Take one document out of the index: the manifest first (atomically: from that moment
        it is gone), then its Chroma rows and rows file (rows a crash leaves are swept later)."""
        manifest = self.manifest()
        entry = manifest["docs"].pop(doc_id, None)
        if entry is None:
            raise InputError(doc_id, "no such document in the index", "list the indexed documents with GET /api/documents")
        write_text_atomic(self.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1))
        col = self.collection(entry["kind"])
        ids = col.get(where={"doc_id": doc_id}, include=[])["ids"]
        if ids:
            col.delete(ids=ids)
        if entry.get("file"):
            (self.root / "docs" / entry["file"]).unlink(missing_ok=True)
        return Document.model_validate(entry)

    def check_room(self, text_bytes: int, fresh: int) -> None:
        """OSError(ENOSPC) before anything is written when the store's disk would keep less than
        GOVTASKS_MIN_FREE_BYTES after this document: its rows file and manifest (~2x the text each)
        and, for embedded Chroma, its rows there (text, metadata and vector, ~4x with SQLite's
        journal). Embedded Chroma (chromadb 1.5) does not fail on a full disk: its upsert waits for ever."""
        reserve = settings().min_free_bytes
        need = reserve + 4 * text_bytes + (self.manifest_path.stat().st_size if self.manifest_path.exists() else 0)
        if not self.chroma_url:
            need += 4 * (fresh * (4 * getattr(self.embedder, "dim", 1024) + 512) + text_bytes)
        where = next(p for p in (self.root, *self.root.absolute().parents) if p.exists())
        free = shutil.disk_usage(where).free
        if free < need:
            raise OSError(errno.ENOSPC, f"No space left on device: {free / 1e6:.1f} MB free, {need / 1e6:.1f} MB needed to store it and keep {reserve / 1e6:.1f} MB free, GOVTASKS_MIN_FREE_BYTES", str(self.root))

    def _drop_unnamed(self, doc_id: str, rows_file: str) -> None:
        """Remove a rows file written before a failed manifest swap. Checked against the manifest
        on disk: an interrupt just after the swap must not take a committed document's rows."""
        try:
            named = self.manifest()["docs"].get(doc_id, {}).get("file") == rows_file
        except Exception:  # an unreadable manifest: leave the file (sweep-like cleanup is not this call's job)
            return
        if not named:
            (self.root / "docs" / rows_file).unlink(missing_ok=True)

    def expected_ids(self, kind: str) -> set[str]:
        """The Chroma row ids the manifest's documents of one kind account for."""
        out: set[str] = set()
        for d in self.documents().values():
            if d.kind != kind:
                continue
            rows = self.doc_rows(d)
            if kind == "table":
                out |= {f"{r['doc_id']}:{r['seq']}:{text_hash(task_text(Task.model_validate(r)))[:16]}" for r in rows}
            else:
                out |= {f"{r['doc_id']}:{r['index']}:{text_hash(r['text'])[:16]}" for r in rows}
        return out

    def sweep(self) -> int:
        """Delete Chroma rows no manifest document accounts for (left by a run killed before its
        manifest swap, or before it deleted a replaced version's rows). Returns how many."""
        removed = 0
        for kind in COLLECTIONS:
            col = self.collection(kind)
            orphans = sorted(set(col.get(include=[])["ids"]) - self.expected_ids(kind))
            if orphans:
                col.delete(ids=orphans)
                removed += len(orphans)
        return removed
