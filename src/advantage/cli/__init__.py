"""The ``advantage`` command: a thin shell that parses arguments, calls the library, reports.

Each sub-command lives in its own module and is registered here, by name, in the order
``--help`` lists them; analysis logic lives in the library, never here.
"""

from __future__ import annotations

import sys

import typer

from advantage.cli import (
    advantages,
    backtest,
    chains,
    datasets,
    diagnostics,
    doctor,
    export,
    indicators,
    ingest,
    leads,
    linkages,
    monitor,
    opportunities,
    pairs,
    portfolio,
    report,
    serve,
    structure,
    transfer,
)

__all__ = ["app", "main"]

app = typer.Typer(
    name="advantage",
    help="Regional industrial planning: advantage, complexity, structure, opportunities, transfer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        import advantage

        typer.echo(f"advantage {advantage.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Regional industrial planning from region x activity x time data.

    Add --debug to any command to see the full traceback of an unexpected error.
    """


for _module in (indicators, structure, linkages, ingest, export, datasets, advantages,
                opportunities, chains, transfer, pairs, portfolio, diagnostics, monitor, leads,
                backtest, report, serve, doctor):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; errors become one line on stderr and a non-zero exit code."""
    from advantage.cli._common import run_app

    sys.exit(run_app(app, argv))
