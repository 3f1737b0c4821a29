"""Options shared by the workbench commands: peers, references, income, output folders.

Used by ``advantages``, ``opportunities``, ``portfolio``, ``diagnostics``, ``monitor``,
``chains`` and ``leads``; they parse what the user typed into labels and tables for the
library. No analysis here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import CommandError, Input, read_input_table

__all__ = [
    "PeerIndicatorOpt", "PeersOpt", "ReferenceOpt", "income_values", "output_folder",
    "own_groups", "read_side_table", "resolve_peers", "resolve_reference",
]

PeersOpt = Annotated[str | None, typer.Option(
    "--peers", help="Peers to benchmark against: regions (R1,R2,...), group:NAME (a preset "
    "macro-region, e.g. group:west), 'group' (each region's own macro-region), size:K "
    "(K nearest in size), similar:K (K most similar structures) or indicator:K (K nearest "
    "in --peer-indicator).")]
PeerIndicatorOpt = Annotated[Path | None, typer.Option(
    "--peer-indicator", help="Table with columns region and a value (e.g. income per head) "
    "for --peers indicator:K.")]
ReferenceOpt = Annotated[str | None, typer.Option(
    "--reference", help="Reference economy of LQ/RCA and everything built on it: nation "
    "(default), a preset macro-region (west, east, ...), regions (R1,R2,...), or another "
    "data set (a file with the same column roles, or a catalogued name).")]


def _count(text: str, option: str) -> int:
    try:
        k = int(text)
    except ValueError:
        k = 0
    if k < 1:
        raise CommandError(f"{option} needs a positive number of peers after the colon, got "
                           f"{text!r}.")
    return k


def own_groups(inp: Input) -> dict[Any, list[Any]]:
    """Each region -> the regions of its preset macro-region (China's east, west, ...)."""
    if inp.preset is None:
        raise CommandError("groups need a region preset (the regions are not those of a "
                           "known preset); name the regions instead.")
    table = inp.preset.table
    return {r: table.loc[table["group"] == g, "region"].tolist()
            for r, g in zip(table["region"], table["group"], strict=True)}


def resolve_peers(inp: Input, text: str | None, indicator: Path | None = None) -> Any:
    """Peers from ``--peers``: a list for every region, or region -> peers (None if absent)."""
    from advantage.planning.benchmark import (
        peers_by_indicator,
        peers_by_similarity,
        peers_by_size,
    )

    if text is None:
        if indicator is not None:
            raise CommandError("--peer-indicator goes with --peers indicator:K.")
        return None
    kind, sep, rest = text.strip().partition(":")
    kind = kind.strip().lower()
    if kind == "group" and not sep:
        return own_groups(inp)
    if sep and kind == "group":
        if inp.preset is None:
            raise CommandError("--peers group:NAME needs a region preset.")
        return inp.preset.group([rest.strip()])
    if sep and kind in ("size", "similar"):
        k = _count(rest, "--peers")
        return (peers_by_size if kind == "size" else peers_by_similarity)(inp.panel, k)
    if sep and kind == "indicator":
        if indicator is None:
            raise CommandError("--peers indicator:K needs --peer-indicator FILE (region and "
                               "a value).")
        table = read_input_table(indicator, "--peer-indicator")
        values = _by_region(inp, table, None, "--peer-indicator")
        return peers_by_indicator(inp.panel, values, _count(rest, "--peers"))
    return inp.labels(text, "region", "--peers")


def _by_region(inp: Input, table: Any, column: str | None, option: str) -> dict[Any, float]:
    """Region -> number from a side table (column ``column`` or its only other column)."""
    if "region" not in table.columns:
        raise CommandError(f"{option} needs a 'region' column; it has "
                           f"{list(map(str, table.columns))!r}.")
    others = [c for c in table.columns if c != "region"]
    name = column if column is not None else (others[0] if len(others) == 1 else None)
    if name is None or name not in table.columns:
        raise CommandError(f"{option}: say which column holds the values (one of {others!r}).")
    regions = inp.panel.match("region", table["region"].tolist(), name=option,
                              aliases=inp.preset.alias if inp.preset is not None else None)
    values = table[name]
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        raise CommandError(f"{option}: column {name!r} must hold numbers.") from None
    return dict(zip(regions, numbers, strict=True))


def resolve_reference(inp: Input, text: str | None, roles: dict[str, Any]) -> tuple[Any, str]:
    """The reference economy of ``--reference`` and a name for it (None: the nation)."""
    from advantage.cli._common import open_input

    if text is None or text.strip().lower() == "nation":
        return None, "nation"
    value = text.strip()
    if inp.preset is not None and value.removeprefix("group:") in inp.preset.groups:
        name = value.removeprefix("group:")
        return inp.preset.group([name]), name
    path = Path(value)
    from advantage.io.catalogue import dataset_names

    if path.is_file() or value in dataset_names():
        from advantage.cli._common import Preset

        other = open_input(path, preset=Preset(inp.preset.name) if inp.preset is not None
                           else Preset.none, **roles)
        return other.panel, path.name
    return inp.labels(value, "region", "--reference"), value


def income_values(inp: Input, text: str | None, region: str | None,
                  time: str | None) -> Any:
    """Income per head from ``--income``: a number, FILE:COLUMN, or a column of INPUT."""
    if text is None:
        return None
    value = text.strip()
    try:
        return float(value)
    except ValueError:
        pass
    file, sep, column = value.rpartition(":")
    if sep and Path(file).is_file():
        return _by_region(inp, read_input_table(Path(file), "--income"), column, "--income")
    if region is None:
        raise CommandError(f"--income {value!r} is not a number, FILE:COLUMN, or a column of "
                           "INPUT (a column needs INPUT to be a file read with --region).")
    table = read_input_table(inp.path, "--income")
    if value not in table.columns:
        raise CommandError(f"--income {value!r} is not a column of {inp.path.name!r}; it has "
                           f"{list(map(str, table.columns))!r}.")
    if time is not None:
        latest = table[time].astype(str) == str(inp.panel.times[-1])
        table = table[latest.to_numpy()]
    per = table.groupby(region)[value].agg(["min", "max"])
    uneven = per[per["min"] != per["max"]]
    if len(uneven):
        raise CommandError(f"--income column {value!r} differs within a region "
                           f"({uneven.index[0]!r}); it must be one value per region and year.")
    frame = per.reset_index().rename(columns={region: "region", "min": value})
    return _by_region(inp, frame[["region", value]], value, "--income")


#: The label columns of the workbench's side tables (kept as text).
SIDE_LABELS = ("activity", "region", "chain", "firm")


def read_side_table(path: Path, option: str, text: tuple[str, ...] = SIDE_LABELS) -> Any:
    """A workbench side table: :func:`~advantage.cli._common.read_input_table` with its labels."""
    from advantage.cli._common import read_input_table

    return read_input_table(path, option, text)


def output_folder(path: Path) -> Path:
    """A folder for a command's tables (created; an existing file is refused)."""
    if path.exists() and not path.is_dir():
        raise CommandError(f"--out {str(path)!r} is a file; give a folder for the tables.")
    path.mkdir(parents=True, exist_ok=True)
    return path
