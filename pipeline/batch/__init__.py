"""`govtasks batch DIR...`: every table and report under some folders, classified by content,
indexed, reports without a table decomposed into a draft table, tables linked to their report —
in parallel worker processes, with one process writing the store, a run manifest per run, and
a lock so two batches never write one store at once.

    from pipeline.batch.run import run_batch
    result = run_batch([Path("2027/")], store=Store("store"), jobs=2)
    result.lines[0].status, result.manifest_path

discover.py (files, skipped ones and why) → classify.py (kind, district, year) → worker.py (the
per-file work done in worker processes) → run.py (the one writer) → manifest.py (the run's
JSONL), holding the store's lock (pipeline/index/lock.py) for the run."""
