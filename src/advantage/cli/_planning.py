"""Options and inputs shared by the planning commands (endowments, weights, transfer groups).

Used by ``advantages``, ``opportunities``, ``transfer``, ``backtest``, ``report`` and
``serve``; no analysis here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import CommandError, Input, read_input_table

__all__ = [
    "EndowmentYearOpt", "EndowmentsOpt", "TagsOpt", "load_endowment", "transfer_groups",
]

EndowmentsOpt = Annotated[str | None, typer.Option(
    "--endowments", help="Table with columns region, endowment, value[, population] (e.g. "
    "MW installed), or 'china' for the China provincial capacity data.")]
TagsOpt = Annotated[Path | None, typer.Option(
    "--tags", help="Table with columns activity, endowment: which endowments each activity "
    "draws on (needed with --endowments).")]
EndowmentYearOpt = Annotated[int, typer.Option(
    "--endowment-year", help="Year of the China capacity data (2010, 2015 or 2020).")]


def load_endowment(inp: Input, endowments: str | None, tags: Path | None,
                   year: int) -> Any:
    """An :class:`~advantage.measures.endowments.EndowmentFit` for the panel, or None."""
    from advantage.measures.endowments import endowment_fit, endowment_strength

    if endowments is None:
        if tags is not None:
            raise CommandError("--tags needs --endowments (the regions' endowment data).")
        return None
    if tags is None:
        raise CommandError("--endowments needs --tags (which activities draw on which "
                           "endowment).")
    if endowments.lower() == "china":
        from advantage.io.endowments import china_endowment_strength
        from advantage.reference.presets import resolve_preset

        preset = inp.preset if inp.preset is not None and inp.preset.name == "china" \
            else resolve_preset(list(inp.panel.regions), "china")
        strength = china_endowment_strength(preset, year=year)
    else:
        table = read_input_table(Path(endowments), "--endowments")
        if "region" in table.columns:
            table["region"] = [_region(inp, r) for r in table["region"]]
        strength = endowment_strength(table)
    tag_table = read_input_table(tags, "--tags")
    if "activity" in tag_table.columns:
        by_text = {str(a): a for a in inp.panel.activities}
        tag_table["activity"] = [by_text.get(str(a), a) for a in tag_table["activity"]]
        known = set(strength["endowment"])
        unknown = sorted(set(tag_table.get("endowment", [])) - known)
        if unknown:
            raise CommandError(f"--tags names endowments {unknown!r} that the endowment data "
                               f"does not have; it has {sorted(known)!r}.")
    return endowment_fit(strength, tag_table, regions=inp.panel.regions,
                         activities=inp.panel.activities)


def _region(inp: Input, text: Any) -> Any:
    """A region of a side table as the panel labels it (unknown ones stay as they are)."""
    try:
        return inp.panel.match("region", [text], aliases=inp.preset.alias
                               if inp.preset is not None else None)[0]
    except Exception:  # noqa: BLE001 - regions the panel lacks are left for the library
        return text


def transfer_groups(inp: Input, sources: str | None, destinations: str | None,
                    use_preset: bool) -> tuple[list[Any] | None, list[Any] | None, Any]:
    """Sources, destinations and their group preset from the options.

    Named regions win; otherwise the region preset's groups (China: east -> central, west,
    north-east) when ``use_preset``; otherwise None (the library's default rule).
    """
    src = inp.labels(sources, "region", "--sources")
    dst = inp.labels(destinations, "region", "--destinations")
    if src is not None and dst is not None and set(src) & set(dst):
        both = sorted(map(str, set(src) & set(dst)))
        raise CommandError(f"regions {both} are both sources and destinations; a region "
                           "cannot send an activity to itself.")
    groups = None
    if use_preset and inp.preset is not None and src is None:
        groups = inp.preset.transfer_groups()
    return src, dst, groups
