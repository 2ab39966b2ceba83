"""`govtasks ask`: questions about assignments answered from the index, with rows and citations."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.ask import Asker, read_questions
from pipeline.cli import output
from pipeline.cli.common import fail, run
from pipeline.errors import GovTasksError
from pipeline.index.store import Store
from pipeline.llm.client import default_llm


def ask(
    question: Optional[str] = typer.Argument(None, help="The question, e.g. 商务局牵头哪些任务？"),
    questions: Optional[Path] = typer.Option(None, "--questions", help="JSONL file of {\"id\", \"question\"} lines; one answer per line."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder (default: $GOVTASKS_HOME/store or ~/.local/share/govtasks/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per question: id, question, answer, tasks, paragraphs (+ citations, value)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model for related rows and paragraphs."),
    use_llm: bool = typer.Option(True, "--llm/--no-llm", help="Let the configured LLM (OPENAI_BASE_URL/OPENAI_API_KEY) read the question and word the answer from the retrieved rows; checked against the registry and the rows, with the rules as fallback."),
):
    """Answer questions about assignments from the index, with the rows and citations."""
    if (question is None) == (questions is None):
        fail('give one question, or --questions FILE.jsonl (e.g. govtasks ask "商务局牵头哪些任务？")')
    items = run(read_questions, questions) if questions else [(None, question)]
    llm = default_llm() if use_llm else None
    asker = run(Asker, Store(store, chroma_url=chroma_url), dense=embeddings, llm=llm)
    failed = 0
    for qid, q in items:
        try:
            ans = asker.ask(q, qid)
        except GovTasksError as exc:
            if questions is None:
                fail(str(exc))
            failed += 1
            output.answer_error(qid, q, exc, json_out)
            continue
        output.answer(ans, json_out)
    if llm is not None:
        output.note(llm.stats.summary())
    if failed:
        output.note(f"{failed} of {len(items)} questions could not be answered (see the error lines)")
        raise typer.Exit(1)
