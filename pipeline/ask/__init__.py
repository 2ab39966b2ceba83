"""`govtasks ask`: questions about assignments answered from the index, with citations.

query.py (a question understood: entities.py + frame.py) → retrieve.py (filters; the subject's
words, subject.py, scored by retrieval, topic.py) → targets.py (numbers with evidence) →
answers.py (each kind of answer) + wording.py (the sentence); asker.py runs them, llm.py is the
optional LLM reading and wording, checked against the registry and the rows."""

from pipeline.ask.asker import Asker
from pipeline.ask.questions import read_questions

__all__ = ["Asker", "read_questions"]
