"""Checks on what an LLM wrote against what it was shown: a number it states that its evidence
does not hold is invented (the answer is then repaired or the rules' text stands).

Two rules, as the callers need them:
- as printed (`ask` answers, draft narratives): every number the text writes in digits
  (pipeline/text/numerals.py digit_runs) must occur as written somewhere in the evidence text —
  a plain substring test, so 5 passes against 15 and 3.0 fails against 3; Chinese numerals in
  the text are not checked. The missing ones are listed in order, repeats included.
- by value (`decompose`'s LLM pass, whose rows restate report sentences): every quantity the text
  states (numbers_in with multi_char_only: digits, Chinese numerals of two or more characters
  and counts such as 二期, 万/亿 applied, years left out) must be a quantity the evidence states,
  so 三十年 in a row passes against 30年 in its sentence. The missing ones are listed once each,
  smallest first."""

from __future__ import annotations

from typing import Iterable, Union

from pipeline.text.numerals import digit_runs, numbers_in


def numbers_not_in(text: str, evidence: Union[str, Iterable[str]], *, by_value: bool = False) -> list:
    """The numbers of `text` its evidence lacks (see the module's two rules): digit strings as
    printed, or with by_value=True the quantities as floats. `evidence`: one text, or several
    joined with spaces."""
    ev = evidence if isinstance(evidence, str) else " ".join(evidence)
    if by_value:
        return sorted(numbers_in(text, multi_char_only=True) - numbers_in(ev, multi_char_only=True))
    return [n for n in digit_runs(text) if n not in ev]
