"""Taking a document out of a store with what a batch made from it: a report's draft table
(STORE/drafts, indexed as <report>_draft) and the links files of the tables paired with it; a
table's own links file. Done under the store lock, like every write."""

from __future__ import annotations

from pipeline.batch.followups import DRAFT_SUFFIX, draft_path, linked_pairs, links_path
from pipeline.index.lock import store_lock
from pipeline.index.store import Store
from pipeline.schema import Document


def remove_document(store: Store, doc_id: str, wait: float = 0.0) -> list[str]:
    """Remove doc_id (InputError when it is not indexed); returns every doc_id removed."""
    with store_lock(store.root, wait):
        docs = store.documents()
        gone: Document = store.remove(doc_id)
        removed = [doc_id]
        if gone.kind == "report":
            draft = f"{doc_id}{DRAFT_SUFFIX}"
            if draft in docs:
                store.remove(draft)
                removed.append(draft)
            draft_path(store.root, doc_id).unlink(missing_ok=True)
            # the tables it was linked to are linked again when a report of theirs is indexed
            for t in (t for t, r in linked_pairs(docs) if r == doc_id):
                links_path(store.root, t).unlink(missing_ok=True)
        else:
            links_path(store.root, doc_id).unlink(missing_ok=True)
        return removed
