"""``advantage export``: write a stored panel as a tidy table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import Lang, LangOpt, check_outputs, write_table

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage export --workspace ws.duckdb --name emp2020 --out emp2020.csv
"""


def export(
    workspace: Annotated[Path, typer.Option("--workspace", help="Workspace file (DuckDB).")],
    name: Annotated[str, typer.Option("--name", help="Data set to export.")],
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv, .parquet or .xlsx.")],
    zeros: Annotated[bool, typer.Option("--zeros", help="Also write cells that are zero.")]
    = False,
    lang: LangOpt = Lang.en,
) -> None:
    """Write data set NAME as a tidy table: time, region, activity, value.

    Regions are written as stored: renamed where the data set was ingested with
    --normalise (for China the province's English name, e.g. Ningxia).
    """
    from advantage.io.workspace import Workspace

    check_outputs([workspace], [out])
    panel = Workspace(workspace).panel(name)
    frame = panel.to_long(zeros=zeros)
    written = write_table(frame, out, lang=lang)
    typer.echo(f"wrote {len(frame)} rows ({', '.join(frame.columns)}) to {written}")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("export", help=(export.__doc__ or "") + EXAMPLE)(export)
