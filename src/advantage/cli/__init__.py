"""The ``advantage`` command: a thin shell that parses arguments, calls the library, reports.

Each sub-command lives in its own module with a ``register(app)`` function; analysis logic
lives in the library, never here.
"""

from __future__ import annotations

import importlib
import sys

import typer

__all__ = ["app", "main"]

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = [
    "indicators", "structure", "linkages", "ingest", "export", "datasets", "advantages",
    "opportunities", "chains", "transfer", "backtest", "report", "serve",
]

app = typer.Typer(
    name="advantage",
    help="Regional industrial planning: advantage, complexity, structure, opportunities, transfer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Regional industrial planning from region x activity x time data."""


for _name in COMMANDS:
    try:
        _module = importlib.import_module(f"advantage.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a sub-command not built yet
        if _exc.name != f"advantage.cli.{_name}":
            raise
        continue
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; errors become one line on stderr and a non-zero exit code."""
    from advantage.cli._common import run_app

    sys.exit(run_app(app, argv))
