"""The Typer app: every command registered by name, and the settings checked before any of them."""

from __future__ import annotations

import typer

from pipeline.cli.asking import ask
from pipeline.cli.batching import batch
from pipeline.cli.common import run
from pipeline.cli.comparing import diff
from pipeline.cli.drafts import draft, progress_import, render
from pipeline.cli.evaluating import evaluate
from pipeline.cli.indexing import index
from pipeline.cli.linking import link
from pipeline.cli.reports import decompose, targets
from pipeline.cli.tables import check, extract
from pipeline.settings import settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="GovTasks: decomposition tables and work reports → typed, cited task rows.")


@app.callback()
def _check_settings() -> None:
    # Before any command: an environment variable with a bad value is one line, not a traceback.
    run(settings)


for command in (extract, index, batch, link, ask, targets, decompose, check, draft, render, diff):
    app.command()(command)
app.command("eval")(evaluate)

progress_app = typer.Typer(no_args_is_help=True, help="Progress tracking: read filled ledgers back.")
progress_app.command("import")(progress_import)
app.add_typer(progress_app, name="progress")
