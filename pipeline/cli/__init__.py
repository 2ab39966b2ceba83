"""The `govtasks` command. Thin: each command parses its options, calls one stage function and
prints what it returns through output.py; errors in the input become one line on stderr and a
non-zero exit (common.py), never a traceback.

    app.py        the Typer app: every command by name, loaded when it runs; settings checked first
    common.py     one clean line for bad input; output-format choice
    output.py     the one renderer: results → the lines and JSON the commands print
    tables.py     extract
    reviewing.py  check
    indexing.py   index
    linking.py    link (to a report, or --across)
    asking.py     ask
    reports.py    targets, decompose
    drafts.py     draft, render, progress import
    batching.py   batch (progress_bar.py: its bar in a terminal)
    comparing.py  diff
    evaluating.py eval"""

from pipeline.cli.app import app

__all__ = ["app"]
