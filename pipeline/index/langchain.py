"""A LangChain retriever over the GovTasks index, for users' own chains.

    from pipeline.index.langchain import GovTasksRetriever
    retriever = GovTasksRetriever.from_store("~/.local/share/govtasks/store", k=5)
    retriever.invoke("停车泊位的目标")   # → list[Document], metadata cites the source row
"""

from __future__ import annotations

from typing import Any, Optional

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from pipeline.index.search import Searcher
from pipeline.index.store import Store, task_text


class GovTasksRetriever(BaseRetriever):
    """Hybrid (BM25 + dense) retrieval of task rows or report paragraphs, as Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any
    k: int = 5
    doc_id: Optional[str] = None

    @classmethod
    def from_store(cls, root, kind: str = "table", k: int = 5, doc_id: Optional[str] = None, chroma_url: Optional[str] = None) -> "GovTasksRetriever":
        return cls(searcher=Searcher(Store(root, chroma_url=chroma_url), kind), k=k, doc_id=doc_id)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        where = (lambda x: x.doc_id == self.doc_id) if self.doc_id else None
        docs = []
        for hit in self.searcher.search(query, k=self.k, where=where):
            item = hit.item
            if self.searcher.kind == "table":
                meta = {"doc_id": item.doc_id, "seq": item.seq, "number": item.number or "", "source": item.source.cite(), "leaders": item.leaders, "lead_units": item.lead_units, "score": hit.score}
                docs.append(Document(page_content=task_text(item), metadata=meta))
            else:
                meta = {"doc_id": item.doc_id, "line": item.line, "section": " / ".join(item.section_path), "score": hit.score}
                docs.append(Document(page_content=item.text, metadata=meta))
        return docs
