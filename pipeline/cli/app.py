"""The Typer app: every command registered by name, and the settings checked before any of them.

Commands load lazily: the app knows each command's name and where it lives, and imports that
module only when the command runs (or when --help lists them all), so `govtasks extract` does not
pay for `ask`, `draft` and `eval` at start-up (the cold start bench_extract.py measures)."""

from __future__ import annotations

import importlib

import typer
from typer.core import TyperGroup

from pipeline.cli.common import run
from pipeline.settings import settings

# command → (module, function); a command group → (module, [(subcommand, function), …], help)
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("pipeline.cli.tables", "extract"),
    "index": ("pipeline.cli.indexing", "index"),
    "batch": ("pipeline.cli.batching", "batch"),
    "link": ("pipeline.cli.linking", "link"),
    "ask": ("pipeline.cli.asking", "ask"),
    "targets": ("pipeline.cli.reports", "targets"),
    "decompose": ("pipeline.cli.reports", "decompose"),
    "check": ("pipeline.cli.reviewing", "check"),
    "draft": ("pipeline.cli.drafts", "draft"),
    "render": ("pipeline.cli.drafts", "render"),
    "diff": ("pipeline.cli.comparing", "diff"),
    "eval": ("pipeline.cli.evaluating", "evaluate"),
    "serve": ("pipeline.cli.serving", "serve"),
}
GROUPS: dict[str, tuple[str, list[tuple[str, str]], str]] = {
    "progress": ("pipeline.cli.drafts", [("import", "progress_import")], "Progress tracking: read filled ledgers back."),
    "user": ("pipeline.cli.users", [("add", "user_add"), ("list", "user_list"), ("remove", "user_remove"), ("token", "user_token")], "Web accounts (viewer / editor) and API tokens."),
}


class LazyCommands(TyperGroup):
    """A click group that builds a command from its module the first time it is asked for."""

    def list_commands(self, ctx) -> list[str]:
        return [*COMMANDS, *GROUPS]

    def get_command(self, ctx, name: str):
        if name not in self.commands and (name in COMMANDS or name in GROUPS):
            self.add_command(build(name), name)
        return super().get_command(ctx, name)


def build(name: str):
    """The click command (or group) for one name, from the module that defines it."""
    if name in COMMANDS:
        module, function = COMMANDS[name]
        one = typer.Typer(add_completion=False)
        one.command(name)(getattr(importlib.import_module(module), function))
        return typer.main.get_command(one)
    module, subcommands, help_text = GROUPS[name]
    group = typer.Typer(add_completion=False, no_args_is_help=True, help=help_text)
    loaded = importlib.import_module(module)
    for sub, function in subcommands:
        group.command(sub)(getattr(loaded, function))
    return typer.main.get_group(group)


app = typer.Typer(cls=LazyCommands, add_completion=False, no_args_is_help=True, help="GovTasks: decomposition tables and work reports → typed, cited task rows.")


@app.callback()
def _check_settings() -> None:
    # Before any command: an environment variable with a bad value is one line, not a traceback.
    run(settings)
