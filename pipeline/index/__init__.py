"""Search over task rows and report paragraphs: local embeddings, BM25, hybrid fusion."""
