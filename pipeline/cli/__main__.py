"""`python -m pipeline.cli` runs the `govtasks` command."""

from pipeline.cli.app import app

app()
