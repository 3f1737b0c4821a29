"""``advantage linkages``: backward and forward linkages and key sectors of an IO table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import LangOpt, write_table

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage linkages ionet_china_2017_42.csv --out results/

A file name that does not exist here is looked up in the data folder (ADVANTAGE_DATA).
"""


def linkages(
    io_table: Annotated[Path, typer.Argument(
        help="Input-output table in the ionet layout (e.g. ionet_china_2017_42.csv).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    forward: Annotated[str, typer.Option(
        help="Forward linkage from the 'leontief' (Rasmussen) or 'ghosh' inverse.")
    ] = "leontief",
    block: Annotated[str, typer.Option(
        help="Intermediate flows: 'domestic' (default) or 'total' (domestic + imported).")
    ] = "domestic",
    lang: LangOpt = "en",
) -> None:
    """Leontief inverse, Rasmussen backward/forward linkages and key sectors of an IO table.

    Writes OUT/linkages.csv (one row per sector) and OUT/leontief.csv (the Leontief inverse).
    """
    from advantage.io import read_ionet_table
    from advantage.measures.linkages import leontief_inverse, technical_coefficients

    table = read_ionet_table(io_table)
    result = table.linkages(forward=forward, block=block)  # type: ignore[arg-type]
    result.insert(2, "name_zh", table.names_zh.to_numpy())
    flows = table.flows if block == "domestic" else table.flows + table.imports
    inverse = leontief_inverse(technical_coefficients(flows, table.output))
    written = [
        write_table(result, out / "linkages.csv", lang=lang),
        write_table(inverse.reset_index(), out / "leontief.csv", lang=lang),
    ]
    keys = int(result["key_sector"].sum())
    typer.echo(f"{len(result)} sectors, {keys} key sectors; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("linkages", help=(linkages.__doc__ or "") + EXAMPLE)(linkages)
