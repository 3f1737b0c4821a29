"""``advantage datasets``: list the reference data sets, describe one, fetch one."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]

datasets_app = typer.Typer(
    name="datasets", no_args_is_help=True, add_completion=False,
    help=("Reference data sets: list, info NAME, fetch NAME.\n\n"
          "Examples:\n\n  advantage datasets list\n\n  advantage datasets info us_gva\n\n"
          "  advantage datasets fetch pyecomplexity_trade\n\n"
          "Data come from ADVANTAGE_DATA (default ../shared/data) or the cache "
          "(ADVANTAGE_CACHE), else are downloaded from a mirror (ADVANTAGE_MIRROR) or the "
          "publisher, checksum verified."),
)


@datasets_app.command("list")
def list_() -> None:
    """List every catalogued data set and whether it is available here."""
    from advantage.io.catalogue import list_datasets

    table = list_datasets()
    width = max(len(n) for n in table["name"])
    for row in table.itertuples(index=False):
        typer.echo(f"{row.name:<{width}}  {row.available:<8}  {row.title}")


@datasets_app.command("info")
def info_(name: Annotated[str, typer.Argument(help="Data set name.")]) -> None:
    """Show a data set's metadata: source, licence, units, column roles, checksum, notes."""
    from advantage.io.catalogue import dataset_info, locate

    meta = dataset_info(name)
    found = locate(name, verify=False)
    meta["local_path"] = str(found) if found is not None else None
    for key, value in meta.items():
        if value in (None, "", [], {}):
            continue
        typer.echo(f"{key}: {value}")


@datasets_app.command("fetch")
def fetch_(name: Annotated[str, typer.Argument(help="Data set name.")]) -> None:
    """Make a data set available locally (verified by checksum), downloading if possible."""
    from advantage.io.catalogue import fetch

    path = fetch(name)
    typer.echo(f"{name}: {path} (sha256 verified)")


def register(app: typer.Typer) -> None:
    """Add the command group to the application."""
    app.add_typer(datasets_app, name="datasets")
